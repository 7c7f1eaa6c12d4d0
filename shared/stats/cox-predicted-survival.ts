/**
 * Predicted survival curves from a fitted Cox model for chosen covariate profiles, as R's
 * `survfit(coxph_fit, newdata = profiles)` with its defaults (survival 3.5: R/survfit.coxph.R,
 * coxsurv.fit and agsurv, src/agsurv5.c; derived in noweb/survfit.coxph.Rnw): stype = 2
 * (S = exp(−Λ)), ctype from the ties (Breslow fit → Breslow hazard, ctype 1; Efron fit → Efron
 * hazard, ctype 2), se.fit = TRUE with the term for the estimated coefficients, conf.type = "log".
 *
 * Baseline, per stratum, at every distinct time t (event or censoring) of that stratum:
 *   r_i = exp(x_iᵀβ − c), c = meansᵀβ (R's xcenter; a coefficient R gives as NA counts as 0),
 *   R(t) = Σ_{time_i ≥ t} r_i (the weighted risk set), X(t) = Σ_{time_i ≥ t} r_i x_i, d = deaths at t.
 *   Breslow: dΛ = d / R,  dV = d / R²,  dX̄ = (X / R) dΛ.
 *   Efron:   with E = Σ_{deaths at t} r_i and XE = Σ_{deaths at t} r_i x_i, for j = 0..d−1
 *            a_j = 1 / (R − E j/d):  dΛ = d Σ_j a_j / d,  dV = d Σ_j a_j² / d,
 *            dX̄ = d Σ_j (X − XE j/d) a_j² / d  (agsurv5; a single death gives 1/R, 1/R², X/R²).
 *   Λ₀, V₀ and X̄ are the running sums of dΛ, dV and dX̄ (X̄ is p-dimensional; x is not centred).
 * Profile z (its stratum's baseline), risk ρ = exp(zᵀβ − c):
 *   S(t) = exp(−Λ₀(t))^ρ,
 *   std.err(t) = ρ sqrt(V₀(t) + dᵀ Var(β) d),  d = Λ₀(t) z − X̄(t)  (the SE of the cumulative hazard,
 *   which is the SE of log S: R's survfit std.err for a Cox curve),
 *   CI (log): exp(log S ± z_{1−α/2} std.err), the upper limit capped at 1; none where S = 0.
 * Predictions do not depend on the centring c in exact arithmetic; it is kept as R applies it so the
 * rounding is R's.
 *
 * The times are coxph's after timefix (aeqSurv, timefix.ts) unless the caller already applied it.
 */
import { stratumTimeOrder, type CoxTies } from './cox';
import { normalQuantile } from './distributions';
import { aeqSurv } from './timefix';

export interface CoxPredictionInput {
  /** The data the model was fitted on (rows complete, as given to fitCox). */
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Uint8Array;
  /** p covariate columns, each of length n, as given to fitCox. */
  covariates: Float64Array[];
  /** Stratum code per row, or null for one stratum. */
  strata?: Int32Array | null;
  ties: CoxTies;
  /** The fit: β (NaN for a redundant column, taken as 0 as R does), Var(β) p×p row-major, means. */
  coefficients: Float64Array;
  variance: Float64Array;
  means: Float64Array;
  /** One covariate row (length p, on the design's columns) per profile. */
  profiles: Float64Array[];
  /** The stratum code of each profile (codes of `strata`); required when the model has strata. */
  profileStrata?: Int32Array | null;
  /** Coverage of the pointwise CI, default 0.95. */
  confLevel?: number;
  /** Merge times that differ by rounding error only, as coxph(timefix = TRUE); default true. */
  timefix?: boolean;
}

export interface PredictedSurvivalCurve {
  /** Every distinct time of the profile's stratum (events and censorings), ascending. */
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  survival: Float64Array;
  cumulativeHazard: Float64Array;
  /** R's survfit std.err for a Cox curve: the SE of the cumulative hazard (= of log S). */
  stdErr: Float64Array;
  /** NaN where R gives NA (S = 0). */
  lower: Float64Array;
  upper: Float64Array;
  /** exp(zᵀβ − meansᵀβ): the profile's hazard relative to the baseline curve. */
  relativeRisk: number;
}

/** The baseline quantities of one stratum at its distinct times (running sums). */
interface StratumBaseline {
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  cumulativeHazard: Float64Array;
  cumulativeVariance: Float64Array;
  /** m×p row-major running sum of dX̄. */
  cumulativeXbar: Float64Array;
}

