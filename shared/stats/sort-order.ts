/**
 * Stable ordering and ranks of typed arrays: the sorting machinery every rank- or time-ordered
 * estimator shares (Spearman, Kendall, the correlation matrix, the log-rank time order, Cox,
 * cox.zph and the concordance).
 *
 * - sortOrder: stable ascending order of a Float64Array (NaN last) by an O(n) radix sort, with a
 *   SortWorkspace to reuse its buffers across equally long columns.
 * - rankWithOrder / averageRanks: average ranks as R's rank(x, ties.method = "average").
 * - denseCodes / centredRankTable: codes of the distinct values with their counts, centred ranks.
 * - denseRanks / compactCodes: 0-based rank of each value among the distinct values.
 * - countingSortByKey / identityOrder: stable counting-sort passes over such ranks, so that
 *   R's order(strata, time) and similar multi-key orders cost O(n + distinct values) per key.
 * - permuteInPlace: a column rearranged into an order without a second column-sized array.
 */

const RADIX_MIN = 256;
const INSERTION_MAX = 24;

/**
 * Stable ascending sort order of `values` (indices into it), NaN last, in O(n).
 *
 * Each double is mapped to an order-preserving 64-bit unsigned key (flip every bit of a negative
 * number, only the sign bit of a positive one; NaN gets the largest key), held as a high and a low
 * 32-bit word. A least-significant-digit radix sort on the high word (two 16-bit passes, a pass
 * skipped when its digit is the same for every key) orders by sign, exponent and the top 20 bits of
 * the mantissa; runs that share a high word are then ordered by the low word (insertion sort when
 * short, an 8-bit radix sort otherwise; nothing to do when the low words are equal, as for integers).
 * The words travel with the indices, so every pass reads its input in sequence.
 */
export function sortOrder(values: Float64Array): Uint32Array {
  return sortWithKeys(values).order;
}

/**
 * Scratch buffers reused across the sorts of several equally long columns, which saves allocating
 * (and collecting) a few megabytes per column. Holds no results: only spare arrays.
 */
export class SortWorkspace {
  private readonly spare: Uint32Array[] = [];
  constructor(readonly length: number) {}
  take(): Uint32Array {
    return this.spare.pop() ?? new Uint32Array(this.length);
  }
  give(...buffers: Uint32Array[]): void {
    for (const b of buffers) if (b.length === this.length) this.spare.push(b);
  }
}

