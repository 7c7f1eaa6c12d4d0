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

/** R's quantile(values, p, type = 7), on values already sorted ascending. */
function sortedQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** R's quantile(values, p, type = 7). */
export function quantileType7(values: Float64Array, p: number): number {
  return sortedQuantile(Float64Array.from(values).sort(), p);
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
  const sorted = Float64Array.from(weights).sort();
  const lowerLimit = sortedQuantile(sorted, 1 - percentile);
  const upperLimit = sortedQuantile(sorted, percentile);
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

/**
 * The SMD of x for each group g = 1..k−1 against group 0 (the rows of the two groups only), before and
 * after weighting: one pass for the sums, one for the squares. Entry g − 1 of the result is group g's.
 */
export function standardisedDifferencesByGroup(x: ArrayLike<number>, group: Int32Array, k: number, weights: Float64Array): StandardisedDifference[] {
  const n = group.length;
  const count = new Float64Array(k);
  const sum = new Float64Array(k);
  const weightSum = new Float64Array(k);
  const weighted = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    count[g]++;
    sum[g] += x[i];
    weightSum[g] += weights[i];
    weighted[g] += weights[i] * x[i];
  }
  const mean = Float64Array.from(sum, (s, g) => s / count[g]);
  const squares = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    squares[g] += (x[i] - mean[g]) ** 2;
  }
  const out: StandardisedDifference[] = [];
  for (let g = 1; g < k; g++) {
    if (count[0] < 2 || count[g] < 2) {
      out.push({ before: null, after: null });
      continue;
    }
    const sd = Math.sqrt((squares[0] / (count[0] - 1) + squares[g] / (count[g] - 1)) / 2);
    out.push(sd > 0 ? { before: (mean[g] - mean[0]) / sd, after: (weighted[g] / weightSum[g] - weighted[0] / weightSum[0]) / sd } : { before: null, after: null });
  }
  return out;
}
