/**
 * The k-sample log-rank test with case weights. R's survdiff takes no weights, so the reference is the
 * score test at beta = 0 of R survival 3.5's
 *   coxph(Surv(time, status) ~ factor(group) [+ strata(s)], weights = w, ties = "breslow")
 * (fit$score; coxfit6.c), the log-rank test when every weight is 1 and no event times are tied.
 *
 * At each distinct event time u (within stratum), with n_g(u) the sum of the weights of group g's rows at
 * risk (time >= u), n(u) = sum_g n_g(u), d_g(u) the sum of the weights of group g's events at u and d(u) their
 * total:
 *   O_g  = sum_u d_g(u),   E_g = sum_u d(u) n_g(u) / n(u),
 *   V_gh = sum_u d(u) (n_g(u)/n(u)) (delta_gh - n_h(u)/n(u))      (the Breslow information at 0),
 * summed over strata; chisq = (O - E)' V^- (O - E) over the groups with E_g > 0 leaving out the first of
 * them, df = their number - 1 (as log-rank-counting.ts, which this is for right-censored rows with weights).
 * The risk sets are accumulated from the longest time down, as coxfit6 (sums only grow, so a group that has
 * left the risk set has exactly 0). `n` counts rows per group. Scores s give the weighted test for trend
 * (log-rank-trend.ts): s'(O - E) and s'Vs are the score and information of coxph(~ s[group], weights = w,
 * ties = "breslow") at 0.
 *
 * Times are first merged as coxph's aeqSurv (timefix.ts). Weights must be finite and >= 0.
 */
import { groupScoreTest, type LogRankResult } from './log-rank';
import { sortOrder } from './sort-order';
import { aeqSurv } from './timefix';

export interface CaseWeightLogRankOptions {
  /** Number of group codes 0..nGroups-1. */
  nGroups: number;
  /** Stratum codes (R's strata() term). */
  strata?: Int32Array | null;
  /** Merge near-tied times first, as coxph's timefix. Default true. */
  timefix?: boolean;
}

export function logRankCaseWeights(time: Float64Array, status: Uint8Array, group: Int32Array, weight: Float64Array, options: CaseWeightLogRankOptions): LogRankResult {
  const n = time.length;
  const k = options.nGroups;
  const strata = options.strata ?? null;
  if (status.length !== n || group.length !== n || weight.length !== n || (strata && strata.length !== n)) {
    throw new Error('logRankCaseWeights: time, status, group, weight and strata differ in length');
  }
  for (let i = 0; i < n; i++) {
    if (!(weight[i] >= 0) || !Number.isFinite(weight[i])) throw new RangeError(`logRankCaseWeights: data row ${i + 1}: weight ${weight[i]} is not a finite number ≥ 0`);
    if (group[i] < 0 || group[i] >= k) throw new Error(`logRankCaseWeights: group code ${group[i]} outside 0..${k - 1}`);
  }
  const fixed = options.timefix === false ? time : aeqSurv(time);

  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) counts[group[i]]++;
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);

  // Rows of each stratum in ascending time; walked from the end.
  const order = sortOrder(fixed);
  const stratumRows = new Map<number, number[]>();
  for (let q = 0; q < n; q++) {
    const row = order[q];
    const s = strata ? strata[row] : 0;
    let list = stratumRows.get(s);
    if (!list) stratumRows.set(s, (list = []));
    list.push(row);
  }
  const atRisk = new Float64Array(k);
  const deaths = new Float64Array(k);
  for (const rows of stratumRows.values()) {
    atRisk.fill(0);
    let q = rows.length - 1;
    while (q >= 0) {
      const u = fixed[rows[q]];
      let d = 0;
      deaths.fill(0);
      for (; q >= 0 && fixed[rows[q]] === u; q--) {
        const row = rows[q];
        const w = weight[row];
        atRisk[group[row]] += w;
        if (status[row] === 1) {
          d += w;
          deaths[group[row]] += w;
        }
      }
      if (!(d > 0)) continue;
      let nRisk = 0;
      for (let g = 0; g < k; g++) nRisk += atRisk[g];
      for (let g = 0; g < k; g++) {
        observed[g] += deaths[g];
        if (atRisk[g] === 0) continue;
        const share = atRisk[g] / nRisk;
        expected[g] += d * share;
        variance[g * k + g] += d * share;
        for (let h = 0; h < k; h++) if (atRisk[h] > 0) variance[g * k + h] -= (d * share * atRisk[h]) / nRisk;
      }
    }
  }

  const result: LogRankResult = {
    rho: 0,
    n: counts,
    observed: Array.from(observed),
    expected: Array.from(expected),
    variance: Array.from({ length: k }, (_, g) => Array.from(variance.subarray(g * k, (g + 1) * k))),
    chisq: null,
    df: 0,
    p: null,
    warnings: [],
  };
  return groupScoreTest(result, observed, expected, variance, k, counts.filter((c) => c > 0).length, false);
}
