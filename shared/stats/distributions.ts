/**
 * Tail probabilities and quantiles for the test statistics the engine reports.
 *
 * Upper tails are computed directly (regularised upper incomplete gamma / beta, erfc), never as
 * 1 - cdf, so p-values stay accurate far into the tail (p = 1e-300 is representable, not 0).
 * Implementations come from @stdlib (well-kept, tested against Boost/Cephes references):
 *   chi-square:   P(X > x) = Q(df/2, x/2)                    (gammainc, upper, regularised)
 *   normal:       P(|Z| > |z|) = erfc(|z| / sqrt 2)
 *   Student t:    P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2)  (betainc, regularised)
 * Distribution functions and quantiles of counts (funnel limits, exact Poisson intervals):
 *   Poisson:      P(Y ≤ k) = Q(k + 1, mean)                  (gammainc, upper, regularised)
 *   binomial:     P(Y ≤ k) = 1 − I_prob(k + 1, size − k)     (betainc, upper, regularised)
 *   quantiles (qpois, qbinom, qchisq) by search on these functions.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import erfc from '@stdlib/math-base-special-erfc';
import betainc from '@stdlib/math-base-special-betainc';
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile';

/** Upper tail P(X > x) of a chi-square distribution with df degrees of freedom. */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!Number.isFinite(x) || Number.isNaN(df) || df <= 0) return Number.isNaN(x) ? NaN : x === Infinity ? 0 : NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** Two-sided normal p-value P(|Z| > |z|). */
export function normalTwoSided(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Upper tail P(Z > z) of the standard normal. */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided Student t p-value P(|T| > |t|) on df degrees of freedom. */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return betainc(df / (df + t * t), df / 2, 0.5, true, false);
}

/** Quantile of the standard normal distribution (qnorm(p)). */
export function normalQuantile(p: number): number {
  return normalQuantileStd(p, 0, 1);
}

/**
 * Poisson distribution function P(Y ≤ k) for Y ~ Poisson(mean), as R's ppois: the regularised upper
 * incomplete gamma Q(k + 1, mean). k below 0 gives 0; mean 0 puts all mass at 0.
 */
export function poissonCdf(k: number, mean: number): number {
  if (Number.isNaN(k) || Number.isNaN(mean) || mean < 0) return NaN;
  const whole = Math.floor(k + 1e-7);
  if (whole < 0) return 0;
  if (mean === 0) return 1;
  return gammainc(mean, whole + 1, true, true);
}

/**
 * Binomial distribution function P(Y ≤ k) for Y ~ Binomial(size, prob), as R's pbinom: the regularised
 * incomplete beta 1 − I_prob(k + 1, size − k). k below 0 gives 0, k at or above size gives 1.
 */
export function binomialCdf(k: number, size: number, prob: number): number {
  if (Number.isNaN(k) || Number.isNaN(size) || Number.isNaN(prob) || size < 0 || prob < 0 || prob > 1) return NaN;
  const whole = Math.floor(k + 1e-7);
  if (whole < 0) return 0;
  if (whole >= size) return 1;
  if (prob === 0) return 1;
  if (prob === 1) return 0;
  return betainc(prob, whole + 1, size - whole, true, true);
}

/**
 * Smallest whole k with cdf(k) ≥ p, found by stepping from a starting guess (R's qpois/qbinom, which
 * also search from a Cornish–Fisher start; the guess only changes how many steps are taken).
 */
function discreteQuantile(p: number, cdf: (k: number) => number, guess: number, largest: number): number {
  let k = Math.min(Math.max(0, Math.floor(guess)), largest);
  if (cdf(k) >= p) {
    while (k > 0 && cdf(k - 1) >= p) k--;
  } else {
    while (k < largest && cdf(k) < p) k++;
  }
  return k;
}

/** Quantile of the Poisson distribution (R's qpois(p, mean)): the smallest k with P(Y ≤ k) ≥ p. */
export function poissonQuantile(p: number, mean: number): number {
  if (Number.isNaN(p) || Number.isNaN(mean) || p < 0 || p > 1 || mean < 0) return NaN;
  if (mean === 0 || p === 0) return 0;
  if (p === 1) return Infinity;
  return discreteQuantile(p, (k) => poissonCdf(k, mean), mean + normalQuantile(p) * Math.sqrt(mean), Infinity);
}

/** Quantile of the binomial distribution (R's qbinom(p, size, prob)): the smallest k with P(Y ≤ k) ≥ p. */
export function binomialQuantile(p: number, size: number, prob: number): number {
  if (Number.isNaN(p) || Number.isNaN(size) || Number.isNaN(prob) || p < 0 || p > 1 || size < 0 || prob < 0 || prob > 1) return NaN;
  if (prob === 0 || size === 0) return 0;
  if (p === 1 || prob === 1) return size;
  const mean = size * prob;
  return discreteQuantile(p, (k) => binomialCdf(k, size, prob), mean + normalQuantile(p) * Math.sqrt(mean * (1 - prob)), size);
}

/**
 * Quantile of the chi-square distribution on df degrees of freedom (R's qchisq(p, df)), by bisection on
 * the regularised incomplete gamma (lower tail below the median, upper tail above it, so neither tail
 * loses digits) until the bracket is as narrow as a double allows.
 */
export function chiSquareQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || Number.isNaN(df) || p < 0 || p > 1 || df <= 0) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const shape = df / 2;
  const upper = p > 0.5;
  const target = upper ? 1 - p : p;
  // g(x) rises with x: the lower tail minus p, or (1 − p) minus the upper tail.
  const g = (x: number) => (upper ? target - gammainc(x / 2, shape, true, true) : gammainc(x / 2, shape, true, false) - target);
  let low = 0;
  let high = Math.max(1, df);
  while (g(high) < 0) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 2000; i++) {
    const middle = (low + high) / 2;
    if (middle <= low || middle >= high) break;
    if (g(middle) < 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
