import { describe, expect, it } from 'vitest';
import { logRankTest } from '../../../shared/stats/log-rank';
import { logRankTrend } from '../../../shared/stats/log-rank-trend';
import { expectClose } from '../../helpers/compare';
import { caseArrays, logRankCases } from './fixtures/log-rank-cases';

describe('logRankTrend against R (U = w\'(O - E), Var = w\'Vw from survdiff)', () => {
  const withTrend = logRankCases.filter((c) => c.trend);
  it('has reference cases', () => expect(withTrend.length).toBeGreaterThanOrEqual(5));
  for (const c of withTrend) {
    it(c.name, () => {
      const { time, status, group, strata } = caseArrays(c);
      const test = logRankTest(time, status, group, { strata, rho: c.rho, nGroups: c.levels.length });
      const trend = logRankTrend(test);
      const expected = c.trend!;
      expect(trend.scores).toEqual(expected.scores);
      expectClose(trend.statistic, expected.statistic, `${c.name} U`);
      expectClose(trend.variance, expected.variance, `${c.name} Var U`);
      expectClose(trend.z, expected.z, `${c.name} z`);
      expectClose(trend.chisq, expected.chisq, `${c.name} chisq`);
      expectClose(trend.p, expected.p, `${c.name} p`);
      expect(trend.df).toBe(1);
    });
  }

  it('does not change when a constant is added to the scores', () => {
    const c = logRankCases.find((x) => x.name === 'veteran celltype')!;
    const { time, status, group } = caseArrays(c);
    const test = logRankTest(time, status, group);
    const shifted = logRankTrend(test, [11, 12, 13, 14]);
    expectClose(shifted.chisq, c.trend!.chisq, 'shifted scores chisq');
  });

  it('gives no test without variance', () => {
    const trend = logRankTrend({ observed: [0, 0], expected: [0, 0], variance: [[0, 0], [0, 0]] });
    expect(trend.chisq).toBeNull();
    expect(trend.p).toBeNull();
    expect(trend.warnings[0].code).toBe('no-trend-test');
  });

  it('checks the number of scores', () => {
    expect(() => logRankTrend({ observed: [1, 2], expected: [1, 2], variance: [[1, -1], [-1, 1]] }, [1, 2, 3])).toThrow(RangeError);
  });
});
