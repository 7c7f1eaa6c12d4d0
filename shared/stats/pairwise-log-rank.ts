/**
 * Pairwise G^rho (log-rank) comparisons, as survminer's pairwise_survdiff: every pair of groups is
 * tested by survdiff on the subset of rows in those two groups (stratified when strata are given),
 * with p from the chi-square on 1 df, and the p-values adjusted together by p.adjust.
 *
 * A pair that cannot be compared (fewer than two of its groups have anyone at risk at an event time,
 * e.g. no events, or one group's follow-up ends before the first event) is counted as survminer counts
 * it: survdiff gives chisq = 0 there, so pchisq(0, 1, lower.tail = FALSE) = 1, and pairwise.table
 * passes that p = 1 to p.adjust with the others, so the number of comparisons is every pair. The pair
 * keeps a 'no-test' warning. (Where survdiff would stop, a singular variance, p stays null and is left
 * out of the adjustment, as p.adjust leaves out NA.)
 *
 * The rows are sorted by stratum and time once (or the caller passes the sortSurvival layout it
 * already has) and each group's positions in that order are listed once; a pair's data is the merge
 * of its two lists, so a pair costs one two-group test on its own rows (n_a + n_b), and all pairs of
 * k groups cost (k - 1) n in all, never k^2 passes over every row.
 */
import { type LogRankOptions, type SortedSurvival, type TestWarning, logRankSorted, sortSurvival } from './log-rank';
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

const NO_TEST: TestWarning = {
  code: 'no-test',
  message: 'the two groups cannot be compared (fewer than two of them have anyone at risk at a relapse); as in survminer, the pair counts with chi-square 0 and p = 1 among the comparisons adjusted for.',
};

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
  const sorted = options.sorted ?? sortSurvival(time, status, group, options.strata);
  const n = sorted.group.length;

  // Each group's positions in the sorted layout, in increasing order (a counting sort by group).
  const start = new Int32Array(nGroups + 1);
  for (let i = 0; i < n; i++) start[sorted.group[i] + 1]++;
  for (let g = 0; g < nGroups; g++) start[g + 1] += start[g];
  const positions = new Int32Array(n);
  const fill = start.slice(0, nGroups);
  for (let i = 0; i < n; i++) positions[fill[sorted.group[i]]++] = i;

  // One buffer for every pair's data, viewed at the pair's length.
  const buffer: SortedSurvival = {
    timeClass: new Int32Array(n),
    status: new Uint8Array(n),
    group: new Int32Array(n),
    stratum: sorted.stratum ? new Int32Array(n) : undefined,
  };
  const comparisons: PairwiseLogRankComparison[] = [];
  for (let a = 0; a < nGroups; a++) {
    if (start[a + 1] === start[a]) continue;
    for (let b = a + 1; b < nGroups; b++) {
      if (start[b + 1] === start[b]) continue;
      const test = logRankSorted(mergePair(sorted, positions, start, a, b, buffer), 2, rho);
      if (test.warnings.some((w) => w.code === 'no-test')) {
        comparisons.push({ group1: a, group2: b, chisq: 0, df: 1, p: 1, pAdjusted: null, warnings: [NO_TEST] });
        continue;
      }
      comparisons.push({ group1: a, group2: b, chisq: test.chisq, df: test.df, p: test.p, pAdjusted: null, warnings: test.warnings });
    }
  }
  const adjusted = pAdjust(comparisons.map((c) => c.p), options.pAdjust ?? 'BH');
  comparisons.forEach((c, i) => (c.pAdjusted = adjusted[i]));
  return comparisons;
}

/** The rows of groups a and b in sorted order, coded 0 (a) and 1 (b), written into `buffer`. */
function mergePair(sorted: SortedSurvival, positions: Int32Array, start: Int32Array, a: number, b: number, buffer: SortedSurvival): SortedSurvival {
  let p = start[a];
  let q = start[b];
  const pEnd = start[a + 1];
  const qEnd = start[b + 1];
  const length = pEnd - p + (qEnd - q);
  for (let k = 0; k < length; k++) {
    const fromA = q >= qEnd || (p < pEnd && positions[p] < positions[q]);
    const position = fromA ? positions[p++] : positions[q++];
    buffer.timeClass[k] = sorted.timeClass[position];
    buffer.status[k] = sorted.status[position];
    buffer.group[k] = fromA ? 0 : 1;
    if (buffer.stratum) buffer.stratum[k] = sorted.stratum![position];
  }
  return {
    timeClass: buffer.timeClass.subarray(0, length),
    status: buffer.status.subarray(0, length),
    group: buffer.group.subarray(0, length),
    stratum: buffer.stratum?.subarray(0, length),
  };
}
