/**
 * Kaplan–Meier survival with Greenwood variance, the Nelson–Aalen cumulative hazard, and pointwise
 * confidence intervals, as R survival 3.5 `survfit(Surv(time, status) ~ group)` computes them
 * (noweb/survfitKM.Rnw, src/survfitkm.c, R/survfit_confint.R).
 *
 * At each distinct observed time t_j (event or censoring) with n_j at risk and d_j events:
 *   S(t)        = prod_{t_j <= t} (n_j - d_j) / n_j
 *   var log S   = sum_{t_j <= t} d_j / (n_j (n_j - d_j))        (Greenwood; survfit's `std.err`)
 *   SE of S(t)  = S(t) * sqrt(var log S)                          (what summary.survfit prints)
 *   H(t)        = sum_{t_j <= t} d_j / n_j                        (Nelson–Aalen; survfit's `cumhaz`)
 *   SE of H(t)  = sqrt( sum_{t_j <= t} d_j / n_j^2 )              (survfit's `std.chaz`)
 * When every subject at risk has the event (d_j = n_j), S drops to 0 and the Greenwood sum becomes
 * infinite, exactly as in R; the SE of S is then 0 * Inf = NaN, which R reports as NA.
 *
 * Confidence intervals with z = qnorm(1 - (1 - level)/2) and s = SE of log S (survfit_confint):
 *   log      S exp(-z s) .. min(1, S exp(z s))                     NA where S = 0
 *   log-log  exp(-exp(log(-log S) - z s / log S)) .. exp(-exp(log(-log S) + z s / log S))
 *                                                                   NA where S = 0 or S = 1
 *   plain    max(0, S - z s S) .. min(1, S + z s S)                NaN (NA) where s is infinite
 *
 * Arrays hold NaN where R has NA/NaN (typed arrays cannot hold null); `kaplanMeierRows` turns them
 * into null for result documents.
 *
 * Sorting: the times of each (group, status) cell are gathered into one buffer in ascending order
 * by a counting sort over the codes of the distinct times (O(n + groups x distinct times); the native
 * typed-array sort of each cell when that table would be large); events and censorings of a group
 * are then merged in one pass.
 * Times that differ only by floating-point rounding (0.1 + 0.2 and 0.3) are first merged over all
 * groups together, as survfit(timefix = TRUE) does with `aeqSurv` (see timefix.ts); after that,
 * times are compared for exact equality.
 */
import { finiteOrNull } from './finite';
import { normalQuantile } from './distributions';
import { denseCodes } from './sort-order';
import { aeqSurv } from './timefix';

export type ConfType = 'log' | 'log-log' | 'plain';
export const CONF_TYPES: readonly ConfType[] = ['log', 'log-log', 'plain'];

export interface KaplanMeierOptions {
  /** Transform for the pointwise CI, as survfit's conf.type. Default 'log'. */
  confType?: ConfType;
  /** Two-sided coverage, as survfit's conf.int. Default 0.95. */
  confLevel?: number;
  /** Merge near-tied times first, as survfit's timefix. Default true. */
  timefix?: boolean;
}

/** One survival curve: one entry per distinct observed time, as R's survfit object. */
export interface KaplanMeierCurve {
  /** Number of subjects (rows) in the curve. */
  n: number;
  /** Total number of events (Σ w over the events with case weights). */
  events: number;
  time: Float64Array;
  /** Counts, or sums of case weights (kaplan-meier-case-weights.ts). */
  nRisk: Int32Array | Float64Array;
  nEvent: Int32Array | Float64Array;
  nCensor: Int32Array | Float64Array;
  survival: Float64Array;
  /** survfit's `std.err`: Greenwood SE of log S(t) (= of the KM cumulative hazard). Infinity once S = 0. */
  logStdErr: Float64Array;
  /** SE of S(t) (summary.survfit's std.err). NaN where R gives NA. */
  stdErr: Float64Array;
  /** Pointwise CI of S(t); NaN where R gives NA. */
  lower: Float64Array;
  upper: Float64Array;
  /** Nelson–Aalen cumulative hazard and its SE (survfit's cumhaz, std.chaz). */
  cumHaz: Float64Array;
  cumHazStdErr: Float64Array;
  confType: ConfType;
  confLevel: number;
}

/** Table row of a curve with R's NA as null (the `table` entries of the `analyze km` document). */
export interface KaplanMeierRow {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
  cumHaz: number;
  cumHazStdErr: number;
}

/** The normal quantile z for a two-sided interval of the given coverage. */
export function confidenceZ(confLevel: number): number {
  return normalQuantile(1 - (1 - confLevel) / 2);
}

