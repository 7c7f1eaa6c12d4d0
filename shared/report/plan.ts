/**
 * The analysis plan of a report: from a confirmed mapping and the report settings, the list of analyses
 * (declaration id + options) a report runs, and the one exclusion rule applied before all of them.
 * The same plan is written into an analysis-only export and replayed by `rerun`, so a rerun on the same
 * data runs the same analyses with the same options and gives the same numbers. Besides the report's own
 * (specialised) analyses, written here, it plans the declared analyses the settings add (`declared`): those whose
 * presentation has a report part, found in the registry and planned by that part (planDeclared), none named here.
 *
 * Exclusion rule (applied once, to the mapped data): a row is left out when its follow-up time is
 * missing or negative, or its event is missing. Each analysis then drops rows it cannot use (a missing
 * group value, a missing factor score), and reports how many.
 */
import { z } from 'zod';
import { type Column, type DataFrame, isNumericColumn } from '../data/frame';
import type { FactorId } from '../factors/ids';
import { FACTOR_IDS } from '../factors/ids';
import { isSeveralRowsMapping, planRecurrent, prepareIntervalData } from './recurrent-plan';
import { applyMapping, DERIVED_RELAPSE, DERIVED_STATUS, DERIVED_TIME, scoreColumnName } from '../mapping/apply';
import type { ExclusionReason, Mapping } from '../mapping/format';
import { DEFAULT_TIMES, followUpColumnName, type FollowUpUnit } from '../mapping/units';
import type { AnalysisDeclaration } from '../analyses/declaration';
import type { ReportPlanContext } from '../analyses/presentation';
import { ANALYSES, findAnalysis } from '../analyses/registry';

/**
 * The Cox model the user built in the Cox step (the cox declaration's options without the outcome
 * columns, which the report derives from the mapping): it replaces the default model of the factor scores.
 */
export const userCoxSchema = z
  .object({
    covariates: z.array(z.string().min(1)).min(1, 'the Cox model needs at least one covariate'),
    categorical: z.array(z.string().min(1)).default([]),
    /** Reference levels, "column=level,column=level" (as the cox declaration). */
    reference: z.string().min(1).optional(),
    strata: z.string().min(1).optional(),
    /**
     * The robust (sandwich) variance by this column, as R coxph(…, cluster = COL): z, p and the CIs use the
     * robust SE, shown beside the model-based SE.
     */
    cluster: z.string().min(1).optional(),
    /** Case weights from this column, as R coxph(…, weights = COL) (a fractional weight makes the variance robust by row, as R's default). */
    weights: z.string().min(1).optional(),
    ties: z.enum(['efron', 'breslow']).default('efron'),
    confLevel: z.number().gt(0).lt(1).default(0.95),
  })
  .strict();
/** The correlation the user built in the Correlation step (the correlation declaration's options). */
export const userCorrelationSchema = z
  .object({
    columns: z.array(z.string().min(1)).min(2, 'the correlation needs at least two columns'),
    method: z.enum(['pearson', 'spearman', 'kendall']).default('spearman'),
    pAdjust: z.enum(['none', 'holm', 'hochberg', 'bonferroni', 'BH', 'BY']).default('holm'),
    missing: z.enum(['pairwise', 'listwise']).default('pairwise'),
  })
  .strict();
/** The survival section the user built in the Survival step: the group columns compared, the CI type, level and times. */
export const userSurvivalSchema = z
  .object({
    groups: z.array(z.string().min(1)),
    confType: z.enum(['log', 'log-log', 'plain']).default('log'),
    confLevel: z.number().gt(0).lt(1).default(0.95),
    times: z.array(z.number().finite().positive()).min(1).optional(),
  })
  .strict();
export type UserCox = z.output<typeof userCoxSchema>;
export type UserCorrelation = z.output<typeof userCorrelationSchema>;
export type UserSurvival = z.output<typeof userSurvivalSchema>;

