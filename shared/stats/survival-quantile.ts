/**
 * Quantiles of a survival curve with their confidence limits, as R survival 3.5
 * `quantile.survfit` (R/quantile.survfit.R, helper findq) and the median of `print.survfit` /
 * `summary(fit)$table` (R/survmean.R, helper minmin). noweb/survfitKM.Rnw explains the rules.
 *
 * The p-th quantile is the first time at which the curve F = 1 - S reaches p. Where the curve is
 * flat exactly at p (within tol = sqrt(machine epsilon)) over an interval, R takes the midpoint of
 * that interval, and where it is flat at p up to the end of follow-up, the midpoint between the
 * time it reached p and the last observed time. The limits are the same rule applied to the lower
 * and upper confidence curves (the lower curve gives the lower limit). A curve that never reaches
 * p gives null.
 *
 * The median of print.survfit uses a slightly different rule (minmin): the first time with
 * S < 0.5 + tol, averaged with the next drop of the curve when S is exactly 0.5 there, but when the
 * curve stays at 0.5 to the end it takes the first time (no midpoint). Both are exposed because R
 * reports both: `survivalQuantiles` (quantile.survfit) and `medianSurvival` (print.survfit).
 */

export interface SurvivalQuantile {
  p: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface SurvivalMedian {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** What the quantile rules read from a curve (KaplanMeierCurve satisfies it). NaN marks R's NA. */
export interface SurvivalCurveLike {
  time: ArrayLike<number>;
  survival: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
}

/** R's sqrt(.Machine$double.eps). */
const TOLERANCE = Math.sqrt(2.220446049250313e-16);

export const STANDARD_PROBS: readonly number[] = [0.25, 0.5, 0.75];

/**
 * Quantiles with CI as quantile.survfit(fit, probs) for one curve (start time 0).
 * `probs` are probabilities of the event (p = 0.5 is the median).
 */
export function survivalQuantiles(curve: SurvivalCurveLike, probs: readonly number[] = STANDARD_PROBS): SurvivalQuantile[] {
  for (const p of probs) if (!(p >= 0 && p <= 1)) throw new Error(`survivalQuantiles: probability ${p} outside [0, 1]`);
  const estimate = quantilesOfCurve(curve.time, curve.survival, probs);
  const lower = quantilesOfCurve(curve.time, curve.lower, probs);
  const upper = quantilesOfCurve(curve.time, curve.upper, probs);
  return probs.map((p, k) => ({ p, estimate: estimate[k], lower: lower[k], upper: upper[k] }));
}

/**
 * findq applied to x = (0, time), y = (0, 1 - curve). R first drops repeated y values (keeping the
 * first occurrence), then looks up p with approx(method = "constant", f = 1), which returns the
 * index of the smallest y + tol (resp. y - tol) at or above p, or NA when p lies outside their range.
 * Because the lower and upper curves need not be monotone, the search is over values, not positions.
 */
function quantilesOfCurve(time: ArrayLike<number>, curve: ArrayLike<number>, probs: readonly number[]): (number | null)[] {
  const m = time.length + 1;
  const x = (k: number) => (k === 0 ? 0 : time[k - 1]);
  const y = (k: number) => (k === 0 ? 0 : 1 - curve[k - 1]);

  let yMax = -Infinity;
  let yMin = Infinity;
  for (let k = 0; k < m; k++) {
    const v = y(k);
    if (Number.isNaN(v)) continue;
    if (v > yMax) yMax = v;
    if (v < yMin) yMin = v;
  }
  let pMin = Infinity;
  for (const p of probs) pMin = Math.min(pMin, p);
  if (yMax < pMin) return probs.map(() => null);

  const xLast = x(m - 1);
  const yFinal = lastDistinctValue(y, m);

  // Index of the smallest y + offset that is >= p; the earliest such index is the first occurrence,
  // i.e. the one duplicated() keeps. -1 when p falls outside [min, max] of y + offset (approx's NA).
  const lookUp = (p: number, offset: number): number => {
    if (p < yMin + offset || p > yMax + offset) return -1;
    let best = -1;
    let bestValue = Infinity;
    for (let k = 0; k < m; k++) {
      const v = y(k) + offset;
      if (v >= p && v < bestValue) {
        bestValue = v;
        best = k;
      }
    }
    return best;
  };

  return probs.map((p) => {
    if (p === 0) return x(0);
    const index1 = lookUp(p, TOLERANCE);
    const index2 = lookUp(p, -TOLERANCE);
    let quantile = index1 >= 0 && index2 >= 0 ? (x(index1) + x(index2)) / 2 : NaN;
    if (!Number.isNaN(yFinal) && Math.abs(p - yFinal) < TOLERANCE) quantile = index1 >= 0 ? (x(index1) + xLast) / 2 : NaN;
    return Number.isFinite(quantile) ? quantile : null;
  });
}

/**
 * The last value of y once repeats are dropped (first occurrences kept), as y[n] in findq; NaN if
 * that value is NA. For a nondecreasing sequence a value is new exactly when it exceeds every earlier
 * one, so one pass suffices; otherwise a set of seen values is used.
 */
function lastDistinctValue(y: (k: number) => number, m: number): number {
  let runningMax = -Infinity;
  let last = NaN;
  let seenNaN = false;
  let monotone = true;
  for (let k = 0; k < m; k++) {
    const v = y(k);
    if (Number.isNaN(v)) {
      if (!seenNaN) last = NaN;
      seenNaN = true;
    } else if (v > runningMax) {
      runningMax = v;
      last = v;
    } else if (v < runningMax) {
      monotone = false;
      break;
    }
  }
  if (monotone) return last;
  const seen = new Set<number>();
  for (let k = 0; k < m; k++) {
    const v = y(k);
    if (!seen.has(v)) {
      seen.add(v);
      last = v;
    }
  }
  return last;
}

/** Median with CI as print.survfit / summary(fit)$table ("median", "LCL", "UCL"). */
export function medianSurvival(curve: SurvivalCurveLike): SurvivalMedian {
  return {
    estimate: firstBelowHalf(curve.time, curve.survival),
    lower: firstBelowHalf(curve.time, curve.lower),
    upper: firstBelowHalf(curve.time, curve.upper),
  };
}

/**
 * survmean's minmin: among times where the curve is below 0.5 + tol (NA skipped), the first one;
 * if the curve equals 0.5 there (within tol) and drops later, the midpoint with the first later drop.
 */
function firstBelowHalf(time: ArrayLike<number>, curve: ArrayLike<number>): number | null {
  const n = time.length;
  let first = -1;
  for (let k = 0; k < n; k++) {
    const v = curve[k];
    if (!Number.isNaN(v) && v < 0.5 + TOLERANCE) {
      first = k;
      break;
    }
  }
  if (first < 0) return null;
  const atFirst = curve[first];
  if (Math.abs(atFirst - 0.5) < TOLERANCE) {
    for (let k = first + 1; k < n; k++) {
      const v = curve[k];
      if (!Number.isNaN(v) && v < atFirst) return (time[first] + time[k]) / 2;
    }
  }
  return time[first];
}