/** The sort order together with the sorted keys (high, low words), which are equal exactly when the values are. */
function sortWithKeys(values: Float64Array, workspace?: SortWorkspace): { order: Uint32Array; high: Uint32Array; low: Uint32Array } {
  const n = values.length;
  const buffers = workspace && workspace.length === n ? workspace : new SortWorkspace(n);
  if (n < RADIX_MIN) {
    const order = comparisonOrder(values);
    const high = new Uint32Array(n);
    const low = new Uint32Array(n);
    const converted = new Float64Array(1);
    const words = new Uint32Array(converted.buffer);
    for (let i = 0; i < n; i++) {
      converted[0] = values[order[i]] + 0;
      const nan = converted[0] !== converted[0];
      high[i] = nan ? 0xffffffff : words[1];
      low[i] = nan ? 0xffffffff : words[0];
    }
    return { order, high, low };
  }
  // The IEEE-754 words of the values themselves (little-endian: words[2i] low, words[2i + 1] high).
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let low = buffers.take();
  let high = buffers.take();
  let order: Uint32Array = buffers.take();
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1];
    const lo = words[2 * i];
    order[i] = i;
    if (values[i] !== values[i]) {
      low[i] = 0xffffffff;
      high[i] = 0xffffffff;
    } else if (hi & 0x80000000) {
      if (hi === 0x80000000 && lo === 0) {
        high[i] = 0x80000000; // -0 is 0
        low[i] = 0;
      } else {
        low[i] = ~lo >>> 0;
        high[i] = ~hi >>> 0;
      }
    } else {
      low[i] = lo;
      high[i] = (hi | 0x80000000) >>> 0;
    }
  }
  const counts = new Uint32Array(2 * 65536);
  for (let i = 0; i < n; i++) {
    counts[high[i] & 0xffff]++;
    counts[65536 + (high[i] >>> 16)]++;
  }
  let lowNext = buffers.take();
  let highNext = buffers.take();
  let orderNext = buffers.take();
  for (let pass = 0; pass < 2; pass++) {
    const base = pass * 65536;
    const shift = pass * 16;
    if (counts[base + ((high[0] >>> shift) & 0xffff)] === n) continue;
    let position = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d];
      counts[base + d] = position;
      position += c;
    }
    for (let i = 0; i < n; i++) {
      const hi = high[i];
      const at = counts[base + ((hi >>> shift) & 0xffff)]++;
      highNext[at] = hi;
      lowNext[at] = low[i];
      orderNext[at] = order[i];
    }
    [high, highNext] = [highNext, high];
    [low, lowNext] = [lowNext, low];
    [order, orderNext] = [orderNext, order];
  }
  // Order each run of equal high words by the low word.
  let start = 0;
  while (start < n) {
    const hi = high[start];
    let end = start + 1;
    let lowVaries = false;
    while (end < n && high[end] === hi) {
      if (low[end] !== low[start]) lowVaries = true;
      end++;
    }
    if (lowVaries) {
      if (end - start <= INSERTION_MAX) insertionSortRun(low, order, start, end);
      else radixSortRun(low, order, start, end, lowNext, orderNext);
    }
    start = end;
  }
  buffers.give(lowNext, highNext, orderNext);
  return { order, high, low };
}

function comparisonOrder(values: Float64Array): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) order[i] = i;
  return order.sort((a, b) => {
    const va = values[a];
    const vb = values[b];
    if (Number.isNaN(va)) return Number.isNaN(vb) ? a - b : 1;
    if (Number.isNaN(vb)) return -1;
    return va < vb ? -1 : va > vb ? 1 : a - b;
  });
}

/** Stable insertion sort of positions start..end-1 by key. */
function insertionSortRun(key: Uint32Array, order: Uint32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const k = key[i];
    const o = order[i];
    let j = i - 1;
    while (j >= start && key[j] > k) {
      key[j + 1] = key[j];
      order[j + 1] = order[j];
      j--;
    }
    key[j + 1] = k;
    order[j + 1] = o;
  }
}

/** Stable LSD radix sort (8-bit digits) of positions start..end-1 by key, using the scratch arrays. */
function radixSortRun(key: Uint32Array, order: Uint32Array, start: number, end: number, keyScratch: Uint32Array, orderScratch: Uint32Array): void {
  const counts = new Uint32Array(256);
  let fromKey = key;
  let fromOrder = order;
  let toKey = keyScratch;
  let toOrder = orderScratch;
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = start; i < end; i++) counts[(fromKey[i] >>> shift) & 0xff]++;
    let position = start;
    for (let d = 0; d < 256; d++) {
      const c = counts[d];
      counts[d] = position;
      position += c;
    }
    for (let i = start; i < end; i++) {
      const at = counts[(fromKey[i] >>> shift) & 0xff]++;
      toKey[at] = fromKey[i];
      toOrder[at] = fromOrder[i];
    }
    [fromKey, toKey] = [toKey, fromKey];
    [fromOrder, toOrder] = [toOrder, fromOrder];
  }
  // Four passes: the result is back in key/order.
}

/**
 * Ranks 1..n with ties given their average rank, as R's rank(x) (ties.method = "average"), with the
 * sort order and the number of distinct values. Missing values (NaN) sort last and get rank NaN.
 * With `centre`, the mean rank (m + 1) / 2 of the m present values is subtracted.
 */
