/**
 * Mean cumulative function (MCF): the mean number of events (relapses) per participant by time u, for
 * recurrent events recorded as (start, stop] intervals with a participant id, overall or by group.
 * It is the Nelson–Aalen estimate computed on all the events of all participants (Nelson 1995; Lawless &
 * Nadeau 1995), with the participant-level robust (infinitesimal jackknife) standard error.
 *
 * Reference (R survival 3.5): fit <- survfit(Surv(start, stop, event) ~ group, id = id, robust = TRUE)
 *   mcf = fit$cumhaz, stdErr = fit$std.chaz, atRisk = fit$n.risk, events = fit$n.event
 * and the CI as plot(fit, cumhaz = TRUE, conf.type = ...) draws it:
 *   survfit_confint(cumhaz, std.chaz, logse = FALSE, conf.type, conf.int, ulimit = FALSE).
 * R chooses robust = TRUE by itself whenever some participant has two or more events (the recurrent
 * case); `robust = TRUE` only makes the choice explicit for data where nobody has a second event.
 *
 * Estimate. With n_j rows at risk at the distinct stop time u_j (start < u_j <= stop) and d_j events,
 *   MCF(u) = sum_{u_j <= u} d_j / n_j.
 * Robust SE (survfitkm.c, type 1 with id; methods document survfitkm, "robust variance"). The influence
 * of participant k on MCF(u) is
 *   U_k(u) = sum_{u_j <= u} [ dN_k(u_j) - Y_k(u_j) d_j / n_j ] / n_j,
 * with dN_k(u_j) the events of k at u_j and Y_k(u_j) the number of k's rows at risk; the variance is
 * sum_k U_k(u)^2 (no n/(n-1) factor). Between two changes of Y_k, U_k falls by Y_k times the sum of
 * d_j/n_j^2, so the influences are kept lazily and the variance from three running sums over the
 * participants at risk (see groupCurve): each row costs O(1) at its entry, event and exit, with the sums
 * recomputed exactly every few event times (linear in the rows, not rows x event times).
 * Between event times the SE is carried from the last event time, as R does.
 *
 * CI (z = qnorm(1 - (1 - level)/2), H = MCF, s = its SE):
 *   log    H exp(-z s / H) .. H exp(z s / H)      null where H = 0      (the default here; stays > 0)
 *   plain  max(0, H - z s) .. H + z s                                   (plot.survfit's default for cumhaz)
 * Rows are one per distinct stop time of the group (events and censorings), as survfit's rows.
 */
import { confidenceZ } from './kaplan-meier';
import { checkCountingInput, countingRiskTable, mergeCountingTimes, orderRowsBy, rowsByGroup } from './kaplan-meier-counting';

export type McfConfType = 'log' | 'plain';
export const MCF_CONF_TYPES: readonly McfConfType[] = ['log', 'plain'];

export interface McfOptions {
  /** Scale of the pointwise CI. Default 'log'. */
  confType?: McfConfType;
  /** Two-sided coverage. Default 0.95. */
  confLevel?: number;
  /** Merge near-tied times first, as survfit's timefix. Default true. */
  timefix?: boolean;
}

export interface McfRow {
  time: number;
  /** Mean number of events per participant up to and including `time`. */
  mcf: number;
  /** Robust (infinitesimal jackknife, by participant) standard error of the MCF. */
  stdErr: number;
  lower: number | null;
  upper: number | null;
  /** Intervals at risk at `time` (start < time <= stop), as survfit's n.risk. */
  atRisk: number;
  /** Events at `time`. */
  events: number;
}

export interface McfCurve {
  /** Participants (distinct ids) with at least one interval in the group. */
  participants: number;
  /** Intervals (rows) in the group. */
  intervals: number;
  /** Events in the group. */
  events: number;
  rows: McfRow[];
}

/**
 * One MCF per group code 0..nGroups-1. `id` holds participant codes 0..nIds-1 (any order of rows;
 * a participant's intervals need not be adjacent). Callers have removed rows with a missing value.
 */
