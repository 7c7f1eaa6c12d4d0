/**
 * Spearman's rank correlation rho and its test, as R's cor.test(x, y, method = "spearman",
 * continuity = FALSE) with its default `exact = NULL` (R 4.2: src/library/stats/R/cor.test.R and
 * src/prho.c, Algorithm AS 89, Best & Roberts 1975, Appl. Statist. 24:377).
 *
 *   rho = Pearson correlation of the ranks, ties given their average rank (R's rank(), ties.method "average")
 *   S   = (n^3 - n)(1 - rho) / 6            (R's statistic; equals sum of squared rank differences without ties)
 *
 * Which p-value (R's rule; `exact` is TRUE by default for Spearman):
 * - no ties, n <= 1290: AS 89 on S. With s = round(S), the lower tail is P(S < s + 2) = P(S <= s) (S is
 *   always even) and the upper tail P(S >= s); two-sided p = min(1, 2 × the tail on the side of S, the
 *   upper one when S > (n^3 - n)/6). AS 89 is exact for n <= 9 (all n! permutations counted) and an
 *   Edgeworth series for larger n:
 *     x = (6 (s' - 1) / (n (n^2 - 1)) - 1) sqrt(n - 1),   s' the tail's argument,
 *     P(S >= s') ≈ Q(x) + u exp(-x^2/2),  P(S < s') ≈ Phi(x) - u exp(-x^2/2),
 *   u a polynomial in x and 1/n with AS 89's twelve coefficients; clamped to [0, 1].
 * - ties (R warns "Cannot compute exact p-value with ties"; `exactPrevented` here), n > 1290, or
 *   exact = false: two-sided Student t with n - 2 df of t = rho sqrt((n - 2) / (1 - rho^2)).
 * One departure: R also warns about ties when n > 1290, where no exact p would be used anyway; here
 * `exactPrevented` is set only where the exact p would otherwise have been given.
 *
 * There is no confidence interval (R gives none). With n < 2, or a constant column, R gives NA: null here.
 *
 * Ranks come from ./sort-order (averageRanks).
 */
import { normalUpperTail, tTwoSided } from './distributions';
import type { RankTestOptions } from './kendall';
import { type CorrelationTest, type PValueMethod, pearsonCorrelation } from './pearson';
import { averageRanks } from './sort-order';

/** R's cut-off: AS 89 up to 1290 pairs (where n (n^2 - 1) still fits an integer), the t approximation above. */
export const SPEARMAN_EXACT_MAX = 1290;
/** AS 89 counts all permutations up to this n. */
const SPEARMAN_ENUMERATE_MAX = 9;

/** Edgeworth coefficients of AS 89. */
const C = [0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4];

/** For n <= 9: counts of the n! permutations by S = sum (i - pi(i))^2, index S (cached per n). */
const permutationCounts = new Map<number, Float64Array>();

function spearmanCounts(n: number): Float64Array {
  const cached = permutationCounts.get(n);
  if (cached) return cached;
  const counts = new Float64Array((n * (n * n - 1)) / 3 + 1);
  // Heap's algorithm over all permutations of 1..n.
  const perm = Array.from({ length: n }, (_, i) => i + 1);
  const stack = new Array<number>(n).fill(0);
  const score = () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (i + 1 - perm[i]) * (i + 1 - perm[i]);
    return s;
  };
  counts[score()]++;
  let i = 1;
  while (i < n) {
    if (stack[i] < i) {
      const j = i % 2 === 0 ? 0 : stack[i];
      [perm[j], perm[i]] = [perm[i], perm[j]];
      counts[score()]++;
      stack[i]++;
      i = 1;
    } else {
      stack[i] = 0;
      i++;
    }
  }
  permutationCounts.set(n, counts);
  return counts;
}

/**
 * AS 89 (R's prho): P(S >= is), or P(S < is) when lowerTail, for n untied pairs (n >= 2).
 */
