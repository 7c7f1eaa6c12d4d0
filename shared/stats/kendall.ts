/**
 * Kendall's tau-b and its test, as R's cor.test(x, y, method = "kendall", continuity = FALSE) with its
 * default `exact = NULL` (R 4.2: src/library/stats/R/cor.test.R and src/kendall.c).
 *
 * Which p-value (R's rule): exact when n < 50 and neither column has ties; otherwise the normal
 * approximation below. With ties and n < 50 R warns "Cannot compute exact p-value with ties" and uses
 * the approximation; `exactPrevented` reports that case. `exact: false` forces the approximation and
 * `exact: true` asks for the exact p at any n (still refused with ties), as R's argument does.
 *
 * Exact p (no ties). T = (S + n0)/2 is the number of concordant pairs (R's statistic T, rounded from
 * tau). Its null distribution counts the permutations of 1..n by concordant pairs: with c_n(k) that
 * count, c_1(0) = 1 and c_n(k) = sum_{i=0}^{n-1} c_{n-1}(k - i) (R's ckendall recursion), and
 *   P(T <= q) = sum_{k=0}^{q} c_n(k) / n!
 *   two-sided p = min(1, 2 P(T <= q))          if q <= n(n-1)/4
 *               = min(1, 2 (1 - P(T <= q - 1)))  otherwise (computed as R does, by subtraction).
 * The statistic reported stays z below (for every pair alike); the p-value is the exact one.
 *
 * Counting in O(n log n) follows Knight (1966, JASA 61:436): sort the pairs by x and then y, so that a
 * pair of observations is discordant exactly when it is an inversion of the y sequence; the inversions
 * are counted with a Fenwick tree over the ranks of y. With n0 = n(n-1)/2 pairs, n1 pairs tied in x,
 * n2 tied in y and n3 tied in both,
 *   S     = concordant - discordant = n0 - n1 - n2 + n3 - 2 discordant
 *   tau_b = S / sqrt((n0 - n1)(n0 - n2))
 * The tie-corrected variance of S (Kendall 1970, as cor.test), with t the sizes of the tie groups:
 *   var S = [n(n-1)(2n+5) - sum_x t(t-1)(2t+5) - sum_y u(u-1)(2u+5)] / 18
 *         + sum_x t(t-1)(t-2) sum_y u(u-1)(u-2) / (9 n(n-1)(n-2))
 *         + sum_x t(t-1) sum_y u(u-1) / (2 n(n-1))
 *   z = S / sqrt(var S), two-sided normal p. No confidence interval (R gives none).
 * A constant column gives NA in R: null here; n < 2 is an error in R: null here.
 */
import { normalTwoSided } from './distributions';
import type { CorrelationTest, PValueMethod } from './pearson';
import { SortWorkspace, countingSortByKey, denseCodes, identityOrder } from './sort-order';

interface TieSummary {
  distinct: number;
  /** sum t(t-1)/2, sum t(t-1)(2t+5), sum t(t-1), sum t(t-1)(t-2) over tie groups of size t. */
  tiedPairs: number;
  varianceTerm: number;
  pairTerm: number;
  tripleTerm: number;
}

/** Tie terms from the sizes of the groups of equal values (counts[1..], ascending values; counts[0] unused). */
function summariseTies(counts: ArrayLike<number>): TieSummary {
  let distinct = 0;
  let tiedPairs = 0;
  let varianceTerm = 0;
  let pairTerm = 0;
  let tripleTerm = 0;
  for (let c = 1; c < counts.length; c++) {
    const t = counts[c];
    if (t === 0) continue;
    tiedPairs += (t * (t - 1)) / 2;
    varianceTerm += t * (t - 1) * (2 * t + 5);
    pairTerm += t * (t - 1);
    tripleTerm += t * (t - 1) * (t - 2);
    distinct++;
  }
  return { distinct, tiedPairs, varianceTerm, pairTerm, tripleTerm };
}

/** Largest number of cells (distinct x times distinct y, beyond n) counted through a contingency table. */
const TABLE_MIN_CELLS = 1 << 16;

/**
 * Pairs tied in both x and y, and discordant pairs (x_i < x_j, y_i > y_j), from the codes 1..dx and
 * 1..dy of the values (no missing values).
 *  - Few distinct values (dx dy <= max(n, 65536), as for scores and counts): one pass fills the dx x dy
 *    table of counts; a cell's discordant partners are the rows of smaller x and larger y, summed
 *    row by row of the table in O(dx dy).
 *  - Otherwise Knight's order: two stable counting sorts put the rows in (x, y) order; a row's
 *    discordant partners are the earlier rows with a larger y code, counted with a Fenwick tree.
 */
function jointCounts(codesX: Int32Array, dx: number, codesY: Int32Array, dy: number): { jointTiedPairs: number; discordant: number } {
  const n = codesX.length;
  let jointTiedPairs = 0;
  let discordant = 0;
  if (dx * dy <= Math.max(n, TABLE_MIN_CELLS)) {
    const table = new Int32Array(dx * dy);
    for (let i = 0; i < n; i++) table[(codesX[i] - 1) * dy + codesY[i] - 1]++;
    // earlier[b]: rows with a smaller x and y code b + 1.
    const earlier = new Float64Array(dy);
    for (let a = 0; a < dx; a++) {
      const row = a * dy;
      let larger = 0;
      for (let b = dy - 1; b >= 0; b--) {
        const c = table[row + b];
        if (c > 0) {
          discordant += c * larger;
          jointTiedPairs += (c * (c - 1)) / 2;
        }
        larger += earlier[b];
      }
      for (let b = 0; b < dy; b++) earlier[b] += table[row + b];
    }
    return { jointTiedPairs, discordant };
  }
  const order = countingSortByKey(countingSortByKey(identityOrder(n), codesY, dy + 1), codesX, dx + 1);
  const fenwick = new Int32Array(dy + 1);
  let run = 1;
  for (let i = 0; i < n; i++) {
    const row = order[i];
    const rank = codesY[row];
    if (i > 0 && codesX[row] === codesX[order[i - 1]] && rank === codesY[order[i - 1]]) run++;
    else {
      jointTiedPairs += (run * (run - 1)) / 2;
      run = 1;
    }
    // Earlier rows with a strictly larger y code: i minus those with a code <= this one.
    let notLarger = 0;
    for (let k = rank; k > 0; k -= k & -k) notLarger += fenwick[k];
    discordant += i - notLarger;
    for (let k = rank; k <= dy; k += k & -k) fenwick[k]++;
  }
  jointTiedPairs += (run * (run - 1)) / 2;
  return { jointTiedPairs, discordant };
}