export function meanCumulativeFunctionByGroup(
  start: Float64Array,
  stop: Float64Array,
  status: Uint8Array,
  id: Int32Array,
  group: Int32Array,
  nGroups: number,
  options: McfOptions = {},
): McfCurve[] {
  checkCountingInput(start, stop, status, 'meanCumulativeFunction');
  const n = start.length;
  if (id.length !== n || group.length !== n) throw new Error('meanCumulativeFunction: id and group must have one entry per row');
  const confType = options.confType ?? 'log';
  const confLevel = options.confLevel ?? 0.95;
  if (!MCF_CONF_TYPES.includes(confType)) throw new Error(`meanCumulativeFunction: unknown confType ${confType}`);
  if (!(confLevel > 0 && confLevel < 1)) throw new Error(`meanCumulativeFunction: confLevel must lie in (0, 1), got ${confLevel}`);
  let nIds = 0;
  for (let i = 0; i < n; i++) {
    if (id[i] < 0) throw new Error(`meanCumulativeFunction: data row ${i + 1}: negative id code`);
    if (id[i] + 1 > nIds) nIds = id[i] + 1;
  }
  const times = options.timefix === false ? { start, stop } : mergeCountingTimes(start, stop);
  const z = confidenceZ(confLevel);
  // Working arrays over participants, shared by the groups (a participant's influence is zero outside its group).
  const work: Workspace = {
    value: new Float64Array(nIds),
    syncedAt: new Float64Array(nIds),
    atRiskRows: new Int32Array(nIds),
    riskPos: new Int32Array(nIds),
    seen: new Int32Array(nIds).fill(-1),
  };
  return rowsByGroup(group, nGroups).map((rows, g) => groupCurve(times.start, times.stop, status, id, rows, work, confType, z, g));
}

/** The MCF of one sample. */
export function meanCumulativeFunction(start: Float64Array, stop: Float64Array, status: Uint8Array, id: Int32Array, options: McfOptions = {}): McfCurve {
  return meanCumulativeFunctionByGroup(start, stop, status, id, new Int32Array(start.length), 1, options)[0];
}

