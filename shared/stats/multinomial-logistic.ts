/**
 * Multinomial (baseline-category) logistic regression by Newton–Raphson on the log-likelihood, the model of
 * R's nnet::multinom(group ~ x) (Venables & Ripley, MASS 4th ed. §7.3): for groups g = 0..k−1,
 *   P(A = g | x) = exp(xᵀβ_g) / Σ_h exp(xᵀβ_h),  β_0 = 0,
 *   ℓ = Σ_i [x_iᵀβ_{a_i} − log Σ_h exp(x_iᵀβ_h)],
 *   score_g = Σ_i x_i (1[a_i = g] − π_ig),  −Hessian_{gh} = Σ_i x_i x_iᵀ π_ig (1[g = h] − π_ih).
 * multinom maximises the same likelihood by BFGS; Newton's method reaches the same maximum to rounding
 * (the reference runs multinom with reltol 1e-15 and compares the fitted probabilities). Start: β = 0 with
 * the intercepts (column 0 must be the intercept) at log(n_g/n_0); a step that lowers ℓ is halved;
 * converged when the relative change of ℓ is below 1e-12 and no coefficient moved by more than 1e-10
 * (relative to 1 + |β|), at most 50 iterations. A singular information
 * matrix (collinear columns, or a group predicted perfectly) is reported and the caller refuses.
 */
import { choleskyDecompose, choleskySolve, CHOLESKY_TOLERANCE } from './linear-algebra';

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

/** `design`: p columns, column 0 the intercept; `group`: codes 0..k−1. */
export function fitMultinomial(design: Float64Array[], group: Int32Array, k: number, maxIterations = 50): MultinomialFit {
  const n = group.length;
  const p = design.length;
  const q = (k - 1) * p;
  const beta = new Float64Array(q);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[group[i]]++;
  for (let g = 1; g < k; g++) beta[(g - 1) * p] = Math.log(counts[g] / counts[0]);
  const fitted = new Float64Array(n * k);
  probabilities(design, beta, k, fitted);
  let logLik = logLikelihood(fitted, group, k);
  const information = new Float64Array(q * q);
  const score = new Float64Array(q);
  const trial = new Float64Array(q);
  const trialFitted = new Float64Array(n * k);
  let converged = false;
  let singular = false;
  let iterations = 0;
  // The information matrix is Σ_i (weights per pair of groups) ⊗ x_i x_iᵀ: per participant the p(p+1)/2
  // products of x once, then per pair g ≤ h of groups one weighted copy into that pair's triangle.
  const triangle = (p * (p + 1)) / 2;
  const pairs = ((k - 1) * k) / 2;
  const products = new Float64Array(triangle);
  const blocks = new Float64Array(pairs * triangle);
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
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
    const rank = choleskyDecompose(information, q, CHOLESKY_TOLERANCE);
    if (rank < q) {
      singular = true;
      break;
    }
    const step = Float64Array.from(score);
    choleskySolve(information, q, step);
    let scale = 1;
    let next = -Infinity;
    for (let halving = 0; halving < 30; halving++) {
      for (let j = 0; j < q; j++) trial[j] = beta[j] + scale * step[j];
      probabilities(design, trial, k, trialFitted);
      next = logLikelihood(trialFitted, group, k);
      if (next >= logLik || !Number.isFinite(logLik)) break;
      scale /= 2;
    }
    beta.set(trial);
    fitted.set(trialFitted);
    const change = Math.abs(next - logLik) / (Math.abs(next) + 0.1);
    let largestStep = 0;
    for (let j = 0; j < q; j++) largestStep = Math.max(largestStep, Math.abs(scale * step[j]) / (1 + Math.abs(beta[j])));
    logLik = next;
    if (change < 1e-12 && largestStep < 1e-10) {
      converged = true;
      break;
    }
  }
  return { coefficients: beta, fitted, logLik, iterations, converged, singular };
}
