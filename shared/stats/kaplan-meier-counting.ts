/**
 * Kaplan–Meier survival and the Nelson–Aalen cumulative hazard on counting-process (start, stop] data,
 * so with delayed entry (left truncation), as R survival 3.5 `survfit(Surv(start, stop, event) ~ group)`
 * computes them without an id (noweb/survfitKM.Rnw, src/survfitkm.c, R/survfit_confint.R).
 *
 * A row (s, t] is at risk at time u when s < u <= t. The curve has one entry per distinct stop time
 * u_j of the group (event or censoring; entry times are not reported), with
 *   n_j  = #{rows: s < u_j <= t}          (survfit's n.risk)
 *   d_j  = #{rows: t = u_j, event}        (n.event)
 *   c_j  = #{rows: t = u_j, no event}     (n.censor; without an id every such row counts)
 * and the same products and sums as the right-censored curve (kaplan-meier.ts):
 *   S(u) = prod (n_j - d_j)/n_j, Greenwood SE of log S, H(u) = sum d_j/n_j, SE of H = sqrt(sum d_j/n_j^2).
 * Unlike right-censored data the risk set can grow between times, so S can stay above 0 after a time
 * where everyone at risk had the event (d_j = n_j); the Greenwood sum is then infinite, as in R.
 *
 * Times are first merged as R's aeqSurv does for a counting response: the start and stop times are
 * pooled for the tolerance decision (see timefix.ts). Rows with stop <= start are refused: R's Surv()
 * turns them into NA, and they are reported by survcheck.ts before an analysis runs.
 *
 * `countingRiskTable` (the counts alone) is shared with the mean cumulative function
 * (mean-cumulative-function.ts).
 */
import { aeqSurv } from './timefix';
import { sortOrder } from './sort-order';
import { confidenceZ, CONF_TYPES, survivalConfidenceInterval, type ConfType, type KaplanMeierCurve } from './kaplan-meier';

export interface CountingKaplanMeierOptions {
  /** Transform for the pointwise CI of S, as survfit's conf.type. Default 'log'. */
  confType?: ConfType;
  /** Two-sided coverage. Default 0.95. */
  confLevel?: number;
  /** Merge near-tied times first, as survfit's timefix. Default true. */
  timefix?: boolean;
}

/** The counts of a counting-process curve at each distinct stop time. */
export interface CountingRiskTable {
  time: Float64Array;
  nRisk: Int32Array;
  nEvent: Int32Array;
  nCensor: Int32Array;
}

/** Start and stop with near-ties merged jointly, as aeqSurv on Surv(start, stop, event). */
export function mergeCountingTimes(start: Float64Array, stop: Float64Array): { start: Float64Array; stop: Float64Array } {
  const n = start.length;
  const pooled = new Float64Array(2 * n);
  pooled.set(start, 0);
  pooled.set(stop, n);
  const fixed = aeqSurv(pooled);
  if (fixed === pooled) return { start, stop };
  const mergedStart = fixed.slice(0, n);
  const mergedStop = fixed.slice(n);
  for (let i = 0; i < n; i++) {
    if (mergedStart[i] === mergedStop[i]) throw new RangeError(`data row ${i + 1}: the interval (${start[i]}, ${stop[i]}] has effective length 0 (R: aeqSurv exception)`);
  }
  return { start: mergedStart, stop: mergedStop };
}

/** Throws for a length mismatch, a non-finite time or stop <= start (R's Surv() gives NA there). */
export function checkCountingInput(start: Float64Array, stop: Float64Array, status: Uint8Array, who: string): void {
  const n = start.length;
  if (stop.length !== n || status.length !== n) throw new Error(`${who}: start, stop and status differ in length`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(start[i]) || !Number.isFinite(stop[i])) throw new RangeError(`${who}: data row ${i + 1}: missing or infinite start or stop time`);
    if (!(stop[i] > start[i])) throw new RangeError(`${who}: data row ${i + 1}: stop time ${stop[i]} is not after start time ${start[i]}`);
  }
}

/**
 * The at-risk, event and censoring counts at each distinct stop time of the given rows (indices into
 * start/stop/status). `isCensoring(row)` decides which event-free rows count as censored (all of them
 * without an id; only the last interval of a participant's run with one).
 */
export function countingRiskTable(
  start: Float64Array,
  stop: Float64Array,
  status: Uint8Array,
  rows: Int32Array,
  isCensoring: (row: number) => boolean = () => true,
): CountingRiskTable {
  const m = rows.length;
  const byStop = orderRowsBy(stop, rows);
  const starts = new Float64Array(m);
  for (let k = 0; k < m; k++) starts[k] = start[rows[k]];
  starts.sort();

  let distinct = 0;
  for (let k = 0; k < m; k++) if (k === 0 || stop[byStop[k]] !== stop[byStop[k - 1]]) distinct++;
  const time = new Float64Array(distinct);
  const nRisk = new Int32Array(distinct);
  const nEvent = new Int32Array(distinct);
  const nCensor = new Int32Array(distinct);

  // n_j = #(start < u_j) - #(stop < u_j): two pointers over the sorted starts and stops.
  let startsBefore = 0;
  let k = 0;
  for (let j = 0; j < distinct; j++) {
    const u = stop[byStop[k]];
    while (startsBefore < m && starts[startsBefore] < u) startsBefore++;
    nRisk[j] = startsBefore - k;
    time[j] = u;
    let d = 0;
    let c = 0;
    for (; k < m && stop[byStop[k]] === u; k++) {
      const row = byStop[k];
      if (status[row] === 1) d++;
      else if (isCensoring(row)) c++;
    }
    nEvent[j] = d;
    nCensor[j] = c;
  }
  return { time, nRisk, nEvent, nCensor };
}

