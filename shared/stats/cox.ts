/**
 * Cox proportional-hazards regression by Newton–Raphson on the partial likelihood, as R's
 * `coxph` (survival 3.5: R/coxph.fit.R and src/coxfit6.c, derived in noweb/coxph.Rnw).
 *
 * What is reproduced from R, step by step:
 * - Covariates are centred at their means and scaled by n / Σ|x − mean| before fitting (coxfit6's
 *   `doscale`). Like coxph's default `nocenter = c(-1, 0, 1)`, a column whose values all lie in
 *   {-1, 0, 1} is neither centred nor scaled, and its reported mean is 0. Newton steps are invariant
 *   to this; it matters for the singularity tolerance and for `means`/`linearPredictor`.
 * - Risk sets: data sorted by (stratum, time); one backward pass per iteration accumulates
 *   S0 = Σ r_i, S1 = Σ r_i x_i and S2 = Σ r_i x_i x_iᵀ over the risk set, with r_i = exp(x_iᵀβ).
 *   At a time with d deaths (D = the set of deaths):
 *     Breslow: loglik −= d log S0, U −= d S1/S0, I += d (S2/S0 − S1 S1ᵀ/S0²).
 *     Efron:   for k = 1..d the deaths enter the sums with weight k/d (R adds the death
 *              totals in d equal slices): S0ₖ = S0_cens + (k/d) S0_D, likewise S1ₖ, S2ₖ; then
 *              loglik −= log S0ₖ, U −= S1ₖ/S0ₖ, I += S2ₖ/S0ₖ − S1ₖ S1ₖᵀ/S0ₖ².
 *   plus loglik += Σ_D x_iᵀβ and U += Σ_D x_i. Tied times never cross strata.
 * - The score test at β = 0 is U₀ᵀ I₀⁻ U₀ (generalised inverse from the Cholesky with toler.chol).
 * - Iteration: β_new = β + I⁻¹U. Converged when |1 − loglik_old/loglik_new| ≤ eps (1e-9). When the
 *   log-likelihood falls (or is not finite) the step is shortened: β_new = (β_new + h β)/(h + 1),
 *   h = 1, 2, … (R's "step halving"). At most iter.max (20) iterations; when they run out, R
 *   re-evaluates at the last good β and reports iter = iter.max + 1, as we do. (There R's variance
 *   is only diag(1/I_jj), from inverting an unfactored matrix; we give the full inverse.)
 * - Cholesky with pivot tolerance toler.chol = ε^0.75 (cholesky2): a column whose pivot is below
 *   tolerance × max diagonal is redundant; its coefficient is NA (null here) and it leaves the tests.
 * - Warnings as coxph.fit: "Ran out of iterations and did not converge"; "Loglik converged before
 *   variable …; coefficient may be infinite" when |U V|_j > eps and > sqrt(eps) |β_j|.
 * - Tests as summary.coxph: likelihood ratio 2(ℓ₁ − ℓ₀), Wald βᵀV⁻β (coxph.wtest), score; each on
 *   df = number of non-redundant coefficients.
 *
 * - coxph's timefix (aeqSurv, timefix.ts): distinct times closer than sqrt(machine ε), absolutely or
 *   relative to the mean absolute distinct time, are one time (each is replaced by the first of its run).
 *
 * - Case weights w (coxph(…, weights = w), coxfit6.c): each row's risk is w exp(η); an event adds w η to
 *   the log-likelihood and w x to U; a time's deaths count with their total weight (Breslow: deadwt in
 *   place of d; Efron: each of the d steps with the mean weight deadwt/d); the centring means and the
 *   scale are weighted (Σ w x / Σ w, Σ w / Σ w|x − mean|). Without weights every w is 1, which leaves
 *   the arithmetic exactly as without (multiplications by 1). `events` counts event rows, as R's nevent.
 *
 * Not reproduced: offsets, the "exact" tie method.
 */
