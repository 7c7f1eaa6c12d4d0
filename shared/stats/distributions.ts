/**
 * Tail probabilities and quantiles for the test statistics the engine reports.
 *
 * Upper tails are computed directly (regularised upper incomplete gamma / beta, erfc), never as
 * 1 - cdf, so p-values stay accurate far into the tail (p = 1e-300 is representable, not 0).
 * Implementations come from @stdlib (well-kept, tested against Boost/Cephes references):
 *   chi-square:   P(X > x) = Q(df/2, x/2)                    (gammainc, upper, regularised)
 *   normal:       P(|Z| > |z|) = erfc(|z| / sqrt 2)
 *   Student t:    P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2)  (betainc, regularised)
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
