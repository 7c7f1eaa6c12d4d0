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
import { countingSortByKey, denseRanks, identityOrder } from './sort-order';
import { aeqSurv } from './timefix';

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

/** The sorted, centred and scaled design, and the work space for one likelihood evaluation. */
interface CoxWorkspace {
  n: number;
  p: number;
  efron: boolean;
  time: Float64Array;
  status: Uint8Array;
  /** 1 where the row is the last (largest time) of its stratum in ascending order. */
  stratumEnd: Uint8Array;
  /** n×p row-major, sorted, centred and scaled. */
  x: Float64Array;
  /** Case weight per sorted row (1 without weights). */
  weight: Float64Array;
  // Outputs of evaluate():
  score: Float64Array;
  information: Float64Array;
  // Scratch:
  riskSum1: Float64Array;
  deathSum1: Float64Array;
  riskSum2: Float64Array;
  deathSum2: Float64Array;
}

/**
 * Log partial likelihood at β (scaled coordinates); fills ws.score and the upper triangle of
 * ws.information. One backward pass over the sorted rows (largest time first), so each risk set
 * is the previous one plus the rows at the current time.
 */
function evaluate(ws: CoxWorkspace, beta: Float64Array): number {
  const { n, p, time, status, stratumEnd, x, weight, score, information, riskSum1, deathSum1, riskSum2, deathSum2, efron } = ws;
  const packed = riskSum2.length;
  score.fill(0);
  information.fill(0);
  deathSum1.fill(0);
  deathSum2.fill(0);
  let logLik = 0;
  let riskSum0 = 0;
  let row = n - 1;
  while (row >= 0) {
    if (stratumEnd[row] === 1) {
      riskSum0 = 0;
      riskSum1.fill(0);
      riskSum2.fill(0);
    }
    const currentTime = time[row];
    let deaths = 0;
    let deathWeight = 0;
    let deathSum0 = 0;
    // Rows at this time: censored ones join the risk sums now, deaths are collected apart.
    while (row >= 0 && time[row] === currentTime) {
      const base = row * p;
      let eta = 0;
      for (let k = 0; k < p; k++) eta += beta[k] * x[base + k];
      const w = weight[row];
      const risk = Math.exp(eta) * w;
      if (status[row] === 0) {
        riskSum0 += risk;
        let idx = 0;
        for (let i = 0; i < p; i++) {
          const rx = risk * x[base + i];
          riskSum1[i] += rx;
          for (let j = 0; j <= i; j++) riskSum2[idx++] += rx * x[base + j];
        }
      } else {
        deaths++;
        deathWeight += w;
        deathSum0 += risk;
        logLik += w * eta;
        let idx = 0;
        for (let i = 0; i < p; i++) {
          const xi = x[base + i];
          const rx = risk * xi;
          score[i] += w * xi;
          deathSum1[i] += rx;
          for (let j = 0; j <= i; j++) deathSum2[idx++] += rx * x[base + j];
        }
      }
      row--;
      if (row >= 0 && stratumEnd[row] === 1) break;
    }
    if (deaths === 0) continue;
    if (!efron || deaths === 1) {
      riskSum0 += deathSum0;
      logLik -= deathWeight * Math.log(riskSum0);
      let idx = 0;
      for (let i = 0; i < p; i++) {
        riskSum1[i] += deathSum1[i];
        const mean = riskSum1[i] / riskSum0;
        score[i] -= deathWeight * mean;
        for (let j = 0; j <= i; j++) {
          riskSum2[idx] += deathSum2[idx];
          information[j * p + i] += (deathWeight * (riskSum2[idx] - mean * riskSum1[j])) / riskSum0;
          idx++;
        }
      }
    } else {
      // Efron: the d deaths enter the risk sums one d-th at a time, each step with the deaths' mean weight.
      const share0 = deathSum0 / deaths;
      const meanWeight = deathWeight / deaths;
      for (let k = 0; k < deaths; k++) {
        riskSum0 += share0;
        logLik -= meanWeight * Math.log(riskSum0);
        let idx = 0;
        for (let i = 0; i < p; i++) {
          riskSum1[i] += deathSum1[i] / deaths;
          const mean = riskSum1[i] / riskSum0;
          score[i] -= meanWeight * mean;
          for (let j = 0; j <= i; j++) {
            riskSum2[idx] += deathSum2[idx] / deaths;
            information[j * p + i] += (meanWeight * (riskSum2[idx] - mean * riskSum1[j])) / riskSum0;
            idx++;
          }
        }
      }
    }
    deathSum1.fill(0);
    for (let idx = 0; idx < packed; idx++) deathSum2[idx] = 0;
  }
  return logLik;
}

function emptyTest(): CoxTest {
  return { statistic: null, df: 0, p: null };
}