import { CHOLESKY_TOLERANCE, choleskyDecompose, choleskyInvert, choleskySolve } from './linear-algebra';
import { chiSquareUpperTail } from './distributions';
import { countingSortByKey, denseRanks, identityOrder, permuteInPlace } from './sort-order';
import { aeqSurv } from './timefix';
import { newtonRaphson, type NewtonRaphsonProblem, type NewtonRaphsonResult } from './newton-raphson';

export type CoxTies = 'efron' | 'breslow';

export interface CoxInput {
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Uint8Array;
  /** p covariate columns, each of length n (not centred; the fit centres them). */
  covariates: Float64Array[];
  /** Stratum code per row (any integers), or null for one stratum. */
  strata?: Int32Array | null;
  ties: CoxTies;
  /** R's iter.max, default 20. */
  maxIterations?: number;
  /** R's eps, default 1e-9. */
  epsilon?: number;
  /** Merge times that differ by rounding error only, as coxph(timefix = TRUE); default true. */
  timefix?: boolean;
  /** Case weights (> 0), as coxph's weights; absent: every row weighs 1. */
  weights?: Float64Array | null;
  /** Return the sorted, centred and scaled design (`sortedDesign`) for cox.zph to reuse (saves an n × p copy). */
  keepSortedDesign?: boolean;
  /**
   * The fit takes the caller's covariate columns: they are sorted, centred and scaled in place (they become
   * the sorted design), so the design is held once, not twice, and no column-sized array is left for the
   * garbage collector (at 5,000,000 rows and 9 columns, 360 MB each). The caller must not read `covariates`
   * as data afterwards, nor may it share them with anyone who does. The linear predictor is then computed
   * from the sorted design, Σ_k ((x_k − m_k) s_k)(β_k / s_k), equal to xβ − mβ up to rounding.
   */
  consumeCovariates?: boolean;
}

/** The fit's design in its sorted order, as coxZph can reuse it. */
export interface SortedDesign {
  /** Sorted row r is data row order[r]: R's order(strata, time), ties by row. */
  order: Int32Array;
  /** p columns of n values in the sorted order, (x − means) · scale (coxfit6's centred and scaled design). */
  columns: Float64Array[];
  /** Each column's plain mean Σx/n, summed in data order before the columns were sorted (cox.zph centres at it). */
  columnMeans: Float64Array;
  /** Time and status in the sorted order. */
  time: Float64Array;
  status: Uint8Array;
  means: Float64Array;
  scale: Float64Array;
}

export interface CoxTest {
  statistic: number | null;
  df: number;
  p: number | null;
}

export interface CoxWarning {
  code: string;
  message: string;
}

export interface CoxFit {
  n: number;
  events: number;
  /** β; NaN where R gives NA (a redundant, collinear column). */
  coefficients: Float64Array;
  /** sqrt of the variance diagonal; NaN for a redundant column. */
  standardErrors: Float64Array;
  /** Inverse information at β, p×p row-major (rows/columns of redundant columns are 0, as R). */
  variance: Float64Array;
  /** Whether each column was found redundant (R's NA coefficient). */
  redundant: boolean[];
  /** Columns R would name in "Loglik converged before variable …; coefficient may be infinite". */
  possiblyInfinite: boolean[];
  /** Score vector U at the final β (original scale). */
  score: Float64Array;
  /** Means used for centring (0 for columns with values in {-1, 0, 1}), as R's fit$means. */
  means: Float64Array;
  logLikNull: number;
  logLikFinal: number;
  scoreTest: CoxTest;
  waldTest: CoxTest;
  likelihoodRatioTest: CoxTest;
  /** R's fit$iter (iter.max + 1 when the iterations ran out). */
  iterations: number;
  converged: boolean;
  /** xᵀβ − meansᵀβ in the original row order, as R's fit$linear.predictors. */
  linearPredictor: Float64Array;
  warnings: CoxWarning[];
  /** With keepSortedDesign: the design as the fit sorted, centred and scaled it. */
  sortedDesign?: SortedDesign;
}