/** Rows sorted (stratum, time); the rows of one stratum are sorted[start..end). */
function stratumBaseline(
  time: Float64Array,
  status: Uint8Array,
  x: Float64Array[],
  risk: Float64Array,
  sorted: Int32Array,
  start: number,
  end: number,
  efron: boolean,
): StratumBaseline {
  const p = x.length;
  // Distinct times of the stratum and the per-time sums (in data order within a time, as R's rowsum).
  let m = 0;
  for (let k = start; k < end; k++) if (k === start || time[sorted[k]] !== time[sorted[k - 1]]) m++;
  const times = new Float64Array(m);
  const nEvent = new Float64Array(m);
  const nCensor = new Float64Array(m);
  const count = new Float64Array(m);
  const riskAt = new Float64Array(m);
  const deathRiskAt = new Float64Array(m);
  const xRiskAt = new Float64Array(m * p);
  const deathXRiskAt = new Float64Array(m * p);
  let j = -1;
  for (let k = start; k < end; k++) {
    const i = sorted[k];
    if (k === start || time[i] !== time[sorted[k - 1]]) times[++j] = time[i];
    const r = risk[i];
    count[j] += 1;
    riskAt[j] += r;
    const dead = status[i] === 1;
    if (dead) {
      nEvent[j] += 1;
      deathRiskAt[j] += r;
    } else nCensor[j] += 1;
    for (let c = 0; c < p; c++) {
      const rx = r * x[c][i];
      xRiskAt[j * p + c] += rx;
      if (dead) deathXRiskAt[j * p + c] += rx;
    }
  }
  // Risk sets: sums over the rows with time ≥ t, accumulated from the last time back (R's rcumsum).
  const nRisk = new Float64Array(m);
  const riskSet = new Float64Array(m);
  const xRiskSet = new Float64Array(m * p);
  for (let t = m - 1; t >= 0; t--) {
    const later = t + 1 < m;
    nRisk[t] = count[t] + (later ? nRisk[t + 1] : 0);
    riskSet[t] = riskAt[t] + (later ? riskSet[t + 1] : 0);
    for (let c = 0; c < p; c++) xRiskSet[t * p + c] = xRiskAt[t * p + c] + (later ? xRiskSet[(t + 1) * p + c] : 0);
  }
  const cumulativeHazard = new Float64Array(m);
  const cumulativeVariance = new Float64Array(m);
  const cumulativeXbar = new Float64Array(m * p);
  const xbarStep = new Float64Array(p);
  let hazardSum = 0;
  let varianceSum = 0;
  for (let t = 0; t < m; t++) {
    const d = nEvent[t];
    const total = riskSet[t];
    let hazard = 0;
    let variance = 0;
    xbarStep.fill(0);
    if (d > 0) {
      if (!efron) {
        hazard = d / total;
        variance = d / (total * total);
        for (let c = 0; c < p; c++) xbarStep[c] = (xRiskSet[t * p + c] / total) * hazard;
      } else if (d === 1) {
        const a = 1 / total;
        hazard = a;
        variance = a * a;
        for (let c = 0; c < p; c++) xbarStep[c] = xRiskSet[t * p + c] * a * a;
      } else {
        // Efron: the d deaths leave the risk set a d-th at a time.
        const deathRisk = deathRiskAt[t];
        let sum1 = 0;
        let sum2 = 0;
        for (let k = 0; k < d; k++) {
          const a = 1 / (total - (deathRisk * k) / d);
          sum1 += a / d;
          sum2 += (a * a) / d;
          for (let c = 0; c < p; c++) xbarStep[c] += ((xRiskSet[t * p + c] - (deathXRiskAt[t * p + c] * k) / d) * a * a) / d;
        }
        hazard = d * sum1;
        variance = d * sum2;
        for (let c = 0; c < p; c++) xbarStep[c] *= d;
      }
    }
    hazardSum += hazard;
    varianceSum += variance;
    cumulativeHazard[t] = hazardSum;
    cumulativeVariance[t] = varianceSum;
    for (let c = 0; c < p; c++) cumulativeXbar[t * p + c] = (t > 0 ? cumulativeXbar[(t - 1) * p + c] : 0) + xbarStep[c];
  }
  return { time: times, nRisk, nEvent, nCensor, cumulativeHazard, cumulativeVariance, cumulativeXbar };
}

