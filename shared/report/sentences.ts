/**
 * Plain-language sentences under each result, for programme evaluators: one module for the app's views
 * and the report. A sentence is running text whose numbers stay numbers (`Inline[]`: strings and cells);
 * the presentation layer formats the cells (presentation/report/format-cell.ts), so the screen and the
 * report read alike. Pure functions of the result numbers.
 *
 * The wording follows issue 15, item 3:
 *  - association, not causation: a hazard ratio or a correlation describes how outcomes differed
 *    between participants in these data, never what changing a factor would do;
 *  - a hazard ratio is a ratio of rates ("0.67 times the rate of relapse"), and a direction ("a higher
 *    rate", "a lower rate") is claimed only when the confidence interval leaves out 1;
 *  - a factor is described in its own direction: a factor score counts risk (shared/mapping/scores.ts),
 *    so for a factor whose name reads as protective (coping skills) the sentence turns the score round
 *    ("participants with more coping skills") and says that the table's ratio is per SD of risk;
 *  - a 0/1 covariate is two groups, a categorical one its level against the reference; only numeric
 *    covariates are "one unit higher";
 *  - a covariate that fails the proportional-hazards test is told to stratify only when it is
 *    categorical; a continuous one is read as an average, or given a time-varying effect or RMST;
 *  - the confidence interval is the range of values compatible with the data at the stated level
 *    (not "a 95% chance that the true value lies inside");
 *  - correlations with the outcome columns (follow-up and the relapse flag correlate through
 *    censoring) are not described unless asked for.
 * A relapse is an event in follow-up, never a failure of the person.
 */
import { type FollowUpUnit, UNIT_DIGITS, UNIT_WORDS } from '../mapping/units';
import { FACTOR_CATALOGUE } from '../factors/catalogue';
import { isFactorId } from '../factors/ids';
import type { Cell, Inline } from './model';

export type Sentence = Inline[];
/** A count in a sentence: a number, or a cell the report's small-cell ledger handed out. */
export type Count = number | Cell;

const DASH = '\u2013';
const SIGNIFICANCE = 0.05;

const num = (value: number | null, digits: number): Cell => ({ kind: 'number', value, digits });
const pct = (value: number | null): Cell | string => (value === null || !Number.isFinite(value) ? 'NA' : { kind: 'percent', value, digits: 0 });
const pval = (value: number | null): Cell => ({ kind: 'p', value });
const count = (value: Count): Cell => (typeof value === 'number' ? { kind: 'number', value, digits: 0 } : value);
const level = (confLevel: number): Cell => ({ kind: 'percent', value: confLevel, digits: Number.isInteger(Math.round(confLevel * 1e6) / 1e4) ? 0 : 1 });
const whoIn = (group: string, article = ''): string => (group === 'all' ? `${article}participants` : `${article}participants in ${group}`);

/** "(95% CI 1.20–1.31)" with `digits` decimals. */
function interval(lower: number | null, upper: number | null, digits: number, confLevel: number): Sentence {
  return ['(', level(confLevel), ' CI ', num(lower, digits), DASH, num(upper, digits), ')'];
}

export const ASSOCIATION_NOTE = 'These hazard ratios describe associations in these data, each adjusted for the others in the model; they do not show cause and effect.';

export function ciMeaning(confLevel: number): Sentence {
  return ['The ', level(confLevel), ' confidence interval is the range of values that are reasonably compatible with these data; a narrow interval means a precise estimate.'];
}

export interface CohortCounts {
  participants: Count;
  relapses: Count;
  /** Follow-up ended by a competing end (death, transfer, ...): counted apart from censoring. Leave out when the mapping names none. */
  competing?: Count;
  /** Followed to the end without a relapse (or a competing end). */
  censored: Count;
  /** Median follow-up, days (reverse Kaplan–Meier), or in `unit`. */
  medianFollowUp: number | null;
  /** The unit of the follow-up (shared/mapping/units.ts); days when absent. */
  unit?: FollowUpUnit;
}

