/**
 * Kaplan–Meier curves with case weights, as R survival 3.5-3's survfit(Surv(time, status) ~ group,
 * weights = w) (R/survfitKM.R, src/survfitkm.c, R/survfit_confint.R).
 *
 * At each distinct observed time u of a group (every row's time, a row of weight 0 included, as survfit):
 * n_u = Σ w over the rows at risk (time ≥ u), d_u = Σ w over the events at u, c_u = Σ w over the
 * censorings at u; S(t) = Π_{u ≤ t} (1 − d_u/n_u), H(t) = Σ_{u ≤ t} d_u/n_u (Nelson–Aalen). `n` counts
 * rows (survfit's n, "records"); `events` is Σ w over the events (summary(fit)$table's events).
 *
 * The SE follows survfit's default for `robust`: FALSE when every weight is a whole number (the weights
 * are then frequencies, and the curve and its SE equal those of the data with each row repeated w
 * times), TRUE as soon as one weight has a fractional part (has.rwt in survfitKM).
 * - Whole weights: Greenwood on the weighted counts, var log S = Σ d/(n(n − d)), SE of H = sqrt(Σ d/n²)
 *   (the formulas of kaplan-meier.ts).
 * - Fractional weights: the infinitesimal-jackknife SE with every row its own cluster (survfitkm.c's
 *   loop U ← U(1 − h) + w S(u−)(Y h − dN)/n and V ← V − w Y h/n + w dN/n, Y = 1 while at risk, written
 *   in closed form):
 *     U_i(t) = w_i S(t) [ Σ_{event times u ≤ min(t, T_i)} h_u/(n_u(1 − h_u)) − δ_i 1(T_i ≤ t)/(n_{T_i}(1 − h_{T_i})) ]
 *     V_i(t) = w_i [ δ_i 1(T_i ≤ t)/n_{T_i} − Σ_{event times u ≤ min(t, T_i)} d_u/n_u² ]
 *   SE of S = sqrt(Σ U_i²), SE of H = sqrt(Σ V_i²); the rows past t share one term, so O(n) per group.
 *   Once h = 1 (all the weight at risk relapses) S is 0 and so is every U. The SE of log S is then
 *   SE(S)/S (0 where the SE is 0), which the CI uses (survfit_confint with logse = FALSE).
 * CIs as kaplan-meier.ts (conf.type log, log-log, plain).
 * Times that differ by rounding only are merged first over all groups (aeqSurv), as survfit's timefix.
 */
import { confidenceZ, CONF_TYPES, survivalConfidenceInterval, type KaplanMeierCurve, type KaplanMeierOptions } from './kaplan-meier';
import { sortOrder } from './sort-order';
import { aeqSurv } from './timefix';

export interface CaseWeightKaplanMeierOptions extends KaplanMeierOptions {
  /** The infinitesimal-jackknife SE (each row its own cluster). Default: survfit's, `hasFractionalWeights(weight)`. */
  robust?: boolean;
}

/** survfit's default for robust with case weights: some weight is not a whole number (any(w != floor(w))). */
export function hasFractionalWeights(weight: Float64Array): boolean {
  for (let i = 0; i < weight.length; i++) if (weight[i] !== Math.floor(weight[i])) return true;
  return false;
}

/**
 * One weighted curve per group code 0..nGroups-1. Weights must be finite and ≥ 0 (the caller refuses
 * others); a group code without rows gives a curve with n = 0 and no rows.
 */
export function kaplanMeierCaseWeightsByGroup(
  time: Float64Array,
  status: Uint8Array,
  weight: Float64Array,
  group: Int32Array,
  nGroups: number,
  options: CaseWeightKaplanMeierOptions = {},
): KaplanMeierCurve[] {
  const n = time.length;
  if (status.length !== n || weight.length !== n || group.length !== n) throw new Error('kaplanMeierCaseWeightsByGroup: time, status, weight and group differ in length');
  const confType = options.confType ?? 'log';
  const confLevel = options.confLevel ?? 0.95;
  if (!CONF_TYPES.includes(confType)) throw new Error(`kaplanMeierCaseWeights: unknown confType ${confType}`);
  if (!(confLevel > 0 && confLevel < 1)) throw new Error(`kaplanMeierCaseWeights: confLevel must lie in (0, 1), got ${confLevel}`);
  for (let i = 0; i < n; i++) {
    if (!(weight[i] >= 0 && Number.isFinite(weight[i]))) throw new RangeError(`kaplanMeierCaseWeights: data row ${i + 1}: weight ${weight[i]} is not a finite number ≥ 0`);
    if (group[i] < 0 || group[i] >= nGroups) throw new Error(`kaplanMeierCaseWeights: group code ${group[i]} outside 0..${nGroups - 1}`);
  }
  const robust = options.robust ?? hasFractionalWeights(weight);
  const fixedTime = options.timefix === false ? time : aeqSurv(time);
  const order = sortOrder(fixedTime);
  const rowsOf: number[][] = Array.from({ length: nGroups }, () => []);
  for (let k = 0; k < n; k++) rowsOf[group[order[k]]].push(order[k]);
  const z = confidenceZ(confLevel);
  return rowsOf.map((rows) => weightedCurve(fixedTime, status, weight, rows, robust, confType, confLevel, z));
}