export interface RankTestOptions {
  /** R's `exact`: null (default) follows R's rule, true asks for the exact p, false the approximation. */
  exact?: boolean | null;
}

/** R's default: the exact p-value for fewer than 50 pairs. */
export const KENDALL_EXACT_BELOW = 50;

/** Permutation counts c_n(0..n(n-1)/2) by concordant pairs, built up from n = 1 (cached per n). */
const concordanceCounts: Float64Array[] = [Float64Array.of(1), Float64Array.of(1)];

function kendallCounts(n: number): Float64Array {
  for (let m = concordanceCounts.length; m <= n; m++) {
    const previous = concordanceCounts[m - 1];
    const maxPrevious = ((m - 1) * (m - 2)) / 2;
    const max = (m * (m - 1)) / 2;
    const counts = new Float64Array(max + 1);
    for (let k = 0; k <= max; k++) {
      // Same terms in the same order as R's recursion, so the double sums round alike.
      let sum = 0;
      for (let i = 0; i < m; i++) {
        const j = k - i;
        if (j >= 0 && j <= maxPrevious) sum += previous[j];
      }
      counts[k] = sum;
    }
    concordanceCounts[m] = counts;
  }
  return concordanceCounts[n];
}

/** n! as R's gammafn(n + 1) gives it for whole n (the running product 2 * 3 * ... * n). */
function factorial(n: number): number {
  let value = 1;
  for (let i = 2; i <= n; i++) value *= i;
  return value;
}

/** R's pkendall: P(T <= q) for the number of concordant pairs T among n untied pairs. */
export function kendallLowerTail(q: number, n: number): number {
  const k = Math.floor(q + 1e-7);
  if (k < 0) return 0;
  if (k > (n * (n - 1)) / 2) return 1;
  const counts = kendallCounts(n);
  let sum = 0;
  for (let j = 0; j <= k; j++) sum += counts[j];
  return sum / factorial(n);
}

/** Two-sided exact p of cor.test for T concordant pairs among n (no ties). */
export function kendallExactTwoSided(concordant: number, n: number): number {
  const p = concordant > (n * (n - 1)) / 4 ? 1 - kendallLowerTail(concordant - 1, n) : kendallLowerTail(concordant, n);
  return Math.min(2 * p, 1);
}

/** Kendall's tau-b test on complete pairs (callers have removed missing values). */
export function kendallTest(x: Float64Array, y: Float64Array, options: RankTestOptions = {}): CorrelationTest {
  const n = x.length;
  const none: CorrelationTest = { n, estimate: null, statistic: null, p: null, lower: null, upper: null, pValueMethod: null, exactPrevented: false };
  if (n < 2) return none;
  const workspace = new SortWorkspace(n);
  const codedX = denseCodes(x, workspace);
  const codedY = denseCodes(y, workspace);
  const tx = summariseTies(codedX.counts);
  const ty = summariseTies(codedY.counts);
  const n0 = (n * (n - 1)) / 2;
  if (tx.tiedPairs === n0 || ty.tiedPairs === n0) return none; // a constant column
  const { jointTiedPairs, discordant } = jointCounts(codedX.codes, codedX.distinct, codedY.codes, codedY.distinct);

  const score = n0 - tx.tiedPairs - ty.tiedPairs + jointTiedPairs - 2 * discordant;
  const tau = score / Math.sqrt((n0 - tx.tiedPairs) * (n0 - ty.tiedPairs));
  const varianceScore =
    (n * (n - 1) * (2 * n + 5) - tx.varianceTerm - ty.varianceTerm) / 18 +
    (tx.pairTerm * ty.pairTerm) / (2 * n * (n - 1)) +
    (tx.tripleTerm * ty.tripleTerm) / (9 * n * (n - 1) * (n - 2));
  const z = score / Math.sqrt(varianceScore);
  const estimate = Math.max(-1, Math.min(1, tau));
  const statistic = Number.isFinite(z) ? z : null;

  const exact = options.exact ?? n < KENDALL_EXACT_BELOW;
  const ties = tx.distinct < n || ty.distinct < n;
  if (exact && !ties) {
    // Without ties S is a whole number, so T = (S + n0)/2 is R's round((tau + 1) n (n - 1) / 4).
    const p = kendallExactTwoSided((score + n0) / 2, n);
    return { n, estimate, statistic, p, lower: null, upper: null, pValueMethod: 'exact', exactPrevented: false };
  }
  const p = normalTwoSided(z);
  const method: PValueMethod = 'asymptotic';
  return { n, estimate, statistic, p: Number.isNaN(p) ? null : Math.min(1, p), lower: null, upper: null, pValueMethod: method, exactPrevented: exact && ties };
}
