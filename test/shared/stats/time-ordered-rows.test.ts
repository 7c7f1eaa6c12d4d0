import { describe, expect, it } from 'vitest';
import { orderByTime, timeOrderedRows } from '../../../shared/stats/time-ordered-rows';
import { cumulativeIncidence } from '../../../shared/stats/cumulative-incidence';
import { grayTest } from '../../../shared/stats/gray-test';
import { ScratchArrays } from '../../../shared/stats/scratch-arrays';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { cumincCases as cases, factorCodes as codesOf } from '../../helpers/cuminc-fixture';

describe('orderByTime', () => {
  it('sorts stably, including negative, zero and fractional times', () => {
    const time = Float64Array.of(3, -1.5, 0, 2.25, 0, -0, 1e300, 3, -1e-300, 2.25);
    const order = Array.from(orderByTime(time));
    const expected = Array.from(time.keys()).sort((a, b) => time[a] - time[b] || a - b);
    // -0 and 0 are equal times (as in R's order()), so they too keep their input order.
    expect(order).toEqual(expected);
    expect(order.filter((i) => time[i] === 3)).toEqual([0, 7]);
    expect(order.filter((i) => time[i] === 2.25)).toEqual([3, 9]);
  });

  it('matches a comparison sort on a large random sample with many ties', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const time = Float64Array.from({ length: 50_000 }, () => Math.floor(random() * 3000) / 4);
    const order = Array.from(orderByTime(time));
    const expected = Array.from(time.keys()).sort((a, b) => time[a] - time[b] || a - b);
    expect(order).toEqual(expected);
  });
});

describe('timeOrderedRows', () => {
  it('gathers time, cause and group into time order, tied rows in input order', () => {
    const time = Float64Array.of(5, 2, 5, 1, 2);
    const rows = timeOrderedRows(time, Int32Array.of(1, 0, 2, 1, 2), Int32Array.of(0, 1, 1, 0, 0));
    expect(Array.from(rows.time)).toEqual([1, 2, 2, 5, 5]);
    expect(Array.from(rows.cause)).toEqual([1, 0, 2, 1, 2]);
    expect(Array.from(rows.group)).toEqual([0, 1, 0, 0, 1]);
  });

  it('puts every row in group 0 without groups, and follows an order given', () => {
    const time = Float64Array.of(3, 1, 2);
    const rows = timeOrderedRows(time, Int32Array.of(2, 1, 0), undefined, Uint32Array.of(1, 2, 0));
    expect(Array.from(rows.time)).toEqual([1, 2, 3]);
    expect(Array.from(rows.cause)).toEqual([1, 0, 2]);
    expect(Array.from(rows.group)).toEqual([0, 0, 0]);
  });
});

describe('orderByTime and timeOrderedRows with scratch arrays', () => {
  it('give the same order and rows from arrays a previous run left its values in', () => {
    const scratch = new ScratchArrays();
    // Two spares of each kind, every element 9.
    const used = [scratch.float64, scratch.int32, scratch.uint32].flatMap((kind) => [kind.take(64), kind.take(64)].map((array) => ({ kind, array: array.fill(9) })));
    for (const { kind, array } of used) kind.give(array as never);
    const time = Float64Array.of(3, 1, 2, 1, 0.5);
    const cause = Int32Array.of(1, 0, 2, 1, 0);
    const order = orderByTime(time, scratch);
    expect(Array.from(order)).toEqual(Array.from(orderByTime(time)));
    const rows = timeOrderedRows(time, cause, undefined, order, scratch);
    expect(Array.from(rows.time)).toEqual([0.5, 1, 1, 2, 3]);
    expect(Array.from(rows.cause)).toEqual([0, 0, 1, 2, 1]);
    expect(Array.from(rows.group)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("the estimate and Gray's test on rows in time order (sorted: true) against cmprsk", () => {
  for (const c of cases.filter((x) => x.group !== null)) {
    it(c.name, () => {
      const time = Float64Array.from(c.time);
      const causes = Array.from(new Set(c.status.filter((s) => s !== 0))).sort((a, b) => a - b);
      const cause = Int32Array.from(c.status, (s) => (s === 0 ? 0 : causes.indexOf(s) + 1));
      const group = codesOf(c.group!);
      const order = orderByTime(time);
      const rows = timeOrderedRows(time, cause, group.codes, order);
      const nGroups = group.levels.length;

      const sorted = cumulativeIncidence(rows.time, rows.cause, causes.length, { group: rows.group, nGroups, sorted: true });
      // The same curves as from the rows in their input order, and as cmprsk's.
      expect(sorted).toEqual(cumulativeIncidence(time, cause, causes.length, { group: group.codes, nGroups }));
      expect(sorted.length).toBe(c.curves.length);
      c.curves.forEach((ref, index) => {
        expectAllClose(sorted[index].estimate, ref.est, `${c.name} ${ref.group} ${ref.cause} estimate`);
        expectAllClose(sorted[index].variance, ref.var, `${c.name} ${ref.group} ${ref.cause} variance`);
      });

      const strata = c.strata ? codesOf(c.strata) : undefined;
      const sortedStrata = strata ? Int32Array.from(order, (row) => strata.codes[row]) : undefined;
      c.tests.forEach((ref, k) => {
        const test = grayTest(rows.time, rows.cause, rows.group, nGroups, k + 1, { sorted: true, strata: sortedStrata, nStrata: strata?.levels.length });
        const unsorted = grayTest(time, cause, group.codes, nGroups, k + 1, { strata: strata?.codes, nStrata: strata?.levels.length });
        expect(test.statistic).toBe(unsorted.statistic);
        expect(Array.from(test.variance)).toEqual(Array.from(unsorted.variance));
        expectClose(test.statistic, ref.statistic, `${c.name} cause ${ref.cause} statistic`);
        expectClose(test.p, ref.p, `${c.name} cause ${ref.cause} p`);
      });
    });
  }

  it('has cases with strata and with a singular test among them', () => {
    const grouped = cases.filter((x) => x.group !== null);
    expect(grouped.some((x) => x.strata !== null && x.tests.length > 0)).toBe(true);
    expect(grouped.some((x) => x.tests.some((t) => t.statistic === null))).toBe(true);
  });
});
