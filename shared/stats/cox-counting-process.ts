/**
 * Cox proportional-hazards regression on counting-process data, each row an interval (start, stop]
 * with an event indicator at its stop, as R's `coxph(Surv(start, stop, event) ~ …)` (survival 3.5:
 * R/agreg.fit.R and src/agfit4.c, derived in noweb/agreg.Rnw). The same partial likelihood as
 * cox.ts, but a row is at risk at an event time t only when start < t <= stop, which gives delayed
 * entry, time-dependent covariates (one row per period of constant value) and recurrent events
 * (Andersen–Gill; PWP with strata by episode).
 *
 * What is reproduced from R, step by step:
 * - Timefix (coxph's aeqSurv on the Surv object): the distinct start and stop values together are
 *   merged when closer than sqrt(machine ε) (timefix.ts); an interval that becomes of length 0 is
 *   refused, as R stops ("aeqSurv exception").
 * - Rows that span no event time of their stratum (no event t with start < t <= stop) are left out
 *   of the computation (agreg.fit's `ignore`); they change nothing but the centring below.
 * - Centring and scaling (agfit4): the code's per-stratum centring subtracts, as written, the value of
 *   the first used row in (stratum, stop descending) order from every used row; the scale is
 *   n_used / Σ|x − c|. Columns whose values all lie in {-1, 0, 1} are left alone (nocenter). The
 *   reported means are the plain column means (0 for those columns), as agreg.fit's `agmeans`.
 *   Newton–Raphson is invariant to all this; it matters for the singularity tolerance only.
 * - Risk sets: two passes of pointers from the largest time down, one over stop times (rows join the
 *   risk set when stop >= t) and one over start times (rows leave when start >= t). Sums
 *   S0 = Σ r_i, S1 = Σ r_i x_i, S2 = Σ r_i x_i x_iᵀ; when the risk set empties it is reset to exact
 *   zero. At an event time with d events (set D):
 *     Breslow: loglik −= d log S0, U −= d S1/S0, I += d (S2/S0 − S1 S1ᵀ/S0²);
 *     Efron: for k = 1..d the events enter with weight k/d: S0ₖ = S0_rest + (k/d) S0_D, likewise
 *            S1ₖ, S2ₖ; loglik −= log S0ₖ, U −= S1ₖ/S0ₖ, I += S2ₖ/S0ₖ − S1ₖ S1ₖᵀ/S0ₖ²;
 *   plus loglik += Σ_D ηᵢ and U += Σ_D xᵢ. The linear predictors are re-centred when their running mean
 *   drifts by more than 200 (agfit4's overflow guard).
 * - Iteration (agfit4): β₁ = β₀ + I⁻¹U at β₀ = 0 (whose U I⁻¹ U is the score test). Then, at each
 *   iteration, converged when the Cholesky rank has not changed, nothing is infinite, the previous step
 *   was not a halving step and |1 − ℓ_best/ℓ_new| <= eps (1e-9). A step that lowers the log-likelihood
 *   (or fails) is halved: β = (β + h β_old)/(h + 1), h = 1, 2, …. After iter.max (20) iterations
 *   without convergence the last β is kept, unless its log-likelihood is worse than the best by more
 *   than eps relative, in which case the best β is re-evaluated and reported.
 * - Variance: the inverse information (Cholesky with pivot tolerance ε^0.75, cholesky2/chinv2); a
 *   column with a zero pivot at β = 0 is redundant (NA coefficient, null here) when the rank is < p.
 * - Warnings as agreg.fit: "Ran out of iterations and did not converge"; "Loglik converged before
 *   variable …; beta may be infinite" when U is not finite or |U V|_j > sqrt(eps) (1 + |β_j|).
 * - Tests as summary.coxph: likelihood ratio 2(ℓ₁ − ℓ₀), Wald βᵀV⁻β (coxph.wtest) and score, on
 *   df = number of non-redundant coefficients.
 *
 * Not reproduced: case weights, offsets, initial values, the "exact" tie method. An interval with
 * stop <= start is refused here (R's Surv() makes it NA with a warning and coxph drops the row).
 */