/**
 * One curve per group code 0..nGroups-1 (R: survfit(Surv(start, stop, event) ~ group)). The result has
 * the shape of the right-censored curve, so the quantile, RMST and at-times helpers read it alike;
 * `n` is the number of rows (intervals) in the group, as survfit's n.
 */
export function kaplanMeierCountingByGroup(
  start: Float64Array,
  stop: Float64Array,
  status: Uint8Array,
  group: Int32Array,
  nGroups: number,
  options: CountingKaplanMeierOptions = {},
): KaplanMeierCurve[] {
  checkCountingInput(start, stop, status, 'kaplanMeierCounting');
  if (group.length !== start.length) throw new Error('kaplanMeierCounting: group differs in length');
  const confType = options.confType ?? 'log';
  const confLevel = options.confLevel ?? 0.95;
  if (!CONF_TYPES.includes(confType)) throw new Error(`kaplanMeierCounting: unknown confType ${confType}`);
  if (!(confLevel > 0 && confLevel < 1)) throw new Error(`kaplanMeierCounting: confLevel must lie in (0, 1), got ${confLevel}`);
  const times = options.timefix === false ? { start, stop } : mergeCountingTimes(start, stop);
  const z = confidenceZ(confLevel);
  return rowsByGroup(group, nGroups).map((rows) => {
    const table = countingRiskTable(times.start, times.stop, status, rows);
    return curveFromTable(table, rows, status, confType, confLevel, z);
  });
}

/** Kaplan–Meier curve of one sample of (start, stop] rows. */
export function kaplanMeierCounting(start: Float64Array, stop: Float64Array, status: Uint8Array, options: CountingKaplanMeierOptions = {}): KaplanMeierCurve {
  return kaplanMeierCountingByGroup(start, stop, status, new Int32Array(start.length), 1, options)[0];
}

/** The rows in ascending order of values[row], ties in the given order (stable radix sort, sort-order.ts). */
export function orderRowsBy(values: Float64Array, rows: Int32Array): Int32Array {
  const keys = new Float64Array(rows.length);
  for (let q = 0; q < rows.length; q++) keys[q] = values[rows[q]];
  const order = sortOrder(keys);
  const out = new Int32Array(rows.length);
  for (let q = 0; q < rows.length; q++) out[q] = rows[order[q]];
  return out;
}

/** Row indices of each group code, in data order. */
export function rowsByGroup(group: Int32Array, nGroups: number): Int32Array[] {
  const counts = new Int32Array(nGroups);
  for (let i = 0; i < group.length; i++) {
    const g = group[i];
    if (g < 0 || g >= nGroups) throw new Error(`group code ${g} outside 0..${nGroups - 1}`);
    counts[g]++;
  }
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(nGroups);
  for (let i = 0; i < group.length; i++) out[group[i]][fill[group[i]]++] = i;
  return out;
}

export function curveFromTable(table: CountingRiskTable, rows: Int32Array, status: Uint8Array, confType: ConfType, confLevel: number, z: number): KaplanMeierCurve {
  const m = table.time.length;
  const survival = new Float64Array(m);
  const logStdErr = new Float64Array(m);
  const stdErr = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  const cumHaz = new Float64Array(m);
  const cumHazStdErr = new Float64Array(m);
  let km = 1;
  let greenwoodSum = 0;
  let nelsonAalen = 0;
  let nelsonAalenVar = 0;
  for (let j = 0; j < m; j++) {
    const n = table.nRisk[j];
    const d = table.nEvent[j];
    if (d > 0) {
      km *= (n - d) / n;
      greenwoodSum += d / (n * (n - d));
      nelsonAalen += d / n;
      nelsonAalenVar += d / (n * n);
    }
    survival[j] = km;
    const se = Math.sqrt(greenwoodSum);
    logStdErr[j] = se;
    stdErr[j] = se * km;
    const ci = survivalConfidenceInterval(km, se, confType, z);
    lower[j] = ci.lower;
    upper[j] = ci.upper;
    cumHaz[j] = nelsonAalen;
    cumHazStdErr[j] = Math.sqrt(nelsonAalenVar);
  }
  let events = 0;
  for (let k = 0; k < rows.length; k++) events += status[rows[k]] === 1 ? 1 : 0;
  return {
    n: rows.length,
    events,
    time: table.time,
    nRisk: table.nRisk,
    nEvent: table.nEvent,
    nCensor: table.nCensor,
    survival,
    logStdErr,
    stdErr,
    lower,
    upper,
    cumHaz,
    cumHazStdErr,
    confType,
    confLevel,
  };
}