/** Overview: how many participants, how many relapsed, how many ended follow-up otherwise, how long they were followed. */
export function cohortSentence(c: CohortCounts): Sentence {
  const share = (part: Count): Sentence =>
    typeof part === 'number' && typeof c.participants === 'number' ? [' (', pct(c.participants > 0 ? part / c.participants : null), ')'] : [];
  const unit = c.unit ?? 'days';
  const followUp: Sentence = c.medianFollowUp === null ? ['the median follow-up could not be estimated'] : ['the median follow-up was ', num(c.medianFollowUp, UNIT_DIGITS[unit]), ` ${UNIT_WORDS[unit].many}`];
  if (c.competing === undefined) {
    return ['Of ', count(c.participants), ' participants, ', count(c.relapses), ...share(c.relapses), ' relapsed during follow-up and ', count(c.censored), ' were followed without a recorded relapse (censored); ', ...followUp, '.'];
  }
  return [
    'Of ', count(c.participants), ' participants, ', count(c.relapses), ...share(c.relapses), ' relapsed during follow-up, ',
    count(c.competing), ...share(c.competing), ' had a competing end of follow-up before any relapse (counted apart from censoring) and ',
    count(c.censored), ' were followed without a recorded relapse or competing end (censored); ', ...followUp, '.',
  ];
}

/** Median time to relapse of one curve (times in `unit`, days unless said: shared/mapping/units.ts). */
export function medianSentence(group: string, median: { estimate: number | null; lower: number | null; upper: number | null }, confLevel: number, unit: FollowUpUnit = 'days'): Sentence {
  const who = whoIn(group, 'the ');
  if (median.estimate === null) return [`Fewer than half of ${who} relapsed during follow-up, so the median time to relapse was not reached.`];
  const d = UNIT_DIGITS[unit];
  const upper: Inline = median.upper === null ? 'not reached' : num(median.upper, d);
  return [`Half of ${who} had relapsed by ${UNIT_WORDS[unit].one} `, num(median.estimate, d), ' (', level(confLevel), ' CI ', num(median.lower, d), DASH, upper, ').'];
}

/** Share still free of relapse at a time point. */
export function survivalAtSentence(group: string, time: number, survival: number | null, lower: number | null, upper: number | null, confLevel: number, unit: FollowUpUnit = 'days'): Sentence {
  return [`At ${UNIT_WORDS[unit].one} `, num(time, UNIT_DIGITS[unit]), ', an estimated ', pct(survival), ` of ${whoIn(group)} had not relapsed (`, level(confLevel), ' CI ', pct(lower), DASH, pct(upper), ').'];
}

/** Restricted mean time free of relapse. */
export function rmstSentence(group: string, tau: number, estimate: number, unit: FollowUpUnit = 'days'): Sentence {
  const d = UNIT_DIGITS[unit];
  return ['Over the first ', num(tau, d), ` ${UNIT_WORDS[unit].many}, ${whoIn(group)} stayed free of relapse for `, num(estimate, d), ` ${UNIT_WORDS[unit].many} on average (restricted mean).`];
}

/** Cumulative incidence at a time (competing risks). */
export function incidenceSentence(group: string, cause: string, time: number, estimate: number | null, unit: FollowUpUnit = 'days'): Sentence {
  return [`By ${UNIT_WORDS[unit].one} `, num(time, UNIT_DIGITS[unit]), ', an estimated ', pct(estimate), ` of ${whoIn(group)} had ${cause}, allowing for the competing ends of follow-up.`];
}

/**
 * The report's overview: the share still free of relapse at the last report time that may be shown
 * (`survivalAt` gives null where an estimate is withheld) and the median.
 */
export function cohortSurvivalSentence(times: readonly number[], survivalAt: (time: number) => { survival: number } | null, median: number | null, unit: FollowUpUnit = 'days'): Sentence {
  const parts: Sentence = [];
  const lastTime = [...times].reverse().find((t) => survivalAt(t) !== null);
  const at = lastTime === undefined ? null : survivalAt(lastTime);
  const words = UNIT_WORDS[unit];
  if (at && lastTime !== undefined) parts.push('An estimated ', pct(at.survival), ' of participants were still free of relapse ', num(lastTime, Number.isInteger(lastTime) ? 0 : UNIT_DIGITS[unit]), ` ${lastTime === 1 ? words.one : words.many} after the start of follow-up. `);
  if (median !== null) parts.push(`Half of the participants had relapsed by ${words.one} `, num(median, UNIT_DIGITS[unit]), '. ');
  else parts.push('Fewer than half relapsed during follow-up, so the median time to relapse is not reached. ');
  parts.push('These figures describe this cohort; they depend on who was enrolled and how long they were followed.');
  return parts;
}

