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
 * For an Efron fit dΛ₀ and the score residuals are Efron's (as survfit and coxph); W and X̄ keep the form
 * above with Efron's increments, as riskRegression does. x may be centred at the fit's means throughout
 * (done here, for rounding): every term is unchanged.
 * Without tied event times this equals ate()'s se (R: 4e-15 relative on veteran with untied times). With
 * tied event times ate's score compensator adds 1/S0 once per distinct event time (riskRegression
 * src/iidCox.cpp, IFbeta_cpp) where coxph's score residuals, used here, add d/S0; the reference is then
 * the same formula in R from coxph's residuals (test/shared/analyses/fixtures/adjusted.R).
 * CI: Wald on the survival, S ∓ z SE clipped to [0, 1] (ate()'s interval on the risk 1 − S).
 *
 * Cost. Everything is a step function that changes only at event times, and S_i^g depends on the
 * participant only through the case-mix part of the linear predictor ζ_i (x_iᵀβ without the group
 * term), so participants are pooled by distinct ζ (K values, with their counts and sums of x and of the
 * score residuals U, and the running W parts). h_i = U_i Var(β) is never formed: D·h_i = (Var(β) D)·U_i.
 * The score residuals are computed here for right-censored rows in O(n p) from running sums over the
 * event times (the same values as robust-variance.ts's scoreResiduals, checked in the tests). With m
 * evaluation times (default: every distinct event time) and k groups: O(n log n + n p²) once, then
 * O(K m k p) (one exp per distinct ζ, time and group); the sums over the participants of W², W U, r²
 * and r U are prefix/suffix sums over time. The variance is the expanded Σ φ_i², its terms summed apart.
 * Measured (2 shared cores, Node 22): 1,000,000 participants, 8 groups, age (53 values), sex and dose
 * (10 values) so K ≈ 1,060, m = 1,085 event times: 4.5 s for the whole analysis, of which the Cox fit
 * is about 2.5 s. With continuous covariates K ≈ n and the m × k × K term dominates (20,000
 * participants, m = 853: 8 s); `workLimit` then thins the default rows, and --times asks for chosen times.
 *
 * Inputs are as fitted: times after timefix, rows complete. Times after the last follow-up give NaN.
 */
import type { CoxTies } from './cox';
import { stratumTimeOrder } from './cox';
import { normalQuantile } from './distributions';

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
  /**
   * Without `times`: when K × (event times) × groups exceeds this, the curves are evaluated at that
   * many evenly spaced event times (by rank, the last included; at least 10) instead of at every one.
   * Default: no limit.
   */
  workLimit?: number;
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
  /** Distinct event times; without `times` the rows are all of them unless `workLimit` thinned them. */
  eventTimes: number;
}

/**
 * Distinct event times with the fit's hazard increments, the risk-set sums, and the parts of the score
 * residuals (x centred at the fit's means, which changes none of the results).
 */
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
  /**
   * Score residuals as coxph's (robust-variance.ts has the formulas): a participant at risk at t_k
   * without an event there gets −r (x C1_k − CX_k) summed over those times (cumulative: scoreHazard,
   * m; scoreXHazard, m×p); one with an event at t_k gets (x − eventMean_k) − r (x ownHazard_k −
   * ownXHazard_k) there. Breslow: C1 = own = d/S0, CX = ownX = d S1/S0², eventMean = S1/S0. Efron:
   * D_j = S0 − (j/d) S0_D, x̄_j = (S1 − (j/d) S1_D)/D_j, j = 0..d−1: C1 = Σ 1/D_j, CX = Σ x̄_j/D_j,
   * own = Σ (1 − j/d)/D_j, ownX = Σ (1 − j/d) x̄_j/D_j, eventMean = mean of x̄_j.
   */
  scoreHazard: Float64Array;
  scoreXHazard: Float64Array;
  /** Per row, the number of event times on or before its time. */
  eventsUpTo: Int32Array;
  ownHazard: Float64Array;
  ownXHazard: Float64Array;
  eventMean: Float64Array;
}

