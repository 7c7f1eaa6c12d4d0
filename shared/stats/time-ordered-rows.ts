/**
 * Competing-risks rows in time order: the row order by increasing time (orderByTime, a radix sort;
 * stable: rows with equal times keep their input order), and each row's time, cause and group
 * gathered once into that order (timeOrderedRows), the form in which cumulativeIncidence and
 * grayTest read them with `sorted: true`.
 *
 * Both walk the rows by increasing time, block of tied times by block. Through an order (time[order[i]],
 * cause[order[i]], group[order[i]]) every row costs a read at a random place of each array, which at
 * 1,000,000 rows misses the processor's cache each time; gathered once here, every later pass (the
 * estimate, and Gray's test once per cause) reads the three arrays in sequence. Nothing is computed:
 * the same rows, in the order the engine would visit them anyway.
 */

/**
 * Row indices in increasing order of time; rows with equal times keep their input order (stable).
 * LSD radix sort on the IEEE-754 bits (16-bit digits, passes where every key shares the digit are
 * skipped), so it is O(n) and fast at millions of rows. Times must not be NaN.
 */
export function orderByTime(time: Float64Array): Uint32Array {
  const n = time.length;
  // Sortable unsigned key: flip the sign bit of non-negative numbers, all bits of negative ones.
  const bits = new Uint32Array(time.buffer.slice(time.byteOffset, time.byteOffset + 8 * n));
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const lowWord = littleEndian ? 0 : 1;
  const highWord = 1 - lowWord;
  for (let i = 0; i < n; i++) {
    const hi = bits[2 * i + highWord];
    if (hi === 0x80000000 && bits[2 * i + lowWord] === 0) {
      bits[2 * i + highWord] = 0x80000000; // -0 sorts as +0, so equal times stay in input order
    } else if (hi & 0x80000000) {
      bits[2 * i + highWord] = ~hi >>> 0;
      bits[2 * i + lowWord] = ~bits[2 * i + lowWord] >>> 0;
    } else {
      bits[2 * i + highWord] = (hi | 0x80000000) >>> 0;
    }
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lowWord : highWord;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(bits[2 * i + word] >>> shift) & 0xffff]++;
    if (n === 0 || count[(bits[word] >>> shift) & 0xffff] === n) continue;
    let start = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = start;
      start += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      scratch[count[(bits[2 * row + word] >>> shift) & 0xffff]++] = row;
    }
    const swap = order;
    order = scratch;
    scratch = swap;
  }
  return order;
}
export interface TimeOrderedRows {
  /** Times in increasing order. */
  time: Float64Array;
  /** Cause code of each row: 0 censored, 1..K the causes. */
  cause: Int32Array;
  /** Group code of each row, 0..nGroups-1 (all 0 without groups). */
  group: Int32Array;
}

/**
 * The rows in increasing order of time. `order` is the row order by time (orderByTime(time)),
 * computed when absent; `group` defaults to one group.
 */
export function timeOrderedRows(time: Float64Array, cause: Int32Array, group?: Int32Array, order: Uint32Array = orderByTime(time)): TimeOrderedRows {
  const n = order.length;
  const sortedTime = new Float64Array(n);
  const sortedCause = new Int32Array(n);
  const sortedGroup = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = order[i];
    sortedTime[i] = time[row];
    sortedCause[i] = cause[row];
  }
  if (group) for (let i = 0; i < n; i++) sortedGroup[i] = group[order[i]];
  return { time: sortedTime, cause: sortedCause, group: sortedGroup };
}
