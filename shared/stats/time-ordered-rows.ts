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
import type { ScratchArrays } from './scratch-arrays';

/**
 * Row indices in increasing order of time; rows with equal times keep their input order (stable).
 * LSD radix sort on the IEEE-754 bits (16-bit digits, passes where every key shares the digit are
 * skipped), so it is O(n) and fast at millions of rows. Times must not be NaN. With `scratch`, its
 * working arrays and the order itself are borrowed from it (give the order back when done with it).
 */
export function orderByTime(time: Float64Array, scratch?: ScratchArrays): Uint32Array {
  const n = time.length;
  // Sortable unsigned key: flip the sign bit of non-negative numbers, all bits of negative ones.
  const bits = scratch ? scratch.uint32.take(2 * n) : new Uint32Array(2 * n);
  bits.set(new Uint32Array(time.buffer, time.byteOffset, 2 * n));
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
  let order = scratch ? scratch.uint32.take(n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = scratch ? scratch.uint32.take(n) : new Uint32Array(n);
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
      spare[count[(bits[2 * row + word] >>> shift) & 0xffff]++] = row;
    }
    const swap = order;
    order = spare;
    spare = swap;
  }
  if (scratch) {
    scratch.uint32.give(bits);
    scratch.uint32.give(spare);
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
 * computed when absent; `group` defaults to one group. With `scratch`, the three arrays are borrowed
 * from it (give them back when done with them).
 */
export function timeOrderedRows(time: Float64Array, cause: Int32Array, group?: Int32Array, order: Uint32Array = orderByTime(time), scratch?: ScratchArrays): TimeOrderedRows {
  const n = order.length;
  const sortedTime = scratch ? scratch.float64.take(n) : new Float64Array(n);
  const sortedCause = scratch ? scratch.int32.take(n) : new Int32Array(n);
  const sortedGroup = scratch ? scratch.int32.take(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = order[i];
    sortedTime[i] = time[row];
    sortedCause[i] = cause[row];
  }
  if (group) for (let i = 0; i < n; i++) sortedGroup[i] = group[order[i]];
  else sortedGroup.fill(0);
  return { time: sortedTime, cause: sortedCause, group: sortedGroup };
}
