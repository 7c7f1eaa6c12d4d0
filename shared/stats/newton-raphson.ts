/**
 * One Newton–Raphson loop with step halving, shared by every estimator that maximises a log-likelihood
 * by Newton (or Fisher-scoring) steps. The problem supplies the log-likelihood with its derivatives and
 * the step; the loop supplies the iteration, the convergence test and the step halving, as R does them
 * in three routines whose differences are kept as the `rule`:
 *
 * - 'coxfit6' (survival 3.5 src/coxfit6.c, coxph on right-censored data; also the baseline-category
 *   model of multinomial-logistic.ts, there with `stopWhenSingular`): evaluate ℓ, U, I at β₀; factor I
 *   (cholesky2), score statistic U₀ᵀ I₀⁻ U₀, first trial β₁ = β₀ + I₀⁻¹U₀. Each iteration evaluates
 *   the trial, factors I, then
 *     converged when U, I and ℓ are finite and |1 − ℓ_best/ℓ_new| ≤ eps;
 *     step halving when something is not finite or ℓ_new < ℓ_best: trial = (trial + h β_good)/(h + 1),
 *       h = 1, 2, … (more firmly towards the last good β each time);
 *     otherwise the trial becomes the good β and the next trial is β + I⁻¹U.
 *   After iter.max iterations without convergence, β_good is evaluated again (when iter.max > 1) and
 *   reported, with iter = iter.max + 1.
 * - 'agfit4' (survival noweb/agreg.Rnw, chunk agfit4-iter; coxph on (start, stop] data): the same, but
 *   a non-finite diagonal of I (checked before factoring) or a change of the Cholesky rank from β₀'s
 *   counts as failure, convergence is not declared in the midst of halving, and after iter.max
 *   iterations the last trial is kept unless its ℓ is worse than the best by more than eps relative
 *   (then β_good is evaluated again); iter = iter.max.
 * - 'glm' (R 4.2 stats glm.fit, IRLS): the start is the problem's own (μ from y), given as `startLogLik`;
 *   each iteration factors XᵀWX of the current fit (stopping as singular when its rank is short), takes
 *   the weighted least-squares step, evaluates, and is converged when the deviance D = −2ℓ changes by
 *   |D − D_old|/(|D| + 0.1) < epsilon. A worse deviance is accepted; only a non-finite one is halved
 *   towards the last β, (trial + β_good)/2 (glm.fit's "step size truncated due to divergence").
 *
 * The information of the last call to `factorInformation` stays factored in the problem, so the caller
 * inverts exactly the matrix R inverts (chinv2).
 */

export type NewtonRule = 'coxfit6' | 'agfit4' | 'glm';

export interface NewtonRaphsonProblem {
  /** Number of coefficients. */
  readonly dimension: number;
  /** The log-likelihood at β; the problem keeps U and I (or the working weights) of this β. */
  evaluate(beta: Float64Array): number;
  /** Factors the information of the last evaluation in place (cholesky2); returns its rank. */
  factorInformation(): number;
  /**
   * Whether the last evaluation's derivatives are finite: 'coxfit6' asks after factoring (U and every
   * element of I), 'agfit4' before (the diagonal of I); 'glm' never asks.
   */
  derivativesFinite(): boolean;
  /** The step from the last evaluated β with the factored information: I⁻¹U (chsolve2), or glm's β_WLS − β. */
  newtonStep(beta: Float64Array, step: Float64Array): void;
  /** U at the last evaluation, for the score statistic at β₀ (absent: no score statistic). */
  readonly score?: Float64Array;
}

export interface NewtonRaphsonOptions {
  rule: NewtonRule;
  /** R's iter.max (coxph: 20; glm: maxit 25). */
  maxIterations: number;
  /** R's eps (coxph: 1e-9; glm: epsilon 1e-8). */
  epsilon: number;
  /** β₀ (default 0). */
  initial?: Float64Array;
  /** 'glm': the log-likelihood of the problem's own starting fit, already evaluated. */
  startLogLik?: number;
  /**
   * Stop as soon as the information loses rank (the caller refuses the data): the baseline-category
   * model, whose singular information means collinear columns or a group predicted perfectly. 'glm'
   * always stops so.
   */
  stopWhenSingular?: boolean;
}

export interface NewtonRaphsonResult {
  /** The reported β. */
  beta: Float64Array;
  /** ℓ at β₀ (or the given start). */
  logLikStart: number;
  /** The reported ℓ: the best for 'coxfit6' and 'glm', the last evaluated for 'agfit4' (as R reports them). */
  logLik: number;
  /** U₀ᵀ I₀⁻ U₀ at β₀, or NaN when the problem gives no score or the rule is 'glm'. */
  scoreStatistic: number;
  /** Rank of I at β₀ ('coxfit6', 'agfit4') or of the last factored XᵀWX ('glm'). */
  startRank: number;
  /** Rank of the last factored information. */
  rank: number;
  /** R's iter. */
  iterations: number;
  converged: boolean;
  /** The iterations ran out (R's "Ran out of iterations"); false when stopped at β₀ or as singular. */
  ranOut: boolean;
  /** 'glm': XᵀWX lost rank, so the fit stopped. */
  singular: boolean;
  /** How many times a trial was moved back towards the last good β. */
  halvings: number;
  /** Whether the loop iterated at all (false: maxIterations 0 or a non-finite ℓ at β₀). */
  iterated: boolean;
}

function relativeChange(best: number, next: number): number {
  return Math.abs(1 - best / next);
}