export const reportSettingsSchema = z
  .object({
    /**
     * Times at which survival and cumulative incidence are reported, in the mapping's follow-up unit
     * (outcome.unit, days when absent); default DEFAULT_TIMES of the unit (30, 90, 180, 365 days; 1, 3, 6, 12 months).
     */
    times: z.array(z.number().finite().positive()).min(1).optional(),
    confType: z.enum(['log', 'log-log', 'plain']).default('log'),
    confLevel: z.number().gt(0).lt(1).default(0.95),
    ties: z.enum(['efron', 'breslow']).default('efron'),
    correlationMethod: z.enum(['pearson', 'spearman', 'kendall']).default('spearman'),
    pAdjust: z.enum(['none', 'holm', 'hochberg', 'bonferroni', 'BH', 'BY']).default('holm'),
    correlationMissing: z.enum(['pairwise', 'listwise']).default('pairwise'),
    /** Restricted mean horizon, in the mapping's follow-up unit; default: the longest follow-up (R's rmean = "common"). */
    tau: z.number().finite().positive().optional(),
    /**
     * The site column of the opt-in section comparing sites (observed against expected relapses with
     * funnel limits, case-mix-adjusted curves, restricted means); absent: no such section is computed.
     */
    sitesBy: z.string().min(1).optional(),
    /** User-built analyses (the app's Cox, Correlation and Survival steps); absent: the report's defaults. */
    cox: userCoxSchema.optional(),
    correlation: userCorrelationSchema.optional(),
    survival: userSurvivalSchema.optional(),
    /**
     * The declared analyses the report adds (their sections `declared:<id>`, after the specialised ones), by
     * id: those whose presentation has a report part (reportableAnalyses). Absent: none.
     */
    declared: z.array(z.string().min(1).refine((id) => isReportable(id), { message: 'is not an analysis with a report section' })).optional(),
  })
  .strict();
export type ReportSettings = z.output<typeof reportSettingsSchema>;

export function defaultReportSettings(): ReportSettings {
  return reportSettingsSchema.parse({});
}

/** What a planned analysis is for in the report. */
export type PlanRole = 'overall-km' | 'group-km' | 'group-logrank' | 'factor-cox' | 'cumulative-incidence' | 'factor-correlation' | 'sites-funnel' | 'sites-adjusted' | 'sites-rmst' | 'recurrent' | 'declared';

/** The analyses the report's own (specialised) sections run. */
const SPECIALISED_ANALYSES = ['km', 'logrank', 'cox', 'cuminc', 'correlation', 'sites', 'adjusted', 'rmst', 'recurrent'] as const;

export interface PlannedAnalysis {
  /** Stable key, e.g. "km:site", used to match results to report sections; `declared:<id>:<n>` for a declared analysis's n-th run. */
  key: string;
  role: PlanRole;
  /** The analysis id: one of SPECIALISED_ANALYSES, or (role 'declared') a declared analysis with a report part. */
  analysis: (typeof SPECIALISED_ANALYSES)[number] | (string & {});
  options: Record<string, unknown>;
  /** The group column, for the per-group analyses. */
  group?: string;
}

export const plannedAnalysisSchema = z
  .object({
    key: z.string().min(1),
    role: z.enum(['overall-km', 'group-km', 'group-logrank', 'factor-cox', 'cumulative-incidence', 'factor-correlation', 'sites-funnel', 'sites-adjusted', 'sites-rmst', 'recurrent', 'declared']),
    analysis: z.string().min(1),
    options: z.record(z.string(), z.unknown()),
    group: z.string().optional(),
  })
  .superRefine((planned, context) => {
    const known = planned.role === 'declared' ? isReportable(planned.analysis) : (SPECIALISED_ANALYSES as readonly string[]).includes(planned.analysis);
    if (!known) context.addIssue({ code: 'custom', path: ['analysis'], message: planned.role === 'declared' ? 'is not an analysis with a report section' : `must be one of ${SPECIALISED_ANALYSES.join(', ')}` });
  });

/**
 * The declared analyses with a report part (their presentation's `report`, shared/analyses/presentation.ts),
 * in the registry's order: each can have a section `declared:<id>`. No id is written here: the registry's
 * declarations say it.
 */
export function reportableAnalyses(): AnalysisDeclaration[] {
  return ANALYSES.filter((declaration) => declaration.presentation?.report !== undefined);
}

export function isReportable(id: string): boolean {
  return findAnalysis(id)?.presentation?.report !== undefined;
}