export interface LogrankInput {
  /** The grouping column, when the sentence names it ("the clinic groups"). */
  column?: string;
  chisq: number | null;
  df: number;
  p: number | null;
  /** G^ρ weight (0: log-rank). */
  rho?: number;
}

/** Log-rank or G^ρ comparison of curves: a small p does not explain why, a large p is not proof of sameness. */
export function logrankSentence(input: LogrankInput): Sentence {
  const rho = input.rho ?? 0;
  const groups = input.column ? `the ${input.column} groups` : 'the groups';
  const test: Sentence = rho === 0 ? ['log-rank'] : ['Fleming–Harrington G^', num(rho, Number.isInteger(rho) ? 0 : 2)];
  const stats: Sentence = ['(', ...test, ' χ² = ', num(input.chisq, 2), ', df ', num(input.df, 0), ', p ', pval(input.p), ')'];
  if (input.p === null) return [`${groups[0].toUpperCase()}${groups.slice(1)} could not be compared `, ...stats, '.'];
  if (input.p < SIGNIFICANCE) {
    return [`Time to relapse differed between ${groups} by more than chance alone would readily explain `, ...stats, '. This shows an association, not a cause: the groups may differ in who they serve and in other ways the data do not record.'];
  }
  return [`These data do not show a clear difference in time to relapse between ${groups} `, ...stats, '. This is not proof that the groups are the same: a real difference may be too small to detect here.'];
}

export interface HazardRatioInput {
  /** What the covariate measures, in words ("coping skills", "dose", "clinic"). */
  label: string;
  hr: number | null;
  lower: number | null;
  upper: number | null;
  confLevel: number;
  /**
   * 'sd': per SD of a factor score; 'unit': per unit of a numeric column; 'groups': two groups, a 0/1
   * column (1 against 0) or a categorical level against its reference.
   */
  scale: 'sd' | 'unit' | 'groups';
  /** For 'groups': the level compared and the reference ("2" against "1"; a 0/1 column: "1" against "0"). */
  levelName?: string;
  reference?: string | null;
  /**
   * For 'sd': 'protective' when the factor as named lowers risk (coping skills) while its score counts
   * risk; the sentence then describes one SD more of the factor, the score turned round (1 / HR).
   */
  namedDirection?: 'risk' | 'protective';
}

/** Whether a confidence interval leaves out 1, so that a direction may be claimed. */
function excludesOne(lower: number | null, upper: number | null): boolean {
  return lower !== null && upper !== null && Number.isFinite(lower) && Number.isFinite(upper) && (upper < 1 || lower > 1);
}

const invert = (value: number | null): number | null => (value === null || value === 0 || !Number.isFinite(value) ? null : 1 / value);

/**
 * A hazard ratio in words, as a ratio of rates:
 *   "Participants with more coping skills relapsed at a lower rate: one SD more went with 0.67 times the
 *    rate of relapse (95% CI 0.55–0.81)."
 * When the interval includes 1 the sentence says that these data do not show the direction.
 */
export function hazardRatioSentence(input: HazardRatioInput): Sentence {
  if (input.hr === null) return [`The hazard ratio for ${input.label} could not be estimated.`];
  const turned = input.scale === 'sd' && input.namedDirection === 'protective';
  const hr = turned ? invert(input.hr) : input.hr;
  const lower = turned ? invert(input.upper) : input.lower;
  const upper = turned ? invert(input.lower) : input.upper;
  const rate: Sentence = [num(hr, 2), ' times the rate of relapse ', ...interval(lower, upper, 2, input.confLevel)];
  const direction = excludesOne(lower, upper) ? (hr! > 1 ? 'higher' : 'lower') : null;
  let sentence: Sentence;
  if (input.scale === 'groups') {
    const who = `participants with ${input.label} ${input.levelName ?? ''}`.replace(/ +$/, '');
    const than = input.reference ? `those with ${input.label} ${input.reference}` : 'those at the reference level';
    sentence = direction
      ? [`${who[0].toUpperCase()}${who.slice(1)} relapsed at a ${direction} rate than ${than}: `, ...rate, '.']
      : [`These data do not show whether ${who} relapsed at a higher or lower rate than ${than}: `, ...rate, ', an interval that includes 1.'];
  } else {
    const who = input.scale === 'sd' ? `participants with more ${input.label}` : `participants with higher ${input.label}`;
    const step = input.scale === 'sd' ? 'one SD more went with ' : 'each unit more went with ';
    sentence = direction
      ? [`${who[0].toUpperCase()}${who.slice(1)} relapsed at a ${direction} rate: ${step}`, ...rate, '.']
      : [`These data do not show whether ${who} relapsed at a higher or lower rate: ${step}`, ...rate, ', an interval that includes 1.'];
  }
  if (turned) {
    sentence.push(` The ${input.label} score counts risk (a higher score means fewer ${input.label}), so the table's hazard ratio, `, num(input.hr, 2), `, is per SD fewer ${input.label}.`);
  }
  return sentence;
}

