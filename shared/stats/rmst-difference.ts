/**
 * Restricted mean survival time (RMST) compared between two groups: the difference and the ratio,
 * each with a Wald confidence interval and p-value, as survRM2's `rmst2` (Uno et al., J Clin Oncol
 * 2014; 32: 2380-5) computes them, "arm 1" against "arm 0". The per-group restricted means and their
 * SEs are R survival's (`summary(survfit(...), rmean = tau)$table`, see rmst.ts).
 *
 * With z = qnorm(1 - (1 - level) / 2), for group a against group b at the same horizon tau:
 *   difference   D = RMST_a - RMST_b,   se(D) = sqrt(se_a^2 + se_b^2)
 *                CI D -/+ z se(D),    p = 2 P(Z > |D| / se(D))
 *   ratio        log R = log RMST_a - log RMST_b,
 *                se(log R) = sqrt(se_a^2 / RMST_a^2 + se_b^2 / RMST_b^2)      (delta method)
 *                R and CI = exp(log R -/+ z se(log R)),   p = 2 P(Z > |log R| / se(log R))
 *   per group    CI RMST -/+ z se (survRM2's rmst1)
 * The two groups are independent, so the variances add. Where R's arithmetic gives NaN or +-Inf (an
 * SE of 0 for both groups, a restricted mean of 0) the result is null, as R's NA.
 *
 * Horizon. `defaultHorizon` is survRM2 rmst2's default tau, generalised from two groups to k: a group
 * whose last observation is a relapse (everyone still at risk at its last time relapsed) has a curve
 * that has reached 0 and is known beyond its follow-up; a group whose last observation is a censoring
 * is not. The horizon is the smallest last time among the groups ending with a censoring, or the largest
 * last time when every group ends with a relapse. For two groups this is rmst2's four cases exactly
 * (both relapse: the larger; the shorter relapse and the longer censored: the larger; the shorter
 * censored: the smaller; both censored: the smaller), so no curve is carried past data it does not have.
 */
import { finiteOrNull } from './finite';
import { normalQuantile, normalTwoSided } from './distributions';
import type { RestrictedMean } from './rmst';

/** A group's restricted mean with its Wald interval. */
export interface RestrictedMeanInterval {
  estimate: number;
  stdErr: number;
  lower: number;
  upper: number;
}

/** Group a against group b (indices into the groups given). null where R gives NA, NaN or Inf. */
export interface RmstContrast {
  a: number;
  b: number;
  difference: number | null;
  differenceStdErr: number | null;
  differenceLower: number | null;
  differenceUpper: number | null;
  /** Two-sided p of the difference. */
  differenceP: number | null;
  ratio: number | null;
  logRatioStdErr: number | null;
  ratioLower: number | null;
  ratioUpper: number | null;
  /** Two-sided p of the log ratio. */
  ratioP: number | null;
}


function criticalValue(confLevel: number): number {
  if (!(confLevel > 0 && confLevel < 1)) throw new Error(`rmst-difference: confLevel must lie strictly between 0 and 1, got ${confLevel}`);
  return normalQuantile(1 - (1 - confLevel) / 2);
}

/** RMST -/+ z se. */
export function restrictedMeanInterval(mean: Pick<RestrictedMean, 'estimate' | 'stdErr'>, confLevel = 0.95): RestrictedMeanInterval {
  const z = criticalValue(confLevel);
  return { estimate: mean.estimate, stdErr: mean.stdErr, lower: mean.estimate - z * mean.stdErr, upper: mean.estimate + z * mean.stdErr };
}

/** Difference and ratio of the restricted means of groups a and b (survRM2 rmst2, arm 1 = a, arm 0 = b). */
export function rmstContrast(
  meanA: Pick<RestrictedMean, 'estimate' | 'stdErr'>,
  meanB: Pick<RestrictedMean, 'estimate' | 'stdErr'>,
  confLevel = 0.95,
  indices: { a: number; b: number } = { a: 1, b: 0 },
): RmstContrast {
  const z = criticalValue(confLevel);
  const difference = meanA.estimate - meanB.estimate;
  const differenceStdErr = Math.sqrt(meanA.stdErr * meanA.stdErr + meanB.stdErr * meanB.stdErr);
  const logRatio = Math.log(meanA.estimate) - Math.log(meanB.estimate);
  const logRatioStdErr = Math.sqrt(
    (meanA.stdErr * meanA.stdErr) / meanA.estimate / meanA.estimate + (meanB.stdErr * meanB.stdErr) / meanB.estimate / meanB.estimate,
  );
  return {
    a: indices.a,
    b: indices.b,
    difference: finiteOrNull(difference),
    differenceStdErr: finiteOrNull(differenceStdErr),
    differenceLower: finiteOrNull(difference - z * differenceStdErr),
    differenceUpper: finiteOrNull(difference + z * differenceStdErr),
    differenceP: finiteOrNull(normalTwoSided(difference / differenceStdErr)),
    ratio: finiteOrNull(Math.exp(logRatio)),
    logRatioStdErr: finiteOrNull(logRatioStdErr),
    ratioLower: finiteOrNull(Math.exp(logRatio - z * logRatioStdErr)),
    ratioUpper: finiteOrNull(Math.exp(logRatio + z * logRatioStdErr)),
    ratioP: finiteOrNull(normalTwoSided(logRatio / logRatioStdErr)),
  };
}

/**
 * Every pair of groups, in the groups' order: for groups 0, 1, ..., k-1 the pairs (a = j, b = i) for
 * i < j, ordered by i then j ((1, 0), (2, 0), ..., (2, 1), ...): each later group against an earlier one.
 */
export function rmstPairwise(means: readonly Pick<RestrictedMean, 'estimate' | 'stdErr'>[], confLevel = 0.95): RmstContrast[] {
  const contrasts: RmstContrast[] = [];
  for (let i = 0; i < means.length - 1; i++) {
    for (let j = i + 1; j < means.length; j++) contrasts.push(rmstContrast(means[j], means[i], confLevel, { a: j, b: i }));
  }
  return contrasts;
}

/** Whether a curve's last observation is a censoring, so that its survival after its follow-up is unknown (it has not reached 0). */
export function endsCensored(curve: { time: ArrayLike<number>; survival: ArrayLike<number> }): boolean {
  const m = curve.time.length;
  return m > 0 && curve.survival[m - 1] > 0;
}

/** survRM2's default horizon for k groups (see the header); curves without rows are skipped. */
export function defaultHorizon(curves: readonly { time: ArrayLike<number>; survival: ArrayLike<number> }[]): number {
  let smallestCensored = Infinity;
  let largest = -Infinity;
  for (const curve of curves) {
    const m = curve.time.length;
    if (m === 0) continue;
    const last = curve.time[m - 1];
    if (last > largest) largest = last;
    if (endsCensored(curve) && last < smallestCensored) smallestCensored = last;
  }
  return Number.isFinite(smallestCensored) ? smallestCensored : largest;
}