/**
 * Row order for the fit: by stratum, then by time, both ascending (R's order(strata, time)).
 * Two stable counting-sort passes over ranks (time first, then stratum): O(n + distinct values)
 * after one native sort of the times.
 */
export function stratumTimeOrder(time: Float64Array, strata: Int32Array | null): Int32Array {
  const n = time.length;
  const timeRank = denseRanks(time);
  let order = countingSortByKey(identityOrder(n), timeRank.ranks, timeRank.count);
  if (strata) {
    const stratumRank = denseRanks(Float64Array.from(strata));
    order = countingSortByKey(order, stratumRank.ranks, stratumRank.count);
  }
  return order;
}

/** bᵀ V⁻ b with the Cholesky generalised inverse, and its df (rank), as survival's coxph.wtest. */
export function waldStatistic(variance: Float64Array, b: Float64Array, p: number, tolerance = CHOLESKY_TOLERANCE): { statistic: number; df: number } {
  const factor = Float64Array.from(variance);
  choleskyDecompose(factor, p, tolerance);
  let df = 0;
  for (let i = 0; i < p; i++) if (factor[i * p + i] > 0) df++;
  const solved = Float64Array.from(b);
  choleskySolve(factor, p, solved);
  let statistic = 0;
  for (let i = 0; i < p; i++) statistic += b[i] * solved[i];
  return { statistic, df };
}
// ---------------------------------------------------------------------------------------------
// The fit in Therneau's steps: setup (sort, centre, scale), risk-set sums (coxfit6_iter), the Newton
// step (newton-raphson.ts, rule 'coxfit6'), and the finish (original scale, warnings, tests).

/** The sorted, centred and scaled design, and the work space for one likelihood evaluation. */
interface CoxWorkspace {
  n: number;
  p: number;
  efron: boolean;
  time: Float64Array;
  status: Uint8Array;
  /** 1 where the row is the last (largest time) of its stratum in ascending order. */
  stratumEnd: Uint8Array;
  /** p columns in the sorted order, centred and scaled (column-major: each can be built while its source is freed). */
  columns: Float64Array[];
  /** Plain column means in data order (SortedDesign.columnMeans). */
  columnMeans: Float64Array;
  /** Case weight per sorted row, or null without weights (every row weighs 1). */
  weight: Float64Array | null;
  /** Centring means (0 for {-1, 0, 1} columns) and scale factors (coxfit6 doscale). */
  means: Float64Array;
  scale: Float64Array;
  /** Sorted row r is data row order[r]. */
  order: Int32Array;
  // Outputs of evaluate():
  score: Float64Array;
  information: Float64Array;
  // Scratch:
  /** The current row's p values, gathered from the columns once per row. */
  rowValues: Float64Array;
  riskSum1: Float64Array;
  deathSum1: Float64Array;
  riskSum2: Float64Array;
  deathSum2: Float64Array;
}

/** Per-time accumulators of the backward pass (scalars; the vectors live in the workspace). */
interface TimeTotals {
  riskSum0: number;
  deaths: number;
  deathWeight: number;
  deathSum0: number;
}

/**
 * Setup (coxph-setup, coxfit6's sort and doscale): rows sorted by (stratum, time); each column written in
 * that order, centred at its (weighted) mean and scaled by s_k = Σw / Σ w|x_k − mean_k| (columns with
 * values in {-1, 0, 1} neither centred nor scaled). Column by column; with `consume` each given column is
 * rearranged in place (permuteInPlace) instead of copied.
 */
