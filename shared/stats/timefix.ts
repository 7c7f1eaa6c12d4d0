/**
 * Merging of near-tied times ("timefix"), as R survival's `aeqSurv` (survival 3.5: R/aeqSurv.R; the
 * methods document's section on tied times explains why). Times that differ only by floating-point
 * rounding, such as 0.1 + 0.2 and 0.3, are made one time, with the decision all.equal would make.
 *
 * Rule. Let y_1 < … < y_m be the distinct finite times and tol = sqrt(machine ε) (≈ 1.49e-8). The gap
 * dy_i = y_i − y_{i−1} is a tie when
 *     dy_i <= tol   or   dy_i / mean(|y|) <= tol.
 * The times that do not tie with their predecessor (and y_1) are the cut points; every time is replaced
 * by the largest cut point at or below it (R's findInterval). A chain of small gaps therefore collapses
 * onto its first time, even when the chain as a whole is longer than tol.
 *
 * R applies it, by default, in survfit (Kaplan–Meier, and so the median, quantiles, RMST and the
 * reverse-KM follow-up read from it), survdiff, coxph (so its concordance), cox.zph (through
 * coxph.getdata) and concordance(). cmprsk's cuminc and crr compare times exactly and never apply it;
 * neither does the Gray test.
 *
 * Non-finite times (which callers remove before calling) are left as they are.
 */

/** R's default tolerance, sqrt(.Machine$double.eps). */
export const TIMEFIX_TOLERANCE = Math.sqrt(2 ** -52);

/**
 * The times with near-ties merged, as aeqSurv(Surv(time, status))[, 1]. Returns the input array itself
 * when no two distinct times are near-tied (as R returns x unchanged), so callers can test identity.
 * A tolerance <= 0 merges nothing, as in R.
 */
export function aeqSurv(time: Float64Array, tolerance: number = TIMEFIX_TOLERANCE): Float64Array {
  if (!Number.isFinite(tolerance)) throw new RangeError('aeqSurv: invalid value for tolerance');
  if (tolerance <= 0) return time;
  if (wholeNumbersApart(time, tolerance)) return time;

  // Sorted distinct finite times.
  const sorted = Float64Array.from(time).sort();
  let m = 0;
  let sumAbs = 0;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i];
    if (!Number.isFinite(t)) continue;
    if (m > 0 && t === sorted[m - 1]) continue;
    sorted[m++] = t;
    sumAbs += Math.abs(t);
  }
  if (m < 2) return time;
  const meanAbs = sumAbs / m;

  // Cut points: the first distinct time and every time whose gap to its predecessor is not a tie.
  const cuts = new Float64Array(m);
  let nCuts = 0;
  cuts[nCuts++] = sorted[0];
  for (let i = 1; i < m; i++) {
    const gap = sorted[i] - sorted[i - 1];
    const tied = gap <= tolerance || gap / meanAbs <= tolerance;
    if (!tied) cuts[nCuts++] = sorted[i];
  }
  if (nCuts === m) return time;

  const fixed = new Float64Array(time.length);
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    fixed[i] = Number.isFinite(t) ? largestCutAtOrBelow(cuts, nCuts, t) : t;
  }
  return fixed;
}

/**
 * Whether no two times can tie without sorting them: when every finite time is a whole number (days,
 * say) and each is below 1/tol in size, every gap between distinct times is >= 1 > tol and every
 * relative gap is >= 1/mean(|y|) > tol. One pass instead of a sort.
 */
function wholeNumbersApart(time: Float64Array, tolerance: number): boolean {
  const limit = 1 / tolerance;
  if (!(tolerance < 1)) return false;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (t !== Math.floor(t)) {
      if (t === t) return false; // NaN is left as it is
    } else if ((t < 0 ? -t : t) >= limit && t - t === 0) return false;
  }
  return true;
}

/** cuts[findInterval(t, cuts)] for t >= cuts[0] (every finite time is): binary search. */
function largestCutAtOrBelow(cuts: Float64Array, nCuts: number, t: number): number {
  let low = 0;
  let high = nCuts - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (cuts[mid] <= t) low = mid;
    else high = mid - 1;
  }
  return cuts[low];
}
