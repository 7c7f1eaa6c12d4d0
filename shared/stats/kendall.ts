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

/** Kendall's tau-b test on complete pairs (callers have removed missing values). */
export function kendallTest(x: Float64Array, y: Float64Array): CorrelationTest {
  const n = x.length;
  const none: CorrelationTest = { n, estimate: null, statistic: null, p: null, lower: null, upper: null };
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
