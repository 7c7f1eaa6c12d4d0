/**
 * Median follow-up by the reverse Kaplan–Meier method (Schemper & Smith 1996): the roles of event
 * and censoring are swapped, so the curve estimates the distribution of time to loss of follow-up,
 * and its median (with CI) is the median potential follow-up. Checked against R survival 3.5
 * `survfit(Surv(time, 1 - status) ~ group)` and the median/LCL/UCL of its print/summary table.
 */
import { type KaplanMeierOptions, kaplanMeierByGroup } from './kaplan-meier';
import { type SurvivalMedian, medianSurvival } from './survival-quantile';

/** Reverse-KM median follow-up of one sample. */
export function medianFollowUp(time: Float64Array, status: Uint8Array, options: KaplanMeierOptions = {}): SurvivalMedian {
  return medianFollowUpByGroup(time, status, new Int32Array(time.length), 1, options)[0];
}

/** Reverse-KM median follow-up per group code 0..nGroups-1. */
export function medianFollowUpByGroup(
  time: Float64Array,
  status: Uint8Array,
  group: Int32Array,
  nGroups: number,
  options: KaplanMeierOptions = {},
): SurvivalMedian[] {
  const reversed = new Uint8Array(status.length);
  for (let i = 0; i < status.length; i++) reversed[i] = status[i] === 1 ? 0 : 1;
  return kaplanMeierByGroup(time, reversed, group, nGroups, options).map(medianSurvival);
}
