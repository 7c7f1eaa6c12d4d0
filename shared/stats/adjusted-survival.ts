/**
 * Case-mix-adjusted survival curves by group, direct standardisation (the g-formula) with a Cox model:
 * each group's curve is the average, over all n participants, of the Cox-predicted curves with the
 * group set to that level,
 *     S_g(t) = (1/n) Σ_i exp(−Λ₀(t) r_i^g),   r_i^g = exp(x_iᵀβ with the group set to g − c),
 * the mean of R's survfit(coxph_fit, newdata = everyone with the group set to g) at t, which is
 * 1 − riskRegression::ate(fit, treatment = group)'s meanRisk (estimator "GFORMULA"). Λ₀ is the fit's
 * baseline hazard as survfit gives it (Breslow for a Breslow fit, Efron's for an Efron fit; agsurv5,
 * see cox-predicted-survival.ts), c = meansᵀβ (R's centring; the curves do not depend on it).
 *
 * Standard error: the influence function of the g-formula with a Cox model (Ozenne, Scheike, Stærk and
 * Gerds 2020, Biometrical Journal 62:751–763, as riskRegression's iidCox and ate):
 *     φ_i(t) = (S_i^g(t) − S_g(t))/n − A(t) W_i(t) − D(t)ᵀ h_i,   SE = sqrt(Σ_i φ_i²),
 *   A = (1/n) Σ_j S_j^g r_j^g,  B = (1/n) Σ_j S_j^g r_j^g x_j^g,  D = Λ₀(t) B − A X̄(t),
 *   X̄(t) = Σ_{t_k ≤ t} x̄(t_k) dΛ₀(t_k), x̄ = S1/S0 over the risk set,
 *   W_i(t) = δ_i 1(T_i ≤ t)/S0(T_i) − r_i Σ_{t_k ≤ min(t, T_i)} dΛ₀(t_k)/S0(t_k)  (the baseline hazard's part),
 *   h_i = the score residual of participant i times Var(β) (coxph's dfbeta; robust-variance.ts).
 * Without tied event times this equals ate()'s se (R: 4e-15 relative on veteran with untied times). With
 * tied event times ate's score compensator adds 1/S0 once per distinct event time (riskRegression
 * src/iidCox.cpp, IFbeta_cpp) where coxph's score residuals, used here, add d/S0; the reference is then
 * the same formula in R from coxph's residuals (test/shared/analyses/fixtures/adjusted.R).
 * CI: Wald on the survival, S ∓ z SE clipped to [0, 1] (ate()'s interval on the risk 1 − S).
 *
 * Cost. Everything is a step function that changes only at event times, and S_i^g depends on the
 * participant only through the case-mix part of the linear predictor ζ_i (x_iᵀβ without the group
 * term), so participants are pooled by distinct ζ (K values, with their counts and sums of x, h, and
 * the running W parts). With m evaluation times (default: every distinct event time) and k groups:
 * O(n log n + n p²) once, then O(K m k p) (one exp per distinct ζ, time and group). The sums over the
 * participants of W², W h and r², r h are prefix/suffix sums over time, O(n p) in all. The variance is
 * the expanded Σ φ_i², its terms summed separately.
 *
 * Inputs are as fitted: times after timefix, rows complete. Times after the last follow-up give NaN.
 */
import type { CoxTies } from './cox';
import { stratumTimeOrder } from './cox';
import { normalQuantile } from './distributions';
import { scoreResiduals } from './robust-variance';

export interface AdjustedSurvivalInput {
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Uint8Array;
  /** The p design columns of the fitted model (group indicators and case-mix columns). */
  covariates: Float64Array[];
  /** Group code per row, 0..groupCount−1. */
  group: Int32Array;
  groupCount: number;
  /** For each group code, the design column of its indicator, or −1 for the reference level (all indicators 0). */
  groupColumn: Int32Array;
  ties: CoxTies;
  /** The fit: β (NaN for a redundant column, taken as 0 as R does), Var(β) p×p row-major, means. */
  coefficients: Float64Array;
  variance: Float64Array;
  means: Float64Array;
  /** Evaluation times (any order); default every distinct event time. */
  times?: Float64Array | null;
  /** Coverage of the pointwise CI, default 0.95. */
  confLevel?: number;
}

