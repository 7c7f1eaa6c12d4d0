/**
 * The difference between two groups' Kaplan–Meier survival at one time t: the "naive" fixed-time comparison of
 * Klein, Logan, Harhoff and Andersen (Statistics in Medicine 2007;26:4505–19), from R survival 3.5's
 * `summary(survfit(Surv(time, status) ~ group), times = t)`: each group's S(t) and its Greenwood standard error
 * (summary's std.err, the SE of S itself), the two groups being independent samples:
 *
 *   D = S_a(t) − S_b(t),   SE(D) = √(SE_a² + SE_b²),   CI = D ± z_{1−α/2} SE(D),   p = 2 Φ(−|D| / SE(D)).
 *
 * A group's survival at t is that of its last curve time ≤ t (survival-at-times.ts, R's rules); a t after a
 * group's last follow-up has no value there (summary's extend = FALSE), and its comparisons are null. With
 * SE(D) = 0 (no relapse in either group by t, or both curves at 0) the difference is exact: no CI width, no p.
 */
import { normalQuantile, normalTwoSided } from './distributions';
import type { SurvivalTableLike } from './survival-at-times';
import { survivalAtTimes } from './survival-at-times';

export interface SurvivalAtPoint {
  /** S(t), or null when t is after the group's last follow-up. */
  survival: number | null;
  /** Greenwood SE of S(t) (null where R gives NA, or with no value at t). */
  stdErr: number | null;
  /** Participants still followed just before t (R's n.risk at t). */
  atRisk: number | null;
}

export interface SurvivalDifference {
  /** Indices of the two groups: a − b. */
  a: number;
  b: number;
  difference: number | null;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
  p: number | null;
}

/** Each curve's survival, SE and number at risk at t, as summary(fit, times = t). */
export function survivalAtPoint(curve: SurvivalTableLike, t: number): SurvivalAtPoint {
  const [row] = survivalAtTimes(curve, [t]);
  if (!row) return { survival: null, stdErr: null, atRisk: null };
  return { survival: row.survival, stdErr: row.stdErr, atRisk: row.nRisk };
}

/** a − b for two groups' survival at the same time, with its normal-theory CI and p. */
export function survivalDifference(a: SurvivalAtPoint, b: SurvivalAtPoint, confLevel: number): Omit<SurvivalDifference, 'a' | 'b'> {
  if (a.survival === null || b.survival === null || a.stdErr === null || b.stdErr === null) {
    return { difference: null, stdErr: null, lower: null, upper: null, p: null };
  }
  const difference = a.survival - b.survival;
  const stdErr = Math.sqrt(a.stdErr * a.stdErr + b.stdErr * b.stdErr);
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  return { difference, stdErr, lower: difference - z * stdErr, upper: difference + z * stdErr, p: stdErr > 0 ? normalTwoSided(difference / stdErr) : null };
}

/** Every pair of groups, the later against the earlier (k > j: k − j), as the restricted-mean comparisons. */
export function survivalDifferencePairs(points: readonly SurvivalAtPoint[], confLevel: number): SurvivalDifference[] {
  const pairs: SurvivalDifference[] = [];
  for (let j = 0; j < points.length; j++) {
    for (let k = j + 1; k < points.length; k++) pairs.push({ a: k, b: j, ...survivalDifference(points[k], points[j], confLevel) });
  }
  return pairs;
}
