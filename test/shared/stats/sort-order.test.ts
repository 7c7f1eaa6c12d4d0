/**
 * The engine's ordering and ranks against R (fixtures/sort-order.R): order(x) (stable, NA last),
 * rank(x) with average ties, the codes of the distinct values, and order(strata, time) by counting-sort
 * passes. The cases reach each path of the radix sort: short runs sharing their top bits (insertion
 * sort), a long such run (the 8-bit passes on the low word), whole numbers in a narrow range (direct
 * indexing in denseCodes) and over a wide one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SortWorkspace,
  averageRanks,
  centredRankTable,
  compactCodes,
  countingSortByKey,
  denseCodes,
  denseRanks,
  identityOrder,
  permuteInPlace,
  rankWithOrder,
  sortOrder,
} from '../../../shared/stats/sort-order';

interface SortCase { name: string; values: string | string[]; order: number | number[]; rank: (number | null)[] | number | null; codes: number | number[]; counts: number | number[]; distinct: number }
const fixture: { cases: SortCase[]; twoKeys: { strata: number[]; time: string[]; order: number[] } } = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'sort-order.json'), 'utf8'),
);
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const parse = (text: string): number => (text === 'NA' ? NaN : text === 'Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text));
const valuesOf = (c: SortCase) => Float64Array.from(list(c.values), parse);

describe('sortOrder, averageRanks and denseCodes match R order(), rank() and match(x, sort(unique(x)))', () => {
  it('the fixture has the cases the paths need', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(12);
    expect(fixture.cases.some((c) => list(c.values).length > 500)).toBe(true);
  });
  for (const c of fixture.cases) {
    it(c.name, () => {
      const values = valuesOf(c);
      const order = list(c.order);
      expect(Array.from(sortOrder(values))).toEqual(order);
      // R's NA rank arrives as null; the engine keeps NaN in its typed array.
      const ranks = Array.from(averageRanks(values), (r) => (Number.isNaN(r) ? null : r));
      expect(ranks).toEqual(list(c.rank));
      const dense = denseCodes(values);
      expect(Array.from(dense.codes)).toEqual(list(c.codes));
      expect(Array.from(dense.counts)).toEqual(list(c.counts));
      expect(dense.distinct).toBe(c.distinct);
    });
  }
});

describe('the variants agree with R on the same cases', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const values = valuesOf(c);
      const rRank = list(c.rank);
      const present = rRank.filter((r) => r !== null).length;
      // A workspace whose buffers go from one sort to the next changes nothing.
      const workspace = new SortWorkspace(values.length);
      const centred = rankWithOrder(values, true, workspace);
      expect(Array.from(centred.order)).toEqual(list(c.order));
      expect(centred.present).toBe(present);
      expect(centred.distinct).toBe(c.distinct);
      expect(Array.from(centred.ranks, (r) => (Number.isNaN(r) ? null : r))).toEqual(rRank.map((r) => (r === null ? null : r - (present + 1) / 2)));
      const withRanks = denseCodes(values, workspace, true);
      expect(Array.from(withRanks.centredRanks!)).toEqual(rRank.map((r) => (r === null ? 0 : r - (present + 1) / 2)));
      expect(Array.from(centredRankTable(withRanks.counts))).toEqual(
        Array.from(withRanks.counts, (_, code) => (code === 0 ? 0 : rRank[list(c.codes).indexOf(code)]! - (present + 1) / 2)),
      );
      expect(Array.from(rankWithOrder(values, false, workspace).order), 'recycled buffers').toEqual(list(c.order));
      if (present === values.length) {
        expect(Array.from(denseRanks(values).ranks)).toEqual(list(c.codes).map((code) => code - 1));
        if (values.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31)) {
          const compact = compactCodes(Int32Array.from(values));
          expect(Array.from(compact.ranks)).toEqual(list(c.codes).map((code) => code - 1));
          expect(compact.count).toBe(c.distinct);
        }
      }
    });
  }
});

describe('countingSortByKey gives R order(strata, time)', () => {
  it('time ranks first, then strata, both passes stable', () => {
    const { strata, time, order } = fixture.twoKeys;
    const timeRanks = denseRanks(Float64Array.from(time, parse));
    const byTime = countingSortByKey(identityOrder(strata.length), timeRanks.ranks, timeRanks.count);
    const stratum = compactCodes(Int32Array.from(strata));
    expect(Array.from(countingSortByKey(byTime, stratum.ranks, stratum.count))).toEqual(order);
  });
});

describe('permuteInPlace: the gather sorted[r] = values[order[r]] without a second array', () => {
  const gather = (values: Float64Array, order: Int32Array) => Float64Array.from(order, (i) => values[i]);

  it('equals the gather for the orders a fit uses: a time order, the identity, one long cycle and swaps', () => {
    const time = Float64Array.from([5, 3, 9, 3, 1, 7, 7, 2]);
    const byTime = Int32Array.from(sortOrder(time));
    const cases: Int32Array[] = [
      byTime,
      identityOrder(8),
      Int32Array.from([1, 2, 3, 4, 5, 6, 7, 0]),
      Int32Array.from([1, 0, 3, 2, 5, 4, 7, 6]),
    ];
    for (const order of cases) {
      const values = Float64Array.from([10.5, -2, 3.25, NaN, 0, 8, -0, 4]);
      const expected = gather(values, order);
      permuteInPlace(values, order);
      expect(Array.from(values)).toEqual(Array.from(expected));
    }
    // The time order puts 1 first and 9 last.
    const sortedTimes = Float64Array.from(time);
    permuteInPlace(sortedTimes, byTime);
    expect(Array.from(sortedTimes)).toEqual([1, 2, 3, 3, 5, 7, 7, 9]);
  });

  it('reuses one visited array across columns, works on a view, and refuses unequal lengths', () => {
    const order = Int32Array.from([2, 0, 1]);
    const visited = new Uint8Array(3);
    const a = Float64Array.from([1, 2, 3]);
    const b = Float64Array.from([7, 8, 9, 99]).subarray(0, 3);
    permuteInPlace(a, order, visited);
    permuteInPlace(b, order, visited);
    expect(Array.from(a)).toEqual([3, 1, 2]);
    expect(Array.from(b)).toEqual([9, 7, 8]);
    expect(() => permuteInPlace(Float64Array.from([1, 2]), order)).toThrow(RangeError);
    const empty = new Float64Array(0);
    permuteInPlace(empty, new Int32Array(0));
    expect(empty.length).toBe(0);
  });
});