function groupCurve(
  start: Float64Array,
  stop: Float64Array,
  status: Uint8Array,
  id: Int32Array,
  rows: Int32Array,
  work: Workspace,
  confType: McfConfType,
  z: number,
  groupIndex: number,
): McfCurve {
  const m = rows.length;
  const table = countingRiskTable(start, stop, status, rows);
  const { value, syncedAt, atRiskRows, riskPos, seen } = work;
  const byStop = orderRowsBy(stop, rows);
  const byStart = orderRowsBy(start, rows);

  // The group's participants, each starting with influence 0 and no row at risk.
  const groupIds = new Int32Array(m);
  let participants = 0;
  let events = 0;
  for (let q = 0; q < m; q++) {
    const r = rows[q];
    const k = id[r];
    if (seen[k] !== groupIndex) {
      seen[k] = groupIndex;
      groupIds[participants++] = k;
      value[k] = 0;
      syncedAt[k] = 0;
      atRiskRows[k] = 0;
      riskPos[k] = -1;
    }
    events += status[r] === 1 ? 1 : 0;
  }

  // Lazy influences: U_k = value_k - Y_k (C - syncedAt_k), C = sum of d_j / n_j^2 so far.
  // Participants at risk enter the variance through T2 - 2 D T1 + D^2 T0 (D = C - reference) with
  // b_k = value_k + Y_k (syncedAt_k - reference): T2 = sum b_k^2, T1 = sum Y_k b_k, T0 = sum Y_k^2;
  // the others through outside = sum U_k^2. Every RECENTRE event times all sums are recomputed from
  // the participants (reference = C), which keeps D small and the rounding of the sums from building up.
  const riskIds = new Int32Array(participants);
  let riskCount = 0;
  let cumulative = 0;
  let reference = 0;
  let t2 = 0;
  let t1 = 0;
  let t0 = 0;
  let outside = 0;
  const take = (k: number, sign: number): void => {
    const y = atRiskRows[k];
    if (y > 0) {
      const b = value[k] + y * (syncedAt[k] - reference);
      t2 += sign * b * b;
      t1 += sign * y * b;
      t0 += sign * y * y;
    } else outside += sign * value[k] * value[k];
  };
  const sync = (k: number): void => {
    value[k] -= atRiskRows[k] * (cumulative - syncedAt[k]);
    syncedAt[k] = cumulative;
  };
  const recentre = (): void => {
    for (let q = 0; q < riskCount; q++) sync(riskIds[q]);
    reference = cumulative;
    t2 = t1 = t0 = outside = 0;
    for (let q = 0; q < participants; q++) take(groupIds[q], 1);
  };

  let entered = 0;
  let left = 0;
  let mcf = 0;
  let eventTimes = 0;
  let variance = 0;
  const out: McfRow[] = new Array(table.time.length);
  for (let j = 0; j < table.time.length; j++) {
    const u = table.time[j];
    for (; entered < m && start[byStart[entered]] < u; entered++) {
      const k = id[byStart[entered]];
      take(k, -1);
      sync(k);
      if (atRiskRows[k]++ === 0) {
        riskPos[k] = riskCount;
        riskIds[riskCount++] = k;
      }
      take(k, 1);
    }
    const nj = table.nRisk[j];
    const dj = table.nEvent[j];
    if (dj > 0) {
      cumulative += dj / (nj * nj);
      for (let q = left; q < m && stop[byStop[q]] === u; q++) {
        const r = byStop[q];
        if (status[r] !== 1) continue;
        const k = id[r];
        take(k, -1);
        sync(k);
        value[k] += 1 / nj;
        take(k, 1);
      }
      mcf += dj / nj;
      if (++eventTimes % RECENTRE === 0) recentre();
      const d = cumulative - reference;
      variance = Math.max(0, outside + t2 - 2 * d * t1 + d * d * t0);
    }
    // Rows ending at u leave the risk set after u.
    for (; left < m && stop[byStop[left]] === u; left++) {
      const k = id[byStop[left]];
      take(k, -1);
      sync(k);
      if (--atRiskRows[k] === 0) {
        const pos = riskPos[k];
        const last = riskIds[--riskCount];
        riskIds[pos] = last;
        riskPos[last] = pos;
        riskPos[k] = -1;
      }
      take(k, 1);
    }
    const stdErr = Math.sqrt(variance);
    const ci = mcfConfidenceInterval(mcf, stdErr, confType, z);
    out[j] = { time: u, mcf, stdErr, lower: ci.lower, upper: ci.upper, atRisk: nj, events: dj };
  }
  return { participants, intervals: m, events, rows: out };
}

/** Event times between two recomputations of the variance sums. */
const RECENTRE = 16;

interface Workspace {
  /** Influence U_k of each participant when last brought up to date (see groupCurve). */
  value: Float64Array;
  /** The cumulative sum C at which value_k was last brought up to date. */
  syncedAt: Float64Array;
  /** Rows of the participant at risk now (Y_k). */
  atRiskRows: Int32Array;
  /** Position of the participant in the list of those at risk, -1 when not at risk. */
  riskPos: Int32Array;
  /** The last group a participant was counted in. */
  seen: Int32Array;
}

/** survfit_confint(H, se, logse = FALSE, conf.type, ulimit = FALSE); null where R gives NA. */
export function mcfConfidenceInterval(mcf: number, stdErr: number, confType: McfConfType, z: number): { lower: number | null; upper: number | null } {
  const seLog = stdErr === 0 ? 0 : stdErr / mcf;
  if (confType === 'plain') {
    const half = seLog * mcf * z;
    return { lower: Math.max(mcf - half, 0), upper: mcf + half };
  }
  if (mcf === 0) return { lower: null, upper: null };
  const logH = Math.log(mcf);
  return { lower: Math.exp(logH - z * seLog), upper: Math.exp(logH + z * seLog) };
}
