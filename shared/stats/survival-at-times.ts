/**
 * Survival at chosen times, as R survival 3.5 `summary(fit, times = ..., extend = FALSE)`
 * (R/summary.survfit.R: survfit0 then findrow).
 *
 * R's rules, followed here:
 * - The requested times are sorted (repeats kept); non-finite ones are dropped.
 * - Times after the curve's last observed time (event or censoring) are dropped (extend = FALSE):
 *   the curve is not defined there. The caller can tell which by comparing with the input.
 * - Survival, its SE and CI at t are those of the last curve time <= t. Before the first time
 *   (or at 0 when nothing happens at 0) the curve is at its start: S = 1, SE 0, CI (1, 1)
 *   (survfit0 prepends that point at time 0).
 * - nRisk at t is the number at risk at the first curve time >= t (those still under
 *   observation just before t).
 * - nEvent and nCensor count what happened after the previous requested time up to and including t
 *   (for the first requested time: since the start).
 * - stdErr is the SE of S(t) (summary's std.err); null where R gives NA (after S has reached 0).
 */
import { finiteOrNull } from './finite';

export interface SurvivalAtTime {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

/** What summary(fit, times=) reads from a curve (KaplanMeierCurve satisfies it). NaN marks R's NA. */
export interface SurvivalTableLike {
  time: ArrayLike<number>;
  nRisk: ArrayLike<number>;
  nEvent: ArrayLike<number>;
  nCensor: ArrayLike<number>;
  survival: ArrayLike<number>;
  stdErr: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
}

/** Number of entries of the sorted array `values` that are <= t (strict: < t). */
function countUpTo(values: ArrayLike<number>, t: number, strict: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? values[mid] < t : values[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function survivalAtTimes(curve: SurvivalTableLike, times: ArrayLike<number>): SurvivalAtTime[] {
  const m = curve.time.length;
  if (m === 0) return [];
  const lastTime = curve.time[m - 1];
  const requested = Array.from(times)
    .filter((t) => Number.isFinite(t) && t <= lastTime)
    .sort((a, b) => a - b);
  // survfit0 prepends a start point at time 0 unless the curve already begins at 0.
  const hasStartPoint = curve.time[0] !== 0;

  // Cumulative events/censorings up to curve row j (inclusive), for the between-times counts.
  const cumulativeEvents = new Float64Array(m + 1);
  const cumulativeCensor = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) {
    cumulativeEvents[j + 1] = cumulativeEvents[j] + curve.nEvent[j];
    cumulativeCensor[j + 1] = cumulativeCensor[j] + curve.nCensor[j];
  }

  const out: SurvivalAtTime[] = [];
  let previousRows = 0;
  for (const t of requested) {
    // Rows of the curve at or before t; 0 means t precedes the first time.
    const rowsUpTo = countUpTo(curve.time, t, false);
    // For t < 0 on a curve that starts at 0, R's pmax(1, index) reads the time-0 row.
    const valueRow = rowsUpTo === 0 && !hasStartPoint ? 0 : rowsUpTo - 1;
    const atRiskRow = Math.min(countUpTo(curve.time, t, true), m - 1);
    let survival = 1;
    let stdErr: number | null = 0;
    let lower: number | null = 1;
    let upper: number | null = 1;
    if (valueRow >= 0) {
      const j = valueRow;
      survival = curve.survival[j];
      stdErr = finiteOrNull(curve.stdErr[j]);
      lower = finiteOrNull(curve.lower[j]);
      upper = finiteOrNull(curve.upper[j]);
    }
    out.push({
      time: t,
      nRisk: curve.nRisk[atRiskRow],
      nEvent: cumulativeEvents[rowsUpTo] - cumulativeEvents[previousRows],
      nCensor: cumulativeCensor[rowsUpTo] - cumulativeCensor[previousRows],
      survival,
      stdErr,
      lower,
      upper,
    });
    previousRows = rowsUpTo;
  }
  return out;
}