/** coxph's loops, coxfit6 and agfit4, which differ in the points listed in the header. */
function coxLoop(problem: NewtonRaphsonProblem, options: NewtonRaphsonOptions): NewtonRaphsonResult {
  const p = problem.dimension;
  const { maxIterations, epsilon } = options;
  const agfit4 = options.rule === 'agfit4';
  const good = options.initial ? Float64Array.from(options.initial) : new Float64Array(p);
  const trial = new Float64Array(p);
  const step = new Float64Array(p);

  // Iteration 0: ℓ, U, I at β₀, the score statistic and the first trial.
  const logLikStart = problem.evaluate(good);
  const startRank = problem.factorInformation();
  problem.newtonStep(good, step);
  let scoreStatistic = NaN;
  if (problem.score) {
    scoreStatistic = 0;
    for (let k = 0; k < p; k++) scoreStatistic += problem.score[k] * step[k];
  }
  const result: NewtonRaphsonResult = {
    beta: good, logLikStart, logLik: logLikStart, scoreStatistic, startRank, rank: startRank,
    iterations: 0, converged: false, ranOut: false, singular: false, halvings: 0, iterated: false,
  };
  if (options.stopWhenSingular && startRank < p) {
    result.singular = true;
    return result;
  }
  if (maxIterations === 0 || !Number.isFinite(logLikStart)) return result;
  result.iterated = true;
  for (let k = 0; k < p; k++) trial[k] = good[k] + step[k];

  let best = logLikStart;
  let halving = 0;
  let logLik = logLikStart;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    result.iterations = iteration;
    logLik = problem.evaluate(trial);
    let finite: boolean;
    if (agfit4) {
      const diagonalFinite = problem.derivativesFinite();
      result.rank = problem.factorInformation();
      finite = diagonalFinite && Number.isFinite(logLik) && result.rank === startRank;
      if (finite && halving === 0 && relativeChange(best, logLik) <= epsilon) {
        result.beta = trial;
        result.logLik = logLik;
        result.converged = true;
        return result;
      }
      if (iteration === maxIterations) break;
    } else {
      result.rank = problem.factorInformation();
      if (options.stopWhenSingular && result.rank < p) {
        result.beta = trial;
        result.logLik = logLik;
        result.singular = true;
        return result;
      }
      finite = Number.isFinite(logLik) && problem.derivativesFinite();
      if (finite && relativeChange(best, logLik) <= epsilon) {
        result.beta = trial;
        result.logLik = logLik;
        result.converged = true;
        return result;
      }
    }
    if (!finite || logLik < best) {
      halving++;
      result.halvings++;
      for (let k = 0; k < p; k++) trial[k] = (trial[k] + halving * good[k]) / (halving + 1);
    } else {
      halving = 0;
      best = logLik;
      problem.newtonStep(trial, step);
      for (let k = 0; k < p; k++) {
        good[k] = trial[k];
        trial[k] += step[k];
      }
    }
  }

  // Out of iterations.
  result.ranOut = true;
  if (agfit4) {
    // agfit4 keeps the last trial unless it is worse than the best by more than rounding.
    result.beta = trial;
    result.logLik = logLik;
    if (maxIterations > 1 && (logLik - best) / Math.abs(best) < -epsilon) {
      result.beta = good;
      result.logLik = problem.evaluate(good);
      result.rank = problem.factorInformation();
    }
    return result;
  }
  // coxfit6 reports the last good β, evaluated again.
  result.iterations = maxIterations + 1;
  result.beta = good;
  result.logLik = best;
  if (maxIterations > 1) {
    result.logLik = problem.evaluate(good);
    result.rank = problem.factorInformation();
  }
  return result;
}

/** glm.fit's IRLS loop (Fisher scoring; Newton–Raphson for the canonical link). */
function glmLoop(problem: NewtonRaphsonProblem, options: NewtonRaphsonOptions): NewtonRaphsonResult {
  const p = problem.dimension;
  const { maxIterations, epsilon } = options;
  const good = options.initial ? Float64Array.from(options.initial) : new Float64Array(p);
  const trial = new Float64Array(p);
  const step = new Float64Array(p);
  const logLikStart = options.startLogLik ?? problem.evaluate(good);
  const result: NewtonRaphsonResult = {
    beta: good, logLikStart, logLik: logLikStart, scoreStatistic: NaN, startRank: p, rank: p,
    iterations: 0, converged: false, ranOut: false, singular: false, halvings: 0, iterated: maxIterations > 0,
  };
  let devianceOld = -2 * logLikStart;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    result.iterations = iteration;
    result.rank = problem.factorInformation();
    if (iteration === 1) result.startRank = result.rank;
    if (result.rank < p) {
      result.singular = true;
      return result;
    }
    problem.newtonStep(good, step);
    for (let k = 0; k < p; k++) trial[k] = good[k] + step[k];
    let logLik = problem.evaluate(trial);
    // glm.fit halves towards the last β while the deviance is not finite (not when it is merely worse).
    for (let tries = 0; !Number.isFinite(logLik) && tries < maxIterations; tries++) {
      result.halvings++;
      for (let k = 0; k < p; k++) trial[k] = (trial[k] + good[k]) / 2;
      logLik = problem.evaluate(trial);
    }
    good.set(trial);
    result.logLik = logLik;
    const deviance = -2 * logLik;
    if (Math.abs(deviance - devianceOld) / (Math.abs(deviance) + 0.1) < epsilon) {
      result.converged = true;
      return result;
    }
    devianceOld = deviance;
  }
  result.ranOut = maxIterations > 0;
  return result;
}

/** Maximises the problem's log-likelihood by Newton–Raphson with step halving, following `options.rule`. */
export function newtonRaphson(problem: NewtonRaphsonProblem, options: NewtonRaphsonOptions): NewtonRaphsonResult {
  return options.rule === 'glm' ? glmLoop(problem, options) : coxLoop(problem, options);
}