/** The catalogue's words for a factor-score column ("score.coping_skills": "coping skills", protective); null for any other column. */
export function factorScoreTerm(column: string): { label: string; namedDirection: 'risk' | 'protective' } | null {
  if (!column.startsWith('score.')) return null;
  const id = column.slice('score.'.length);
  if (!isFactorId(id)) return null;
  return { label: FACTOR_CATALOGUE[id].label.toLowerCase(), namedDirection: FACTOR_CATALOGUE[id].namedDirection };
}

/** A Cox row of a factor score, in words: per SD, in the factor's own direction. */
export function factorHazardRatioSentence(term: string, c: { hr: number | null; hrLower: number | null; hrUpper: number | null }, confLevel: number): Sentence {
  const factor = factorScoreTerm(term);
  return hazardRatioSentence({ label: factor?.label ?? term, hr: c.hr, lower: c.hrLower, upper: c.hrUpper, confLevel, scale: 'sd', namedDirection: factor?.namedDirection ?? 'risk' });
}

export interface PhTerm {
  term: string;
  /** A categorical or 0/1 covariate may be stratified; a continuous one may not. */
  categorical: boolean;
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * What to do about terms whose hazard ratio seems to change over follow-up: stratify a categorical
 * one (its own baseline hazard per level); a continuous one has no levels to stratify by, so read its
 * ratio as an average, give it a time-varying effect, or compare restricted mean times (RMST).
 */
export function phAdvice(violated: readonly PhTerm[]): Sentence {
  const parts: Sentence = [];
  const change = (names: readonly string[]) =>
    names.length === 1
      ? `The hazard ratio of ${names[0]} seems to change over follow-up (p < 0.05 in the proportional-hazards test).`
      : `The hazard ratios of ${list(names)} seem to change over follow-up (p < 0.05 in the proportional-hazards test).`;
  const categorical = violated.filter((t) => t.categorical).map((t) => t.term);
  const continuous = violated.filter((t) => !t.categorical).map((t) => t.term);
  if (categorical.length > 0) {
    const one = categorical.length === 1;
    parts.push(
      `${change(categorical)} Consider stratifying by ${one ? 'it' : 'them'} (a separate baseline rate of relapse for each level), or read the hazard ${one ? 'ratio as an average' : 'ratios as averages'} over follow-up.`,
    );
  }
  if (continuous.length > 0) {
    const one = continuous.length === 1;
    parts.push(
      `${parts.length > 0 ? ' ' : ''}${change(continuous)} Read ${one ? 'it as an average' : 'them as averages'} over follow-up; since ${one ? 'it is' : 'they are'} continuous, stratifying is not suited: describe the change with a time-varying effect (the coefficient multiplied by a function of time), or compare restricted mean times free of relapse (RMST) instead.`,
    );
  }
  return parts;
}

/** Proportional-hazards check, in words. */
export function phSentence(globalP: number | null, violated: readonly PhTerm[]): Sentence {
  if (globalP === null) return ['The proportional-hazards assumption could not be checked.'];
  if (violated.length === 0) {
    return ['The check of proportional hazards found no clear problem (global p ', pval(globalP), '): each hazard ratio can be read as roughly constant over follow-up.'];
  }
  return phAdvice(violated);
}

function strength(r: number): string {
  const a = Math.abs(r);
  if (a < 0.1) return 'hardly';
  if (a < 0.3) return 'weakly';
  if (a < 0.5) return 'moderately';
  return 'strongly';
}

const CORRELATION_SYMBOL: Record<string, string> = { spearman: 'ρ', kendall: 'τ' };

export interface CorrelationVariable {
  column: string;
  /** How the view names it; a factor score is named by its factor instead ("coping skills"). */
  label: string;
}

/**
 * One correlation: direction, strength (Cohen's rough bands), n and the adjusted p. A protective factor's
 * score is read in the factor's own direction (the correlation's sign turned round), with the table's
 * value given, as for the hazard ratios.
 */
export function correlationSentence(x: CorrelationVariable, y: CorrelationVariable, r: number | null, n: Count, pAdjusted: number | null, method: string): Sentence {
  const symbol = CORRELATION_SYMBOL[method] ?? 'r';
  const fx = factorScoreTerm(x.column);
  const fy = factorScoreTerm(y.column);
  const xl = fx?.label ?? x.label;
  const yl = fy?.label ?? y.label;
  if (r === null) return [`The correlation between ${xl} and ${yl} could not be estimated (n = `, count(n), ').'];
  const turned = [fx, fy].filter((f) => f?.namedDirection === 'protective').length === 1;
  const shown = turned ? -r : r;
  const direction = shown > 0 ? 'higher values of one went with higher values of the other' : 'higher values of one went with lower values of the other';
  const how = strength(shown) === 'hardly' ? `${xl} and ${yl} were hardly correlated` : `${xl} and ${yl} were ${strength(shown)} correlated: ${direction}`;
  const protective = [fx, fy].find((f) => f?.namedDirection === 'protective');
  const note: Sentence = turned ? [`; the table shows `, num(r, 2), ` because the ${protective!.label} score counts risk`] : [];
  return [`${how[0].toUpperCase()}${how.slice(1)} (${symbol} = `, num(shown, 2), ', n = ', count(n), ', adjusted p ', pval(pAdjusted), ...note, '). A correlation does not show that one causes the other.'];
}

/**
 * The pairs worth a sentence: strongest first, at most `max`, leaving out pairs with an outcome column
 * (follow-up and the relapse flag correlate through censoring, not as a finding) unless asked for.
 */
export function describedCorrelations<P extends { x: string; y: string; estimate: number | null }>(pairs: readonly P[], outcomeColumns: ReadonlySet<string>, options: { includeOutcomes?: boolean; max?: number } = {}): P[] {
  const isOutcomePair = (p: P) => outcomeColumns.has(p.x) || outcomeColumns.has(p.y);
  return pairs
    .filter((p) => p.estimate !== null && (options.includeOutcomes || !isOutcomePair(p)))
    .sort((a, b) => Math.abs(b.estimate!) - Math.abs(a.estimate!))
    .slice(0, options.max ?? 3);
}

export const OUTCOME_PAIRS_NOTE =
  'Correlations with the outcome columns (follow-up and the relapse flag) are not described here: follow-up and relapse correlate through censoring (follow-up ends at a relapse), not as a finding. Time to relapse is compared in the Survival and Cox steps.';

/**
 * When the proportional-hazards check rejects (global p < 0.05 or a term's p < 0.05): the difference in
 * restricted mean time free of relapse as the absolute effect, which needs no proportional hazards.
 * Empty when the check does not reject (or could not be run).
 */
export function phRmstProposal(globalP: number | null, violated: readonly string[]): Sentence {
  const rejected = (globalP !== null && globalP < SIGNIFICANCE) || violated.length > 0;
  if (!rejected) return [];
  const which = violated.length > 0 ? ` (${list(violated)})` : '';
  return [
    `Since the proportional-hazards check suggests that a hazard ratio changes over follow-up${which}, one ratio summarises the effect poorly. `,
    'The difference in restricted mean time free of relapse (RMST) up to a chosen day gives it in absolute terms instead: how many days longer, on average, one group stayed free of relapse than another, without assuming proportional hazards. ',
    'The Compare sites step gives it for a grouping column.',
  ];
}

const capital = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** What case-mix adjustment can and cannot do (Compare sites and the report's section on sites). */
export const ADJUSTMENT_NOTE =
  "Adjustment removes differences between sites in the measured factors only (those in the case-mix model). Differences in anything not measured remain, so what is left after adjustment is not proof that one site's care differs from another's.";

/** The adjusted curves (direct standardisation) beside the raw Kaplan–Meier curves. */
export function adjustedCurvesSentence(column: string, factors: readonly string[]): Sentence {
  const measured = factors.length > 0 ? list(factors) : 'the measured factors';
  return [
    `The raw curves show each ${column}'s own participants. The adjusted curves show the share free of relapse each ${column} would have had with the whole cohort's mix of ${measured} (direct standardisation over a Cox model). `,
    'Where the two disagree, part of the raw difference came from differences in these measured factors between the sites.',
  ];
}

export interface SiteRatioInput {
  site: string;
  observed: Count;
  expected: number;
  ratio: number | null;
  lower: number | null;
  upper: number | null;
  confLevel: number;
  outside95: boolean;
  outside998: boolean;
}

/** One site's observed against expected relapses, neutrally: more or fewer than expected, never a failure. */
export function siteRatioSentence(s: SiteRatioInput): Sentence {
  if (s.ratio === null) return [`No ratio could be given for ${s.site}: no relapses were expected there.`];
  const counts: Sentence = [count(s.observed), ' relapses observed against ', num(s.expected, 1), ' expected (ratio ', num(s.ratio, 2), ', ', level(s.confLevel), ' CI ', num(s.lower, 2), DASH, num(s.upper, 2), ')'];
  if (!s.outside95) {
    return [`${capital(s.site)}: `, ...counts, " given its participants' measured factors, within the 95% funnel limits: a difference of this size is in line with chance."];
  }
  const more = s.ratio > 1 ? 'more' : 'fewer';
  const limits = s.outside998 ? 'outside the 95% and the 99.8% funnel limits' : 'outside the 95% funnel limits';
  return [`${capital(s.site)} had ${more} relapses than expected given its participants' measured factors: `, ...counts, `, ${limits}.`];
}

/** Why a site outside the limits is a prompt to look, not a verdict; and that the funnel is no ranking. */
export const FUNNEL_NOTE =
  'The funnel plot does not rank the sites. A site outside the limits is a prompt to look more closely, not a verdict on its care: the difference may come from factors that were not measured, from how participants were recorded, or from chance (about 1 site in 20 lies outside the 95% limits by chance alone).';

/** The funnel plot in one sentence: which sites lie outside the 95% limits, and in which direction. */
export function funnelSentence(sites: number, above: readonly string[], below: readonly string[]): Sentence {
  const outside = above.length + below.length;
  const noun = sites === 1 ? 'site' : 'sites';
  if (outside === 0) {
    return [`All ${sites} ${noun} lay within the 95% funnel limits: their relapses were in line with what their participants' measured factors would lead one to expect, allowing for chance.`];
  }
  const parts: string[] = [];
  if (above.length > 0) parts.push(`${list(above)} had more relapses than expected given ${above.length === 1 ? 'its' : 'their'} participants' measured factors`);
  if (below.length > 0) parts.push(`${list(below)} had fewer`);
  return [`${outside} of ${sites} ${noun} lay outside the 95% funnel limits: ${parts.join('; ')}.`];
}

/** The restricted means compared: a difference in days, a direction only when its interval leaves out 0. */
export function rmstDifferenceSentence(a: string, b: string, tau: number, difference: number | null, lower: number | null, upper: number | null, confLevel: number, unit: FollowUpUnit = 'days'): Sentence {
  const days = UNIT_WORDS[unit].many;
  const horizon = num(tau, Number.isInteger(tau) ? 0 : UNIT_DIGITS[unit]);
  const range: Sentence = ['difference ', num(difference, 1), ` ${days}, `, level(confLevel), ' CI ', num(lower, 1), ' to ', num(upper, 1)];
  if (difference === null) return [`The restricted mean times free of relapse of ${a} and ${b} could not be compared.`];
  const clear = lower !== null && upper !== null && (lower > 0 || upper < 0);
  if (!clear) {
    return [`These data do not show whether participants in ${a} stayed free of relapse longer or shorter on average than those in ${b} over the first `, horizon, ` ${days} (`, ...range, ', an interval that includes 0).'];
  }
  return [
    'Over the first ', horizon, ` ${days}, participants in ${a} stayed free of relapse `, num(Math.abs(difference), 1), ` ${days} ${difference > 0 ? 'longer' : 'shorter'} on average than those in ${b} (`, ...range, ').',
  ];
}

/** The restricted means of the sites step are unadjusted: say so, and what they add (their differences in `unit`). */
export function rmstSitesNote(unit: FollowUpUnit = 'days'): string {
  return `The restricted means are those of each site's own participants, not adjusted for case mix. Their differences are in ${UNIT_WORDS[unit].many} free of relapse, an absolute measure that does not rely on proportional hazards.`;
}
export const RMST_SITES_NOTE = rmstSitesNote('days');

/** The relapse-free proportion at a day by site against the overall one (binomial funnel limits); unadjusted. */
export function atDayFunnelSentence(day: number, overall: number | null, above: readonly string[], below: readonly string[]): Sentence {
  const sentence: Sentence = ['At day ', num(day, 0), ', ', pct(overall), ' of the participants whose status was known were free of relapse. '];
  const beyond = 'than the 95% funnel limits allow for chance';
  if (above.length === 0 && below.length === 0) sentence.push("Every site's share lay within the 95% funnel limits. ");
  else if (below.length === 0) sentence.push(`${capital(list(above))} had a larger share free of relapse ${beyond}. `);
  else if (above.length === 0) sentence.push(`${capital(list(below))} had a smaller share free of relapse ${beyond}. `);
  else sentence.push(`${capital(list(above))} had a larger share free of relapse ${beyond}, ${list(below)} a smaller one. `);
  sentence.push("These shares are not adjusted for case mix, and leave out those whose follow-up ended before the day without a relapse.");
  return sentence;
}

/** A rate ratio of a recurrent-relapse model (AG or PWP): a categorical level against its reference, or per unit. */
export interface EpisodeRateRatioInput {
  /** The covariate ("treat", "age"). */
  label: string;
  /** 'groups': levelName against reference; 'unit': per unit more. */
  scale: 'groups' | 'unit';
  levelName?: string;
  reference?: string | null;
  ratio: number | null;
  lower: number | null;
  upper: number | null;
  confLevel: number;
}

/**
 * "Participants with treat rIFN-g had 0.33 times the rate of relapse episodes of those with treat
 * placebo (95% CI 0.19–0.57): a lower rate." Rate-ratio wording (the model counts every episode); the
 * direction only when the interval (from the robust SE) excludes 1.
 */
export function episodeRateRatioSentence(input: EpisodeRateRatioInput): Sentence {
  if (input.ratio === null) return [`The rate ratio for ${input.label} could not be estimated.`];
  const ci = interval(input.lower, input.upper, 2, input.confLevel);
  const direction = excludesOne(input.lower, input.upper) ? (input.ratio > 1 ? 'higher' : 'lower') : null;
  const ending: Sentence = direction ? [`: a ${direction} rate.`] : ['; the interval includes 1, so these data do not show whether the rate is higher or lower.'];
  if (input.scale === 'groups') {
    const who = `Participants with ${input.label} ${input.levelName ?? ''}`.replace(/ +$/, '');
    const than = input.reference ? `those with ${input.label} ${input.reference}` : 'those at the reference level';
    return [`${who} had `, num(input.ratio, 2), ` times the rate of relapse episodes of ${than} `, ...ci, ...ending];
  }
  return [`Each unit more of ${input.label} went with `, num(input.ratio, 2), ' times the rate of relapse episodes ', ...ci, ...ending];
}

export const EPISODE_RATE_NOTE =
  'These rate ratios count every relapse episode, each adjusted for the others in the model; their intervals use robust standard errors, which allow for the episodes of one participant going together. They describe associations in these data, not cause and effect.';

/** "By day 439, participants in placebo had on average 1.51 relapses each (95% CI 1.01–2.27)." from the MCF at a time; no interval where R's is NA (no relapse yet). */
export function meanRelapsesSentence(group: string, mcf: number, time: number, lower: number | null, upper: number | null, confLevel: number): Sentence {
  const ci: Sentence = lower === null || upper === null ? [] : [' ', ...interval(lower, upper, 2, confLevel)];
  return [`By day `, num(time, 0), `, ${whoIn(group)} had on average `, num(mcf, 2), ' relapses each', ...ci, '.'];
}
