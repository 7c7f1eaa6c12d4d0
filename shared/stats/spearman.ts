/**
 * Spearman's rank correlation rho and its test, as R's cor.test(x, y, method = "spearman", exact = FALSE).
 *
 *   rho = Pearson correlation of the ranks, ties given their average rank (R's rank(), ties.method "average")
 *   S   = (n^3 - n)(1 - rho) / 6            (R's statistic; equals sum of squared rank differences without ties)
 *   p   = two-sided Student t with n - 2 df of t = rho sqrt((n - 2) / (1 - rho^2))
 *
 * There is no confidence interval (R gives none). With n < 2, or a constant column, R gives NA: null here.
 *
 * This file also holds the ranking machinery the other rank-based estimators share: a stable O(n)
 * radix sort order for Float64Array keys and average ranks.
 */
import { tTwoSided } from './distributions';
import { type CorrelationTest, pearsonCorrelation } from './pearson';

const RADIX_MIN = 256;

/**
 * Stable ascending sort order of `values` (indices into it), NaN last. O(n): least-significant-digit
 * radix sort over the IEEE-754 bits mapped to an order-preserving unsigned key (flip every bit of a
 * negative number, only the sign bit of a positive one), 16 bits per pass; a pass whose digit is
 * the same for every key is skipped (integer-valued times skip the two low passes).
 */
export function sortOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < RADIX_MIN) {
    return order.sort((a, b) => {
      const va = values[a];
      const vb = values[b];
      if (Number.isNaN(va)) return Number.isNaN(vb) ? a - b : 1;
      if (Number.isNaN(vb)) return -1;
      return va < vb ? -1 : va > vb ? 1 : a - b;
    });
  }
  const keys = new Float64Array(n);
  const words = new Uint32Array(keys.buffer); // little-endian: words[2i] low, words[2i + 1] high
  for (let i = 0; i < n; i++) keys[i] = values[i] + 0; // + 0 turns -0 into 0
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1];
    if (Number.isNaN(keys[i])) {
      words[2 * i] = 0xffffffff;
      words[2 * i + 1] = 0xffffffff;
    } else if (hi & 0x80000000) {
      words[2 * i] = ~words[2 * i] >>> 0;
      words[2 * i + 1] = ~hi >>> 0;
    } else {
      words[2 * i + 1] = (hi | 0x80000000) >>> 0;
    }
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    counts[lo & 0xffff]++;
    counts[65536 + (lo >>> 16)]++;
    counts[131072 + (hi & 0xffff)]++;
    counts[196608 + (hi >>> 16)]++;
  }
  let source = order;
  let target = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    const wordOffset = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    // Skip a pass when every key has the same digit.
    const firstDigit = (words[wordOffset] >>> shift) & 0xffff;
    if (counts[base + firstDigit] === n) continue;
    let position = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d];
      counts[base + d] = position;
      position += c;
    }
    for (let i = 0; i < n; i++) {
      const row = source[i];
      const digit = (words[2 * row + wordOffset] >>> shift) & 0xffff;
      target[counts[base + digit]++] = row;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  return source;
}

/**
 * Ranks 1..n with ties given their average rank, as R's rank(x) (ties.method = "average").
 * `order` may be passed when the sort order is already known. Values must not be NaN.
 */
export function averageRanks(values: Float64Array, order: Uint32Array = sortOrder(values)): Float64Array {
  const n = values.length;
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    const v = values[order[start]];
    let end = start + 1;
    while (end < n && values[order[end]] === v) end++;
    // Positions start..end-1 hold ranks start+1..end; their average is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let j = start; j < end; j++) ranks[order[j]] = rank;
    start = end;
  }
  return ranks;
}

/** The test that follows from rho on n complete pairs (R's t approximation, exact = FALSE). */
export function spearmanTestFromEstimate(rho: number | null, n: number): CorrelationTest {
  if (rho === null || n < 2 || !Number.isFinite(rho)) return { n, estimate: null, statistic: null, p: null, lower: null, upper: null };
  const statistic = ((n * n * n - n) * (1 - rho)) / 6;
  const t = rho / Math.sqrt((1 - rho * rho) / (n - 2));
  const p = tTwoSided(t, n - 2);
  return { n, estimate: rho, statistic, p: Number.isNaN(p) ? null : Math.min(1, p), lower: null, upper: null };
}

/** Spearman's rho test on complete pairs (callers have removed missing values). */
export function spearmanTest(x: Float64Array, y: Float64Array): CorrelationTest {
  const n = x.length;
  if (n < 2) return spearmanTestFromEstimate(null, n);
  return spearmanTestFromEstimate(pearsonCorrelation(averageRanks(x), averageRanks(y)), n);
}