export function rankWithOrder(
  values: Float64Array,
  centre = false,
  workspace?: SortWorkspace,
): { ranks: Float64Array; order: Uint32Array; distinct: number; present: number } {
  const n = values.length;
  const { order, high, low } = sortWithKeys(values, workspace);
  const ranks = new Float64Array(n);
  let present = n;
  while (present > 0 && values[order[present - 1]] !== values[order[present - 1]]) ranks[order[--present]] = NaN;
  // Centred ranks (rank minus the mean rank (m + 1) / 2) stay exact: multiples of 1/2.
  const offset = centre ? (present + 1) / 2 : 0;
  let distinct = 0;
  let start = 0;
  while (start < present) {
    const hi = high[start];
    const lo = low[start];
    let end = start + 1;
    while (end < present && high[end] === hi && low[end] === lo) end++;
    // Positions start..end-1 hold ranks start+1..end; their average is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2 - offset;
    for (let j = start; j < end; j++) ranks[order[j]] = rank;
    distinct++;
    start = end;
  }
  workspace?.give(high, low);
  return { ranks, order, distinct, present };
}

/** Distinct values of a column coded in ascending order, with how often each occurs. */
export interface DenseCodes {
  /** Per row: 1 + the rank of its value among the distinct values (1 = smallest); 0 = missing. */
  codes: Int32Array;
  /** counts[c] = rows with code c (counts[0] = missing rows). */
  counts: Float64Array;
  /** Number of distinct present values. */
  distinct: number;
  /** When asked for: average rank minus the mean rank (m + 1) / 2 of the m present values; 0 where missing. */
  centredRanks?: Float64Array;
}

const DIRECT_RANGE_FACTOR = 4;

/**
 * Codes 1..d for the d distinct values in ascending order (0 for NaN), and optionally the centred
 * average ranks (`withCodes = false` leaves the codes unset on the sort path when only ranks are wanted). Whole numbers in a range no wider than a few times n (scores, counts, percentages,
 * days) are coded by direct indexing in linear passes; anything else through one radix sort.
 */
export function denseCodes(values: Float64Array, workspace?: SortWorkspace, withCentredRanks = false, withCodes = true): DenseCodes {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let wholeNumbers = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v !== Math.floor(v)) {
      wholeNumbers = false; // the sort path needs neither min nor max
      break;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const codes = new Int32Array(wholeNumbers || withCodes ? n : 0);
  if (wholeNumbers && min === Infinity) return { codes, counts: Float64Array.of(n), distinct: 0, centredRanks: withCentredRanks ? new Float64Array(n) : undefined };
  const range = max - min;
  if (wholeNumbers && range <= Math.max(65536, DIRECT_RANGE_FACTOR * n)) {
    const seen = new Int32Array(range + 1);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === v) seen[v - min] = 1;
    }
    let distinct = 0;
    for (let k = 0; k <= range; k++) if (seen[k]) seen[k] = ++distinct;
    const counts = new Float64Array(distinct + 1);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const code = v === v ? seen[v - min] : 0;
      codes[i] = code;
      counts[code]++;
    }
    let centredRanks: Float64Array | undefined;
    if (withCentredRanks) {
      const table = centredRankTable(counts);
      centredRanks = new Float64Array(n);
      for (let i = 0; i < n; i++) centredRanks[i] = table[codes[i]];
    }
    return { codes, counts, distinct, centredRanks };
  }
  const { order, high, low } = sortWithKeys(values, workspace);
  let present = n;
  while (present > 0 && values[order[present - 1]] !== values[order[present - 1]]) present--; // NaN sorts last
  const meanRank = (present + 1) / 2;
  const centredRanks = withCentredRanks ? new Float64Array(n) : undefined;
  const counts = new Float64Array(present + 1);
  counts[0] = n - present;
  let distinct = 0;
  let start = 0;
  while (start < present) {
    const hi = high[start];
    const lo = low[start];
    let end = start + 1;
    while (end < present && high[end] === hi && low[end] === lo) end++;
    distinct++;
    if (withCodes) for (let j = start; j < end; j++) codes[order[j]] = distinct;
    if (centredRanks) {
      const rank = (start + 1 + end) / 2 - meanRank;
      for (let j = start; j < end; j++) centredRanks[order[j]] = rank;
    }
    counts[distinct] = end - start;
    start = end;
  }
  workspace?.give(high, low, order);
  return { codes, counts: counts.subarray(0, distinct + 1), distinct, centredRanks };
}

