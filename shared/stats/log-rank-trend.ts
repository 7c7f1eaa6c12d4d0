/**
 * The log-rank test for trend over ordered groups (Collett, Modelling Survival Data in Medical
 * Research, 3rd ed., section 2.7), built on the G^rho observed, expected and variance of survdiff.
 *
 * With scores w_1..w_k for the ordered groups (default 1, 2, ..., k):
 *   U     = sum_g w_g (O_g - E_g)
 *   Var U = w' V w
 *   chisq = U^2 / Var U on 1 df, z = U / sqrt(Var U)
 * In R: U <- sum(w * (rowSums(obs) - rowSums(exp))); v <- t(w) %*% fit$var %*% w, for fit <- survdiff(...).
 * Since the rows of V sum to zero, adding a constant to every score changes nothing.
 */
import { chiSquareUpperTail } from './distributions';
import type { LogRankResult, TestWarning } from './log-rank';

export interface LogRankTrendResult {
  scores: number[];
  /** U = sum of score-weighted observed minus expected. */
  statistic: number;
  variance: number;
  z: number | null;
  chisq: number | null;
  df: 1;
  p: number | null;
  warnings: TestWarning[];
}

/** Trend test from a log-rank result; `scores` default to 1..k in group-code order. */
export function logRankTrend(test: Pick<LogRankResult, 'observed' | 'expected' | 'variance'>, scores?: ArrayLike<number>): LogRankTrendResult {
  const k = test.observed.length;
  const w = scores ? Array.from(scores) : Array.from({ length: k }, (_, g) => g + 1);
  if (w.length !== k) throw new RangeError(`trend scores: expected ${k} scores, got ${w.length}`);
  let statistic = 0;
  let variance = 0;
  for (let g = 0; g < k; g++) {
    statistic += w[g] * (test.observed[g] - test.expected[g]);
    for (let h = 0; h < k; h++) variance += w[g] * test.variance[g][h] * w[h];
  }
  if (!(variance > 0)) {
    return {
      scores: w, statistic, variance, z: null, chisq: null, df: 1, p: null,
      warnings: [{ code: 'no-trend-test', message: 'The trend statistic has no variance (fewer than two groups with events at risk), so there is no trend test.' }],
    };
  }
  const chisq = (statistic * statistic) / variance;
  return { scores: w, statistic, variance, z: statistic / Math.sqrt(variance), chisq, df: 1, p: chiSquareUpperTail(chisq, 1), warnings: [] };
}
