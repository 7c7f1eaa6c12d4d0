/**
 * Plain-language sentences under each result, for programme evaluators. Pure functions of the result
 * numbers. The wording is careful in two ways:
 *  - association, not causation: a hazard ratio or a correlation describes how outcomes differed
 *    between participants in these data, never what changing a factor would do;
 *  - the confidence interval is the range of values compatible with the data at the stated level
 *    (not "a 95% chance that the true value lies inside").
 * A relapse is described as an event in follow-up, never as a failure of the person.
 * Numbers are formatted only by format.ts.
 */
import { formatNumber, formatP } from './format';

const DASH = '\u2013';

function level(confLevel: number): string {
  return `${formatNumber(confLevel * 100, Number.isInteger(confLevel * 100) ? 0 : 1)}%`;
}

function interval(lower: number | null, upper: number | null, digits: number, confLevel: number): string {
  return `${level(confLevel)} CI ${formatNumber(lower, digits)}${DASH}${formatNumber(upper, digits)}`;
}

function percent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'NA' : `${formatNumber(value * 100, 0)}%`;
}

function pText(p: number | null): string {
  const text = formatP(p);
  return text.startsWith('<') ? `p < ${text.slice(1)}` : `p = ${text}`;
}

export const CI_MEANING = (confLevel: number): string =>
  `The ${level(confLevel)} confidence interval is the range of values that are reasonably compatible with these data; a narrow interval means a precise estimate.`;

export const ASSOCIATION_NOTE = 'These hazard ratios describe associations in these data, each adjusted for the others in the model; they do not show cause and effect.';

/** Overview: how many participants, how many relapsed, how long they were followed. */
export function cohortSentence(n: number, events: number, medianFollowUp: number | null): string {
  const censored = n - events;
  const followUp = medianFollowUp === null ? 'the median follow-up could not be estimated' : `the median follow-up was ${formatNumber(medianFollowUp, 0)} days`;
  return `Of ${formatNumber(n)} participants, ${formatNumber(events)} (${percent(n > 0 ? events / n : null)}) relapsed during follow-up and ${formatNumber(censored)} were followed without a recorded relapse (censored); ${followUp}.`;
}

/** Median time to relapse of one curve. */
export function medianSentence(group: string, median: { estimate: number | null; lower: number | null; upper: number | null }, confLevel: number): string {
  const who = group === 'all' ? 'the participants' : `the participants in ${group}`;
  if (median.estimate === null) {
    return `Fewer than half of ${who} relapsed during follow-up, so the median time to relapse was not reached.`;
  }
  const upper = median.upper === null ? 'not reached' : formatNumber(median.upper, 0);
  return `Half of ${who} had relapsed by day ${formatNumber(median.estimate, 0)} (${level(confLevel)} CI ${formatNumber(median.lower, 0)}${DASH}${upper}).`;
}

/** Share still free of relapse at a time point. */
export function survivalAtSentence(group: string, time: number, survival: number | null, lower: number | null, upper: number | null, confLevel: number): string {
  const who = group === 'all' ? 'participants' : `participants in ${group}`;
  return `At day ${formatNumber(time, 0)}, an estimated ${percent(survival)} of ${who} had not relapsed (${level(confLevel)} CI ${percent(lower)}${DASH}${percent(upper)}).`;
}

/** Restricted mean time free of relapse. */
export function rmstSentence(group: string, tau: number, estimate: number): string {
  const who = group === 'all' ? 'participants' : `participants in ${group}`;
  return `Over the first ${formatNumber(tau, 0)} days, ${who} stayed free of relapse for ${formatNumber(estimate, 0)} days on average (restricted mean).`;
}

/** Log-rank or G^ρ comparison of curves. */
export function logrankSentence(chisq: number | null, df: number, p: number | null, rho = 0): string {
  const test = rho === 0 ? 'log-rank' : `Fleming–Harrington G^${formatNumber(rho)}`;
  const stats = `(${test} χ² = ${formatNumber(chisq, 2)}, df ${formatNumber(df)}, ${pText(p)})`;
  if (p === null) return `The groups could not be compared ${stats}.`;
  if (p < 0.05) {
    return `Time to relapse differed between the groups more than chance alone would easily explain ${stats}. The test says the curves differ, not why they differ.`;
  }
  return `These data do not show a clear difference in time to relapse between the groups ${stats}. This is not proof that the groups are the same: a real difference may be too small to detect here.`;
}

