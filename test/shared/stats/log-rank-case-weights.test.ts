/**
 * shared/stats/log-rank-case-weights.ts: with every weight 1 it is the Breslow score test of log-rank-counting.ts
 * (coxph(… ~ factor(group), ties = "breslow")) on the same rows followed from before the first time, and, without
 * tied event times, survdiff's log-rank test (log-rank.ts). Weighted values against R are in
 * test/shared/analyses/weights.test.ts (fixtures/weights.R).
 */
import { describe, expect, it } from 'vitest';
import { logRankCaseWeights } from '../../../shared/stats/log-rank-case-weights';
import { logRankCounting } from '../../../shared/stats/log-rank-counting';
import { logRankTest } from '../../../shared/stats/log-rank';
import { loadDataset } from '../../helpers/datasets';
import { expectClose } from '../../helpers/compare';

const veteran = loadDataset('veteran');
const time = veteran.num('time');
const status = Uint8Array.from(veteran.num('status'));
const celltypes = ['adeno', 'large', 'smallcell', 'squamous'];
const group = Int32Array.from(veteran.str('celltype'), (c) => celltypes.indexOf(c));
const strata = Int32Array.from(veteran.num('trt'), (t) => t - 1);
const ones = new Float64Array(time.length).fill(1);

describe('logRankCaseWeights', () => {
  it('weights of 1: the Breslow score test on (start, stop] rows from before the first time, stratified or not', () => {
    for (const s of [undefined, strata]) {
      const weighted = logRankCaseWeights(time, status, group, ones, { nGroups: 4, strata: s });
      const counting = logRankCounting(new Float64Array(time.length).fill(-1), time, status, group, { nGroups: 4, strata: s });
      expectClose(weighted.chisq, counting.chisq, 'chisq');
      expect(weighted.df).toBe(counting.df);
      weighted.expected.forEach((e, g) => expectClose(e, counting.expected[g], `expected ${g}`));
      expect(weighted.observed).toEqual(counting.observed);
      expect(weighted.n).toEqual(counting.n);
    }
  });
  it('weights of 1 and no tied event times: survdiff', () => {
    const keep = Array.from(time.keys()).filter((i) => time.indexOf(time[i]) === i);
    const t = Float64Array.from(keep, (i) => time[i]);
    const st = Uint8Array.from(keep, (i) => status[i]);
    const g = Int32Array.from(keep, (i) => group[i]);
    expectClose(logRankCaseWeights(t, st, g, new Float64Array(keep.length).fill(1), { nGroups: 4 }).chisq, logRankTest(t, st, g).chisq, 'chisq');
  });
  it('doubling every weight doubles O, E and V and the statistic', () => {
    const w = Float64Array.from(time, (_, i) => 1 + (i % 3) / 2);
    const once = logRankCaseWeights(time, status, group, w, { nGroups: 4 });
    const twice = logRankCaseWeights(time, status, group, w.map((x) => 2 * x), { nGroups: 4 });
    expectClose(twice.chisq, 2 * once.chisq!, 'chisq');
    twice.expected.forEach((e, g) => expectClose(e, 2 * once.expected[g], `expected ${g}`));
  });
  it('refuses a negative weight', () => {
    expect(() => logRankCaseWeights(time, status, group, ones.map((x, i) => (i === 9 ? -2 : x)), { nGroups: 4 })).toThrow(/data row 10: weight -2/);
  });
});