/** A declared analysis's report section key: `declared:<id>`. */
export const DECLARED_SECTION_PREFIX = 'declared:';
export function declaredSectionKey(id: string): string {
  return `${DECLARED_SECTION_PREFIX}${id}`;
}
/** The analysis id of a `declared:<id>` section key, when it names a reportable analysis. */
export function declaredIdOfSection(key: string): string | undefined {
  if (!key.startsWith(DECLARED_SECTION_PREFIX)) return undefined;
  const id = key.slice(DECLARED_SECTION_PREFIX.length);
  return isReportable(id) ? id : undefined;
}

/**
 * The settings with the declared analyses a section list names (`declared:<id>`) added to `declared`, so
 * that the plan runs them and an analysis-only export replays them (the app and `report --sections` choose
 * sections; the plan follows). Settings that need nothing added are returned as they are.
 */
export function withDeclaredSections(settings: ReportSettings, sections: readonly string[] | undefined): ReportSettings {
  const named = (sections ?? []).map(declaredIdOfSection).filter((id): id is string => id !== undefined);
  const added = named.filter((id) => !(settings.declared ?? []).includes(id));
  if (added.length === 0) return settings;
  return { ...settings, declared: [...new Set([...(settings.declared ?? []), ...added])] };
}

export function mappedFactors(mapping: Mapping): FactorId[] {
  return FACTOR_IDS.filter((id) => (mapping.factors[id]?.length ?? 0) > 0);
}

export function hasCompetingEnds(mapping: Mapping): boolean {
  return (mapping.outcome.competingValues?.length ?? 0) > 0;
}

/** The group columns of the report's survival sections: the user's (settings.survival) or the mapping's. */
export function reportGroups(mapping: Mapping, settings: ReportSettings | undefined): string[] {
  return settings?.survival?.groups ?? mapping.groups;
}

/** The mapping's follow-up unit (shared/mapping/units.ts): every time of the report is in it. */
export function followUpUnit(mapping: Pick<Mapping, 'outcome'>): FollowUpUnit {
  return mapping.outcome.unit ?? 'days';
}

/**
 * The follow-up column the report's analyses fit on: outcome.time_days, or the same follow-up in the
 * mapping's unit (outcome.time_<unit>, added by applyMapping), as the Overview and Survival steps do.
 */
export function followUpColumn(mapping: Pick<Mapping, 'outcome'>): string {
  const unit = followUpUnit(mapping);
  return unit === 'days' ? DERIVED_TIME : followUpColumnName(unit);
}

/** The report times, in the follow-up unit: the settings' or the unit's defaults. */
export function reportTimes(settings: ReportSettings, unit: FollowUpUnit = 'days'): number[] {
  return settings.times ?? DEFAULT_TIMES[unit];
}

/** The survival curves' CI type, level and report times (in `unit`): the user's (settings.survival) or the report's. */
export function survivalSettings(settings: ReportSettings, unit: FollowUpUnit = 'days'): { confType: ReportSettings['confType']; confLevel: number; times: number[] } {
  const user = settings.survival;
  return { confType: user?.confType ?? settings.confType, confLevel: user?.confLevel ?? settings.confLevel, times: user?.times ?? reportTimes(settings, unit) };
}

/** Which analyses of the report the user built, in words ('the Cox model', ...); empty: all are the defaults. */
export function userBuiltAnalyses(settings: ReportSettings): string[] {
  return [settings.survival ? 'the survival curves and group comparisons' : null, settings.cox ? 'the Cox model' : null, settings.correlation ? 'the correlations' : null].filter((x): x is string => x !== null);
}