import { chiSquareUpperTail } from './distributions';
import { waldStatistic, type CoxTest, type CoxTies, type CoxWarning } from './cox';
import { CHOLESKY_TOLERANCE, choleskyDecompose, choleskyInvert, choleskySolve } from './linear-algebra';
import { aeqSurv } from './timefix';
import { newtonRaphson, type NewtonRaphsonProblem } from './newton-raphson';
import { countingSortByKey, denseRanks, sortOrder } from './sort-order';

export interface CountingProcessCoxInput {
  /** Interval start (exclusive). */
  start: Float64Array;
  /** Interval stop (inclusive); the event, if any, happens here. */
  stop: Float64Array;
  /** 1 = event at stop, 0 = no event. */
  status: Uint8Array;
  /** p covariate columns, each of length n. */
  covariates: Float64Array[];
  /** Stratum code per row (any integers), or null for one stratum. */
  strata?: Int32Array | null;
  ties: CoxTies;
  /** R's iter.max, default 20. */
  maxIterations?: number;
  /** R's eps, default 1e-9. */
  epsilon?: number;
  /** Merge start and stop values that differ by rounding error only (coxph timefix = TRUE); default true. */
  timefix?: boolean;
}

export interface CountingProcessCoxFit {
  n: number;
  /** Rows that span at least one event time of their stratum (the others do not enter the fit). */
  nUsed: number;
  events: number;
  /** β; NaN where R gives NA (a redundant column). */
  coefficients: Float64Array;
  /** Model-based SEs, sqrt of the variance diagonal; NaN for a redundant column. */
  standardErrors: Float64Array;
  /** Inverse information at β, p×p row-major (0 in the rows/columns of redundant columns, as R). */
  variance: Float64Array;
  redundant: boolean[];
  possiblyInfinite: boolean[];
  /** Score vector U at the final β (original scale), as R's fit$first. */
  score: Float64Array;
  /** Column means (0 for columns with values in {-1, 0, 1}), as R's fit$means. */
  means: Float64Array;
  logLikNull: number;
  logLikFinal: number;
  scoreTest: CoxTest;
  waldTest: CoxTest;
  likelihoodRatioTest: CoxTest;
  /** R's fit$iter. */
  iterations: number;
  converged: boolean;
  /** xᵀβ − meansᵀβ in the original row order, as R's fit$linear.predictors (NA coefficients count as 0). */
  linearPredictor: Float64Array;
  /** Start and stop after timefix, in the original row order (what the fit and its residuals use). */
  start: Float64Array;
  stop: Float64Array;
  warnings: CoxWarning[];
}

/** A problem with the intervals, worded for the user: one line naming the row (1-based). */
export class IntervalError extends Error {
  override name = 'IntervalError';
}

/**
 * Refuses intervals R would not fit: a start or stop that is missing or infinite, and an interval
 * whose stop is not after its start (R's Surv() makes such a row NA and coxph drops it silently).
 */
export function checkIntervals(start: Float64Array, stop: Float64Array, status: Uint8Array): void {
  if (stop.length !== start.length || status.length !== start.length) throw new IntervalError('start, stop and event differ in length');
  for (let i = 0; i < start.length; i++) {
    if (!Number.isFinite(start[i]) || !Number.isFinite(stop[i])) throw new IntervalError(`Row ${i + 1}: the interval start and stop must be finite numbers.`);
    if (!(stop[i] > start[i])) {
      throw new IntervalError(`Row ${i + 1}: the interval stop (${stop[i]}) must be after its start (${start[i]}); an interval of length 0 or less cannot be at risk.`);
    }
  }
}

/**
 * coxph's timefix for (start, stop] data: aeqSurv over the start and stop values together. Returns
 * the input arrays when nothing is merged. Throws when merging makes an interval of length 0.
 */
