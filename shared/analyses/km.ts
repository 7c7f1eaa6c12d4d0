/**
 * `analyze km`: Kaplan–Meier survival curves, overall or by group, with the survfit table, median
 * and quartiles with CIs, survival at chosen times, restricted mean survival time and the
 * reverse-KM median follow-up. Every number follows R survival 3.5 (see the engine files
 * shared/stats/kaplan-meier.ts, survival-quantile.ts, survival-at-times.ts, rmst.ts, follow-up.ts).
 *
 * Groups are ordered as R orders factor levels, or as the user lists them (group-levels.ts). Rows missing the time, the event or the
 * group are dropped and counted in `excluded`. Without --tau the RMST horizon is R's summary default
 * rmean = "common": the largest observed time over all groups.
 *
 * With --start, rows are intervals (start, stop] (delayed entry, several intervals per participant;
 * intervals.ts) and the curves are R's survfit(Surv(start, stop, event) ~ group, id = id, cluster = cluster)
 * (shared/stats/kaplan-meier-intervals.ts): with --id an event-free interval is a censoring only at the
 * end of a participant's run of intervals, and, as R's default, the SEs are robust (infinitesimal
 * jackknife by participant) when a participant has more than one relapse; --cluster COL makes them robust
 * by that column (also without --start: survfit(Surv(time, status) ~ group, cluster = COL)). A repeated
 * --id is allowed only with --start; overlapping intervals are refused. `n` then
 * counts intervals. The median, quartiles, survival at times and restricted mean read the curve as
 * without --start; the reverse Kaplan–Meier median follow-up has no R counterpart on intervals and is
 * not reported (nulls and a warning).
 *
 * With --weights COL (case-weights.ts) the curves are R's survfit(Surv(time, status) ~ group, weights = w)
 * (shared/stats/kaplan-meier-case-weights.ts): at-risk, event and censoring counts are sums of weights; the
 * SE is Greenwood on them when every weight is whole and, as survfit's default, the robust (infinitesimal
 * jackknife, each row its own cluster) SE when some weight is fractional. The median follow-up is the
 * weighted reverse Kaplan–Meier. `n` counts rows and `events` sums the weights of the events. Weights are
 * not combined with --start or --cluster (refused in one line).
 */
import { z } from 'zod';
import type { ConfType } from '../stats/kaplan-meier';
import { caseWeightsSpec } from './case-weights';
import { defineAnalysis, type OptionSpec } from './declaration';
import { groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs } from './outcome';
import { intervalIdSpec, intervalStartSpec } from './intervals';
import type { OptionsOf } from './options-schema';

/** survfit's conf.type choices, the engine's ConfType: listed here rather than imported so that the declaration, which the renderer reads, loads no engine code (test/shared/analyses/run.test.ts checks the lists agree). */
export const CONF_TYPES = ['log', 'log-log', 'plain'] as const satisfies readonly ConfType[];

const kmOptionSpecs = [
  ...outcomeOptionSpecs,
  intervalStartSpec,
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Optional column whose values split the cohort into separate curves (e.g. programme or clinic).', accepts: 'any' },
  groupOrderSpec,
  { kind: 'enum', name: 'confType', flag: 'conf-type', label: 'Confidence interval type', help: "Scale on which the pointwise confidence interval is built, as R survfit's conf.type: log (default), log-log or plain.", choices: CONF_TYPES, default: 'log' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
  { kind: 'numbers', name: 'times', flag: 'times', label: 'Report survival at times', help: 'Comma-separated follow-up times (days) at which to report survival, e.g. 30,90,180,365.' },
  intervalIdSpec,
  { kind: 'column', name: 'cluster', flag: 'cluster', label: 'Robust variance by', help: 'Optional column whose rows are correlated, e.g. the participant (with an interval start) or the site: the standard errors and confidence intervals are then robust (infinitesimal jackknife) by that column, as R survfit(…, cluster = COL).', accepts: 'any' },
  caseWeightsSpec,
  { kind: 'number', name: 'tau', flag: 'tau', label: 'Restricted mean horizon', help: 'Horizon (days) for the restricted mean time free of relapse; default: the longest follow-up over all groups.', min: 0, exclusiveMin: true },
] as const satisfies readonly OptionSpec[];
export type KmOptions = OptionsOf<typeof kmOptionSpecs>;

const nullableNumber = z.number().nullable();
const intervalSchema = z.object({ estimate: nullableNumber, lower: nullableNumber, upper: nullableNumber });
/** A row of a survival table: the curve's own rows (with the cumulative hazard added) and summary(fit, times =). */
const survivalRowSchema = z.object({
  time: z.number(),
  nRisk: z.number(),
  nEvent: z.number(),
  nCensor: z.number(),
  survival: z.number(),
  stdErr: nullableNumber,
  lower: nullableNumber,
  upper: nullableNumber,
});

export const kmResultSchema = z.object({
  groups: z.array(
    z.object({
      group: z.string(),
      /** Rows of the group, as survfit's n: participants without --start, intervals with it (see `participants`). */
      n: z.number(),
      events: z.number(),
      table: z.array(survivalRowSchema.extend({ cumHaz: z.number(), cumHazStdErr: z.number() })),
      median: intervalSchema,
      quantiles: z.array(intervalSchema.extend({ p: z.number() })),
      atTimes: z.array(survivalRowSchema),
      rmst: z.object({ tau: z.number(), estimate: z.number(), stdErr: z.number() }),
      /** Reverse Kaplan–Meier median follow-up with its CI. */
      followUp: intervalSchema,
    }),
  ),
  confType: z.enum(CONF_TYPES),
  confLevel: z.number(),
  /** Rows dropped because the time, the event, the group, the cluster (--cluster), the weight (--weights) or, with --start, the start or the id was missing. */
  excluded: z.number(),
  /** The interval start column (--start); absent for right-censored follow-up from 0. */
  start: z.string().optional(),
  /** Distinct participants (--start with --id). */
  participants: z.number().optional(),
  /** The column the robust SEs are summed by (--cluster, or with --start the id when a participant has several relapses) and its number of values. */
  robust: z.object({ column: z.string(), clusters: z.number() }).optional(),
  /** The case-weight column (--weights) and whether its weights made the SEs robust (some weight fractional). */
  weights: z.object({ column: z.string(), robust: z.boolean() }).optional(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type KmResult = z.infer<typeof kmResultSchema>;

export const kmAnalysis = defineAnalysis({
  id: 'km',
  title: 'Kaplan–Meier survival',
  summary: 'How long do clients stay relapse-free, overall or by group: survival curves, median time to relapse, survival at chosen times and the restricted mean.',
  options: kmOptionSpecs,
  resultSchema: kmResultSchema,
});
export const kmOptionsSchema = kmAnalysis.optionsSchema;