function setupCox(time: Float64Array, status: Uint8Array, covariates: Float64Array[], strata: Int32Array | null, caseWeights: Float64Array | null, efron: boolean, consume: boolean): CoxWorkspace {
  const n = time.length;
  const p = covariates.length;
  const order = stratumTimeOrder(time, strata);
  const sortedTime = new Float64Array(n);
  const sortedStatus = new Uint8Array(n);
  const stratumEnd = new Uint8Array(n);
  const sortedWeight = caseWeights ? new Float64Array(n) : null;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    sortedTime[r] = time[i];
    sortedStatus[r] = status[i] === 1 ? 1 : 0;
    if (sortedWeight) sortedWeight[r] = caseWeights![i];
  }
  if (n > 0) stratumEnd[n - 1] = 1;
  if (strata) for (let r = 0; r + 1 < n; r++) if (strata[order[r]] !== strata[order[r + 1]]) stratumEnd[r] = 1;
  const totalWeight = sumOfWeights(sortedWeight, n);
  const columns: Float64Array[] = new Array(p);
  const columnMeans = new Float64Array(p);
  const means = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  const visited = consume ? new Uint8Array(n) : null;
  for (let k = 0; k < p; k++) {
    const source = covariates[k];
    let sum = 0;
    for (let i = 0; i < n; i++) sum += source[i];
    columnMeans[k] = sum / n;
    let column: Float64Array;
    if (visited) {
      permuteInPlace(source, order, visited);
      column = source;
    } else {
      column = new Float64Array(n);
      for (let r = 0; r < n; r++) column[r] = source[order[r]];
    }
    const centred = centreAndScale(column, sortedWeight, totalWeight);
    means[k] = centred.mean;
    scale[k] = centred.scale;
    columns[k] = column;
  }
  const packed = (p * (p + 1)) / 2;
  return {
    n, p, efron, time: sortedTime, status: sortedStatus, stratumEnd, columns, columnMeans, weight: sortedWeight, means, scale, order,
    score: new Float64Array(p), information: new Float64Array(p * p), rowValues: new Float64Array(p),
    riskSum1: new Float64Array(p), deathSum1: new Float64Array(p), riskSum2: new Float64Array(packed), deathSum2: new Float64Array(packed),
  };
}

/** Σ w over the rows (n without weights: a sum of ones is exact). */
function sumOfWeights(weight: Float64Array | null, n: number): number {
  if (!weight) return n;
  let total = 0;
  for (let r = 0; r < n; r++) total += weight[r];
  return total;
}

/**
 * coxfit6's doscale, in place on one sorted column: mean = Σ w x / Σ w, x ← (x − mean) s with
 * s = Σ w / Σ w |x − mean|; a column with values in {-1, 0, 1} keeps mean 0 and s = 1.
 */
function centreAndScale(x: Float64Array, weight: Float64Array | null, totalWeight: number): { mean: number; scale: number } {
  const n = x.length;
  let sum = 0;
  let indicatorLike = true;
  for (let r = 0; r < n; r++) {
    const v = x[r];
    sum += (weight ? weight[r] : 1) * v;
    if (v !== 0 && v !== 1 && v !== -1) indicatorLike = false;
  }
  const mean = indicatorLike ? 0 : sum / totalWeight;
  let absSum = 0;
  for (let r = 0; r < n; r++) {
    const centred = x[r] - mean;
    x[r] = centred;
    absSum += (weight ? weight[r] : 1) * Math.abs(centred);
  }
  const scale = !indicatorLike && absSum > 0 ? totalWeight / absSum : 1;
  if (scale !== 1) for (let r = 0; r < n; r++) x[r] *= scale;
  return { mean, scale };
}

/**
 * Risk-set sums (coxfit6_iter): the log partial likelihood at β (scaled coordinates), filling ws.score
 * and the upper triangle of ws.information. One backward pass over the sorted rows, so each risk set is
 * the previous one plus the rows at the current time: S0 = Σ w r_i, S1 = Σ w r_i x_i,
 * S2 = Σ w r_i x_i x_iᵀ with r_i = exp(x_iᵀβ); censored rows join at once, a time's deaths are collected
 * apart (D0, D1, D2) and added by addDeaths (Breslow or Efron); ℓ += Σ_D w η, U += Σ_D w x.
 */
