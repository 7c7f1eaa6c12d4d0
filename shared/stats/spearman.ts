/**
 * Spearman's rank correlation rho and its test, as R's cor.test(x, y, method = "spearman", exact = FALSE).
 *
 *   rho = Pearson correlation of the ranks, ties given their average rank (R's rank(), ties.method "average")
 *   S   = (n^3 - n)(1 - rho) / 6            (R's statistic; equals sum of squared rank differences without ties)
 *   p   = two-sided Student t with n - 2 df of t = rho sqrt((n - 2) / (1 - rho^2))
 *
 * There is no confidence interval (R gives none). With n < 2, or a constant column, R gives NA: null here.
 *
 * Ranks come from ./sort-order (averageRanks).
 */
import { tTwoSided } from './distributions';
import { type CorrelationTest, pearsonCorrelation } from './pearson';
import { averageRanks } from './sort-order';

/** The test that follows from rho on n complete pairs (R's t approximation, exact = FALSE). */
export function spearmanTestFromEstimate(rho: number | null, n: number): CorrelationTest {
  if (rho === null || n < 2 || !Number.isFinite(rho)) return { n, estimate: null, statistic: null, p: null, lower: null, upper: null };
  const statistic = ((n * n * n - n) * (1 - rho)) / 6;
  const t = rho / Math.sqrt((1 - rho * rho) / (n - 2));
  const p = tTwoSided(t, n - 2);
  return { n, estimate: rho, statistic, p: Number.isNaN(p) ? null : Math.min(1, p), lower: null, upper: null };
}

/** Spearman's rho test on complete pairs (callers have removed missing values). */
export function spearmanTest(x: Float64Array, y: Float64Array): CorrelationTest {
  const n = x.length;
  if (n < 2) return spearmanTestFromEstimate(null, n);
  return spearmanTestFromEstimate(pearsonCorrelation(averageRanks(x), averageRanks(y)), n);
}