/**
 * Pointwise CI of one survival value from S and the SE of log S, as survfit_confint with logse=TRUE
 * and conf.lower='usual'. Writes NaN where R gives NA.
 */
export function survivalConfidenceInterval(survival: number, logStdErr: number, confType: ConfType, z: number): { lower: number; upper: number } {
  if (confType === 'plain') {
    // Infinite SE times S = 0 is NaN, and R's pmax/pmin propagate it.
    const halfWidth = logStdErr * survival * z;
    const lowerRaw = survival - halfWidth;
    const upperRaw = survival + halfWidth;
    return { lower: Number.isNaN(lowerRaw) ? NaN : Math.max(lowerRaw, 0), upper: Number.isNaN(upperRaw) ? NaN : Math.min(upperRaw, 1) };
  }
  if (confType === 'log') {
    if (survival === 0) return { lower: NaN, upper: NaN };
    const logS = Math.log(survival);
    return { lower: Math.exp(logS - z * logStdErr), upper: Math.min(Math.exp(logS + z * logStdErr), 1) };
  }
  // log-log: the SE of log(-log S) is SE(log S) / |log S| (delta method); sign carried by log S < 0.
  if (survival === 0 || survival === 1) return { lower: NaN, upper: NaN };
  const logS = Math.log(survival);
  const shift = (z * logStdErr) / logS;
  const logMinusLogS = Math.log(-logS);
  return { lower: Math.exp(-Math.exp(logMinusLogS - shift)), upper: Math.exp(-Math.exp(logMinusLogS + shift)) };
}

/** Kaplan–Meier curve of one sample. */
export function kaplanMeier(time: Float64Array, status: Uint8Array, options: KaplanMeierOptions = {}): KaplanMeierCurve {
  return kaplanMeierByGroup(time, status, new Int32Array(time.length), 1, options)[0];
}

/**
 * One Kaplan–Meier curve per group code 0..nGroups-1 (R: survfit(Surv(time, status) ~ group)).
 * A group code with no rows gives a curve with n = 0 and no table rows.
 */
export function kaplanMeierByGroup(
  time: Float64Array,
  status: Uint8Array,
  group: Int32Array,
  nGroups: number = maxCode(group) + 1,
  options: KaplanMeierOptions = {},
): KaplanMeierCurve[] {
  const n = time.length;
  if (status.length !== n || group.length !== n) throw new Error('kaplanMeierByGroup: time, status and group differ in length');
  const confType = options.confType ?? 'log';
  const confLevel = options.confLevel ?? 0.95;
  if (!CONF_TYPES.includes(confType)) throw new Error(`kaplanMeier: unknown confType ${confType}`);
  if (!(confLevel > 0 && confLevel < 1)) throw new Error(`kaplanMeier: confLevel must lie in (0, 1), got ${confLevel}`);

  // survfit applies aeqSurv to the whole response, before splitting it by group.
  const fixedTime = options.timefix === false ? time : aeqSurv(time);

  // Bucket times into cells (group, status): cell 2g holds censorings, 2g+1 events.
  const cellStart = new Int32Array(2 * nGroups + 1);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    if (g < 0 || g >= nGroups) throw new Error(`kaplanMeierByGroup: group code ${g} outside 0..${nGroups - 1}`);
    cellStart[2 * g + (status[i] === 1 ? 1 : 0) + 1]++;
  }
  for (let c = 0; c < 2 * nGroups; c++) cellStart[c + 1] += cellStart[c];
  const bucketed = new Float64Array(n);
  const coded = denseCodes(fixedTime);
  const width = coded.distinct + 1;
  if (coded.counts[0] === 0 && nGroups * width <= 4 * n + 65536) {
    // Counting sort: each time coded by its rank among the distinct times (direct indexing for whole
    // numbers, one radix sort otherwise), counted per (cell, code) and written out in ascending order.
    const counts = new Int32Array(2 * nGroups * width);
    const valueOfCode = new Float64Array(width);
    const codes = coded.codes;
    for (let i = 0; i < n; i++) {
      const code = codes[i];
      counts[(2 * group[i] + (status[i] === 1 ? 1 : 0)) * width + code]++;
      valueOfCode[code] = fixedTime[i];
    }
    for (let c = 0; c < 2 * nGroups; c++) {
      let at = cellStart[c];
      const base = c * width;
      for (let code = 1; code < width; code++) {
        const value = valueOfCode[code];
        for (let k = counts[base + code]; k > 0; k--) bucketed[at++] = value;
      }
    }
  } else {
    const fill = cellStart.slice(0, 2 * nGroups);
    for (let i = 0; i < n; i++) bucketed[fill[2 * group[i] + (status[i] === 1 ? 1 : 0)]++] = fixedTime[i];
    for (let c = 0; c < 2 * nGroups; c++) bucketed.subarray(cellStart[c], cellStart[c + 1]).sort();
  }

  const z = confidenceZ(confLevel);
  const curves: KaplanMeierCurve[] = [];
  for (let g = 0; g < nGroups; g++) {
    const censored = bucketed.subarray(cellStart[2 * g], cellStart[2 * g + 1]);
    const events = bucketed.subarray(cellStart[2 * g + 1], cellStart[2 * g + 2]);
    curves.push(curveFromSortedTimes(events, censored, confType, confLevel, z));
  }
  return curves;
}

