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
 * sum_k U_k(u)^2 (no n/(n-1) factor). Only participants at risk at u_j change at u_j, so the sum is
 * kept up to date from their changes (cost: the number at risk per event time, not all participants).
 * Between event times the SE is carried from the last event time, as R does.
 *
 * CI (z = qnorm(1 - (1 - level)/2), H = MCF, s = its SE):
 *   log    H exp(-z s / H) .. H exp(z s / H)      null where H = 0      (the default here; stays > 0)
 *   plain  max(0, H - z s) .. H + z s                                   (plot.survfit's default for cumhaz)
 * Rows are one per distinct stop time of the group (events and censorings), as survfit's rows.
 */
import { confidenceZ } from './kaplan-meier';
import { checkCountingInput, countingRiskTable, mergeCountingTimes, rowsByGroup } from './kaplan-meier-counting';

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
  const influence = new Float64Array(nIds);
  const work: Workspace = { influence, stamp: new Int32Array(nIds).fill(-1), seen: new Int32Array(nIds).fill(-1), nextStamp: 0 };
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
  // Counts as survfit with an id: an event-free row is a censoring only when it ends its participant's run.
  const table = countingRiskTable(start, stop, status, rows);
  const { influence, stamp, seen } = work;
  const byStop = Int32Array.from(rows).sort((a, b) => stop[a] - stop[b]);
  // Rows in entry order, each as its rank in byStop.
  const entryOrder = new Int32Array(m);
  for (let rank = 0; rank < m; rank++) entryOrder[rank] = rank;
  entryOrder.sort((a, b) => start[byStop[a]] - start[byStop[b]]);

  let participants = 0;
  let events = 0;
  for (let k = 0; k < m; k++) {
    const r = rows[k];
    if (seen[id[r]] !== groupIndex) {
      seen[id[r]] = groupIndex;
      participants++;
      influence[id[r]] = 0;
    }
    events += status[r] === 1 ? 1 : 0;
  }

  // The rows at risk, as a list with swap-removal (position of each row in the list by its rank in byStop).
  const riskList = new Int32Array(m);
  const listPos = new Int32Array(m);
  let riskSize = 0;
  let entered = 0;
  let left = 0;

  const touched = new Int32Array(m);
  let variance = 0;
  let mcf = 0;
  const out: McfRow[] = new Array(table.time.length);
  for (let j = 0; j < table.time.length; j++) {
    const u = table.time[j];
    while (entered < m && start[byStop[entryOrder[entered]]] < u) {
      const rank = entryOrder[entered];
      listPos[rank] = riskSize;
      riskList[riskSize++] = rank;
      entered++;
    }
    const nj = table.nRisk[j];
    const dj = table.nEvent[j];
    if (dj > 0) {
      const stampValue = work.nextStamp++;
      let nTouched = 0;
      const touch = (k: number): void => {
        if (stamp[k] !== stampValue) {
          stamp[k] = stampValue;
          variance -= influence[k] * influence[k];
          touched[nTouched++] = k;
        }
      };
      const compensator = dj / (nj * nj);
      for (let q = 0; q < riskSize; q++) {
        const k = id[byStop[riskList[q]]];
        touch(k);
        influence[k] -= compensator;
      }
      for (let rank = left; rank < m && stop[byStop[rank]] === u; rank++) {
        const r = byStop[rank];
        if (status[r] === 1) {
          const k = id[r];
          touch(k);
          influence[k] += 1 / nj;
        }
      }
      for (let q = 0; q < nTouched; q++) variance += influence[touched[q]] * influence[touched[q]];
      if (variance < 0) variance = 0;
      mcf += dj / nj;
    }
    // Rows ending at u leave the risk set after u.
    for (; left < m && stop[byStop[left]] === u; left++) {
      const pos = listPos[left];
      const last = riskList[--riskSize];
      riskList[pos] = last;
      listPos[last] = pos;
    }
    const stdErr = Math.sqrt(variance);
    const ci = mcfConfidenceInterval(mcf, stdErr, confType, z);
    out[j] = { time: u, mcf, stdErr, lower: ci.lower, upper: ci.upper, atRisk: nj, events: dj };
  }
  return { participants, intervals: m, events, rows: out };
}

interface Workspace {
  /** Influence U_k of each participant on the current group's MCF. */
  influence: Float64Array;
  /** The event time at which a participant's influence was last taken out of the variance sum. */
  stamp: Int32Array;
  /** The last group a participant was counted in. */
  seen: Int32Array;
  nextStamp: number;
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