export interface HazardRatioInput {
  /** The factor or covariate, in words ("craving", "clinic"). */
  label: string;
  hr: number | null;
  lower: number | null;
  upper: number | null;
  confLevel: number;
  /** 'sd': per SD of a score; 'unit': per unit of a numeric column; 'level': a category against its reference. */
  scale: 'sd' | 'unit' | 'level';
  /** For a category: the level and the reference level. */
  levelName?: string;
  reference?: string | null;
}

/**
 * "Participants whose craving was one SD higher relapsed 1.25 times as fast (95% CI 1.20–1.31)."
 * The comparison is relative ("times as fast"), since a hazard ratio compares rates, not risks.
 */
export function hazardRatioSentence(input: HazardRatioInput): string {
  const hr = formatNumber(input.hr, 2);
  const ci = interval(input.lower, input.upper, 2, input.confLevel);
  if (input.hr === null) return `The hazard ratio for ${input.label} could not be estimated.`;
  const slower = input.hr < 1 ? ', that is, more slowly' : '';
  switch (input.scale) {
    case 'sd':
      return `Participants whose ${input.label} was one SD higher relapsed ${hr} times as fast${slower} (${ci}).`;
    case 'unit':
      return `Participants whose ${input.label} was one unit higher relapsed ${hr} times as fast${slower} (${ci}).`;
    case 'level': {
      const reference = input.reference ? `those with ${input.label} ${input.reference}` : 'those at the reference level';
      return `Participants with ${input.label} ${input.levelName ?? ''} relapsed ${hr} times as fast as ${reference}${slower} (${ci}).`.replace(/ +/g, ' ');
    }
  }
}

function strength(r: number): string {
  const a = Math.abs(r);
  if (a < 0.1) return 'hardly';
  if (a < 0.3) return 'weakly';
  if (a < 0.5) return 'moderately';
  return 'strongly';
}

/** One correlation: direction, strength (Cohen's rough bands), n and the adjusted p. */
export function correlationSentence(x: string, y: string, r: number | null, n: number, pAdjusted: number | null, method: string): string {
  const symbol = method === 'spearman' ? 'ρ' : method === 'kendall' ? 'τ' : 'r';
  if (r === null) return `The correlation between ${x} and ${y} could not be estimated (n = ${formatNumber(n)}).`;
  const direction = r > 0 ? 'higher values of one went with higher values of the other' : 'higher values of one went with lower values of the other';
  const how = strength(r) === 'hardly' ? `${x} and ${y} were hardly correlated` : `${x} and ${y} were ${strength(r)} correlated: ${direction}`;
  return `${how} (${symbol} = ${formatNumber(r, 2)}, n = ${formatNumber(n)}, adjusted ${pText(pAdjusted)}). A correlation does not show that one causes the other.`;
}

/** Proportional-hazards check, in words. */
export function phSentence(globalP: number | null, violated: readonly string[]): string {
  if (globalP === null) return 'The proportional-hazards assumption could not be checked.';
  if (violated.length === 0) {
    return `The check of proportional hazards found no clear problem (global ${pText(globalP)}): each hazard ratio can be read as roughly constant over follow-up.`;
  }
  return `The hazard ratio of ${violated.join(', ')} seems to change over follow-up (p < 0.05 in the proportional-hazards test). Consider stratifying by ${violated.length === 1 ? 'it' : 'them'}, or read the hazard ratio as an average over follow-up.`;
}

/** Cumulative incidence at a time (competing risks). */
export function incidenceSentence(group: string, cause: string, time: number, estimate: number | null): string {
  const who = group === 'all' ? 'participants' : `participants in ${group}`;
  return `By day ${formatNumber(time, 0)}, an estimated ${percent(estimate)} of ${who} had ${cause}, allowing for the competing ends of follow-up.`;
}
