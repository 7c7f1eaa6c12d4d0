/**
 * The k-sample log-rank test on counting-process (start, stop] rows (delayed entry, several intervals
 * per participant), as the score test at beta = 0 of R survival 3.5's
 *   coxph(Surv(start, stop, event) ~ factor(group) [+ strata(s)], ties = "breslow")
 * (R's survdiff accepts right-censored data only). A row (s, t] is at risk at time u when s < u <= t.
 *
 * At each distinct event time u (within stratum), with n(u) at risk, n_g(u) of them in group g, d(u)
 * events and d_g(u) of them in group g:
 *   O_g  = sum_u d_g(u)
 *   E_g  = sum_u d(u) n_g(u) / n(u)
 *   V_gh = sum_u d(u) (n_g(u)/n(u)) (delta_gh - n_h(u)/n(u))
 * V is the Breslow information at beta = 0 of the k group indicators (so, unlike survdiff, without the
 * factor (n - d)/(n - 1) for tied events; the two tests agree when no events are tied). O, E and V are
 * summed over strata.
 *   chisq = (O - E)' V^- (O - E) over the groups with E_g > 0 leaving out the first of them (the score
 *   test of the k - 1 contrasts), df = (number of groups with E_g > 0) - 1, as log-rank.ts.
 * Scores w give the test for trend (log-rank-trend.ts): w'(O - E) and w'Vw are the score and the
 * information of coxph(Surv(start, stop, event) ~ w[group], ties = "breslow") at 0.
 *
 * Times are first merged as coxph's aeqSurv for a counting response: start and stop pooled
 * (kaplan-meier-counting.ts's mergeCountingTimes). Callers have removed missing rows and refused
 * intervals whose stop is not after their start.
 */
import { checkCountingInput, mergeCountingTimes, orderRowsBy } from './kaplan-meier-counting';
import { groupScoreTest, type LogRankResult } from './log-rank';

export interface CountingLogRankOptions {
  /** Stratum codes 0..s-1 (R's strata() term). */
  strata?: Int32Array;
  /** Number of group codes; defaults to max(group) + 1. */
  nGroups?: number;
  /** Merge near-tied times first, as coxph's timefix. Default true. */
  timefix?: boolean;
}

/**
 * The log-rank test of `group` (codes 0..k-1) on (start, stop] rows; see the file header. `n` counts
 * rows (intervals) per group; `rho` is always 0.
 */
export function logRankCounting(start: Float64Array, stop: Float64Array, status: Uint8Array, group: Int32Array, options: CountingLogRankOptions = {}): LogRankResult {
  checkCountingInput(start, stop, status, 'logRankCounting');
  const n = start.length;
  if (group.length !== n) throw new Error('logRankCounting: group differs in length');
  let k = options.nGroups ?? 0;
  if (options.nGroups === undefined) for (let i = 0; i < n; i++) if (group[i] + 1 > k) k = group[i] + 1;
  const strata = options.strata;
  if (strata && strata.length !== n) throw new Error('logRankCounting: strata differ in length');
  const times = options.timefix === false ? { start, stop } : mergeCountingTimes(start, stop);

  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[group[i]]++;
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);

  // Rows of each stratum, then per stratum two orders: by start (entries) and by stop (exits and events).
  let nStrata = 1;
  if (strata) for (let i = 0; i < n; i++) if (strata[i] + 1 > nStrata) nStrata = strata[i] + 1;
  const stratumRows: number[][] = Array.from({ length: nStrata }, () => []);
  for (let i = 0; i < n; i++) stratumRows[strata ? strata[i] : 0].push(i);

  const atRisk = new Float64Array(k);
  const deaths = new Float64Array(k);
  for (const rowList of stratumRows) {
    const m = rowList.length;
    if (m === 0) continue;
    const rows = Int32Array.from(rowList);
    const byStart = orderRowsBy(times.start, rows);
    const byStop = orderRowsBy(times.stop, rows);
    atRisk.fill(0);
    let entered = 0; // rows of byStart added to the risk set
    let left = 0; // rows of byStop removed from it
    let q = 0; // position in byStop of the current time
    while (q < m) {
      const u = times.stop[byStop[q]];
      let end = q;
      let d = 0;
      deaths.fill(0);
      for (; end < m && times.stop[byStop[end]] === u; end++) {
        const row = byStop[end];
        if (status[row] === 1) {
          d++;
          deaths[group[row]]++;
        }
      }
      if (d > 0) {
        // Risk set at u: start < u (entered) and stop >= u (not yet left).
        while (entered < m && times.start[byStart[entered]] < u) atRisk[group[byStart[entered++]]]++;
        while (left < q) atRisk[group[byStop[left++]]]--;
        let nRisk = 0;
        for (let g = 0; g < k; g++) nRisk += atRisk[g];
        for (let g = 0; g < k; g++) {
          if (deaths[g] > 0) observed[g] += deaths[g];
          if (atRisk[g] === 0) continue;
          const share = atRisk[g] / nRisk;
          expected[g] += d * share;
          variance[g * k + g] += d * share;
          for (let h = 0; h < k; h++) if (atRisk[h] > 0) variance[g * k + h] -= (d * share * atRisk[h]) / nRisk;
        }
      }
      q = end;
    }
  }

  const result: LogRankResult = {
    rho: 0,
    n: Array.from(counts),
    observed: Array.from(observed),
    expected: Array.from(expected),
    variance: Array.from({ length: k }, (_, g) => Array.from(variance.subarray(g * k, (g + 1) * k))),
    chisq: null,
    df: 0,
    p: null,
    warnings: [],
  };
  return groupScoreTest(result, observed, expected, variance, k, result.n.filter((c) => c > 0).length, false);
}