/** One curve from its rows in ascending order of time. */
function weightedCurve(
  time: Float64Array,
  status: Uint8Array,
  weight: Float64Array,
  rows: number[],
  robust: boolean,
  confType: KaplanMeierCurve['confType'],
  confLevel: number,
  z: number,
): KaplanMeierCurve {
  const size = rows.length;
  // Index of each row's distinct time, and the weighted counts at each distinct time.
  const timeIndex = new Int32Array(size);
  const times: number[] = [];
  const present: number[] = [];
  const events: number[] = [];
  const censored: number[] = [];
  let eventWeight = 0;
  for (let k = 0; k < size; k++) {
    const i = rows[k];
    if (k === 0 || time[i] !== time[rows[k - 1]]) {
      times.push(time[i]);
      present.push(0);
      events.push(0);
      censored.push(0);
    }
    const j = times.length - 1;
    timeIndex[k] = j;
    present[j] += weight[i];
    if (status[i] === 1) {
      events[j] += weight[i];
      eventWeight += weight[i];
    } else censored[j] += weight[i];
  }
  const m = times.length;
  const nRisk = new Float64Array(m);
  for (let j = m - 1; j >= 0; j--) nRisk[j] = present[j] + (j + 1 < m ? nRisk[j + 1] : 0);
  const nEvent = Float64Array.from(events);
  const nCensor = Float64Array.from(censored);
  const survival = new Float64Array(m);
  const logStdErr = new Float64Array(m);
  const stdErr = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  const cumHaz = new Float64Array(m);
  const cumHazStdErr = new Float64Array(m);

  let km = 1;
  let nelsonAalen = 0;
  if (!robust) {
    let greenwoodSum = 0;
    let nelsonAalenVar = 0;
    for (let j = 0; j < m; j++) {
      const atRisk = nRisk[j];
      const d = nEvent[j];
      if (d > 0) {
        km *= (atRisk - d) / atRisk;
        greenwoodSum += d / (atRisk * (atRisk - d)); // Infinity when d = n, as in R
        nelsonAalen += d / atRisk;
        nelsonAalenVar += d / (atRisk * atRisk);
      }
      survival[j] = km;
      const se = Math.sqrt(greenwoodSum);
      logStdErr[j] = se;
      stdErr[j] = se * km;
      cumHaz[j] = nelsonAalen;
      cumHazStdErr[j] = Math.sqrt(nelsonAalenVar);
    }
  } else {
    // C(u) = Σ h/(n(1 − h)) and A(u) = Σ d/n² over the event times up to u; ownS, ownH the event's own terms.
    const sumC = new Float64Array(m);
    const sumA = new Float64Array(m);
    const ownS = new Float64Array(m);
    const ownH = new Float64Array(m);
    let c = 0;
    let a = 0;
    let zeroFrom = m;
    for (let j = 0; j < m; j++) {
      const atRisk = nRisk[j];
      const d = nEvent[j];
      if (d > 0) {
        const h = d / atRisk;
        km *= 1 - h;
        nelsonAalen += h;
        a += d / (atRisk * atRisk);
        ownH[j] = 1 / atRisk;
        if (h < 1) {
          c += h / (atRisk * (1 - h));
          ownS[j] = 1 / (atRisk * (1 - h));
        } else if (zeroFrom === m) zeroFrom = j;
      }
      survival[j] = km;
      cumHaz[j] = nelsonAalen;
      sumC[j] = c;
      sumA[j] = a;
    }
    // Per distinct time: Σ (w bracket)² of the rows ending there, and Σ w² of the rows ending there.
    const endedS = new Float64Array(m);
    const endedH = new Float64Array(m);
    const laterSquare = new Float64Array(m + 1);
    for (let k = 0; k < size; k++) {
      const i = rows[k];
      const j = timeIndex[k];
      const w = weight[i];
      const event = status[i] === 1;
      const bracketS = sumC[j] - (event ? ownS[j] : 0);
      const bracketH = (event ? ownH[j] : 0) - sumA[j];
      endedS[j] += w * w * bracketS * bracketS;
      endedH[j] += w * w * bracketH * bracketH;
      laterSquare[j] += w * w;
    }
    for (let j = m - 1; j >= 0; j--) laterSquare[j] += laterSquare[j + 1];
    // The SEs change at event times only (survfitkm.c sums the influences there), so a time without
    // events carries the previous values bit for bit (the quantile rules compare the CI limits exactly).
    let fixedS = 0;
    let fixedH = 0;
    let se = 0;
    let seH = 0;
    for (let j = 0; j < m; j++) {
      fixedS += endedS[j];
      fixedH += endedH[j];
      if (nEvent[j] > 0) {
        const later = laterSquare[j + 1];
        se = j >= zeroFrom ? 0 : Math.sqrt(survival[j] * survival[j] * (fixedS + sumC[j] * sumC[j] * later));
        seH = Math.sqrt(fixedH + sumA[j] * sumA[j] * later);
      }
      stdErr[j] = se;
      logStdErr[j] = se === 0 ? 0 : se / survival[j];
      cumHazStdErr[j] = seH;
    }
  }
  for (let j = 0; j < m; j++) {
    const ci = survivalConfidenceInterval(survival[j], logStdErr[j], confType, z);
    lower[j] = ci.lower;
    upper[j] = ci.upper;
  }
  return {
    n: size,
    events: eventWeight,
    time: Float64Array.from(times),
    nRisk,
    nEvent,
    nCensor,
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