export function fitCox(input: CoxInput): CoxFit {
  const { status, covariates } = input;
  const time = input.timefix === false || input.time.length === 0 ? input.time : aeqSurv(input.time);
  const n = time.length;
  const p = covariates.length;
  const maxIterations = input.maxIterations ?? 20;
  const eps = input.epsilon ?? 1e-9;
  const infiniteTolerance = Math.sqrt(eps);
  if (status.length !== n) throw new Error('fitCox: time and status differ in length');
  for (const column of covariates) if (column.length !== n) throw new Error('fitCox: a covariate column differs in length from time');
  if (input.strata && input.strata.length !== n) throw new Error('fitCox: strata differ in length from time');
  const caseWeights = input.weights ?? null;
  if (caseWeights) {
    if (caseWeights.length !== n) throw new Error('fitCox: weights differ in length from time');
    for (let i = 0; i < n; i++) if (!(caseWeights[i] > 0 && Number.isFinite(caseWeights[i]))) throw new RangeError(`fitCox: data row ${i + 1}: weight ${caseWeights[i]} is not a finite number > 0`);
  }
  if (p === 0) throw new Error('fitCox: at least one covariate is needed');
  const warnings: CoxWarning[] = [];
  let events = 0;
  for (let i = 0; i < n; i++) events += status[i] === 1 ? 1 : 0;

  // R returns early when there are no events: NA coefficients, loglik 0, no tests.
  if (events === 0) {
    const means = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += covariates[k][i];
      means[k] = s / n;
    }
    warnings.push({ code: 'no-events', message: 'There are no events, so the Cox model cannot be estimated.' });
    return {
      n,
      events,
      coefficients: new Float64Array(p).fill(NaN),
      standardErrors: new Float64Array(p).fill(NaN),
      variance: new Float64Array(p * p),
      redundant: new Array<boolean>(p).fill(false),
      possiblyInfinite: new Array<boolean>(p).fill(false),
      score: new Float64Array(p),
      means,
      logLikNull: 0,
      logLikFinal: 0,
      scoreTest: emptyTest(),
      waldTest: emptyTest(),
      likelihoodRatioTest: emptyTest(),
      iterations: 0,
      converged: false,
      linearPredictor: new Float64Array(n),
      warnings,
    };
  }

  // Sort once; build the row-major design in sorted order.
  const strata = input.strata ?? null;
  const order = stratumTimeOrder(time, strata);
  const sortedTime = new Float64Array(n);
  const sortedStatus = new Uint8Array(n);
  const stratumEnd = new Uint8Array(n);
  const x = new Float64Array(n * p);
  const sortedWeight = new Float64Array(n).fill(1);
  // Each row is written to its sorted position while the columns are read in sequence: a cache line
  // or two per row instead of p scattered reads.
  const sortedAt = new Int32Array(n);
  for (let r = 0; r < n; r++) sortedAt[order[r]] = r;
  for (let i = 0; i < n; i++) {
    const r = sortedAt[i];
    sortedTime[r] = time[i];
    sortedStatus[r] = status[i] === 1 ? 1 : 0;
    if (caseWeights) sortedWeight[r] = caseWeights[i];
    const base = r * p;
    for (let k = 0; k < p; k++) x[base + k] = covariates[k][i];
  }
  if (n > 0) stratumEnd[n - 1] = 1;
  if (strata) for (let r = 0; r + 1 < n; r++) if (strata[order[r]] !== strata[order[r + 1]]) stratumEnd[r] = 1;

  // Centre and scale (coxfit6 doscale); columns with values in {-1, 0, 1} are left as they are (their
  // mean is taken as 0 and their scale as 1). Row by row through the row-major design: a column at a
  // time would stride through all of it p times.
  const means = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  const indicatorLike = new Uint8Array(p).fill(1);
  const sums = new Float64Array(p);
  // Σ w (n without weights: a sum of ones is exact).
  let totalWeight = 0;
  for (let r = 0; r < n; r++) {
    const base = r * p;
    const w = sortedWeight[r];
    totalWeight += w;
    for (let k = 0; k < p; k++) {
      const v = x[base + k];
      sums[k] += w * v;
      if (v !== 0 && v !== 1 && v !== -1) indicatorLike[k] = 0;
    }
  }
  for (let k = 0; k < p; k++) if (!indicatorLike[k]) means[k] = sums[k] / totalWeight;
  const absSums = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    const base = r * p;
    const w = sortedWeight[r];
    for (let k = 0; k < p; k++) {
      const centred = x[base + k] - means[k];
      x[base + k] = centred;
      absSums[k] += w * Math.abs(centred);
    }
  }
  for (let k = 0; k < p; k++) if (!indicatorLike[k] && absSums[k] > 0) scale[k] = totalWeight / absSums[k];
  for (let r = 0; r < n; r++) {
    const base = r * p;
    for (let k = 0; k < p; k++) x[base + k] *= scale[k];
  }

  const packed = (p * (p + 1)) / 2;
  const ws: CoxWorkspace = {
    n,
    p,
    efron: input.ties === 'efron',
    time: sortedTime,
    status: sortedStatus,
    stratumEnd,
    x,
    weight: sortedWeight,
    score: new Float64Array(p),
    information: new Float64Array(p * p),
    riskSum1: new Float64Array(p),
    deathSum1: new Float64Array(p),
    riskSum2: new Float64Array(packed),
    deathSum2: new Float64Array(packed),
  };
  const information = ws.information;
  const u = ws.score;

  // Step 0: β = 0, the null log-likelihood, the score test and the first Newton step.
  const beta = new Float64Array(p);
  const newBeta = new Float64Array(p);
  const step = new Float64Array(p);
  const logLikNull = evaluate(ws, beta);
  let bestLogLik = logLikNull;
  step.set(u);
  let rank = choleskyDecompose(information, p, CHOLESKY_TOLERANCE);
  choleskySolve(information, p, step);
  let scoreStatistic = 0;
  for (let k = 0; k < p; k++) scoreStatistic += u[k] * step[k];

  let iterations = 0;
  let converged = false;
  let ranOut = false;
  if (maxIterations === 0 || !Number.isFinite(logLikNull)) {
    // No iterations asked for (or no finite start): report β = 0 with its information inverse.
    choleskyInvert(information, p);
  } else {
    for (let k = 0; k < p; k++) newBeta[k] = beta[k] + step[k];
    let halving = 0;
    for (iterations = 1; iterations <= maxIterations; iterations++) {
      const newLogLik = evaluate(ws, newBeta);
      rank = choleskyDecompose(information, p, CHOLESKY_TOLERANCE);
      let finite = Number.isFinite(newLogLik);
      for (let k = 0; k < p && finite; k++) if (!Number.isFinite(u[k])) finite = false;
      for (let k = 0; k < p * p && finite; k++) if (!Number.isFinite(information[k])) finite = false;
      if (finite && Math.abs(1 - bestLogLik / newLogLik) <= eps) {
        bestLogLik = newLogLik;
        choleskyInvert(information, p);
        beta.set(newBeta);
        converged = true;
        break;
      }
      if (!finite || newLogLik < bestLogLik) {
        // Not improving: move back towards the last good β, more firmly each time.
        halving++;
        for (let k = 0; k < p; k++) newBeta[k] = (newBeta[k] + halving * beta[k]) / (halving + 1);
      } else {
        halving = 0;
        bestLogLik = newLogLik;
        step.set(u);
        choleskySolve(information, p, step);
        for (let k = 0; k < p; k++) {
          beta[k] = newBeta[k];
          newBeta[k] += step[k];
        }
      }
    }
    if (!converged) {
      ranOut = true;
      // Re-evaluate at the last good β (R does so when iter.max > 1). Deliberate difference from
      // coxfit6: R inverts the re-evaluated information without factoring it first, which leaves
      // only 1/I_jj on the diagonal and zeros elsewhere; we return the proper inverse.
      if (maxIterations > 1) {
        bestLogLik = evaluate(ws, beta);
        rank = choleskyDecompose(information, p, CHOLESKY_TOLERANCE);
      }
      choleskyInvert(information, p);
    }
  }

  // Back to the original scale: β_j = β'_j s_j, U_j = U'_j / s_j, V_jk = V'_jk s_j s_k.
  const coefficients = new Float64Array(p);
  const score = new Float64Array(p);
  const variance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    coefficients[j] = beta[j] * scale[j];
    score[j] = u[j] / scale[j];
    for (let k = 0; k < p; k++) variance[j * p + k] = information[j * p + k] * scale[j] * scale[k];
  }

  const linearPredictor = new Float64Array(n);
  let centring = 0;
  for (let k = 0; k < p; k++) centring += coefficients[k] * means[k];
  for (let i = 0; i < n; i++) {
    let eta = -centring;
    for (let k = 0; k < p; k++) eta += covariates[k][i] * coefficients[k];
    linearPredictor[i] = eta;
  }

  // Redundant columns: R marks them when the final Cholesky rank is below p (not after running out).
  const redundant = new Array<boolean>(p).fill(false);
  if (!ranOut && maxIterations > 0 && rank < p) for (let k = 0; k < p; k++) redundant[k] = variance[k * p + k] === 0;

  const possiblyInfinite = new Array<boolean>(p).fill(false);
  if (maxIterations > 1) {
    // |U V|: the Newton step that would still remain; large relative to β means β → ±∞.
    const remaining = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += score[k] * variance[k * p + j];
      remaining[j] = Math.abs(s);
    }
    if (ranOut) {
      warnings.push({ code: 'not-converged', message: `Ran out of iterations (${maxIterations}) and did not converge.` });
      let maxEta = -Infinity;
      for (let i = 0; i < n; i++) if (linearPredictor[i] > maxEta) maxEta = linearPredictor[i];
      if (maxEta > 500 || remaining.some((v) => !Number.isFinite(v))) {
        warnings.push({ code: 'infinite-coefficient', message: 'One or more coefficients may be infinite.' });
      }
    } else {
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
    }
  }
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
    n,
    events,
    coefficients,
    standardErrors,
    variance,
    redundant,
    possiblyInfinite,
    score,
    means,
    logLikNull,
    logLikFinal: bestLogLik,
    scoreTest: test(scoreStatistic),
    waldTest: test(wald.statistic),
    likelihoodRatioTest: test(2 * (bestLogLik - logLikNull)),
    iterations,
    converged,
    linearPredictor,
    warnings,
  };
}
