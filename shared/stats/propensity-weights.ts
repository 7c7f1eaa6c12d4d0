/**
 * Inverse-probability-of-treatment weights for two groups and the balance they achieve (Cole & Hernán
 * 2008, Am J Epidemiol 168:656–664; Austin & Stuart 2015, Stat Med 34:3661–3679).
 * - Stabilised weights: w_i = P(A = a_i) / P(A = a_i | x_i), with P(A = 1 | x) the fitted probability of a
 *   logistic model (logistic-regression.ts) and P(A = 1) the proportion in group 1; with more groups the
 *   fitted probability of the participant's own group from a multinomial model (multinomial-logistic.ts)
 *   and that group's share (McCaffrey et al. 2013, Stat Med 32:3388–3414).
 * - Trimming at percentile q: weights below the (1 − q) quantile are set to it and weights above the q
 *   quantile to it, the quantiles as R's quantile(w, type = 7) (the default): sorted w, h = (n − 1) p,
 *   w_(⌊h⌋) + (h − ⌊h⌋)(w_(⌊h⌋+1) − w_(⌊h⌋)). q = 1 leaves the weights as they are.
 * - Standardised mean difference of a covariate between group 1 and group 0, before weighting
 *   (plain means) and after (weighted means), both over the same denominator sqrt((s₁² + s₀²)/2), the
 *   unweighted variances with n − 1 (Austin & Stuart's recommendation); null when that is 0 or a group
 *   has fewer than two members.
 */

/** R's quantile(values, p, type = 7). */
export function quantileType7(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** w_i = P(A = a_i)/P(A = a_i | x_i); `treated` 1 for group 1, 0 for group 0. */
export function stabilisedWeights(propensity: Float64Array, treated: Uint8Array): Float64Array {
  const n = propensity.length;
  let ones = 0;
  for (let i = 0; i < n; i++) ones += treated[i];
  const share = ones / n;
  return Float64Array.from(propensity, (ps, i) => (treated[i] === 1 ? share / ps : (1 - share) / (1 - ps)));
}

/** Several groups: w_i = share of group a_i / P(A = a_i | x_i); `fitted` n×k row-major. */
export function stabilisedWeightsByGroup(fitted: Float64Array, group: Int32Array, k: number): Float64Array {
  const n = group.length;
  const share = new Float64Array(k);
  for (let i = 0; i < n; i++) share[group[i]] += 1 / n;
  return Float64Array.from(group, (g, i) => share[g] / fitted[i * k + g]);
}

export interface TrimmedWeights {
  weights: Float64Array;
  /** The limits the weights were trimmed to (null when q = 1), and how many were changed. */
  lowerLimit: number | null;
  upperLimit: number | null;
  trimmed: number;
}

export function trimWeights(weights: Float64Array, percentile: number): TrimmedWeights {
  if (percentile >= 1) return { weights: Float64Array.from(weights), lowerLimit: null, upperLimit: null, trimmed: 0 };
  const lowerLimit = quantileType7(weights, 1 - percentile);
  const upperLimit = quantileType7(weights, percentile);
  let trimmed = 0;
  const out = Float64Array.from(weights, (w) => {
    if (w < lowerLimit) {
      trimmed++;
      return lowerLimit;
    }
    if (w > upperLimit) {
      trimmed++;
      return upperLimit;
    }
    return w;
  });
  return { weights: out, lowerLimit, upperLimit, trimmed };
}

export interface StandardisedDifference {
  before: number | null;
  after: number | null;
}

/** SMD of x between treated = 1 and treated = 0, before and after weighting. */
export function standardisedDifference(x: ArrayLike<number>, treated: Uint8Array, weights: Float64Array): StandardisedDifference {
  const n = treated.length;
  const count = [0, 0];
  const sum = [0, 0];
  const weightSum = [0, 0];
  const weighted = [0, 0];
  for (let i = 0; i < n; i++) {
    const a = treated[i];
    count[a]++;
    sum[a] += x[i];
    weightSum[a] += weights[i];
    weighted[a] += weights[i] * x[i];
  }
  if (count[0] < 2 || count[1] < 2) return { before: null, after: null };
  const mean = [sum[0] / count[0], sum[1] / count[1]];
  const squares = [0, 0];
  for (let i = 0; i < n; i++) {
    const a = treated[i];
    squares[a] += (x[i] - mean[a]) ** 2;
  }
  const sd = Math.sqrt((squares[0] / (count[0] - 1) + squares[1] / (count[1] - 1)) / 2);
  if (!(sd > 0)) return { before: null, after: null };
  return { before: (mean[1] - mean[0]) / sd, after: (weighted[1] / weightSum[1] - weighted[0] / weightSum[0]) / sd };
}