function evaluate(ws: CoxWorkspace, beta: Float64Array): number {
  const { n, p, time, status, stratumEnd, columns, rowValues, weight, score, information, riskSum1, deathSum1, riskSum2, deathSum2 } = ws;
  score.fill(0);
  information.fill(0);
  deathSum1.fill(0);
  deathSum2.fill(0);
  let logLik = 0;
  const totals: TimeTotals = { riskSum0: 0, deaths: 0, deathWeight: 0, deathSum0: 0 };
  let row = n - 1;
  while (row >= 0) {
    if (stratumEnd[row] === 1) {
      totals.riskSum0 = 0;
      riskSum1.fill(0);
      riskSum2.fill(0);
    }
    const currentTime = time[row];
    totals.deaths = 0;
    totals.deathWeight = 0;
    totals.deathSum0 = 0;
    while (row >= 0 && time[row] === currentTime) {
      let eta = 0;
      for (let k = 0; k < p; k++) {
        const value = columns[k][row];
        rowValues[k] = value;
        eta += beta[k] * value;
      }
      const w = weight ? weight[row] : 1;
      const risk = Math.exp(eta) * w;
      if (status[row] === 0) {
        totals.riskSum0 += risk;
        let idx = 0;
        for (let i = 0; i < p; i++) {
          const rx = risk * rowValues[i];
          riskSum1[i] += rx;
          for (let j = 0; j <= i; j++) riskSum2[idx++] += rx * rowValues[j];
        }
      } else {
        totals.deaths++;
        totals.deathWeight += w;
        totals.deathSum0 += risk;
        logLik += w * eta;
        let idx = 0;
        for (let i = 0; i < p; i++) {
          const xi = rowValues[i];
          const rx = risk * xi;
          score[i] += w * xi;
          deathSum1[i] += rx;
          for (let j = 0; j <= i; j++) deathSum2[idx++] += rx * rowValues[j];
        }
      }
      row--;
      if (row >= 0 && stratumEnd[row] === 1) break;
    }
    if (totals.deaths > 0) logLik = addDeaths(ws, totals, logLik);
  }
  return logLik;
}

/**
 * The deaths of one time enter the risk sums (coxfit6_iter's Breslow/Efron step); returns ℓ updated. Breslow: S += D, ℓ −= d_w log S0, U −= d_w S1/S0, I += d_w (S2 − S1 S1ᵀ/S0)/S0.
 * Efron: the d deaths enter one d-th at a time, S_k = S_rest + (k/d) D, each step with the deaths' mean
 * weight d_w/d in place of d_w.
 */
function addDeaths(ws: CoxWorkspace, totals: TimeTotals, logLik: number): number {
  const { p, score, information, riskSum1, deathSum1, riskSum2, deathSum2 } = ws;
  const { deaths, deathWeight, deathSum0 } = totals;
  const efronSteps = ws.efron && deaths > 1 ? deaths : 1;
  const share0 = efronSteps === 1 ? deathSum0 : deathSum0 / deaths;
  const stepWeight = efronSteps === 1 ? deathWeight : deathWeight / deaths;
  for (let k = 0; k < efronSteps; k++) {
    totals.riskSum0 += share0;
    const riskSum0 = totals.riskSum0;
    logLik -= stepWeight * Math.log(riskSum0);
    let idx = 0;
    for (let i = 0; i < p; i++) {
      riskSum1[i] += efronSteps === 1 ? deathSum1[i] : deathSum1[i] / deaths;
      const mean = riskSum1[i] / riskSum0;
      score[i] -= stepWeight * mean;
      for (let j = 0; j <= i; j++) {
        riskSum2[idx] += efronSteps === 1 ? deathSum2[idx] : deathSum2[idx] / deaths;
        information[j * p + i] += (stepWeight * (riskSum2[idx] - mean * riskSum1[j])) / riskSum0;
        idx++;
      }
    }
  }
  deathSum1.fill(0);
  deathSum2.fill(0);
  return logLik;
}

