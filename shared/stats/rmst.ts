/**
 * Restricted mean survival time (RMST) up to a horizon tau, with its standard error, as R survival
 * 3.5 `print(fit, rmean = tau)` / `summary(fit, rmean = tau)$table` columns "rmean" and
 * "se(rmean)" (R/survmean.R).
 *
 *   RMST(tau) = integral_0^tau S(t) dt, the area under the step curve, carried flat past the last
 *               observed time when tau lies beyond it;
 *   var       = sum_{t_j <= tau} A_j^2 d_j / (n_j (n_j - d_j)),  A_j = integral_{t_j}^tau S(t) dt
 *               (the Greenwood-type variance R uses; a term with d_j = n_j counts as 0).
 *
 * Horizon: R's `summary()` default (option survfit.rmean unset) is rmean = "common": every curve is
 * integrated to the largest observed time over all curves of the fit. `commonRmstHorizon` returns
 * that value; a caller without a user-chosen tau should use it, so the groups share one horizon.
 * (print.survfit shows no rmean by default.)
 *
 * A horizon before the first time. R's print.survfit and summary.survfit stop with "Truncation point
 * for the mean is < smallest survival" when tau is below the smallest time of the whole fit (all curves).
 * Here the curve still gives RMST = tau with SE 0 (the area under S = 1), and `rmstHorizonWarning`
 * returns that condition as a warning for the caller to report. A curve whose own first time is after
 * tau, while another curve's is not, gives the same tau and SE 0 without a warning, as in R.
 */

export interface RestrictedMean {
  tau: number;
  estimate: number;
  stdErr: number;
}

/** What survmean reads from a curve (KaplanMeierCurve satisfies it). */
export interface RmstCurveLike {
  time: ArrayLike<number>;
  survival: ArrayLike<number>;
  nRisk: ArrayLike<number>;
  nEvent: ArrayLike<number>;
}

export function restrictedMeanSurvival(curve: RmstCurveLike, tau: number): RestrictedMean {
  if (!Number.isFinite(tau)) throw new Error(`restrictedMeanSurvival: tau must be finite, got ${tau}`);
  const m = curve.time.length;
  // R starts the integral at min(0, first time); times are non-negative here, so normally 0.
  const start = m > 0 ? Math.min(0, curve.time[0]) : 0;
  let kept = 0;
  while (kept < m && curve.time[kept] <= tau) kept++;
  if (kept === 0) return { tau, estimate: tau, stdErr: 0 };

  // Rectangle i spans (previous time, time i] at the survival level before time i; the last one
  // runs from the last kept time to tau at the last kept level.
  const rectangle = new Float64Array(kept + 1);
  let previousTime = start;
  let previousSurvival = 1;
  for (let i = 0; i < kept; i++) {
    rectangle[i] = (curve.time[i] - previousTime) * previousSurvival;
    previousTime = curve.time[i];
    previousSurvival = curve.survival[i];
  }
  rectangle[kept] = (tau - previousTime) * previousSurvival;

  let area = 0;
  for (let i = 0; i <= kept; i++) area += rectangle[i];

  // Walk back from tau accumulating A_j, the area after time j.
  let variance = 0;
  let areaAfter = 0;
  for (let j = kept - 1; j >= 0; j--) {
    areaAfter += rectangle[j + 1];
    const atRisk = curve.nRisk[j];
    const events = curve.nEvent[j];
    const hazardTerm = atRisk - events === 0 ? 0 : events / (atRisk * (atRisk - events));
    variance += areaAfter * areaAfter * hazardTerm;
  }
  return { tau, estimate: area + start, stdErr: Math.sqrt(variance) };
}

/** R's rmean = "common" horizon: the largest last observed time over the curves. */
export function commonRmstHorizon(curves: readonly { time: ArrayLike<number> }[]): number {
  let horizon = -Infinity;
  for (const curve of curves) {
    const m = curve.time.length;
    if (m > 0 && curve.time[m - 1] > horizon) horizon = curve.time[m - 1];
  }
  return horizon;
}

/**
 * R's check before integrating (print.survfit / summary.survfit with a numeric rmean): a horizon below
 * the smallest time over all curves is refused there. Returns the warning, or null when R accepts tau.
 */
export function rmstHorizonWarning(curves: readonly { time: ArrayLike<number> }[], tau: number): { code: string; message: string } | null {
  let first = Infinity;
  for (const curve of curves) if (curve.time.length > 0 && curve.time[0] < first) first = curve.time[0];
  if (!(tau < first)) return null;
  return {
    code: 'rmst-horizon-before-first-time',
    message: `The restricted mean horizon ${tau} is before the first follow-up time (${first}), so the restricted mean is simply ${tau} with no uncertainty; R refuses such a horizon ("Truncation point for the mean is < smallest survival").`,
  };
}