export function countingProcessTimefix(start: Float64Array, stop: Float64Array): { start: Float64Array; stop: Float64Array } {
  const n = start.length;
  const both = new Float64Array(2 * n);
  both.set(start, 0);
  both.set(stop, n);
  const fixed = aeqSurv(both);
  if (fixed === both) return { start, stop };
  const fixedStart = fixed.slice(0, n);
  const fixedStop = fixed.slice(n);
  for (let i = 0; i < n; i++) {
    if (fixedStart[i] === fixedStop[i] && start[i] !== stop[i]) {
      throw new IntervalError(`Row ${i + 1}: the interval (${start[i]}, ${stop[i]}] is shorter than rounding error and has effective length 0.`);
    }
  }
  return { start: fixedStart, stop: fixedStop };
}

/**
 * Dense stratum codes 0..k-1 in ascending order of the given codes (all 0 without strata), and k.
 */
export function stratumCodes(strata: Int32Array | null, n: number): { codes: Int32Array; count: number } {
  if (!strata) return { codes: new Int32Array(n), count: 1 };
  const ranks = denseRanks(Float64Array.from(strata));
  return { codes: ranks.ranks, count: ranks.count };
}

/**
 * `rows` ordered by stratum ascending, then `key` descending, ties in row order (R's
 * order(strata, -key) on those rows): a stable radix sort of −key, then a stable counting sort by stratum.
 */
export function orderByStratumDescending(rows: Int32Array, key: Float64Array, strata: { codes: Int32Array; count: number }): Int32Array {
  const negated = new Float64Array(rows.length);
  for (let m = 0; m < rows.length; m++) negated[m] = 0 - key[rows[m]];
  const byKey = sortOrder(negated);
  const order = new Int32Array(rows.length);
  for (let m = 0; m < rows.length; m++) order[m] = rows[byKey[m]];
  return strata.count > 1 ? countingSortByKey(order, strata.codes, strata.count) : order;
}

/**
 * Whether each row spans an event time of its own stratum (some event t with start < t <= stop),
 * agreg.fit's `!ignore`.
 */
function spansEvent(start: Float64Array, stop: Float64Array, status: Uint8Array, strata: { codes: Int32Array; count: number }): Uint8Array {
  const n = start.length;
  const used = new Uint8Array(n);
  // Event times of each stratum, sorted: the events in (stratum, stop) order, stratum blocks at first[s].
  let nEvents = 0;
  for (let i = 0; i < n; i++) nEvents += status[i] === 1 ? 1 : 0;
  const events = new Int32Array(nEvents);
  const eventStops = new Float64Array(nEvents);
  for (let i = 0, m = 0; i < n; i++) {
    if (status[i] !== 1) continue;
    events[m] = i;
    eventStops[m++] = stop[i];
  }
  const ascending = sortOrder(eventStops);
  let byStop: Int32Array = new Int32Array(nEvents);
  for (let m = 0; m < nEvents; m++) byStop[m] = events[ascending[m]];
  if (strata.count > 1) byStop = countingSortByKey(byStop, strata.codes, strata.count);
  const first = new Int32Array(strata.count + 1);
  for (let m = 0; m < nEvents; m++) first[strata.codes[byStop[m]] + 1]++;
  for (let s = 0; s < strata.count; s++) first[s + 1] += first[s];
  const times = new Float64Array(nEvents);
  for (let m = 0; m < nEvents; m++) times[m] = stop[byStop[m]];
  for (let i = 0; i < n; i++) {
    const s = strata.codes[i];
    const low = first[s];
    const high = first[s + 1];
    if (low === high) continue;
    if (countAtOrBelow(times, low, high, stop[i]) !== countAtOrBelow(times, low, high, start[i])) used[i] = 1;
  }
  return used;
}

