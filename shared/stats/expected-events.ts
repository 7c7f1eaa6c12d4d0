/**
 * Expected number of events per participant under a fitted Cox model, as R's
 * predict(coxph(...), type = "expected") on the fitted data: the participant's status minus the
 * martingale residual (survival 3.5: predict.coxph, src/coxmart.c).
 *
 * Each participant i with risk r_i = exp(linear predictor) is expected to have r_i Λ₀(t_i) events,
 * Λ₀ the cumulative baseline hazard of the fit at the participant's own time (within its stratum):
 *   Breslow: at a time with d events, Λ₀ rises by d / S0, S0 = Σ r over the risk set.
 *   Efron:   the d tied events leave the risk set in d equal slices; with E = Σ r over them,
 *            Λ₀ rises by Σ_{k=0}^{d−1} 1 / (S0 − (k/d) E) for everyone still at risk after the
 *            time, while each of the d participants with the event, present in the slices with
 *            weight 1 − k/d, gets Σ_{k=0}^{d−1} (1 − k/d) / (S0 − (k/d) E) added to the hazard before it.
 * The expected counts add up to the number of events (for any coefficients, with either tie method).
 * The linear predictor may be centred or not: a constant shift cancels between r_i and Λ₀.
 */
import { stratumTimeOrder } from './cox';

export interface ExpectedEventsInput {
  /** Times after coxph's timefix (the times the model was fitted on). */
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Uint8Array;
  /** The fit's linear predictor per row (R's fit$linear.predictors). */
  linearPredictor: Float64Array;
  /** Stratum per row, or null for one stratum. */
  strata?: Int32Array | null;
  ties: 'efron' | 'breslow';
}

/** Expected events per row, in the input order. */
export function expectedEvents(input: ExpectedEventsInput): Float64Array {
  const { time, status, linearPredictor, ties } = input;
  const strata = input.strata ?? null;
  const n = time.length;
  if (status.length !== n || linearPredictor.length !== n || (strata && strata.length !== n)) {
    throw new Error('expectedEvents: time, status, linear predictor and strata differ in length');
  }
  const expected = new Float64Array(n);
  if (n === 0) return expected;
  const order = stratumTimeOrder(time, strata);
  // Risks shifted by the largest linear predictor so that exp() cannot overflow; the shift cancels.
  let largest = -Infinity;
  for (let i = 0; i < n; i++) if (linearPredictor[i] > largest) largest = linearPredictor[i];
  const risk = Float64Array.from(linearPredictor, (eta) => Math.exp(eta - largest));
  const sameStratum = (a: number, b: number) => !strata || strata[a] === strata[b];

  // Risk set sum at each distinct time (all rows with time ≥ t in the stratum), by a backward pass.
  const riskSetSum = new Float64Array(n);
  let sum = 0;
  for (let k = n - 1; k >= 0; k--) {
    const row = order[k];
    if (k === n - 1 || !sameStratum(row, order[k + 1])) sum = 0;
    sum += risk[row];
    riskSetSum[k] = sum;
  }

  // Forward pass over the groups of tied times: the cumulative hazard before and after each time.
  let cumulativeHazard = 0;
  let start = 0;
  while (start < n) {
    const first = order[start];
    if (start > 0 && !sameStratum(first, order[start - 1])) cumulativeHazard = 0;
    let end = start;
    let deaths = 0;
    let deathRisk = 0;
    while (end < n && time[order[end]] === time[first] && sameStratum(order[end], first)) {
      const row = order[end];
      if (status[row] === 1) {
        deaths++;
        deathRisk += risk[row];
      }
      end++;
    }
    const atRisk = riskSetSum[start];
    let increment = 0;
    let eventIncrement = 0;
    if (deaths > 0) {
      if (ties === 'breslow' || deaths === 1) {
        increment = deaths / atRisk;
        eventIncrement = increment;
      } else {
        for (let k = 0; k < deaths; k++) {
          const share = k / deaths;
          const denominator = atRisk - share * deathRisk;
          increment += 1 / denominator;
          eventIncrement += (1 - share) / denominator;
        }
      }
    }
    for (let k = start; k < end; k++) {
      const row = order[k];
      expected[row] = risk[row] * (cumulativeHazard + (status[row] === 1 ? eventIncrement : increment));
    }
    cumulativeHazard += increment;
    start = end;
  }
  return expected;
}