/** The Newton step's view of the fit: ℓ, U and I from the risk-set sums, I factored by cholesky2. */
function coxProblem(ws: CoxWorkspace): NewtonRaphsonProblem {
  const { p, score, information } = ws;
  return {
    dimension: p,
    score,
    evaluate: (beta) => evaluate(ws, beta),
    factorInformation: () => choleskyDecompose(information, p, CHOLESKY_TOLERANCE),
    derivativesFinite: () => {
      for (let k = 0; k < p; k++) if (!Number.isFinite(score[k])) return false;
      for (let k = 0; k < p * p; k++) if (!Number.isFinite(information[k])) return false;
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

/** Checks the input's lengths and weights (one line each). */
function checkCoxInput(input: CoxInput, n: number): void {
  const { status, covariates } = input;
  if (status.length !== n) throw new Error('fitCox: time and status differ in length');
  for (const column of covariates) if (column.length !== n) throw new Error('fitCox: a covariate column differs in length from time');
  if (input.strata && input.strata.length !== n) throw new Error('fitCox: strata differ in length from time');
  const caseWeights = input.weights ?? null;
  if (caseWeights) {
    if (caseWeights.length !== n) throw new Error('fitCox: weights differ in length from time');
    for (let i = 0; i < n; i++) if (!(caseWeights[i] > 0 && Number.isFinite(caseWeights[i]))) throw new RangeError(`fitCox: data row ${i + 1}: weight ${caseWeights[i]} is not a finite number > 0`);
  }
  if (covariates.length === 0) throw new Error('fitCox: at least one covariate is needed');
}

/** coxph-zeroevent: with no events R returns NA coefficients, loglik 0 and no tests. */
function zeroEventFit(covariates: Float64Array[], n: number): CoxFit {
  const p = covariates.length;
  const means = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += covariates[k][i];
    means[k] = s / n;
  }
  return {
    n, events: 0,
    coefficients: new Float64Array(p).fill(NaN), standardErrors: new Float64Array(p).fill(NaN), variance: new Float64Array(p * p),
    redundant: new Array<boolean>(p).fill(false), possiblyInfinite: new Array<boolean>(p).fill(false),
    score: new Float64Array(p), means, logLikNull: 0, logLikFinal: 0,
    scoreTest: emptyTest(), waldTest: emptyTest(), likelihoodRatioTest: emptyTest(),
    iterations: 0, converged: false, linearPredictor: new Float64Array(n),
    warnings: [{ code: 'no-events', message: 'There are no events, so the Cox model cannot be estimated.' }],
  };
}

export function fitCox(input: CoxInput): CoxFit {
  const { status, covariates } = input;
  const time = input.timefix === false || input.time.length === 0 ? input.time : aeqSurv(input.time);
  const n = time.length;
  const p = covariates.length;
  const maxIterations = input.maxIterations ?? 20;
  const eps = input.epsilon ?? 1e-9;
  checkCoxInput(input, n);
  let events = 0;
  for (let i = 0; i < n; i++) events += status[i] === 1 ? 1 : 0;
  if (events === 0) return zeroEventFit(covariates, n);

  const consume = input.consumeCovariates === true;
  const ws = setupCox(time, status, covariates, input.strata ?? null, input.weights ?? null, input.ties === 'efron', consume);
  const newton = newtonRaphson(coxProblem(ws), { rule: 'coxfit6', maxIterations, epsilon: eps });
  // Deliberate difference from coxfit6 after running out: R inverts the re-evaluated information
  // without factoring it first, which leaves only 1/I_jj on the diagonal; we give the proper inverse.
  choleskyInvert(ws.information, p);
  const fit = finishCox(ws, newton, consume ? null : covariates, events, maxIterations, eps);
  if (input.keepSortedDesign) fit.sortedDesign = { order: ws.order, columns: ws.columns, columnMeans: ws.columnMeans, time: ws.time, status: ws.status, means: ws.means, scale: ws.scale };
  return fit;
}

/**
 * coxph-finish: back to the original scale, β_j = β'_j s_j, U_j = U'_j / s_j, V_jk = V'_jk s_j s_k; the
 * linear predictor xᵀβ − meansᵀβ in the original row order; redundant columns (final Cholesky rank < p,
 * not after running out); R's warnings; the tests.
 */
function finishCox(ws: CoxWorkspace, newton: NewtonRaphsonResult, covariates: Float64Array[] | null, events: number, maxIterations: number, eps: number): CoxFit {
  const { p, n, scale, means, information } = ws;
  const u = ws.score;
  const coefficients = new Float64Array(p);
  const score = new Float64Array(p);
  const variance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    coefficients[j] = newton.beta[j] * scale[j];
    score[j] = u[j] / scale[j];
    for (let k = 0; k < p; k++) variance[j * p + k] = information[j * p + k] * scale[j] * scale[k];
  }
  const linearPredictor = covariates ? linearPredictorOf(covariates, coefficients, means, n) : linearPredictorFromSorted(ws, newton.beta);
  const redundant = new Array<boolean>(p).fill(false);
  if (!newton.ranOut && maxIterations > 0 && newton.rank < p) for (let k = 0; k < p; k++) redundant[k] = variance[k * p + k] === 0;
  const warnings: CoxWarning[] = [];
  const possiblyInfinite = maxIterations > 1 ? convergenceWarnings(coefficients, score, variance, linearPredictor, newton.ranOut, maxIterations, eps, warnings) : new Array<boolean>(p).fill(false);
  const kept: number[] = [];
  for (let k = 0; k < p; k++) if (!redundant[k]) kept.push(k);
  if (kept.length < p) {
    const dropped = redundant.flatMap((r, k) => (r ? [k + 1] : []));
    warnings.push({
      code: 'singular',
      message: `The covariates are collinear: variable ${dropped.join(', ')} is a linear combination of the others; its coefficient is not estimable (NA).`,
    });
    for (const k of dropped) coefficients[k - 1] = NaN;
  }
  if (events < 10 * kept.length) {
    warnings.push({
      code: 'few-events',
      message: `Only ${events} events for ${kept.length} coefficients (fewer than 10 per coefficient); estimates may be unstable.`,
    });
  }
  const standardErrors = new Float64Array(p);
  for (let k = 0; k < p; k++) standardErrors[k] = redundant[k] ? NaN : Math.sqrt(variance[k * p + k]);
  return {
    n, events, coefficients, standardErrors, variance, redundant, possiblyInfinite, score, means,
    logLikNull: newton.logLikStart, logLikFinal: newton.logLik,
    ...coxTests(coefficients, variance, kept, newton),
    iterations: newton.iterations, converged: newton.converged, linearPredictor, warnings,
  };
}

/** xᵀβ − meansᵀβ per data row, as R's fit$linear.predictors. */
function linearPredictorOf(covariates: Float64Array[], coefficients: Float64Array, means: Float64Array, n: number): Float64Array {
  const p = covariates.length;
  const linearPredictor = new Float64Array(n);
  let centring = 0;
  for (let k = 0; k < p; k++) centring += coefficients[k] * means[k];
  for (let i = 0; i < n; i++) {
    let eta = -centring;
    for (let k = 0; k < p; k++) eta += covariates[k][i] * coefficients[k];
    linearPredictor[i] = eta;
  }
  return linearPredictor;
}

/**
 * The same from the sorted design when the fit consumed the covariates: (x − m)ᵀβ = Σ_k ((x_k − m_k) s_k) β'_k
 * with β' the coefficients on the scaled columns, written back to each row's data position.
 */
function linearPredictorFromSorted(ws: CoxWorkspace, scaledBeta: Float64Array): Float64Array {
  const { n, p, columns, order } = ws;
  const linearPredictor = new Float64Array(n);
  for (let k = 0; k < p; k++) {
    const column = columns[k];
    const b = scaledBeta[k];
    for (let r = 0; r < n; r++) linearPredictor[order[r]] += column[r] * b;
  }
  return linearPredictor;
}

/**
 * coxph.fit's warnings: "Ran out of iterations and did not converge" (and "coefficient may be
 * infinite" when max η > 500 or |U V| is not finite); else "Loglik converged before variable j" when
 * |U V|_j > eps and > sqrt(eps) |β_j| (the Newton step that would remain, large against β: β → ±∞).
 */
function convergenceWarnings(coefficients: Float64Array, score: Float64Array, variance: Float64Array, linearPredictor: Float64Array, ranOut: boolean, maxIterations: number, eps: number, warnings: CoxWarning[]): boolean[] {
  const p = coefficients.length;
  const possiblyInfinite = new Array<boolean>(p).fill(false);
  const remaining = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += score[k] * variance[k * p + j];
    remaining[j] = Math.abs(s);
  }
  if (ranOut) {
    warnings.push({ code: 'not-converged', message: `Ran out of iterations (${maxIterations}) and did not converge.` });
    let maxEta = -Infinity;
    for (let i = 0; i < linearPredictor.length; i++) if (linearPredictor[i] > maxEta) maxEta = linearPredictor[i];
    if (maxEta > 500 || remaining.some((v) => !Number.isFinite(v))) {
      warnings.push({ code: 'infinite-coefficient', message: 'One or more coefficients may be infinite.' });
    }
    return possiblyInfinite;
  }
  const infiniteTolerance = Math.sqrt(eps);
  const infinite: number[] = [];
  for (let j = 0; j < p; j++) {
    if (!Number.isFinite(score[j]) || (remaining[j] > eps && remaining[j] > infiniteTolerance * Math.abs(coefficients[j]))) infinite.push(j);
  }
  for (const j of infinite) possiblyInfinite[j] = true;
  if (infinite.length > 0) {
    warnings.push({
      code: 'infinite-coefficient',
      message: `Loglik converged before variable ${infinite.map((j) => j + 1).join(',')}; coefficient may be infinite.`,
    });
  }
  return possiblyInfinite;
}