export function spearmanTail(is: number, n: number, lowerTail: boolean): number {
  let pv = lowerTail ? 0 : 1;
  if (is <= 0) return pv;
  const n3 = (n * (n * n - 1)) / 3; // the largest S
  if (is > n3) return 1 - pv;
  if (n <= SPEARMAN_ENUMERATE_MAX) {
    const counts = spearmanCounts(n);
    let total = 0;
    let atLeast = 0;
    for (let s = 0; s < counts.length; s++) {
      total += counts[s];
      if (s >= is) atLeast += counts[s];
    }
    return (lowerTail ? total - atLeast : atLeast) / total;
  }
  const b = 1 / n;
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  let y = x * x;
  const u = x * b * (C[0] + b * (C[1] + C[2] * b) + y * (-C[3] + b * (C[4] + C[5] * b) - y * b * (C[6] + C[7] * b - y * (C[8] - C[9] * b + y * b * (C[10] - C[11] * y)))));
  y = u / Math.exp(y / 2);
  pv = (lowerTail ? -y : y) + (lowerTail ? normalUpperTail(-x) : normalUpperTail(x));
  return Math.min(1, Math.max(0, pv));
}

/** Two-sided p of cor.test from S on n untied pairs, n <= 1290 (R's pspearman with exact = TRUE). */
export function spearmanExactTwoSided(statistic: number, n: number): number {
  const s = Math.round(statistic);
  const p = statistic > (n * n * n - n) / 6 ? spearmanTail(s, n, false) : spearmanTail(s + 2, n, true);
  return Math.min(2 * p, 1);
}

/** Which p-value R's rule gives for n pairs, and whether ties kept it from the exact one. */
function spearmanPValueMethod(n: number, ties: boolean, exact: boolean | null | undefined): { method: PValueMethod; exactPrevented: boolean } {
  const wantExact = exact ?? true;
  if (!wantExact || n > SPEARMAN_EXACT_MAX) return { method: 'asymptotic', exactPrevented: false };
  if (ties) return { method: 'asymptotic', exactPrevented: true };
  return { method: n <= SPEARMAN_ENUMERATE_MAX ? 'exact' : 'edgeworth', exactPrevented: false };
}

/**
 * The test that follows from rho on n complete pairs. `ties`: whether either column has tied values
 * (R's TIES); it decides, with n and `exact`, which p-value is given.
 */
export function spearmanTestFromEstimate(rho: number | null, n: number, ties: boolean, options: RankTestOptions = {}): CorrelationTest {
  if (rho === null || n < 2 || !Number.isFinite(rho)) return { n, estimate: null, statistic: null, p: null, lower: null, upper: null, pValueMethod: null, exactPrevented: false };
  const statistic = ((n * n * n - n) * (1 - rho)) / 6;
  const { method, exactPrevented } = spearmanPValueMethod(n, ties, options.exact);
  let p: number;
  if (method === 'asymptotic') {
    const t = rho / Math.sqrt((1 - rho * rho) / (n - 2));
    p = tTwoSided(t, n - 2);
  } else {
    p = spearmanExactTwoSided(statistic, n);
  }
  return { n, estimate: rho, statistic, p: Number.isNaN(p) ? null : Math.min(1, p), lower: null, upper: null, pValueMethod: Number.isNaN(p) ? null : method, exactPrevented };
}

/** Spearman's rho test on complete pairs (callers have removed missing values). */
export function spearmanTest(x: Float64Array, y: Float64Array, options: RankTestOptions = {}): CorrelationTest {
  const n = x.length;
  if (n < 2) return spearmanTestFromEstimate(null, n, false, options);
  const ties = hasTies(x) || hasTies(y);
  return spearmanTestFromEstimate(pearsonCorrelation(averageRanks(x), averageRanks(y)), n, ties, options);
}

function hasTies(values: Float64Array): boolean {
  const sorted = Float64Array.from(values).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}