function baseline(time: Float64Array, status: Uint8Array, x: Float64Array[], means: Float64Array, risk: Float64Array, sorted: Int32Array, efron: boolean): Baseline {
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
  const deathXRiskAt = new Float64Array(m * p);
  // The distinct time of each row; then the x sums column by column in row order (the columns are read
  // in sequence, the m×p sums stay in cache).
  const timeIndex = new Int32Array(n);
  let j = -1;
  for (let k = 0; k < n; k++) {
    const i = sorted[k];
    if (k === 0 || time[i] !== time[sorted[k - 1]]) times[++j] = time[i];
    timeIndex[i] = j;
  }
  for (let i = 0; i < n; i++) {
    const t = timeIndex[i];
    riskAt[t] += risk[i];
    if (status[i] === 1) {
      deaths[t] += 1;
      deathRiskAt[t] += risk[i];
    }
  }
  for (let c = 0; c < p; c++) {
    const column = x[c];
    const centre = means[c];
    for (let i = 0; i < n; i++) {
      const rx = risk[i] * (column[i] - centre);
      const at = timeIndex[i] * p + c;
      xRiskAt[at] += rx;
      if (status[i] === 1) deathXRiskAt[at] += rx;
    }
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
  const scoreHazard = new Float64Array(events);
  const scoreXHazard = new Float64Array(events * p);
  const ownHazard = new Float64Array(events);
  const ownXHazard = new Float64Array(events * p);
  const eventMean = new Float64Array(events * p);
  const stepX = new Float64Array(p);
  let e = 0;
  let hazardSum = 0;
  let overRiskSum = 0;
  let scoreSum = 0;
  for (let t = 0; t < m; t++) {
    const d = deaths[t];
    if (d === 0) continue;
    const total = riskSetAll[t];
    let hazard: number;
    stepX.fill(0);
    if (!efron || d === 1) {
      hazard = d / total;
      ownHazard[e] = hazard;
      for (let c = 0; c < p; c++) {
        const mean = xRiskSetAll[t * p + c] / total;
        eventMean[e * p + c] = mean;
        stepX[c] = mean * hazard;
        ownXHazard[e * p + c] = mean * hazard;
      }
    } else {
      // Efron (agsurv5, agscore3): the d deaths leave the risk set a d-th at a time.
      let sum1 = 0;
      let own = 0;
      for (let k = 0; k < d; k++) {
        const a = 1 / (total - (deathRiskAt[t] * k) / d);
        sum1 += a / d;
        own += (1 - k / d) * a;
        for (let c = 0; c < p; c++) {
          const mean = (xRiskSetAll[t * p + c] - (deathXRiskAt[t * p + c] * k) / d) * a;
          stepX[c] += mean * a;
          ownXHazard[e * p + c] += (1 - k / d) * mean * a;
          eventMean[e * p + c] += mean / d;
        }
      }
      hazard = d * sum1;
      ownHazard[e] = own;
    }
    hazardSum += hazard;
    overRiskSum += hazard / total;
    scoreSum += hazard;
    eventTime[e] = times[t];
    cumulativeHazard[e] = hazardSum;
    hazardOverRisk[e] = overRiskSum;
    riskSet[e] = total;
    scoreHazard[e] = scoreSum;
    for (let c = 0; c < p; c++) {
      const previous = e > 0 ? (e - 1) * p + c : -1;
      cumulativeXbar[e * p + c] = (previous >= 0 ? cumulativeXbar[previous] : 0) + (xRiskSetAll[t * p + c] / total) * hazard;
      scoreXHazard[e * p + c] = (previous >= 0 ? scoreXHazard[previous] : 0) + stepX[c];
    }
    e++;
  }
  const eventsUpTo = new Int32Array(n);
  const eventsUpToTime = new Int32Array(m);
  for (let t = 0, passed = 0; t < m; t++) eventsUpToTime[t] = passed += deaths[t] > 0 ? 1 : 0;
  for (let i = 0; i < n; i++) eventsUpTo[i] = eventsUpToTime[timeIndex[i]];
  return { eventTime, cumulativeHazard, hazardOverRisk, cumulativeXbar, riskSet, scoreHazard, scoreXHazard, ownHazard, ownXHazard, eventMean, eventsUpTo };
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
  const groupPart = new Float64Array(n);
  for (let k = 0; k < p; k++) {
    const column = covariates[k];
    const coefficient = beta[k];
    if (coefficient === 0) continue;
    const target = isGroupColumn[k] ? groupPart : caseMix;
    for (let i = 0; i < n; i++) target[i] += column[i] * coefficient;
  }
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) risk[i] = Math.exp(caseMix[i] + groupPart[i] - centre);

  const sorted = stratumTimeOrder(time, null);
  const base = baseline(time, status, covariates, means, risk, sorted, input.ties === 'efron');
  const m = base.eventTime.length;

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

  // One pass over the participants: the score residual U_i (coxph's, on x centred at the means), W_i's
  // final value, and the sums the variance needs, with U in place of h = U Var(β) (D·h = (Var(β) D)·U).
  //   per pool: count, Σ x (case-mix columns, centred), Σ U;  Σ U Uᵀ;
  //   by eventsUpTo k_i (the number of event times ≤ T_i): Σ W², Σ W U (then prefix sums) and Σ r², Σ r U
  //   (then suffix sums): at time t after k event times, W_i(t) is W_i's final value when k_i ≤ k and
  //   −r_i G(t) otherwise.
  const count = new Float64Array(K);
  const xSum = new Float64Array(K * q);
  const uSum = new Float64Array(K * p);
  const uu = new Float64Array(p * p);
  const finalW = new Float64Array(n);
  const prefixW2 = new Float64Array(m + 1);
  const prefixWu = new Float64Array((m + 1) * p);
  const laterR2 = new Float64Array(m + 1);
  const laterRu = new Float64Array((m + 1) * p);
  const u = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const e = pool[i];
    count[e] += 1;
    for (let c = 0; c < q; c++) xSum[e * q + c] += covariates[caseMixColumns[c]][i] - means[caseMixColumns[c]];
    const k = base.eventsUpTo[i];
    const r = risk[i];
    const event = status[i] === 1;
    const w = (event ? 1 / base.riskSet[k - 1] : 0) - (k > 0 ? r * base.hazardOverRisk[k - 1] : 0);
    finalW[i] = w;
    // Event times at which i was at risk without its own event: all k for a censoring, k − 1 for an event.
    const before = event ? k - 1 : k;
    for (let c = 0; c < p; c++) {
      const xc = covariates[c][i] - means[c];
      let value = before > 0 ? -r * (xc * base.scoreHazard[before - 1] - base.scoreXHazard[(before - 1) * p + c]) : 0;
      if (event) value += xc - base.eventMean[(k - 1) * p + c] - r * (xc * base.ownHazard[k - 1] - base.ownXHazard[(k - 1) * p + c]);
      u[c] = value;
      uSum[e * p + c] += value;
      prefixWu[k * p + c] += w * value;
      laterRu[k * p + c] += r * value;
    }
    for (let c = 0; c < p; c++) for (let l = c; l < p; l++) uu[c * p + l] += u[c] * u[l];
    prefixW2[k] += w * w;
    laterR2[k] += r * r;
  }
  for (let c = 0; c < p; c++) for (let l = 0; l < c; l++) uu[c * p + l] = uu[l * p + c];
  // prefix[j]: over the participants with k_i ≤ j; later[j]: with k_i ≥ j.
  for (let j = 1; j <= m; j++) {
    prefixW2[j] += prefixW2[j - 1];
    for (let c = 0; c < p; c++) prefixWu[j * p + c] += prefixWu[(j - 1) * p + c];
  }
  for (let j = m; j >= 1; j--) {
    laterR2[j - 1] += laterR2[j];
    for (let c = 0; c < p; c++) laterRu[(j - 1) * p + c] += laterRu[j * p + c];
  }
  // Σ over the participants with k_i > k (T_i at or after the event time t_{k+1}; none after the last).
  const later = (arr: Float64Array, k: number, width = 1, c = 0) => (k + 1 <= m ? arr[(k + 1) * width + c] : 0);
  const poolRisk = Float64Array.from(zeta, (v) => Math.exp(v - centre));
  // Running per pool: Σ W_i over its participants with T_i ≤ t, and Σ r_i over those with T_i > t.
  const poolFinalW = new Float64Array(K);
  const poolLaterR = new Float64Array(K);
  for (let i = 0; i < n; i++) poolLaterR[pool[i]] += risk[i];

  // Evaluation times, ascending.
  let evalTimes: Float64Array;
  if (input.times) evalTimes = Float64Array.from(new Set(input.times)).sort();
  else if (input.workLimit !== undefined && K * m * groupCount > input.workLimit) {
    const count = Math.min(m, Math.max(10, Math.floor(input.workLimit / (K * groupCount))));
    evalTimes = Float64Array.from({ length: count }, (_, j) => base.eventTime[Math.round(((j + 1) * m) / count) - 1]);
  } else evalTimes = base.eventTime.slice();
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
  const dv = new Float64Array(p);
  const bCaseMix = new Float64Array(q);
  const centredSu = new Float64Array(p);
  const sumWu = new Float64Array(p);
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
    for (let c = 0; c < p; c++) sumWu[c] = prefixWu[k * p + c] - G * later(laterRu, k, p, c);

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
      bCaseMix.fill(0);
      centredSu.fill(0);
      for (let e = 0; e < K; e++) {
        const s = survivalByPool[e];
        const ds = s - mean;
        const sr = s * poolRisk[e] * shift;
        const size = count[e];
        sumA += size * sr;
        centredS2 += size * ds * ds;
        centredSW += ds * (poolFinalW[e] - G * poolLaterR[e]);
        for (let c = 0, at = e * q; c < q; c++, at++) bCaseMix[c] += sr * xSum[at];
        for (let c = 0, at = e * p; c < p; c++, at++) centredSu[c] += ds * uSum[at];
      }
      const A = sumA / n;
      for (let c = 0; c < q; c++) b[caseMixColumns[c]] = bCaseMix[c];
      // The group indicators of x^g, centred like the rest.
      for (const c of groupColumn) if (c >= 0) b[c] = sumA * ((c === groupColumn[g] ? 1 : 0) - means[c]);
      for (let c = 0; c < p; c++) d[c] = (hazard * b[c]) / n - A * base.cumulativeXbar[(k - 1) * p + c];
      // D·h_i = D·(U_i Var(β)) = (Var(β) D)·U_i.
      for (let c = 0; c < p; c++) {
        let row = 0;
        for (let l = 0; l < p; l++) row += variance[c * p + l] * d[l];
        dv[c] = row;
      }
      let dHd = 0;
      let dSh = 0;
      let dWh = 0;
      for (let c = 0; c < p; c++) {
        let row = 0;
        for (let l = 0; l < p; l++) row += uu[c * p + l] * dv[l];
        dHd += dv[c] * row;
        dSh += dv[c] * centredSu[c];
        dWh += dv[c] * sumWu[c];
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
  return { time: evalTimes, curves, distinctCaseMix: K, eventTimes: m };
}