/** The analyses of a report, in report order (several rows per participant: the recurrent relapses, recurrent-plan.ts). */
export function planAnalyses(mapping: Mapping, settings: ReportSettings): PlannedAnalysis[] {
  if (isSeveralRowsMapping(mapping)) return planRecurrent(mapping, settings);
  // Every time of the report is in the mapping's follow-up unit: the analyses fit on the follow-up in it.
  const time = followUpColumn(mapping);
  const outcome = { time, event: DERIVED_RELAPSE };
  const survival = survivalSettings(settings, followUpUnit(mapping));
  const km = { ...outcome, confType: survival.confType, confLevel: survival.confLevel, times: survival.times, ...(settings.tau !== undefined ? { tau: settings.tau } : {}) };
  const plan: PlannedAnalysis[] = [{ key: 'km:all', role: 'overall-km', analysis: 'km', options: km }];
  for (const group of reportGroups(mapping, settings)) {
    plan.push({ key: `km:${group}`, role: 'group-km', analysis: 'km', options: { ...km, group }, group });
    // the report shows the overall test, not pairwise comparisons: they are not computed
    plan.push({ key: `logrank:${group}`, role: 'group-logrank', analysis: 'logrank', options: { ...outcome, group, pairwise: 'no' }, group });
  }
  const scores = mappedFactors(mapping).map(scoreColumnName);
  if (settings.cox) {
    const { reference, strata, cluster, weights, ...cox } = settings.cox;
    const optional = { reference, strata, cluster, weights };
    const given = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
    plan.push({ key: 'cox:factors', role: 'factor-cox', analysis: 'cox', options: { ...outcome, ...cox, ...given } });
  } else if (scores.length > 0) {
    plan.push({ key: 'cox:factors', role: 'factor-cox', analysis: 'cox', options: { ...outcome, covariates: scores, ties: settings.ties, confLevel: settings.confLevel } });
  }
  if (hasCompetingEnds(mapping)) {
    plan.push({
      key: 'cuminc:all',
      role: 'cumulative-incidence',
      analysis: 'cuminc',
      options: { time, event: DERIVED_STATUS, censorValue: '0', times: reportTimes(settings, followUpUnit(mapping)), confLevel: settings.confLevel },
    });
  }
  if (settings.correlation) {
    plan.push({ key: 'correlation:factors', role: 'factor-correlation', analysis: 'correlation', options: { ...settings.correlation } });
  } else if (scores.length > 1) {
    plan.push({
      key: 'correlation:factors',
      role: 'factor-correlation',
      analysis: 'correlation',
      options: { columns: scores, method: settings.correlationMethod, pAdjust: settings.pAdjust, missing: settings.correlationMissing },
    });
  }
  if (settings.sitesBy !== undefined) plan.push(...sitesPlan(settings.sitesBy, scores, settings, time));
  plan.push(...planDeclared(mapping, settings));
  return plan;
}

/** What a declared analysis's report part plans from (presentation.ts ReportPlanContext), for a mapping of one row per participant. */
export function reportPlanContext(mapping: Mapping, settings: ReportSettings): ReportPlanContext {
  const unit = followUpUnit(mapping);
  return {
    outcome: { time: followUpColumn(mapping), event: DERIVED_RELAPSE },
    groups: reportGroups(mapping, settings),
    scores: mappedFactors(mapping).map(scoreColumnName),
    unit,
    times: reportTimes(settings, unit),
    confLevel: settings.confLevel,
    ...(settings.tau !== undefined ? { tau: settings.tau } : {}),
  };
}

/**
 * The runs of the declared analyses the settings add (settings.declared), each as its report part plans it:
 * key `declared:<id>:<n>` (n from 1), role 'declared'. A part that plans no run adds nothing: its section
 * says why (build-model.ts).
 */
export function planDeclared(mapping: Mapping, settings: ReportSettings): PlannedAnalysis[] {
  const chosen = settings.declared ?? [];
  if (chosen.length === 0) return [];
  const context = reportPlanContext(mapping, settings);
  return reportableAnalyses()
    .filter((declaration) => chosen.includes(declaration.id))
    .flatMap((declaration) =>
      declaration.presentation!.report!.plan(context).map((run, index): PlannedAnalysis => ({
        key: `${declaredSectionKey(declaration.id)}:${index + 1}`,
        role: 'declared',
        analysis: declaration.id,
        options: run.options as Record<string, unknown>,
        ...(run.group !== undefined ? { group: run.group } : {}),
      })),
    );
}

/**
 * The opt-in comparison of sites (settings.sitesBy): observed against expected relapses from a Cox
 * model of the factor scores (the case mix) with funnel limits, the curves by site adjusted for the same
 * case mix (direct standardisation), and the restricted mean time free of relapse per site with the
 * pairwise differences. Without factor scores there is no case mix: only the restricted means are planned.
 */
