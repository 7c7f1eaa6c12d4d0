/**
 * Multinomial (baseline-category) logistic regression by Newton–Raphson on the log-likelihood, the model of
 * R's nnet::multinom(group ~ x) (Venables & Ripley, MASS 4th ed. §7.3): for groups g = 0..k−1,
 *   P(A = g | x) = exp(xᵀβ_g) / Σ_h exp(xᵀβ_h),  β_0 = 0,
 *   ℓ = Σ_i [x_iᵀβ_{a_i} − log Σ_h exp(x_iᵀβ_h)],
 *   score_g = Σ_i x_i (1[a_i = g] − π_ig),  −Hessian_{gh} = Σ_i x_i x_iᵀ π_ig (1[g = h] − π_ih).
 * multinom maximises the same likelihood by BFGS; Newton's method reaches the same maximum to rounding
 * (the reference runs multinom with reltol 1e-15 and compares the fitted probabilities). Start: β = 0 with
 * the intercepts (column 0 must be the intercept) at log(n_g/n_0). The loop is newton-raphson.ts's rule
 * 'coxfit6' (coxph's): a step that lowers ℓ is halved, converged when |1 − ℓ_old/ℓ_new| ≤ 1e-12, at most
 * 50 iterations. A singular information
 * matrix (collinear columns, or a group predicted perfectly) is reported and the caller refuses.
 */
import { choleskyDecompose, choleskySolve, CHOLESKY_TOLERANCE } from './linear-algebra';
import { newtonRaphson, type NewtonRaphsonProblem } from './newton-raphson';

export interface MultinomialFit {
  /** (k−1)×p row-major: the coefficients of groups 1..k−1 against group 0. */
  coefficients: Float64Array;
  /** n×k row-major fitted probabilities. */
  fitted: Float64Array;
  logLik: number;
  iterations: number;
  converged: boolean;
  singular: boolean;
}

function probabilities(design: Float64Array[], beta: Float64Array, k: number, fitted: Float64Array): void {
  const n = design[0].length;
  const p = design.length;
  const eta = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let largest = 0;
    eta[0] = 0;
    for (let g = 1; g < k; g++) {
      let e = 0;
      for (let c = 0; c < p; c++) e += design[c][i] * beta[(g - 1) * p + c];
      eta[g] = e;
      if (e > largest) largest = e;
    }
    let total = 0;
    for (let g = 0; g < k; g++) total += Math.exp(eta[g] - largest);
    for (let g = 0; g < k; g++) fitted[i * k + g] = Math.exp(eta[g] - largest) / total;
  }
}

function logLikelihood(fitted: Float64Array, group: Int32Array, k: number): number {
  let sum = 0;
  for (let i = 0; i < group.length; i++) sum += Math.log(fitted[i * k + group[i]]);
  return sum;
}

/**
 * The model as a Newton problem: evaluate gives ℓ at β and builds U and the information at β. The
 * information is Σ_i (weights per pair of groups) ⊗ x_i x_iᵀ: per participant the p(p+1)/2 products of x
 * once, then per pair g ≤ h of groups one weighted copy into that pair's triangle.
 */
function multinomialProblem(design: Float64Array[], group: Int32Array, k: number, fitted: Float64Array): NewtonRaphsonProblem {
  const n = group.length;
  const p = design.length;
  const q = (k - 1) * p;
  const information = new Float64Array(q * q);
  const score = new Float64Array(q);
  const triangle = (p * (p + 1)) / 2;
  const pairs = ((k - 1) * k) / 2;
  const products = new Float64Array(triangle);
  const blocks = new Float64Array(pairs * triangle);
  return {
    dimension: q,
    score,
    evaluate(beta) {
      probabilities(design, beta, k, fitted);
      information.fill(0);
      score.fill(0);
      blocks.fill(0);
      for (let i = 0; i < n; i++) {
        for (let c = 0, t = 0; c < p; c++) {
          const xc = design[c][i];
          for (let l = c; l < p; l++, t++) products[t] = xc * design[l][i];
        }
        for (let g = 1, pair = 0; g < k; g++) {
          const pg = fitted[i * k + g];
          const residual = (group[i] === g ? 1 : 0) - pg;
          for (let c = 0; c < p; c++) score[(g - 1) * p + c] += design[c][i] * residual;
          for (let h = g; h < k; h++, pair++) {
            const weight = pg * ((g === h ? 1 : 0) - fitted[i * k + h]);
            for (let t = 0, at = pair * triangle; t < triangle; t++, at++) blocks[at] += weight * products[t];
          }
        }
      }
      // Expand into the upper triangle of the (k−1)p × (k−1)p matrix (each block is symmetric).
      for (let g = 1, pair = 0; g < k; g++) {
        for (let h = g; h < k; h++, pair++) {
          for (let c = 0, t = 0; c < p; c++) {
            for (let l = c; l < p; l++, t++) {
              const value = blocks[pair * triangle + t];
              information[((g - 1) * p + c) * q + (h - 1) * p + l] = value;
              if (h !== g) information[((g - 1) * p + l) * q + (h - 1) * p + c] = value;
            }
          }
        }
      }
      return logLikelihood(fitted, group, k);
    },
    factorInformation: () => choleskyDecompose(information, q, CHOLESKY_TOLERANCE),
    derivativesFinite() {
      for (let j = 0; j < q; j++) if (!Number.isFinite(score[j])) return false;
      for (let j = 0; j < q * q; j++) if (!Number.isFinite(information[j])) return false;
      return true;
    },
    newtonStep(_beta, step) {
      step.set(score);
      choleskySolve(information, q, step);
    },
  };
}

/** `design`: p columns, column 0 the intercept; `group`: codes 0..k−1. */
export function fitMultinomial(design: Float64Array[], group: Int32Array, k: number, maxIterations = 50): MultinomialFit {
  const n = group.length;
  const p = design.length;
  const initial = new Float64Array((k - 1) * p);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[group[i]]++;
  for (let g = 1; g < k; g++) initial[(g - 1) * p] = Math.log(counts[g] / counts[0]);
  const fitted = new Float64Array(n * k);
  const fit = newtonRaphson(multinomialProblem(design, group, k, fitted), { rule: 'coxfit6', maxIterations, epsilon: 1e-12, initial, stopWhenSingular: true });
  return { coefficients: fit.beta, fitted, logLik: fit.logLik, iterations: fit.iterations, converged: fit.converged, singular: fit.singular };
}
