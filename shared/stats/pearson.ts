/**
 * Pearson's product-moment correlation and its test, as R's cor.test(x, y, method = "pearson").
 *
 *   r = Sxy / sqrt(Sxx Syy)            (centred sums, two passes: means first, for accuracy)
 *   t = sqrt(n - 2) r / sqrt(1 - r^2)  on n - 2 df, two-sided p
 *   CI (only when n > 3): tanh(atanh(r) -/+ z_{(1+level)/2} / sqrt(n - 3))   (Fisher's z)
 *
 * R stops with "not enough finite observations" when n < 3, and gives NA when a column is constant:
 * every number is null then.
 */
import { normalQuantile, tTwoSided } from './distributions';

/**
 * How a rank correlation's p-value was found: 'exact' (the permutation distribution: Kendall, and
 * Spearman for n <= 9), 'edgeworth' (Spearman for 10..1290 pairs: AS 89's Edgeworth series, which R's
 * cor.test uses under exact = TRUE), 'asymptotic' (Kendall's normal z, Spearman's t approximation).
 */
export type PValueMethod = 'exact' | 'edgeworth' | 'asymptotic';

/** One correlation test; the shape shared by Pearson, Spearman and Kendall. */
export interface CorrelationTest {
  /** Complete pairs used. */
  n: number;
  estimate: number | null;
  /** Pearson: t; Spearman: S; Kendall: z. */
  statistic: number | null;
  p: number | null;
  /** Fisher-z confidence interval, Pearson only. */
  lower: number | null;
  upper: number | null;
  /** Spearman and Kendall: how the p-value was found (null without a p-value). Not set for Pearson (Student t). */
  pValueMethod?: PValueMethod | null;
  /** Spearman and Kendall: R would have given the exact p but ties prevent it ("Cannot compute exact p-value with ties"). */
  exactPrevented?: boolean;
}

/** Pearson correlation of two equally long arrays without missing values; null if either is constant or n < 2. */
export function pearsonCorrelation(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 2) return null;
  let sumX = 0;
  let sumY = 0;
  let constantX = true;
  let constantY = true;
  for (let i = 0; i < n; i++) {
    sumX += x[i];
    sumY += y[i];
    if (x[i] !== x[0]) constantX = false;
    if (y[i] !== y[0]) constantY = false;
  }
  if (constantX || constantY) return null;
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  // Second pass on centred values; the residual sums correct the mean's rounding (as R's cov does).
  let residualX = 0;
  let residualY = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    residualX += dx;
    residualY += dy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  sxx -= (residualX * residualX) / n;
  syy -= (residualY * residualY) / n;
  sxy -= (residualX * residualY) / n;
  return clampCorrelation(sxy / Math.sqrt(sxx * syy));
}

/** Rounding can carry |r| a hair past 1; R clamps the same way in cor(). */
export function clampCorrelation(r: number): number {
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** The t test and Fisher-z interval that follow from r on n complete pairs. */
export function pearsonTestFromEstimate(r: number | null, n: number, confLevel = 0.95): CorrelationTest {
  if (r === null || n < 3 || !Number.isFinite(r)) return { n, estimate: null, statistic: null, p: null, lower: null, upper: null };
  const df = n - 2;
  const t = (Math.sqrt(df) * r) / Math.sqrt(1 - r * r);
  const p = tTwoSided(t, df);
  let lower: number | null = null;
  let upper: number | null = null;
  if (n > 3) {
    const z = Math.atanh(r);
    const halfWidth = normalQuantile((1 + confLevel) / 2) / Math.sqrt(n - 3);
    lower = Math.tanh(z - halfWidth);
    upper = Math.tanh(z + halfWidth);
  }
  return {
    n,
    estimate: r,
    statistic: Number.isFinite(t) ? t : null,
    p: Number.isNaN(p) ? null : Math.min(1, p),
    lower: Number.isNaN(lower as number) ? null : lower,
    upper: Number.isNaN(upper as number) ? null : upper,
  };
}

/** Pearson's correlation test on complete pairs (callers have removed missing values). */
export function pearsonTest(x: Float64Array, y: Float64Array, confLevel = 0.95): CorrelationTest {
  return pearsonTestFromEstimate(x.length < 3 ? null : pearsonCorrelation(x, y), x.length, confLevel);
}
