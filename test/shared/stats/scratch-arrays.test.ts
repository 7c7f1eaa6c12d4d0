import { describe, expect, it } from 'vitest';
import { ScratchArrays } from '../../../shared/stats/scratch-arrays';

describe('ScratchArrays', () => {
  it('lends a new array when it has no spare long enough', () => {
    const scratch = new ScratchArrays();
    const a = scratch.int32.take(10);
    expect(a).toBeInstanceOf(Int32Array);
    expect(a.length).toBe(10);
    const b = scratch.int32.take(10);
    expect(b.buffer).not.toBe(a.buffer);
  });

  it('lends back the memory given back, as a view of the requested length of a longer spare', () => {
    const scratch = new ScratchArrays();
    const a = scratch.float64.take(100);
    a.fill(7);
    scratch.float64.give(a);
    const b = scratch.float64.take(40);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(40);
    // The contents are what the previous borrower left: the borrower writes what it reads.
    expect(b[0]).toBe(7);
    // A view given back returns its whole buffer: the next borrower may have all 100 again.
    scratch.float64.give(b);
    const c = scratch.float64.take(100);
    expect(c.buffer).toBe(a.buffer);
    expect(c.length).toBe(100);
  });

  it('never lends one array twice at once, and lends the shortest spare that is long enough', () => {
    const scratch = new ScratchArrays();
    const long = scratch.uint32.take(1000);
    const short = scratch.uint32.take(50);
    scratch.uint32.give(long);
    scratch.uint32.give(short);
    const first = scratch.uint32.take(20);
    const second = scratch.uint32.take(20);
    expect(first.buffer).toBe(short.buffer);
    expect(second.buffer).toBe(long.buffer);
    expect(scratch.uint32.take(20).buffer).not.toBe(first.buffer);
  });

  it('keeps at most four spares of a kind, the longest', () => {
    const scratch = new ScratchArrays();
    const arrays = [10, 20, 30, 40, 50].map((n) => scratch.int32.take(n));
    for (const a of arrays) scratch.int32.give(a);
    const lent = [0, 1, 2, 3, 4].map(() => scratch.int32.take(10));
    expect(lent.slice(0, 4).map((a) => a.buffer.byteLength / 4)).toEqual([20, 30, 40, 50]);
    expect(arrays.map((a) => a.buffer)).not.toContain(lent[4].buffer);
  });
});