/**
 * Centred average ranks by code, from the counts per code: the t values with code c hold ranks
 * below+1..below+t, whose average is below + (t + 1) / 2; the mean rank (m + 1) / 2 is subtracted.
 * Code 0 (missing) maps to 0.
 */
export function centredRankTable(counts: Float64Array): Float64Array {
  let present = 0;
  for (let c = 1; c < counts.length; c++) present += counts[c];
  const meanRank = (present + 1) / 2;
  const table = new Float64Array(counts.length);
  let below = 0;
  for (let c = 1; c < counts.length; c++) {
    table[c] = below + (counts[c] + 1) / 2 - meanRank;
    below += counts[c];
  }
  return table;
}

/** Ranks 1..n with ties given their average rank, as R's rank(x); NaN stays NaN. */
export function averageRanks(values: Float64Array): Float64Array {
  return rankWithOrder(values).ranks;
}

/** 0, 1, ..., n-1: the order to start counting-sort passes from. */
export function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/**
 * 0-based rank of each value among the distinct values in ascending order (equal values share a
 * rank), and how many distinct values there are. Values must be free of NaN.
 */
export function denseRanks(values: Float64Array): { ranks: Int32Array; count: number } {
  // The codes of the distinct values less one: direct indexing for whole numbers in a modest range
  // (times in days, say), the radix sort otherwise.
  const { codes: ranks, distinct } = denseCodes(values);
  for (let i = 0; i < ranks.length; i++) ranks[i] -= 1;
  return { ranks, count: distinct };
}

/**
 * Integer codes renumbered 0..count-1 in ascending order: the same result as denseRanks, by a
 * lookup table when their range is small (as for strata codes).
 */
export function compactCodes(codes: Int32Array): { ranks: Int32Array; count: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] < min) min = codes[i];
    if (codes[i] > max) max = codes[i];
  }
  if (max - min > 4 * codes.length + 1024) return denseRanks(Float64Array.from(codes));
  const lookup = new Int32Array(max - min + 1).fill(-1);
  for (let i = 0; i < codes.length; i++) lookup[codes[i] - min] = 0;
  let count = 0;
  for (let c = 0; c < lookup.length; c++) if (lookup[c] === 0) lookup[c] = count++;
  const ranks = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) ranks[i] = lookup[codes[i] - min];
  return { ranks, count };
}

/** Stable counting sort of `order` by key[order[i]], the keys being integers in 0..keyCount-1. */
export function countingSortByKey(order: Int32Array, key: Int32Array, keyCount: number): Int32Array {
  const start = new Int32Array(keyCount + 1);
  for (let i = 0; i < order.length; i++) start[key[order[i]] + 1]++;
  for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[start[key[order[i]]]++] = order[i];
  return out;
}

/**
 * Rearranges `values` in place so that values[r] becomes the former values[order[r]] (the gather
 * `sorted[r] = values[order[r]]` without a second array): each cycle of the permutation is followed once,
 * r → order[r] → order[order[r]] → …, moving every value one step along it. `visited` (length n, zeroed
 * here) marks the positions already written; pass one array to reuse it across columns.
 */
export function permuteInPlace(values: Float64Array, order: Int32Array, visited: Uint8Array = new Uint8Array(values.length)): void {
  const n = values.length;
  if (order.length !== n || visited.length < n) throw new RangeError('permuteInPlace: values, order and visited differ in length');
  visited.fill(0, 0, n);
  for (let first = 0; first < n; first++) {
    if (visited[first] === 1) continue;
    const held = values[first];
    let position = first;
    for (;;) {
      visited[position] = 1;
      const from = order[position];
      if (from === first) {
        values[position] = held;
        break;
      }
      values[position] = values[from];
      position = from;
    }
  }
}