export function coxPredictedSurvival(input: CoxPredictionInput): PredictedSurvivalCurve[] {
  const { status, covariates, coefficients, variance, means, profiles } = input;
  const time = input.timefix === false || input.time.length === 0 ? input.time : aeqSurv(input.time);
  const n = time.length;
  const p = covariates.length;
  const strata = input.strata ?? null;
  if (status.length !== n) throw new Error('coxPredictedSurvival: time and status differ in length');
  for (const column of covariates) if (column.length !== n) throw new Error('coxPredictedSurvival: a covariate column differs in length from time');
  if (strata && strata.length !== n) throw new Error('coxPredictedSurvival: strata differ in length from time');
  if (coefficients.length !== p || means.length !== p || variance.length !== p * p) throw new Error('coxPredictedSurvival: the fit does not match the covariates');
  for (const z of profiles) if (z.length !== p) throw new Error('coxPredictedSurvival: a profile does not have one value per covariate column');
  if (strata && (!input.profileStrata || input.profileStrata.length !== profiles.length)) {
    throw new Error('coxPredictedSurvival: the model has strata, so each profile needs its stratum');
  }
  const zCrit = normalQuantile(1 - (1 - (input.confLevel ?? 0.95)) / 2);

  // R: beta <- ifelse(is.na(coef), 0, coef); xcenter <- sum(means * beta); risk <- exp(X beta - xcenter).
  const beta = Float64Array.from(coefficients, (b) => (Number.isNaN(b) ? 0 : b));
  let centre = 0;
  for (let k = 0; k < p; k++) centre += means[k] * beta[k];
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let k = 0; k < p; k++) eta += covariates[k][i] * beta[k];
    risk[i] = Math.exp(eta - centre);
  }

  // Baselines per stratum, computed once each, from one (stratum, time) order.
  const sorted = stratumTimeOrder(time, strata);
  const baselines = new Map<number, StratumBaseline>();
  const efron = input.ties === 'efron';
  let start = 0;
  while (start < n) {
    let end = start + 1;
    if (strata) while (end < n && strata[sorted[end]] === strata[sorted[start]]) end++;
    else end = n;
    baselines.set(strata ? strata[sorted[start]] : 0, stratumBaseline(time, status, covariates, risk, sorted, start, end, efron));
    start = end;
  }

  return profiles.map((z, index) => {
    const code = strata ? input.profileStrata![index] : 0;
    const base = baselines.get(code);
    if (!base) throw new Error(`coxPredictedSurvival: profile ${index + 1} names stratum ${code}, which has no rows`);
    let eta = 0;
    for (let k = 0; k < p; k++) eta += z[k] * beta[k];
    const relativeRisk = Math.exp(eta - centre);
    const m = base.time.length;
    const survival = new Float64Array(m);
    const cumulativeHazard = new Float64Array(m);
    const stdErr = new Float64Array(m);
    const lower = new Float64Array(m);
    const upper = new Float64Array(m);
    const dt = new Float64Array(p);
    for (let t = 0; t < m; t++) {
      const hazard = base.cumulativeHazard[t];
      survival[t] = Math.pow(Math.exp(-hazard), relativeRisk);
      cumulativeHazard[t] = hazard * relativeRisk;
      for (let k = 0; k < p; k++) dt[k] = hazard * z[k] - base.cumulativeXbar[t * p + k];
      // rowSums((dt %*% varmat) * dt)
      let quadratic = 0;
      for (let k = 0; k < p; k++) {
        let column = 0;
        for (let l = 0; l < p; l++) column += dt[l] * variance[l * p + k];
        quadratic += column * dt[k];
      }
      const se = Math.sqrt((base.cumulativeVariance[t] + quadratic) * (relativeRisk * relativeRisk));
      stdErr[t] = se;
      if (survival[t] === 0 || !Number.isFinite(se)) {
        lower[t] = NaN;
        upper[t] = NaN;
      } else {
        const logS = Math.log(survival[t]);
        lower[t] = Math.exp(logS - zCrit * se);
        upper[t] = Math.min(Math.exp(logS + zCrit * se), 1);
      }
    }
    return {
      time: base.time,
      nRisk: base.nRisk,
      nEvent: base.nEvent,
      nCensor: base.nCensor,
      survival,
      cumulativeHazard,
      stdErr,
      lower,
      upper,
      relativeRisk,
    };
  });
}
