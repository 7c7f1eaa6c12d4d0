import { describe, expect, it } from 'vitest';
import { logRankTest, survivalOrder } from '../../../shared/stats/log-rank';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { caseArrays, logRankCases } from './fixtures/log-rank-cases';

describe('logRankTest against R survdiff', () => {
  for (const c of logRankCases) {
    it(c.name, () => {
      const { time, status, group, strata } = caseArrays(c);
      const result = logRankTest(time, status, group, { strata, rho: c.rho, nGroups: c.levels.length });
      expectAllClose(result.n, c.result.n, `${c.name} n`);
      expectAllClose(result.observed, c.result.observed, `${c.name} observed`);
      expectAllClose(result.expected, c.result.expected, `${c.name} expected`);
      c.result.variance.forEach((row, g) => expectAllClose(result.variance[g], row, `${c.name} variance[${g}]`));
      if (c.result.df >= 1) {
        expectClose(result.chisq, c.result.chisq, `${c.name} chisq`);
        expect(result.df).toBe(c.result.df);
        expectClose(result.p, c.result.p, `${c.name} p`);
        expect(result.warnings).toEqual([]);
      } else {
        // R reports chisq = 0 with df <= 0 (no test); the engine says so with nulls and a warning.
        expect(result.chisq).toBeNull();
        expect(result.p).toBeNull();
        expect(result.df).toBe(0);
        expect(result.warnings.map((w) => w.code)).toEqual(['no-test']);
      }
    });
  }
});

describe('logRankTest edge cases', () => {
  it('reports a single group as no test (R stops: "There is only 1 group")', () => {
    const result = logRankTest(Float64Array.of(1, 2, 3), Uint8Array.of(1, 0, 1), Int32Array.of(0, 0, 0));
    expect(result.chisq).toBeNull();
    expect(result.p).toBeNull();
    expect(result.df).toBe(0);
    expect(result.warnings[0].code).toBe('single-group');
    expect(result.observed).toEqual([2]);
    expect(result.expected).toEqual([2]);
  });

  it('reports a group whose members all leave before the first event as untestable', () => {
    // Group 1 is censored at times 1 and 2, before the first event at 3: E = 0 for it, so R's df is 0.
    const result = logRankTest(Float64Array.of(1, 2, 3, 4, 5), Uint8Array.of(0, 0, 1, 1, 0), Int32Array.of(1, 1, 0, 0, 0));
    expect(result.expected[1]).toBe(0);
    expect(result.chisq).toBeNull();
    expect(result.warnings[0].code).toBe('no-test');
  });

  it('rejects a negative rho', () => {
    expect(() => logRankTest(Float64Array.of(1, 2), Uint8Array.of(1, 1), Int32Array.of(0, 1), { rho: -1 })).toThrow(RangeError);
  });

  it('sorts by stratum then time and classes near-tied times together', () => {
    const sorted = survivalOrder(Float64Array.of(3, 1, 2, 1 + 1e-12, 5), Int32Array.of(1, 0, 1, 0, 0));
    expect(Array.from(sorted.order)).toEqual([1, 3, 4, 2, 0]);
    expect(sorted.timeClass[1]).toBe(sorted.timeClass[3]);
    expect(sorted.timeClass[2]).toBeLessThan(sorted.timeClass[0]);
  });

});
