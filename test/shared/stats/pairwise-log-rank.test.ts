import { describe, expect, it } from 'vitest';
import { pairwiseLogRank } from '../../../shared/stats/pairwise-log-rank';
import type { PAdjustMethod } from '../../../shared/stats/p-adjust';
import { expectClose } from '../../helpers/compare';
import { caseArrays, logRankCases } from './fixtures/log-rank-cases';

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
