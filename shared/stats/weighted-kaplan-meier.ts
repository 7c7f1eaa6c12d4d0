/**
 * Weighted Kaplan–Meier curves by group with the robust (infinitesimal-jackknife) standard error, as R's
 * survfit(Surv(time, status) ~ group, weights = w, robust = TRUE, id = participant) with one row per
 * participant (survival 3.5: R/survfitKM.R, src/survfitkm.c; the inverse-probability-weighted curves of
 * Cole & Hernán 2004, Comput Methods Programs Biomed 75:45–49).
 *
 * Per group, at each distinct time u (events and censorings, as survfit): n = Σ w over those at risk
 * (time ≥ u), d = Σ w over the events at u, h = d/n, S(t) = Π_{u ≤ t} (1 − h_u).
 * Robust SE of S: the influence of participant i's weight, U_i(t) = w_i ∂S(t)/∂w_i,
 *   U_i(t) = w_i S(t) [ Σ_{event times u ≤ min(t, T_i)} h_u / (n_u (1 − h_u)) − δ_i 1(T_i ≤ t) / (n_{T_i} (1 − h_{T_i})) ],
 * SE(S(t)) = sqrt(Σ_i U_i(t)²) (survfitkm.c's recursion U ← U(1 − h) + w S(u−)(Y h − dN)/n, summed by id,
 * written in closed form; the participants whose time is past t share one term, so O(n + m) per group).
 * Where h = 1 (everyone at risk relapses) S falls to 0 and so does U. The weights are taken as known:
 * the SE does not include the estimation of the weights (as survfit).
 * CI as survfit's conf.type = "log": exp(log S ∓ z SE/S), the upper limit capped at 1; NaN where S = 0.
 * Times as given (the caller applies timefix, aeqSurv, as survfit does).
 */
import { normalQuantile } from './distributions';
import { sortOrder } from './sort-order';

export interface WeightedKaplanMeierInput {
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Uint8Array;
  /** Case weights, positive. */
  weight: Float64Array;
  /** Group codes 0..groupCount−1. */
  group: Int32Array;
  groupCount: number;
  confLevel?: number;
}

export interface WeightedKaplanMeierCurve {
  /** Distinct times of the group (events and censorings), ascending. */
  time: Float64Array;
  /** Σ w at risk and Σ w of the events at each time. */
  nRisk: Float64Array;
  nEvent: Float64Array;
  survival: Float64Array;
  /** Robust SE of S. */
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

export function weightedKaplanMeier(input: WeightedKaplanMeierInput): WeightedKaplanMeierCurve[] {
  const { time, status, weight, group, groupCount } = input;
  const n = time.length;
  if (status.length !== n || weight.length !== n || group.length !== n) throw new Error('weightedKaplanMeier: the inputs differ in length');
  const z = normalQuantile(1 - (1 - (input.confLevel ?? 0.95)) / 2);
  const order = sortOrder(time);
  const curves: WeightedKaplanMeierCurve[] = [];
  for (let g = 0; g < groupCount; g++) {
    const rows: number[] = [];
    for (let k = 0; k < n; k++) if (group[order[k]] === g) rows.push(order[k]);
    const size = rows.length;
    // Distinct times and their weighted counts.
    const times: number[] = [];
    const riskAt: number[] = [];
    const eventAt: number[] = [];
    const square: number[] = [];
    for (let k = 0; k < size; k++) {
      const i = rows[k];
      if (k === 0 || time[i] !== time[rows[k - 1]]) {
        times.push(time[i]);
        riskAt.push(0);
        eventAt.push(0);
        square.push(0);
      }
      const j = times.length - 1;
      riskAt[j] += weight[i];
      if (status[i] === 1) eventAt[j] += weight[i];
    }
    const m = times.length;
    const nRisk = new Float64Array(m);
    for (let j = m - 1; j >= 0; j--) nRisk[j] = riskAt[j] + (j + 1 < m ? nRisk[j + 1] : 0);
    const nEvent = Float64Array.from(eventAt);
    const survival = new Float64Array(m);
    // C(u) = Σ_{u' ≤ u} h/(n(1 − h)); a(u) = 1/(n(1 − h)) for the events' own term.
    const cumulative = new Float64Array(m);
    const own = new Float64Array(m);
    let s = 1;
    let c = 0;
    let zeroFrom = m;
    for (let j = 0; j < m; j++) {
      const h = nEvent[j] / nRisk[j];
      s *= 1 - h;
      survival[j] = s;
      if (nEvent[j] > 0 && h < 1) {
        c += h / (nRisk[j] * (1 - h));
        own[j] = 1 / (nRisk[j] * (1 - h));
      }
      if (h >= 1 && zeroFrom === m) zeroFrom = j;
      cumulative[j] = c;
    }
    // Σ_i [bracket]² w_i²: participants with T_i ≤ t (fixed bracket, by their time index) and T_i > t (bracket C(t)).
    const laterSquare = new Float64Array(m + 1);
    let j = -1;
    for (let k = 0; k < size; k++) {
      const i = rows[k];
      if (k === 0 || time[i] !== time[rows[k - 1]]) j++;
      const w = weight[i];
      const bracket = cumulative[j] - (status[i] === 1 ? own[j] : 0);
      square[j] += w * w * bracket * bracket;
      laterSquare[j] += w * w;
    }
    for (let t = m - 1; t >= 0; t--) laterSquare[t] += laterSquare[t + 1];
    const stdErr = new Float64Array(m);
    const lower = new Float64Array(m);
    const upper = new Float64Array(m);
    let fixed = 0;
    for (let t = 0; t < m; t++) {
      fixed += square[t];
      const variance = t >= zeroFrom ? 0 : survival[t] * survival[t] * (fixed + cumulative[t] * cumulative[t] * laterSquare[t + 1]);
      const se = Math.sqrt(variance);
      stdErr[t] = se;
      if (survival[t] === 0) {
        lower[t] = NaN;
        upper[t] = NaN;
      } else {
        const logSe = se / survival[t];
        lower[t] = Math.exp(Math.log(survival[t]) - z * logSe);
        upper[t] = Math.min(1, Math.exp(Math.log(survival[t]) + z * logSe));
      }
    }
    curves.push({ time: Float64Array.from(times), nRisk, nEvent, survival, stdErr, lower, upper });
  }
  return curves;
}