function sitesPlan(group: string, scores: string[], settings: ReportSettings, time: string): PlannedAnalysis[] {
  const outcome = { time, event: DERIVED_RELAPSE };
  const plan: PlannedAnalysis[] = [];
  if (scores.length > 0) {
    const caseMix = { ...outcome, group, covariates: scores, ties: settings.ties, confLevel: settings.confLevel };
    plan.push({ key: `sites:${group}`, role: 'sites-funnel', analysis: 'sites', options: caseMix, group });
    plan.push({ key: `adjusted:${group}`, role: 'sites-adjusted', analysis: 'adjusted', options: { ...caseMix, method: 'direct' }, group });
  }
  plan.push({ key: `rmst:${group}`, role: 'sites-rmst', analysis: 'rmst', options: { ...outcome, group, confLevel: settings.confLevel, ...(settings.tau !== undefined ? { tau: settings.tau } : {}) }, group });
  return plan;
}

/**
 * A grouping with more groups than this is not compared group by group unless the user asked for it
 * (issue 15 item 6; the Survival and Compare sites steps ask before running one, renderer/src/views/group-count.ts).
 */
export const MANY_GROUPS = 20;

/** A group column of the mapping left out of the report's default group sections, with its number of groups. */
export interface CrowdedGroup {
  column: string;
  groups: number;
}

/** Distinct values of a column among the analysed rows (missing values not counted). */
export function countGroups(frame: DataFrame, column: string): number {
  const found = frame.columns.find((c) => c.name === column);
  if (!found) return 0;
  if (!isNumericColumn(found)) {
    const seen = new Uint8Array(found.levels.length);
    let n = 0;
    for (let i = 0; i < found.codes.length; i++) {
      const code = found.codes[i];
      if (code >= 0 && seen[code] === 0) {
        seen[code] = 1;
        n++;
      }
    }
    return n;
  }
  const values = new Set<number>();
  for (let i = 0; i < found.values.length; i++) if (!Number.isNaN(found.values[i])) values.add(found.values[i]);
  return values.size;
}

/**
 * The mapping's group columns with more than MANY_GROUPS groups among the analysed rows: never a group
 * section by default (a section of 40 groups is mostly groups too small to read). A grouping the user
 * built in the Survival step (settings.survival) is theirs: it is kept, its tiny groups folded together.
 */
export function crowdedGroups(frame: DataFrame, mapping: Mapping, settings: ReportSettings): CrowdedGroup[] {
  if (settings.survival || isSeveralRowsMapping(mapping)) return [];
  return reportGroups(mapping, settings)
    .map((column) => ({ column, groups: countGroups(frame, column) }))
    .filter((g) => g.groups > MANY_GROUPS);
}

/** The plan without the group sections' analyses of the crowded groups. */
export function withoutCrowdedGroups(plan: readonly PlannedAnalysis[], crowded: readonly CrowdedGroup[]): PlannedAnalysis[] {
  const left = new Set(crowded.map((g) => g.column));
  return plan.filter((p) => !((p.role === 'group-km' || p.role === 'group-logrank') && p.group !== undefined && left.has(p.group)));
}

export interface Exclusions {
  /** Rows in the dataset. */
  rows: number;
  missingTime: number;
  negativeTime: number;
  missingEvent: number;
  /** Rows left out by the rule (each counted once, under the first reason that applies), and those the user left out. */
  excluded: number;
  /**
   * Rows the user left out in the Mapping step (`mapping.excludeRows`), by reason: they are counted here,
   * not under the rule's reasons, and are part of `excluded`.
   */
  leftOutByUser?: { reason: ExclusionReason; count: number }[];
  /** Rows analysed. */
  analysed: number;
}

export interface PreparedData {
  frame: DataFrame;
  exclusions: Exclusions;
}

function selectRows(column: Column, rows: Int32Array): Column {
  if (!isNumericColumn(column)) {
    const codes = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) codes[r] = column.codes[rows[r]];
    return { ...column, codes };
  }
  const source = column.values;
  const values = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) values[r] = source[rows[r]];
  return { ...column, values };
}

/**
 * The columns a plan's analyses read: every string and string list among their options (time, event,
 * group, covariates, columns). Taking a non-column string too only keeps nothing more.
 */