/**
 * summary.coxph's tests on df = the non-redundant coefficients: likelihood ratio 2(ℓ₁ − ℓ₀), Wald
 * βᵀV⁻β over the kept columns (coxph.wtest), score U₀ᵀI₀⁻U₀ from the first Newton step.
 */
function coxTests(coefficients: Float64Array, variance: Float64Array, kept: number[], newton: NewtonRaphsonResult): Pick<CoxFit, 'scoreTest' | 'waldTest' | 'likelihoodRatioTest'> {
  const p = coefficients.length;
  const df = kept.length;
  const test = (statistic: number): CoxTest =>
    Number.isFinite(statistic) ? { statistic, df, p: df > 0 ? chiSquareUpperTail(statistic, df) : null } : { statistic: null, df, p: null };
  const keptVariance = new Float64Array(df * df);
  const keptBeta = new Float64Array(df);
  kept.forEach((j, a) => {
    keptBeta[a] = coefficients[j];
    kept.forEach((k, b) => (keptVariance[a * df + b] = variance[j * p + k]));
  });
  const wald = waldStatistic(keptVariance, keptBeta, df);
  return {
    scoreTest: test(newton.scoreStatistic),
    waldTest: test(wald.statistic),
    likelihoodRatioTest: test(2 * (newton.logLik - newton.logLikStart)),
  };
}
