/**
 * Pairwise G^rho (log-rank) comparisons, as survminer's pairwise_survdiff: every pair of groups is
 * tested by survdiff on the subset of rows in those two groups (stratified when strata are given),
 * with p from the chi-square on 1 df, and the p-values adjusted together by p.adjust.
 *
 * The rows are sorted by stratum and time once (or the caller passes the sortSurvival layout it
 * already has); each pair's subset keeps that order, so a pair costs one linear pass.
 */
import { type LogRankOptions, type SortedSurvival, type TestWarning, logRankSorted, sortSurvival, sortedGroupPair } from './log-rank';
import { type PAdjustMethod, pAdjust } from './p-adjust';

export interface PairwiseLogRankComparison {
  /** Group codes, group1 < group2. */
  group1: number;
  group2: number;
  chisq: number | null;
  df: number;
  p: number | null;
  pAdjusted: number | null;
  warnings: TestWarning[];
}

/** Every pair of groups that both have rows, in order (0,1), (0,2), ..., (1,2), ... */
export function pairwiseLogRank(
  time: Float64Array,
  status: Uint8Array,
  group: Int32Array,
  options: LogRankOptions & { pAdjust?: PAdjustMethod; sorted?: SortedSurvival } = {},
): PairwiseLogRankComparison[] {
  const rho = options.rho ?? 0;
  let nGroups = options.nGroups ?? 0;
  if (options.nGroups === undefined) for (let i = 0; i < group.length; i++) if (group[i] + 1 > nGroups) nGroups = group[i] + 1;
  const sizes = new Float64Array(nGroups);
  for (let i = 0; i < group.length; i++) sizes[group[i]]++;
  const sorted = options.sorted ?? sortSurvival(time, status, group, options.strata);
  const comparisons: PairwiseLogRankComparison[] = [];
  for (let a = 0; a < nGroups; a++) {
    if (sizes[a] === 0) continue;
    for (let b = a + 1; b < nGroups; b++) {
      if (sizes[b] === 0) continue;
      const test = logRankSorted(sortedGroupPair(sorted, a, b), nGroups, rho);
      comparisons.push({ group1: a, group2: b, chisq: test.chisq, df: test.df, p: test.p, pAdjusted: null, warnings: test.warnings });
    }
  }
  const adjusted = pAdjust(comparisons.map((c) => c.p), options.pAdjust ?? 'BH');
  comparisons.forEach((c, i) => (c.pAdjusted = adjusted[i]));
  return comparisons;
}