/** Builds one curve by merging the sorted event times and the sorted censoring times. */
function curveFromSortedTimes(events: Float64Array, censored: Float64Array, confType: ConfType, confLevel: number, z: number): KaplanMeierCurve {
  const nEvents = events.length;
  const nCensored = censored.length;
  const total = nEvents + nCensored;

  // First pass: count distinct times.
  let distinct = 0;
  for (let e = 0, c = 0; e < nEvents || c < nCensored; distinct++) {
    const t = e < nEvents && (c >= nCensored || events[e] <= censored[c]) ? events[e] : censored[c];
    while (e < nEvents && events[e] === t) e++;
    while (c < nCensored && censored[c] === t) c++;
  }

  const time = new Float64Array(distinct);
  const nRisk = new Int32Array(distinct);
  const nEvent = new Int32Array(distinct);
  const nCensor = new Int32Array(distinct);
  const survival = new Float64Array(distinct);
  const logStdErr = new Float64Array(distinct);
  const stdErr = new Float64Array(distinct);
  const lower = new Float64Array(distinct);
  const upper = new Float64Array(distinct);
  const cumHaz = new Float64Array(distinct);
  const cumHazStdErr = new Float64Array(distinct);

  let atRisk = total;
  let km = 1;
  let greenwoodSum = 0;
  let nelsonAalen = 0;
  let nelsonAalenVar = 0;
  for (let j = 0, e = 0, c = 0; j < distinct; j++) {
    const t = e < nEvents && (c >= nCensored || events[e] <= censored[c]) ? events[e] : censored[c];
    let d = 0;
    let cens = 0;
    while (e < nEvents && events[e] === t) {
      e++;
      d++;
    }
    while (c < nCensored && censored[c] === t) {
      c++;
      cens++;
    }
    if (d > 0) {
      km *= (atRisk - d) / atRisk;
      greenwoodSum += d / (atRisk * (atRisk - d)); // Infinity when d = atRisk, as in R
      nelsonAalen += d / atRisk;
      nelsonAalenVar += d / (atRisk * atRisk);
    }
    time[j] = t;
    nRisk[j] = atRisk;
    nEvent[j] = d;
    nCensor[j] = cens;
    survival[j] = km;
    const se = Math.sqrt(greenwoodSum);
    logStdErr[j] = se;
    stdErr[j] = se * km; // Inf * 0 = NaN where S has reached 0 (R: NA)
    const ci = survivalConfidenceInterval(km, se, confType, z);
    lower[j] = ci.lower;
    upper[j] = ci.upper;
    cumHaz[j] = nelsonAalen;
    cumHazStdErr[j] = Math.sqrt(nelsonAalenVar);
    atRisk -= d + cens;
  }
  return { n: total, events: nEvents, time, nRisk, nEvent, nCensor, survival, logStdErr, stdErr, lower, upper, cumHaz, cumHazStdErr, confType, confLevel };
}


/** The curve as table rows (one per distinct time), NA as null. */
export function kaplanMeierRows(curve: KaplanMeierCurve): KaplanMeierRow[] {
  const rows: KaplanMeierRow[] = new Array(curve.time.length);
  for (let j = 0; j < curve.time.length; j++) {
    rows[j] = {
      time: curve.time[j],
      nRisk: curve.nRisk[j],
      nEvent: curve.nEvent[j],
      nCensor: curve.nCensor[j],
      survival: curve.survival[j],
      stdErr: finiteOrNull(curve.stdErr[j]),
      lower: finiteOrNull(curve.lower[j]),
      upper: finiteOrNull(curve.upper[j]),
      cumHaz: curve.cumHaz[j],
      cumHazStdErr: curve.cumHazStdErr[j],
    };
  }
  return rows;
}

function maxCode(codes: Int32Array): number {
  let max = -1;
  for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  return max;
}
