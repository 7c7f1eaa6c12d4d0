/**
 * Logistic regression by iteratively reweighted least squares, as R's glm(y ~ x, family = binomial)
 * (R 4.2: stats/R/glm.R glm.fit with binomial()'s logit link, src/library/stats/src/family.c):
 *   start μ = (y + 0.5)/2, η = log(μ/(1 − μ)), deviance D = Σ −2 log(μ_i or 1 − μ_i);
 *   each iteration: μ'(η) = e^η/(1 + e^η)² (DBL_EPSILON when |η| > 30), working response
 *   z = η + (y − μ)/μ', working weight w = μ'²/(μ(1 − μ)), β = (XᵀWX)⁻¹XᵀWz, η = Xβ,
 *   μ = t/(1 + t) with t = e^η (ε for η < −30, 1/ε for η > 30);
 *   converged when |D − D_old|/(|D| + 0.1) < 1e-8, at most 25 iterations.
 * The loop is newton-raphson.ts's rule 'glm' (the log-likelihood there is −D/2).
 * R solves the weighted least squares by a pivoted QR; here by the Cholesky factor of XᵀWX (the same
 * β to rounding for a design of full rank). A column that is constant or collinear is not dropped
 * as R would (NA): the fit reports it (`singular`) and the caller refuses.
 * The design includes the intercept column if the caller wants one.
 */
import { choleskyDecompose, choleskySolve, CHOLESKY_TOLERANCE } from './linear-algebra';
import { newtonRaphson, type NewtonRaphsonProblem } from './newton-raphson';

const EPS = 2 ** -52;
const THRESH = 30;

export interface LogisticFit {
  coefficients: Float64Array;
  /** Fitted probabilities P(y = 1 | x), R's fitted(). */
  fitted: Float64Array;
  deviance: number;
  iterations: number;
  converged: boolean;
  /** XᵀWX was not of full rank: a column is constant or collinear with others. */
  singular: boolean;
}

function inverseLink(eta: number): number {
  const t = eta < -THRESH ? EPS : eta > THRESH ? 1 / EPS : Math.exp(eta);
  return t / (1 + t);
}

function linkDerivative(eta: number): number {
  const opexp = 1 + Math.exp(eta);
  return eta > THRESH || eta < -THRESH ? EPS : Math.exp(eta) / (opexp * opexp);
}

function deviance(y: Uint8Array, mu: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += y[i] === 1 ? -2 * Math.log(mu[i]) : -2 * Math.log(1 - mu[i]);
  return sum;
}

/**
 * The IRLS fit as a Newton problem: evaluate sets η = Xβ and μ and gives −D/2; factorInformation
 * builds XᵀWX and XᵀWz from the current η and μ and factors XᵀWX; the step is β_WLS − β.
 */
function logisticProblem(design: Float64Array[], y: Uint8Array, eta: Float64Array, mu: Float64Array): NewtonRaphsonProblem {
  const n = y.length;
  const p = design.length;
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  return {
    dimension: p,
    evaluate(beta) {
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let a = 0; a < p; a++) e += design[a][i] * beta[a];
        eta[i] = e;
        mu[i] = inverseLink(e);
      }
      return -deviance(y, mu) / 2;
    },
    factorInformation() {
      xtwx.fill(0);
      xtwz.fill(0);
      for (let i = 0; i < n; i++) {
        const d = linkDerivative(eta[i]);
        const z = eta[i] + (y[i] - mu[i]) / d;
        const w = (d * d) / (mu[i] * (1 - mu[i]));
        for (let a = 0; a < p; a++) {
          const xa = design[a][i] * w;
          xtwz[a] += xa * z;
          for (let b = a; b < p; b++) xtwx[a * p + b] += xa * design[b][i];
        }
      }
      return choleskyDecompose(xtwx, p, CHOLESKY_TOLERANCE);
    },
    derivativesFinite: () => true,
    newtonStep(beta, step) {
      step.set(xtwz);
      choleskySolve(xtwx, p, step);
      for (let a = 0; a < p; a++) step[a] -= beta[a];
    },
  };
}

/** `design`: p columns of length n (include a column of 1s for the intercept); y: 1 or 0. */
export function fitLogistic(design: Float64Array[], y: Uint8Array, maxIterations = 25, epsilon = 1e-8): LogisticFit {
  const n = y.length;
  for (const column of design) if (column.length !== n) throw new Error('fitLogistic: a column differs in length from y');
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] + 0.5) / 2;
    eta[i] = Math.log(mu[i] / (1 - mu[i]));
  }
  const startLogLik = -deviance(y, mu) / 2;
  const fit = newtonRaphson(logisticProblem(design, y, eta, mu), { rule: 'glm', maxIterations, epsilon, startLogLik });
  return { coefficients: fit.beta, fitted: mu, deviance: -2 * fit.logLik, iterations: fit.iterations, converged: fit.converged, singular: fit.singular };
}
