import { describe, expect, it } from 'vitest';
import { grayTest } from '../../../shared/stats/gray-test';
import { orderByTime } from '../../../shared/stats/time-ordered-rows';
import { expectClose } from '../../helpers/compare';
import { cumincCases as cases, factorCodes as codesOf } from '../../helpers/cuminc-fixture';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ManyGroupsCase {
  name: string;
  rho: number;
  time: number[];
  status: number[];
  group: string[];
  strata: string[] | null;
  tests: { cause: string; statistic: number | null; df: number; p: number | null }[];
}
/** cmprsk::cuminc's Tests with 25 and 40 groups (fixtures/gray-many-groups.R writes the JSON). */
const manyGroups: ManyGroupsCase[] = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/gray-many-groups.json', import.meta.url)), 'utf8'));

describe("grayTest against cmprsk::cuminc's Tests (rho = 0)", () => {
  const withGroups = cases.filter((c) => c.group !== null && c.tests.length > 0);
  it('has the grouped cases, including strata, 4 groups and a singular one', () => {
    expect(withGroups.length).toBeGreaterThanOrEqual(9);
    expect(withGroups.some((c) => c.strata)).toBe(true);
    expect(withGroups.some((c) => c.tests.some((t) => t.statistic === null))).toBe(true);
  });
  for (const c of withGroups) {
    it(c.name, () => {
      const time = Float64Array.from(c.time);
      const causes = Array.from(new Set(c.status.filter((s) => s !== 0))).sort((a, b) => a - b);
      const cause = Int32Array.from(c.status, (s) => (s === 0 ? 0 : causes.indexOf(s) + 1));
      const group = codesOf(c.group!);
      const strata = c.strata ? codesOf(c.strata) : undefined;
      const order = orderByTime(time);
      expect(causes.map(String)).toEqual(c.tests.map((t) => t.cause));
      c.tests.forEach((ref, k) => {
        const result = grayTest(time, cause, group.codes, group.levels.length, k + 1, {
          order,
          strata: strata?.codes,
          nStrata: strata?.levels.length,
        });
        expect(result.df, `${c.name} cause ${ref.cause} df`).toBe(ref.df);
        expectClose(result.statistic, ref.statistic, `${c.name} cause ${ref.cause} statistic`);
        expectClose(result.p, ref.p, `${c.name} cause ${ref.cause} p`);
      });
    });
  }

  it('gives the same answer without a precomputed order and with a single stratum passed explicitly', () => {
    const c = cases.find((x) => x.name === 'mgus2 by sex')!;
    const time = Float64Array.from(c.time);
    const cause = Int32Array.from(c.status);
    const group = codesOf(c.group!);
    const a = grayTest(time, cause, group.codes, 2, 2);
    const b = grayTest(time, cause, group.codes, 2, 2, { strata: new Int32Array(time.length), nStrata: 1 });
    expectClose(a.statistic, c.tests[1].statistic, 'statistic');
    expect(b.statistic).toBe(a.statistic);
  });

  it('returns null with one group', () => {
    const result = grayTest(Float64Array.of(1, 2, 3), Int32Array.of(1, 2, 0), new Int32Array(3), 1, 1);
    expect(result.statistic).toBeNull();
    expect(result.p).toBeNull();
    expect(result.df).toBe(0);
  });

});

describe("grayTest with many groups against cmprsk::cuminc's Tests", () => {
  it('has the 40-group, rho = 1 and stratified cases', () => {
    expect(manyGroups.map((c) => c.name)).toEqual(['40 groups', '40 groups, rho = 1', '25 groups in 2 strata']);
  });
  for (const c of manyGroups) {
    it(c.name, () => {
      const time = Float64Array.from(c.time);
      const cause = Int32Array.from(c.status);
      const group = codesOf(c.group);
      const strata = c.strata ? codesOf(c.strata) : undefined;
      c.tests.forEach((ref, k) => {
        const result = grayTest(time, cause, group.codes, group.levels.length, k + 1, {
          rho: c.rho,
          strata: strata?.codes,
          nStrata: strata?.levels.length,
        });
        expect(result.df).toBe(ref.df);
        expectClose(result.statistic, ref.statistic, `${c.name} cause ${ref.cause} statistic`);
        expectClose(result.p, ref.p, `${c.name} cause ${ref.cause} p`);
      });
    });
  }
});
