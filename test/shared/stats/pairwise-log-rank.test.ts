import { describe, expect, it } from 'vitest';
import { pairwiseLogRank } from '../../../shared/stats/pairwise-log-rank';
import type { PAdjustMethod } from '../../../shared/stats/p-adjust';
import { expectClose } from '../../helpers/compare';
import { caseArrays, logRankCases } from './fixtures/log-rank-cases';
import { pairwiseCaseArrays, pairwiseSurvdiffCases } from './fixtures/pairwise-survdiff-cases';
import { logRankTest } from '../../../shared/stats/log-rank';
import { logRankTrend } from '../../../shared/stats/log-rank-trend';

describe('pairwiseLogRank against survdiff on each two-group subset (survminer pairwise_survdiff)', () => {
  const withPairs = logRankCases.filter((c) => c.pairwise);
  it('has reference cases', () => expect(withPairs.length).toBeGreaterThanOrEqual(5));
  for (const c of withPairs) {
    for (const reference of c.pairwise!) {
      it(`${c.name}, p.adjust ${reference.method}`, () => {
        const { time, status, group, strata } = caseArrays(c);
        const pairs = pairwiseLogRank(time, status, group, {
          strata,
          rho: c.rho,
          nGroups: c.levels.length,
          pAdjust: reference.method as PAdjustMethod,
        });
        expect(pairs.map((p) => [p.group1, p.group2])).toEqual(reference.pairs.map((p) => [p.group1, p.group2]));
        pairs.forEach((pair, i) => {
          const label = `${c.name} ${c.levels[pair.group1]} vs ${c.levels[pair.group2]}`;
          expectClose(pair.chisq, reference.pairs[i].chisq, `${label} chisq`);
          expect(pair.df).toBe(1);
          expectClose(pair.p, reference.pairs[i].p, `${label} p`);
          expectClose(pair.pAdjusted, reference.pAdjusted[i], `${label} p adjusted (${reference.method})`);
        });
      });
    }
  }

  it('skips groups without rows', () => {
    const pairs = pairwiseLogRank(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 0, 1), Int32Array.of(0, 2, 0, 2), { nGroups: 3 });
    expect(pairs.map((p) => [p.group1, p.group2])).toEqual([[0, 2]]);
  });
});

describe('many groups (40 levels, survminer pairwise_survdiff reproduced in R)', () => {
  for (const c of pairwiseSurvdiffCases.filter((x) => x.name.startsWith('40 groups'))) {
    const { time, status, group } = pairwiseCaseArrays(c);
    it(`${c.name}: the 40-group survdiff`, () => {
      const test = logRankTest(time, status, group, { rho: c.rho, nGroups: c.levels.length });
      expectClose(test.chisq, c.chisq, `${c.name} chisq`);
      expect(test.df).toBe(c.df);
      expectClose(test.p, c.p, `${c.name} p`);
      if (c.trend) {
        const trend = logRankTrend(test);
        expectClose(trend.statistic, c.trend.statistic, `${c.name} trend U`);
        expectClose(trend.variance, c.trend.variance, `${c.name} trend Var U`);
        expectClose(trend.p, c.trend.p, `${c.name} trend p`);
      }
    });
    for (const reference of c.adjusted) {
      it(`${c.name}: all ${c.pairs.length} pairs, p.adjust ${reference.method}`, () => {
        const pairs = pairwiseLogRank(time, status, group, { rho: c.rho, nGroups: c.levels.length, pAdjust: reference.method as PAdjustMethod });
        expect(pairs.map((p) => [p.group1, p.group2])).toEqual(c.pairs.map((p) => [p.group1, p.group2]));
        pairs.forEach((pair, i) => {
          const label = `${c.name} ${c.levels[pair.group1]} vs ${c.levels[pair.group2]}`;
          expectClose(pair.chisq, c.pairs[i].chisq, `${label} chisq`);
          expectClose(pair.p, c.pairs[i].p, `${label} p`);
          expectClose(pair.pAdjusted, reference.pAdjusted[i], `${label} adjusted`);
        });
      });
    }
  }

  it('500 groups on 2,000 rows: all 124,750 pairs, each equal to the two-group test on its own rows', () => {
    // Before: every pair rescanned all rows and did k x k work per event time (over 10 minutes). The
    // test's own timeout guards against a hang; the time itself is measured, not asserted (npm run bench).
    const n = 2000;
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const time = Float64Array.from({ length: n }, () => Math.round(-Math.log(1 - next()) * 3000) / 10 + 0.5);
    const status = Uint8Array.from({ length: n }, () => (next() < 0.7 ? 1 : 0));
    const group = Int32Array.from({ length: n }, (_, i) => i % 500);
    const pairs = pairwiseLogRank(time, status, group, { nGroups: 500 });
    expect(pairs).toHaveLength((500 * 499) / 2);
    // Each pair is the two-group log-rank on the rows of its two groups.
    for (const [a, b] of [[0, 1], [17, 404], [498, 499]]) {
      const rows = Array.from({ length: n }, (_, i) => i).filter((i) => group[i] === a || group[i] === b);
      const direct = logRankTest(Float64Array.from(rows, (i) => time[i]), Uint8Array.from(rows, (i) => status[i]), Int32Array.from(rows, (i) => (group[i] === a ? 0 : 1)), { nGroups: 2 });
      const pair = pairs.find((p) => p.group1 === a && p.group2 === b)!;
      expectClose(pair.chisq, direct.chisq, `pair ${a} vs ${b} chisq`, 1e-12);
      expectClose(pair.p, direct.p, `pair ${a} vs ${b} p`, 1e-12);
    }
  }, 120_000);
});

describe('pairs that cannot be compared count with p = 1 (survminer pairwise_survdiff, p.adjust n = all pairs)', () => {
  for (const c of pairwiseSurvdiffCases.filter((x) => x.name.startsWith('untestable'))) {
    const { time, status, group } = pairwiseCaseArrays(c);
    for (const reference of c.adjusted) {
      it(`${c.name}, p.adjust ${reference.method}`, () => {
        const pairs = pairwiseLogRank(time, status, group, { rho: c.rho, nGroups: c.levels.length, pAdjust: reference.method as PAdjustMethod });
        expect(pairs.map((p) => [p.group1, p.group2])).toEqual(c.pairs.map((p) => [p.group1, p.group2]));
        pairs.forEach((pair, i) => {
          const label = `${c.name} ${c.levels[pair.group1]} vs ${c.levels[pair.group2]}`;
          expectClose(pair.chisq, c.pairs[i].chisq, `${label} chisq`);
          expectClose(pair.p, c.pairs[i].p, `${label} p`);
          expectClose(pair.pAdjusted, reference.pAdjusted[i], `${label} adjusted (${reference.method})`);
        });
        // A vs C, B vs C and C vs D cannot be compared: C is censored before the first relapse.
        expect(pairs.filter((p) => p.warnings.some((w) => w.code === 'no-test')).map((p) => [p.group1, p.group2])).toEqual([[0, 2], [1, 2], [2, 3]]);
      });
    }
  }
});
