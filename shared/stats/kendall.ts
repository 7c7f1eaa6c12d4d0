/**
 * Kendall's tau-b and its test, as R's cor.test(x, y, method = "kendall", exact = FALSE, continuity = FALSE).
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
import type { CorrelationTest } from './pearson';
import { sortOrder } from './sort-order';

interface TieSummary {
  /** Dense ranks 0..distinct-1. */
  denseRank: Int32Array;
  distinct: number;
  /** sum t(t-1)/2, sum t(t-1)(2t+5), sum t(t-1), sum t(t-1)(t-2) over tie groups of size t. */
  tiedPairs: number;
  varianceTerm: number;
  pairTerm: number;
  tripleTerm: number;
}

function summariseTies(values: Float64Array): TieSummary {
  const n = values.length;
  const order = sortOrder(values);
  const denseRank = new Int32Array(n);
  let distinct = 0;
  let tiedPairs = 0;
  let varianceTerm = 0;
  let pairTerm = 0;
  let tripleTerm = 0;
  let start = 0;
  while (start < n) {
    const v = values[order[start]];
    let end = start + 1;
    while (end < n && values[order[end]] === v) end++;
    for (let j = start; j < end; j++) denseRank[order[j]] = distinct;
    const t = end - start;
    tiedPairs += (t * (t - 1)) / 2;
    varianceTerm += t * (t - 1) * (2 * t + 5);
    pairTerm += t * (t - 1);
    tripleTerm += t * (t - 1) * (t - 2);
    distinct++;
    start = end;
  }
  return { denseRank, distinct, tiedPairs, varianceTerm, pairTerm, tripleTerm };
}

/** Kendall's tau-b test on complete pairs (callers have removed missing values). */
export function kendallTest(x: Float64Array, y: Float64Array): CorrelationTest {
  const n = x.length;
  const none: CorrelationTest = { n, estimate: null, statistic: null, p: null, lower: null, upper: null };
  if (n < 2) return none;
  const tx = summariseTies(x);
  const ty = summariseTies(y);
  const n0 = (n * (n - 1)) / 2;
  if (tx.tiedPairs === n0 || ty.tiedPairs === n0) return none; // a constant column

  // Lexicographic order by (x, y) through one numeric key (exact while distinct_x * distinct_y < 2^53).
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = tx.denseRank[i] * ty.distinct + ty.denseRank[i];
  const order = sortOrder(key);

  // Pairs tied in both x and y, and the discordant pairs (inversions of y in that order).
  let jointTiedPairs = 0;
  let discordant = 0;
  const fenwick = new Int32Array(ty.distinct + 1);
  let run = 1;
  for (let i = 0; i < n; i++) {
    const row = order[i];
    if (i > 0 && key[row] === key[order[i - 1]]) run++;
    else {
      jointTiedPairs += (run * (run - 1)) / 2;
      run = 1;
    }
    // Earlier elements with a strictly larger y rank: i minus those with rank <= this one.
    const rank = ty.denseRank[row] + 1;
    let notLarger = 0;
    for (let k = rank; k > 0; k -= k & -k) notLarger += fenwick[k];
    discordant += i - notLarger;
    for (let k = rank; k <= ty.distinct; k += k & -k) fenwick[k]++;
  }
  jointTiedPairs += (run * (run - 1)) / 2;

  const score = n0 - tx.tiedPairs - ty.tiedPairs + jointTiedPairs - 2 * discordant;
  const tau = score / Math.sqrt((n0 - tx.tiedPairs) * (n0 - ty.tiedPairs));
  const varianceScore =
    (n * (n - 1) * (2 * n + 5) - tx.varianceTerm - ty.varianceTerm) / 18 +
    (tx.pairTerm * ty.pairTerm) / (2 * n * (n - 1)) +
    (tx.tripleTerm * ty.tripleTerm) / (9 * n * (n - 1) * (n - 2));
  const z = score / Math.sqrt(varianceScore);
  const p = normalTwoSided(z);
  return {
    n,
    estimate: Math.max(-1, Math.min(1, tau)),
    statistic: Number.isFinite(z) ? z : null,
    p: Number.isNaN(p) ? null : Math.min(1, p),
    lower: null,
    upper: null,
  };
}
