/**
 * Funnel-plot control limits (Spiegelhalter 2005, "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 24:1185–1202), exact with his interpolation for discreteness:
 *
 * For a count Y with distribution function F (Poisson or binomial under the target) and a tail
 * probability p, let r_p be the p-quantile, the smallest r with F(r) ≥ p (R's qpois / qbinom), and
 *   α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)).
 * The limit on the count scale is r_p − α, which moves smoothly with the precision instead of in steps.
 *   - Ratio of observed to expected events (target 1): Y ~ Poisson(E), limit (r_p − α) / E.
 *   - Proportion (target π₀) among n: Y ~ Binomial(n, π₀), limit (r_p − α) / n.
 * The 95% limits take p = 0.025 and 0.975, the 99.8% limits p = 0.001 and 0.999 (about 2 and 3 SDs).
 * A lower limit below 0 (when even no events would not be unusual) is given as 0; with a target
 * proportion of 0 or 1 every count is certain and each limit is the target itself.
 * Counts are whole numbers, so a site at the quantile r_p itself already lies beyond r_p − α: for small
 * counts the chance of an in-control site lying outside can be somewhat above the nominal 2.5% or 0.1%
 * per side (Manktelow and Seaton 2012 compare such interpolations).
 */
import { binomialCdf, binomialQuantile, poissonCdf, poissonQuantile } from './distributions';

/** Tail probabilities of the limits: 95% (lower, upper) and 99.8% (lower, upper). */
export const FUNNEL_PROBABILITIES = { lower95: 0.025, upper95: 0.975, lower998: 0.001, upper998: 0.999 } as const;

export interface FunnelLimits {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** r_p − α for a discrete distribution function F with its p-quantile r. */
function interpolatedCount(p: number, quantile: number, cdf: (k: number) => number): number {
  const atQuantile = cdf(quantile);
  const below = cdf(quantile - 1);
  return quantile - (atQuantile - p) / (atQuantile - below);
}

/** Limit for O / E at tail probability p; null when E is not positive. */
export function poissonFunnelLimit(expected: number, p: number): number | null {
  if (!(expected > 0) || !Number.isFinite(expected)) return null;
  const count = interpolatedCount(p, poissonQuantile(p, expected), (k) => poissonCdf(k, expected));
  return Math.max(0, count / expected);
}

/** Limit for a proportion among `size` at tail probability p around the target proportion; null when size is 0. */
export function binomialFunnelLimit(size: number, target: number, p: number): number | null {
  if (!(size > 0) || !(target >= 0 && target <= 1)) return null;
  if (target === 0 || target === 1) return target;
  const count = interpolatedCount(p, binomialQuantile(p, size, target), (k) => binomialCdf(k, size, target));
  return Math.min(1, Math.max(0, count / size));
}

function limitsWith(limit: (p: number) => number | null): FunnelLimits | null {
  const lower95 = limit(FUNNEL_PROBABILITIES.lower95);
  const upper95 = limit(FUNNEL_PROBABILITIES.upper95);
  const lower998 = limit(FUNNEL_PROBABILITIES.lower998);
  const upper998 = limit(FUNNEL_PROBABILITIES.upper998);
  if (lower95 === null || upper95 === null || lower998 === null || upper998 === null) return null;
  return { lower95, upper95, lower998, upper998 };
}

/** The four limits of a ratio O / E at expected count E (null when E is not positive). */
export function poissonFunnelLimits(expected: number): FunnelLimits | null {
  return limitsWith((p) => poissonFunnelLimit(expected, p));
}

/** The four limits of a proportion among `size` around `target` (null when size is 0). */
export function binomialFunnelLimits(size: number, target: number): FunnelLimits | null {
  return limitsWith((p) => binomialFunnelLimit(size, target, p));
}

/** Number of points on a funnel's grid. */
export const FUNNEL_GRID_POINTS = 200;

/** Expected counts E_k = k · largest / points, k = 1..points, with the ratio limits at each. */
export function poissonFunnel(largestExpected: number, points = FUNNEL_GRID_POINTS): (FunnelLimits & { expected: number })[] {
  if (!(largestExpected > 0) || !Number.isFinite(largestExpected)) return [];
  const rows: (FunnelLimits & { expected: number })[] = [];
  for (let k = 1; k <= points; k++) {
    const expected = (k * largestExpected) / points;
    rows.push({ expected, ...poissonFunnelLimits(expected)! });
  }
  return rows;
}

/**
 * Whole sizes n from 1 to the largest (every size when there are at most `points`, otherwise
 * round(k · largest / points), k = 1..points), with the proportion limits at each.
 */
export function binomialFunnel(largestSize: number, target: number, points = FUNNEL_GRID_POINTS): (FunnelLimits & { n: number })[] {
  const rows: (FunnelLimits & { n: number })[] = [];
  if (!(largestSize >= 1) || !(target >= 0 && target <= 1)) return rows;
  const sizes = largestSize <= points ? Array.from({ length: largestSize }, (_, k) => k + 1) : Array.from({ length: points }, (_, k) => Math.floor(((k + 1) * largestSize) / points + 0.5));
  for (const n of sizes) rows.push({ n, ...binomialFunnelLimits(n, target)! });
  return rows;
}