export function columnsOfPlan(plan: readonly PlannedAnalysis[]): Set<string> {
  const names = new Set<string>();
  for (const planned of plan) {
    for (const value of Object.values(planned.options)) {
      if (typeof value === 'string') names.add(value);
      else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') names.add(item);
    }
  }
  return names;
}

/** A factor score's median or tertile split (shared/mapping/apply.ts), a grouping the Survival step offers. */
export function isScoreSplitColumn(column: string): boolean {
  return /^(median|tertile)\./.test(column);
}

/**
 * Applies the mapping (derived outcome and factor-score columns) and the exclusion rule. With `keep`
 * (the columns of the plan, `columnsOfPlan`), the prepared frame holds only those and the derived
 * outcome, with only the median/tertile splits the plan groups by (derived by applyMapping as for the
 * app's steps: cut over every row with a score, before the exclusion rule): the factor items, the identifier and other mapped columns
 * have served the scores and are not copied into the analysed rows. With `consume` too, the caller gives
 * up `raw`: its columns are taken out of it as soon as the scores no longer need them (applyMapping's
 * consumeExcept), so the raw items are freed one factor at a time.
 */
export function prepareAnalysisData(raw: DataFrame, mapping: Mapping, options: { keep?: ReadonlySet<string>; consume?: boolean } = {}): PreparedData {
  if (isSeveralRowsMapping(mapping)) return prepareIntervalData(raw, mapping, options.keep);
  const splits = options.keep === undefined ? true : [...options.keep].filter(isScoreSplitColumn);
  const applied = applyMapping(raw, mapping, { splits, ...(options.consume && options.keep ? { consumeExcept: options.keep } : {}) }).frame;
  const wanted = options.keep;
  const mapped: DataFrame = wanted
    ? { nRows: applied.nRows, columns: applied.columns.filter((c) => wanted.has(c.name) || c.name === DERIVED_TIME || c.name === DERIVED_STATUS || c.name === DERIVED_RELAPSE) }
    : applied;
  const time = (mapped.columns.find((c) => c.name === DERIVED_TIME) as { values: Float64Array }).values;
  const status = (mapped.columns.find((c) => c.name === DERIVED_STATUS) as { values: Float64Array }).values;
  const keep = new Int32Array(mapped.nRows);
  const leftOutByUser = (mapping.excludeRows ?? []).map((e) => ({ reason: e.reason, count: e.rows.length }));
  const byUser = raw.nRows - applied.nRows;
  const exclusions: Exclusions = { rows: raw.nRows, missingTime: 0, negativeTime: 0, missingEvent: 0, excluded: byUser, analysed: 0, ...(byUser > 0 ? { leftOutByUser } : {}) };
  let kept = 0;
  for (let i = 0; i < mapped.nRows; i++) {
    if (Number.isNaN(time[i])) exclusions.missingTime++;
    else if (time[i] < 0) exclusions.negativeTime++;
    else if (Number.isNaN(status[i])) exclusions.missingEvent++;
    else {
      keep[kept++] = i;
      continue;
    }
    exclusions.excluded++;
  }
  exclusions.analysed = kept;
  if (kept === mapped.nRows) return { frame: mapped, exclusions };
  const rows = keep.slice(0, kept);
  return { frame: { nRows: kept, columns: mapped.columns.map((c) => selectRows(c, rows)) }, exclusions };
}

export interface OutcomeCounts {
  participants: number;
  relapses: number;
  competing: number;
  censored: number;
}

/** Relapses, competing ends and censored follow-ups among the analysed rows (outcome.status 1/2/0). */
export function countOutcomes(frame: DataFrame): OutcomeCounts {
  const status = (frame.columns.find((c) => c.name === DERIVED_STATUS) as { values: Float64Array } | undefined)?.values;
  const counts: OutcomeCounts = { participants: frame.nRows, relapses: 0, competing: 0, censored: 0 };
  if (!status) return counts;
  for (let i = 0; i < status.length; i++) {
    if (status[i] === 1) counts.relapses++;
    else if (status[i] === 2) counts.competing++;
    else if (status[i] === 0) counts.censored++;
  }
  return counts;
}