/** The number of sorted[low..high) at or below t, plus low (binary search). */
export function countAtOrBelow(sorted: Float64Array, low: number, high: number, t: number): number {
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The design and the work space for one evaluation of the partial likelihood (agfit4's loop body). */
interface Workspace {
  p: number;
  nUsed: number;
  efron: boolean;
  start: Float64Array;
  stop: Float64Array;
  status: Uint8Array;
  /** Dense stratum code (0 without strata). */
  stratum: Int32Array;
  /** Used rows in (stratum, stop descending) order and in (stratum, start descending) order. */
  byStop: Int32Array;
  byStart: Int32Array;
  /** Row-major design, centred and scaled. */
  x: Float64Array;
  eta: Float64Array;
  score: Float64Array;
  information: Float64Array;
  riskSum1: Float64Array;
  riskSum2: Float64Array;
  deathSum1: Float64Array;
  deathSum2: Float64Array;
}

/** Log partial likelihood at β (scaled coordinates); fills ws.score and the upper triangle of ws.information. */
function evaluate(ws: Workspace, beta: Float64Array): number {
  const { p, nUsed, efron, start, stop, status, stratum: stratumCode, byStop, byStart, x, eta, score, information, riskSum1, riskSum2, deathSum1, deathSum2 } = ws;
  const packed = riskSum2.length;
  for (let k = 0; k < nUsed; k++) {
    const row = byStop[k];
    let e = 0;
    for (let i = 0; i < p; i++) e += beta[i] * x[row * p + i];
    eta[row] = e;
  }
  score.fill(0);
  information.fill(0);
  let logLik = 0;
  let recenter = 0;
  let riskSum0 = 0;
  let atRisk = 0;
  let etaSum = 0;
  riskSum1.fill(0);
  riskSum2.fill(0);
  let person = 0;
  let leaving = 0;
  let stratum = nUsed > 0 ? stratumCode[byStop[0]] : 0;
  let eventTime = 0;
  while (person < nUsed) {
    // The next event time at or after `person` in stop order; a new stratum resets the sums.
    let k = person;
    for (; k < nUsed; k++) {
      const row = byStop[k];
      if (stratumCode[row] !== stratum) {
        stratum = stratumCode[row];
        riskSum0 = 0;
        atRisk = 0;
        etaSum = 0;
        riskSum1.fill(0);
        riskSum2.fill(0);
        person = k;
        leaving = k;
      }
      if (status[row] === 1) {
        eventTime = stop[row];
        break;
      }
    }
    if (k === nUsed) break;

    // Rows whose start is at or after the event time leave the risk set.
    for (; leaving < nUsed; leaving++) {
      const row = byStart[leaving];
      if (start[row] < eventTime || stratumCode[row] !== stratum) break;
      atRisk--;
      if (atRisk === 0) {
        etaSum = 0;
        riskSum0 = 0;
        riskSum1.fill(0);
        riskSum2.fill(0);
      } else {
        etaSum -= eta[row];
        const risk = Math.exp(eta[row] - recenter);
        riskSum0 -= risk;
        let idx = 0;
        for (let i = 0; i < p; i++) {
          const rx = risk * x[row * p + i];
          riskSum1[i] -= rx;
          for (let j = 0; j <= i; j++) riskSum2[idx++] -= rx * x[row * p + j];
        }
      }
    }

    // Rows whose stop is at or after the event time join; the events at it are summed apart.
    let deathSum0 = 0;
    let deaths = 0;
    deathSum1.fill(0);
    for (let idx = 0; idx < packed; idx++) deathSum2[idx] = 0;
    for (; person < nUsed; person++) {
      const row = byStop[person];
      if (stratumCode[row] !== stratum || stop[row] < eventTime) break;
      atRisk++;
      etaSum += eta[row];
      if (Math.abs(etaSum / atRisk - recenter) > 200) {
        const shift = etaSum / atRisk - recenter;
        recenter = etaSum / atRisk;
        if (riskSum0 > 0) {
          if (Math.abs(shift) > 709) throw new Error('The linear predictor overflows (exp of more than 709): the covariates are too extreme.');
          const factor = Math.exp(-shift);
          riskSum0 *= factor;
          for (let i = 0; i < p; i++) riskSum1[i] *= factor;
          for (let idx = 0; idx < packed; idx++) riskSum2[idx] *= factor;
        }
      }
      const risk = Math.exp(eta[row] - recenter);
      const base = row * p;
      if (status[row] === 1) {
        deaths++;
        deathSum0 += risk;
        logLik += eta[row] - recenter;
        let idx = 0;
        for (let i = 0; i < p; i++) {
          const xi = x[base + i];
          score[i] += xi;
          deathSum1[i] += risk * xi;
          for (let j = 0; j <= i; j++) deathSum2[idx++] += risk * xi * x[base + j];
        }
      } else {
        riskSum0 += risk;
        let idx = 0;
        for (let i = 0; i < p; i++) {
          const rx = risk * x[base + i];
          riskSum1[i] += rx;
          for (let j = 0; j <= i; j++) riskSum2[idx++] += rx * x[base + j];
        }
      }
    }

    if (!efron || deaths === 1) {
      riskSum0 += deathSum0;
      logLik -= deaths * Math.log(riskSum0);
      let idx = 0;
      for (let i = 0; i < p; i++) {
        riskSum1[i] += deathSum1[i];
        const mean = riskSum1[i] / riskSum0;
        score[i] -= deaths * mean;
        for (let j = 0; j <= i; j++) {
          riskSum2[idx] += deathSum2[idx];
          information[j * p + i] += (deaths * (riskSum2[idx] - mean * riskSum1[j])) / riskSum0;
          idx++;
        }
      }
    } else {
      for (let step = 0; step < deaths; step++) {
        riskSum0 += deathSum0 / deaths;
        logLik -= Math.log(riskSum0);
        let idx = 0;
        for (let i = 0; i < p; i++) {
          riskSum1[i] += deathSum1[i] / deaths;
          const mean = riskSum1[i] / riskSum0;
          score[i] -= mean;
          for (let j = 0; j <= i; j++) {
            riskSum2[idx] += deathSum2[idx] / deaths;
            information[j * p + i] += (riskSum2[idx] - mean * riskSum1[j]) / riskSum0;
            idx++;
          }
        }
      }
    }
  }
  return logLik;
}

/** The Newton step's view of the agreg fit: ℓ, U and I from agfit4-addup, I factored by cholesky2. */
function agregProblem(ws: Workspace): NewtonRaphsonProblem {
  const { p, score, information } = ws;
  return {
    dimension: p,
    score,
    evaluate: (beta) => evaluate(ws, beta),
    factorInformation: () => choleskyDecompose(information, p, CHOLESKY_TOLERANCE),
    // agfit4 counts a non-finite diagonal of the information (before factoring) as a failure.
    derivativesFinite: () => {
      for (let k = 0; k < p; k++) if (!Number.isFinite(information[k * p + k])) return false;
      return true;
    },
    newtonStep: (_beta, step) => {
      step.set(score);
      choleskySolve(information, p, step);
    },
  };
}

function emptyTest(): CoxTest {
  return { statistic: null, df: 0, p: null };
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

export function fitCountingProcessCox(input: CountingProcessCoxInput): CountingProcessCoxFit {
  const { status, covariates } = input;
  const n = input.start.length;
  const p = covariates.length;
  const maxIterations = input.maxIterations ?? 20;
  const eps = input.epsilon ?? 1e-9;
  const infiniteTolerance = Math.sqrt(eps);
  if (p === 0) throw new Error('fitCountingProcessCox: at least one covariate is needed');
  for (const column of covariates) if (column.length !== n) throw new Error('fitCountingProcessCox: a covariate column differs in length from start');
  if (input.strata && input.strata.length !== n) throw new Error('fitCountingProcessCox: strata differ in length from start');
  checkIntervals(input.start, input.stop, status);
  const { start, stop } = input.timefix === false ? { start: input.start, stop: input.stop } : countingProcessTimefix(input.start, input.stop);
  const strata = input.strata ?? null;
  let events = 0;
  for (let i = 0; i < n; i++) events += status[i] === 1 ? 1 : 0;
  if (events === 0) throw new IntervalError('There are no events, so the Cox model cannot be estimated.');

  // agmeans: plain column means, 0 for columns left uncentred ({-1, 0, 1} values).
  const means = new Float64Array(p);
  const uncentred = new Uint8Array(p);
  for (let k = 0; k < p; k++) {
    const column = covariates[k];
    let sum = 0;
    let indicatorLike = 1;
    for (let i = 0; i < n; i++) {
      const v = column[i];
      sum += v;
      if (v !== 0 && v !== 1 && v !== -1) indicatorLike = 0;
    }
    uncentred[k] = indicatorLike;
    means[k] = indicatorLike ? 0 : sum / n;
  }

  const codes = stratumCodes(strata, n);
  const used = spansEvent(start, stop, status, codes);
  let nUsed = 0;
  for (let i = 0; i < n; i++) nUsed += used[i];
  const usedRows = new Int32Array(nUsed);
  for (let i = 0, m = 0; i < n; i++) if (used[i]) usedRows[m++] = i;
  const byStop = orderByStratumDescending(usedRows, stop, codes);
  const byStart = orderByStratumDescending(usedRows, start, codes);

  // Design, row-major by original row; centred at the first used row in stop order and scaled (agfit4).
  const x = new Float64Array(n * p);
  for (let k = 0; k < p; k++) {
    const column = covariates[k];
    for (let i = 0; i < n; i++) x[i * p + k] = column[i];
  }
  const scale = new Float64Array(p).fill(1);
  for (let k = 0; k < p; k++) {
    if (uncentred[k]) continue;
    const centre = x[byStop[0] * p + k];
    let absSum = 0;
    for (let m = 0; m < nUsed; m++) {
      const row = byStop[m];
      x[row * p + k] -= centre;
      absSum += Math.abs(x[row * p + k]);
    }
    scale[k] = absSum > 0 ? nUsed / absSum : 1;
    for (let m = 0; m < nUsed; m++) x[byStop[m] * p + k] *= scale[k];
  }

  // The evaluation reads everything by position in stop order (rows stored in that order, so the pass
  // over stop times reads memory in sequence); the start-time pass holds positions.
  const positionOf = new Int32Array(n);
  const sortedStart = new Float64Array(nUsed);
  const sortedStop = new Float64Array(nUsed);
  const sortedStatus = new Uint8Array(nUsed);
  const sortedStratum = new Int32Array(nUsed);
  const sortedX = new Float64Array(nUsed * p);
  const inStopOrder = new Int32Array(nUsed);
  for (let m = 0; m < nUsed; m++) {
    const row = byStop[m];
    positionOf[row] = m;
    inStopOrder[m] = m;
    sortedStart[m] = start[row];
    sortedStop[m] = stop[row];
    sortedStatus[m] = status[row];
    sortedStratum[m] = codes.codes[row];
    for (let k = 0; k < p; k++) sortedX[m * p + k] = x[row * p + k];
  }
  const startPositions = new Int32Array(nUsed);
  for (let m = 0; m < nUsed; m++) startPositions[m] = positionOf[byStart[m]];

  const packed = (p * (p + 1)) / 2;
  const ws: Workspace = {
    p,
    nUsed,
    efron: input.ties === 'efron',
    start: sortedStart,
    stop: sortedStop,
    status: sortedStatus,
    stratum: sortedStratum,
    byStop: inStopOrder,
    byStart: startPositions,
    x: sortedX,
    eta: new Float64Array(nUsed),
    score: new Float64Array(p),
    information: new Float64Array(p * p),
    riskSum1: new Float64Array(p),
    riskSum2: new Float64Array(packed),
    deathSum1: new Float64Array(p),
    deathSum2: new Float64Array(packed),
  };
  const u = ws.score;
  const information = ws.information;

  // agfit4's main loop (chunk agfit4-iter), iteration 0 being the evaluation at β = 0.
  const newton = newtonRaphson(agregProblem(ws), { rule: 'agfit4', maxIterations, epsilon: eps });
  const { beta, startRank: rank, ranOut, iterations, scoreStatistic, logLikStart: logLikNull } = newton;
  const logLikFinal = newton.logLik;
  choleskyInvert(information, p);

  const coefficients = new Float64Array(p);
  const score = new Float64Array(p);
  const variance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    coefficients[j] = beta[j] * scale[j];
    score[j] = u[j] / scale[j];
    for (let k = 0; k < p; k++) variance[j * p + k] = information[j * p + k] * scale[j] * scale[k];
  }

  const warnings: CoxWarning[] = [];
  const redundant = new Array<boolean>(p).fill(false);
  if (rank < p) for (let k = 0; k < p; k++) redundant[k] = variance[k * p + k] === 0;
  const possiblyInfinite = new Array<boolean>(p).fill(false);
  if (maxIterations > 1) {
    if (!allFinite(coefficients) || !allFinite(variance)) throw new Error('The Cox fit failed through numeric overflow.');
    if (ranOut) warnings.push({ code: 'not-converged', message: `Ran out of iterations (${maxIterations}) and did not converge.` });
    else {
      const infinite: number[] = [];
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += score[k] * variance[k * p + j];
        if (!Number.isFinite(score[j]) || Math.abs(s) > infiniteTolerance * (1 + Math.abs(coefficients[j]))) infinite.push(j);
      }
      for (const j of infinite) possiblyInfinite[j] = true;
      if (infinite.length > 0) {
        warnings.push({
          code: 'infinite-coefficient',
          message: `Loglik converged before variable ${infinite.map((j) => j + 1).join(',')}; beta may be infinite.`,
        });
      }
    }
  }
  const kept: number[] = [];
  for (let k = 0; k < p; k++) if (!redundant[k] || maxIterations === 0) kept.push(k);
  if (kept.length < p) {
    const dropped = redundant.flatMap((r, k) => (r ? [k + 1] : []));
    warnings.push({
      code: 'singular',
      message: `The covariates are collinear: variable ${dropped.join(', ')} is a linear combination of the others; its coefficient is not estimable (NA).`,
    });
    for (const k of dropped) coefficients[k - 1] = NaN;
  }

  const standardErrors = new Float64Array(p);
  for (let k = 0; k < p; k++) standardErrors[k] = Number.isNaN(coefficients[k]) ? NaN : Math.sqrt(variance[k * p + k]);

  const linearPredictor = new Float64Array(n);
  let centring = 0;
  for (let k = 0; k < p; k++) if (!Number.isNaN(coefficients[k])) centring += coefficients[k] * means[k];
  for (let i = 0; i < n; i++) {
    let eta = -centring;
    for (let k = 0; k < p; k++) if (!Number.isNaN(coefficients[k])) eta += covariates[k][i] * coefficients[k];
    linearPredictor[i] = eta;
  }

  const df = kept.length;
  const test = (statistic: number): CoxTest =>
    Number.isFinite(statistic) ? { statistic, df, p: df > 0 ? chiSquareUpperTail(statistic, df) : null } : { statistic: null, df, p: null };
  const wald = waldOnKept(variance, coefficients, p, kept);

  return {
    n,
    nUsed,
    events,
    coefficients,
    standardErrors,
    variance,
    redundant,
    possiblyInfinite,
    score,
    means,
    logLikNull,
    logLikFinal,
    scoreTest: test(scoreStatistic),
    waldTest: df > 0 ? test(wald) : emptyTest(),
    likelihoodRatioTest: test(2 * (logLikFinal - logLikNull)),
    iterations,
    converged: !ranOut,
    linearPredictor,
    start,
    stop,
    warnings,
  };
}

/** βᵀ V⁻ β over the non-redundant columns (coxph.wtest on var[nabeta, nabeta]). */
export function waldOnKept(variance: Float64Array, coefficients: Float64Array, p: number, kept: readonly number[]): number {
  const df = kept.length;
  const keptVariance = new Float64Array(df * df);
  const keptBeta = new Float64Array(df);
  kept.forEach((j, a) => {
    keptBeta[a] = coefficients[j];
    kept.forEach((k, b) => (keptVariance[a * df + b] = variance[j * p + k]));
  });
  return waldStatistic(keptVariance, keptBeta, df).statistic;
}