export interface AdjustedSurvivalCurve {
  time: Float64Array;
  survival: Float64Array;
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

export interface AdjustedSurvival {
  /** Evaluation times, ascending (the curves' rows). */
  time: Float64Array;
  /** One curve per group code. */
  curves: AdjustedSurvivalCurve[];
  /** Distinct values of the case-mix linear predictor (the K of the cost). */
  distinctCaseMix: number;
}

/** Distinct event times with the fit's hazard increments and the risk-set sums at each. */
interface Baseline {
  eventTime: Float64Array;
  /** Λ₀ (centred) at each event time. */
  cumulativeHazard: Float64Array;
  /** Σ_{t_k ≤ t} dΛ₀/S0. */
  hazardOverRisk: Float64Array;
  /** m×p: Σ_{t_k ≤ t} x̄ dΛ₀. */
  cumulativeXbar: Float64Array;
  /** S0 at each event time. */
  riskSet: Float64Array;
}

function baseline(time: Float64Array, status: Uint8Array, x: Float64Array[], risk: Float64Array, sorted: Int32Array, efron: boolean): Baseline {
  const n = time.length;
  const p = x.length;
  // Distinct times (all rows), their sums, then risk sets from the last time back.
  let m = 0;
  for (let k = 0; k < n; k++) if (k === 0 || time[sorted[k]] !== time[sorted[k - 1]]) m++;
  const times = new Float64Array(m);
  const deaths = new Float64Array(m);
  const riskAt = new Float64Array(m);
  const deathRiskAt = new Float64Array(m);
  const xRiskAt = new Float64Array(m * p);
  let j = -1;
  for (let k = 0; k < n; k++) {
    const i = sorted[k];
    if (k === 0 || time[i] !== time[sorted[k - 1]]) times[++j] = time[i];
    riskAt[j] += risk[i];
    if (status[i] === 1) {
      deaths[j] += 1;
      deathRiskAt[j] += risk[i];
    }
    for (let c = 0; c < p; c++) xRiskAt[j * p + c] += risk[i] * x[c][i];
  }
  const riskSetAll = new Float64Array(m);
  const xRiskSetAll = new Float64Array(m * p);
  for (let t = m - 1; t >= 0; t--) {
    const later = t + 1 < m;
    riskSetAll[t] = riskAt[t] + (later ? riskSetAll[t + 1] : 0);
    for (let c = 0; c < p; c++) xRiskSetAll[t * p + c] = xRiskAt[t * p + c] + (later ? xRiskSetAll[(t + 1) * p + c] : 0);
  }
  let events = 0;
  for (let t = 0; t < m; t++) if (deaths[t] > 0) events++;
  const eventTime = new Float64Array(events);
  const cumulativeHazard = new Float64Array(events);
  const hazardOverRisk = new Float64Array(events);
  const cumulativeXbar = new Float64Array(events * p);
  const riskSet = new Float64Array(events);
  let e = 0;
  let hazardSum = 0;
  let overRiskSum = 0;
  for (let t = 0; t < m; t++) {
    const d = deaths[t];
    if (d === 0) continue;
    const total = riskSetAll[t];
    let hazard: number;
    if (!efron || d === 1) hazard = d / total;
    else {
      // Efron (agsurv5): the d deaths leave the risk set a d-th at a time.
      let sum1 = 0;
      for (let k = 0; k < d; k++) sum1 += 1 / (total - (deathRiskAt[t] * k) / d) / d;
      hazard = d * sum1;
    }
    hazardSum += hazard;
    overRiskSum += hazard / total;
    eventTime[e] = times[t];
    cumulativeHazard[e] = hazardSum;
    hazardOverRisk[e] = overRiskSum;
    riskSet[e] = total;
    for (let c = 0; c < p; c++) cumulativeXbar[e * p + c] = (e > 0 ? cumulativeXbar[(e - 1) * p + c] : 0) + (xRiskSetAll[t * p + c] / total) * hazard;
    e++;
  }
  return { eventTime, cumulativeHazard, hazardOverRisk, cumulativeXbar, riskSet };
}

/** Number of entries of the ascending array `values` that are ≤ t. */
function countAtOrBelow(values: Float64Array, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function adjustedSurvival(input: AdjustedSurvivalInput): AdjustedSurvival {
  const { time, status, covariates, group, groupCount, groupColumn, coefficients, variance, means } = input;
  const n = time.length;
  const p = covariates.length;
  if (status.length !== n || group.length !== n) throw new Error('adjustedSurvival: time, status and group differ in length');
  for (const column of covariates) if (column.length !== n) throw new Error('adjustedSurvival: a covariate column differs in length from time');
  if (coefficients.length !== p || means.length !== p || variance.length !== p * p) throw new Error('adjustedSurvival: the fit does not match the covariates');
  if (groupColumn.length !== groupCount) throw new Error('adjustedSurvival: one design column (or −1) per group is needed');
  if (n === 0) throw new Error('adjustedSurvival: no rows');
  const zCrit = normalQuantile(1 - (1 - (input.confLevel ?? 0.95)) / 2);

  const beta = Float64Array.from(coefficients, (b) => (Number.isNaN(b) ? 0 : b));
  let centre = 0;
  for (let k = 0; k < p; k++) centre += means[k] * beta[k];
  const isGroupColumn = new Uint8Array(p);
  for (const c of groupColumn) if (c >= 0) isGroupColumn[c] = 1;
  const caseMixColumns: number[] = [];
  for (let c = 0; c < p; c++) if (!isGroupColumn[c]) caseMixColumns.push(c);
  const q = caseMixColumns.length;
  const groupEffect = Float64Array.from(groupColumn, (c) => (c >= 0 ? beta[c] : 0));

  // Linear predictors: ζ (case mix only) and the fitted risk r = exp(η − c) with the participant's own group.
  const caseMix = new Float64Array(n);
  const linearPredictor = new Float64Array(n);
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    let zeta = 0;
    for (let k = 0; k < p; k++) {
      const term = covariates[k][i] * beta[k];
      eta += term;
      if (!isGroupColumn[k]) zeta += term;
    }
    caseMix[i] = zeta;
    linearPredictor[i] = eta - centre;
    risk[i] = Math.exp(eta - centre);
  }

  const sorted = stratumTimeOrder(time, null);
  const base = baseline(time, status, covariates, risk, sorted, input.ties === 'efron');
  const m = base.eventTime.length;

  // dfbeta h_i = U_i Var(β), and H = Σ h hᵀ.
  // (start, stop] with start below every time, so that events at time 0 have their risk set.
  let firstTime = Infinity;
  for (let i = 0; i < n; i++) if (time[i] < firstTime) firstTime = time[i];
  const score = scoreResiduals({ start: new Float64Array(n).fill(firstTime - 1), stop: time, status, covariates, linearPredictor, ties: input.ties });
  const h = new Float64Array(n * p);
  const hh = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let l = 0; l < p; l++) s += score[i * p + l] * variance[l * p + c];
      h[i * p + c] = s;
    }
    for (let c = 0; c < p; c++) for (let l = 0; l < p; l++) hh[c * p + l] += h[i * p + c] * h[i * p + l];
  }

  // Per participant: the event-time index of T_i (number of event times ≤ T_i) and W_i once T_i ≤ t.
  const eventsUpTo = new Int32Array(n);
  const finalW = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = countAtOrBelow(base.eventTime, time[i]);
    eventsUpTo[i] = k;
    finalW[i] = (status[i] === 1 ? 1 / base.riskSet[k - 1] : 0) - (k > 0 ? risk[i] * base.hazardOverRisk[k - 1] : 0);
  }
  // Sums by eventsUpTo: Σ W², Σ W h (prefix) and Σ r², Σ r h (suffix).
  const prefixW2 = new Float64Array(m + 1);
  const prefixWh = new Float64Array((m + 1) * p);
  const laterR2 = new Float64Array(m + 1);
  const laterRh = new Float64Array((m + 1) * p);
  for (let i = 0; i < n; i++) {
    const k = eventsUpTo[i];
    prefixW2[k] += finalW[i] * finalW[i];
    for (let c = 0; c < p; c++) prefixWh[k * p + c] += finalW[i] * h[i * p + c];
    laterR2[k] += risk[i] * risk[i];
    for (let c = 0; c < p; c++) laterRh[k * p + c] += risk[i] * h[i * p + c];
  }
  // prefix[j] = Σ over participants with eventsUpTo ≤ j (T_i before the event time t_{j+1});
  // laterR2[j], laterRh[j] = Σ over participants with eventsUpTo ≥ j.
  for (let j = 1; j <= m; j++) {
    prefixW2[j] += prefixW2[j - 1];
    for (let c = 0; c < p; c++) prefixWh[j * p + c] += prefixWh[(j - 1) * p + c];
  }
  for (let j = m; j >= 1; j--) {
    laterR2[j - 1] += laterR2[j];
    for (let c = 0; c < p; c++) laterRh[(j - 1) * p + c] += laterRh[j * p + c];
  }
  // Σ over the participants with eventsUpTo > k (T_i at or after the event time t_{k+1}; none after the last).
  const later = (arr: Float64Array, k: number, width = 1, c = 0) => (k + 1 <= m ? arr[(k + 1) * width + c] : 0);

  // Pool the participants by distinct ζ.
  const zetaOrder = Float64Array.from(caseMix).sort();
  let K = 0;
  for (let e = 0; e < n; e++) if (e === 0 || zetaOrder[e] !== zetaOrder[e - 1]) zetaOrder[K++] = zetaOrder[e];
  const zeta = zetaOrder.slice(0, K);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = K - 1;
    const v = caseMix[i];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (zeta[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    pool[i] = lo;
  }
  const count = new Float64Array(K);
  const xSum = new Float64Array(K * q);
  const hSum = new Float64Array(K * p);
  for (let i = 0; i < n; i++) {
    const e = pool[i];
    count[e] += 1;
    for (let c = 0; c < q; c++) xSum[e * q + c] += covariates[caseMixColumns[c]][i];
    for (let c = 0; c < p; c++) hSum[e * p + c] += h[i * p + c];
  }
  const poolRisk = Float64Array.from(zeta, (v) => Math.exp(v - centre));
  // Running per pool: Σ W_i over its participants with T_i ≤ t, and Σ r_i over those with T_i > t.
  const poolFinalW = new Float64Array(K);
  const poolLaterR = new Float64Array(K);
  for (let i = 0; i < n; i++) poolLaterR[pool[i]] += risk[i];

  // Evaluation times, ascending.
  const evalTimes = input.times ? Float64Array.from(new Set(input.times)).sort() : base.eventTime.slice();
  const nEval = evalTimes.length;
  let lastTime = -Infinity;
  for (let i = 0; i < n; i++) if (time[i] > lastTime) lastTime = time[i];
  const curves: AdjustedSurvivalCurve[] = Array.from({ length: groupCount }, () => ({
    time: evalTimes,
    survival: new Float64Array(nEval),
    stdErr: new Float64Array(nEval),
    lower: new Float64Array(nEval),
    upper: new Float64Array(nEval),
  }));

  // Participants in time order, moved into the "T_i ≤ t" state as the event times pass.
  let moved = 0;
  const survivalByPool = new Float64Array(K);
  const b = new Float64Array(p);
  const d = new Float64Array(p);
  const centredSh = new Float64Array(p);
  const sumWh = new Float64Array(p);
  for (let v = 0; v < nEval; v++) {
    const t = evalTimes[v];
    if (!(t <= lastTime)) {
      for (const curve of curves) {
        curve.survival[v] = NaN;
        curve.stdErr[v] = NaN;
        curve.lower[v] = NaN;
        curve.upper[v] = NaN;
      }
      continue;
    }
    const k = countAtOrBelow(base.eventTime, t);
    if (k === 0) {
      for (const curve of curves) {
        curve.survival[v] = 1;
        curve.stdErr[v] = 0;
        curve.lower[v] = 1;
        curve.upper[v] = 1;
      }
      continue;
    }
    const tk = base.eventTime[k - 1];
    while (moved < n && time[sorted[moved]] <= tk) {
      const i = sorted[moved++];
      poolFinalW[pool[i]] += finalW[i];
      poolLaterR[pool[i]] -= risk[i];
    }
    const hazard = base.cumulativeHazard[k - 1];
    const G = base.hazardOverRisk[k - 1];
    // W_i(t) is W_i's final value for the participants with eventsUpTo ≤ k, −r_i G for the others.
    const sumW2 = prefixW2[k] + G * G * later(laterR2, k);
    for (let c = 0; c < p; c++) sumWh[c] = prefixWh[k * p + c] - G * later(laterRh, k, p, c);

    for (let g = 0; g < groupCount; g++) {
      const shift = Math.exp(groupEffect[g]);
      // Pass 1: the pooled predicted curves and their mean.
      let sumS = 0;
      for (let e = 0; e < K; e++) {
        const s = Math.exp(-hazard * poolRisk[e] * shift);
        survivalByPool[e] = s;
        sumS += count[e] * s;
      }
      const mean = sumS / n;
      // Pass 2: the sums of the influence function's terms.
      let sumA = 0;
      let centredS2 = 0;
      let centredSW = 0;
      b.fill(0);
      centredSh.fill(0);
      for (let e = 0; e < K; e++) {
        const s = survivalByPool[e];
        const ds = s - mean;
        const sr = s * poolRisk[e] * shift;
        sumA += count[e] * sr;
        centredS2 += count[e] * ds * ds;
        centredSW += ds * (poolFinalW[e] - G * poolLaterR[e]);
        for (let c = 0; c < q; c++) b[caseMixColumns[c]] += sr * xSum[e * q + c];
        for (let c = 0; c < p; c++) centredSh[c] += ds * hSum[e * p + c];
      }
      const A = sumA / n;
      for (const c of groupColumn) if (c >= 0) b[c] = 0;
      if (groupColumn[g] >= 0) b[groupColumn[g]] = sumA;
      for (let c = 0; c < p; c++) d[c] = (hazard * b[c]) / n - A * base.cumulativeXbar[(k - 1) * p + c];
      let dHd = 0;
      let dSh = 0;
      let dWh = 0;
      for (let c = 0; c < p; c++) {
        let row = 0;
        for (let l = 0; l < p; l++) row += hh[c * p + l] * d[l];
        dHd += d[c] * row;
        dSh += d[c] * centredSh[c];
        dWh += d[c] * sumWh[c];
      }
      const varianceAt =
        centredS2 / (n * n) + A * A * sumW2 + dHd - (2 / n) * A * centredSW - (2 / n) * dSh + 2 * A * dWh;
      const se = Math.sqrt(Math.max(varianceAt, 0));
      const curve = curves[g];
      curve.survival[v] = mean;
      curve.stdErr[v] = se;
      curve.lower[v] = Math.max(0, mean - zCrit * se);
      curve.upper[v] = Math.min(1, mean + zCrit * se);
    }
  }
  return { time: evalTimes, curves, distinctCaseMix: K };
}
