/**
 * `analyze km`: Kaplan–Meier survival curves, overall or by group, with the survfit table, median
 * and quartiles with CIs, survival at chosen times, restricted mean survival time and the
 * reverse-KM median follow-up. Every number follows R survival 3.5 (see the engine files
 * shared/stats/kaplan-meier.ts, survival-quantile.ts, survival-at-times.ts, rmst.ts, follow-up.ts).
 *
 * Groups are ordered as R orders factor levels, or as the user lists them (group-levels.ts). Rows missing the time, the event or the
 * group are dropped and counted in `excluded`. Without --tau the RMST horizon is R's summary default
 * rmean = "common": the largest observed time over all groups.
 */
import { z } from 'zod';
import type { DataFrame } from '../data/frame';
import { kaplanMeierByGroup, kaplanMeierRows, CONF_TYPES, type ConfType } from '../stats/kaplan-meier';
import { medianSurvival, survivalQuantiles, STANDARD_PROBS } from '../stats/survival-quantile';
import { survivalAtTimes } from '../stats/survival-at-times';
import { commonRmstHorizon, restrictedMeanSurvival, rmstHorizonWarning } from '../stats/rmst';
import { medianFollowUpByGroup } from '../stats/follow-up';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { groupCodes, groupOrderSchema, groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs, outcomeSchema, requireColumn, survivalRows } from './outcome';
import { participantIdSchema, participantIdSpec, refuseRepeatedIds } from './participant-id';

const kmOptionSpecs: OptionSpec[] = [
  ...outcomeOptionSpecs,
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Optional column whose values split the cohort into separate curves (e.g. programme or clinic).', accepts: 'any' },
  groupOrderSpec,
  { kind: 'enum', name: 'confType', flag: 'conf-type', label: 'Confidence interval type', help: "Scale on which the pointwise confidence interval is built, as R survfit's conf.type: log (default), log-log or plain.", choices: CONF_TYPES, default: 'log' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1 },
  { kind: 'numbers', name: 'times', flag: 'times', label: 'Report survival at times', help: 'Comma-separated follow-up times (days) at which to report survival, e.g. 30,90,180,365.' },
  participantIdSpec,
  { kind: 'number', name: 'tau', flag: 'tau', label: 'Restricted mean horizon', help: 'Horizon (days) for the restricted mean time free of relapse; default: the longest follow-up over all groups.', min: 0 },
];

/** Accepts a list of numbers, or the CLI's comma-separated text ("30,90"). */
const numberList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '').map((s) => Number(s)) : value),
  z.array(z.number().finite()),
);

export const kmOptionsSchema = outcomeSchema.extend({
  group: z.string().min(1).optional(),
  levels: groupOrderSchema,
  confType: z.enum(CONF_TYPES as [ConfType, ...ConfType[]]).default('log'),
  confLevel: z.coerce.number().gt(0).lt(1).default(0.95),
  times: numberList.optional(),
  tau: z.coerce.number().finite().positive().optional(),
  id: participantIdSchema,
});
export type KmOptions = z.infer<typeof kmOptionsSchema>;

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
  confType: z.enum(CONF_TYPES as [ConfType, ...ConfType[]]),
  confLevel: z.number(),
  /** Rows dropped because the time, the event or the group was missing. */
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type KmResult = z.infer<typeof kmResultSchema>;

function runKm(frame: DataFrame, options: KmOptions): KmResult {
  refuseRepeatedIds(frame, options.id, 'the Kaplan–Meier analysis');
  const groupColumn = options.group ? requireColumn(frame, options.group, 'group') : undefined;
  const outcome = survivalRows(frame, options, groupColumn ? [groupColumn] : []);
  const nUsed = outcome.rows.length;
  if (nUsed === 0) {
    throw new AnalysisError(`no rows with a usable time, event${groupColumn ? ' and group' : ''} (${outcome.droppedMissing} rows had a missing value)`);
  }
  if (options.levels && !groupColumn) throw new AnalysisError('levels: a group order needs a group column (--group)');
  const { codes, levels } = groupColumn ? groupCodes(groupColumn, outcome.rows, options.levels) : { codes: new Int32Array(nUsed), levels: ['all'] };

  const kmOptions = { confType: options.confType, confLevel: options.confLevel };
  const curves = kaplanMeierByGroup(outcome.time, outcome.status, codes, levels.length, kmOptions);
  const followUp = medianFollowUpByGroup(outcome.time, outcome.status, codes, levels.length, kmOptions);
  const tau = options.tau ?? commonRmstHorizon(curves);
  const times = options.times ?? [];

  const warnings: AnalysisWarning[] = [];
  const horizonWarning = rmstHorizonWarning(curves, tau);
  if (horizonWarning) warnings.push(horizonWarning);
  const groups = curves.map((curve, k) => {
    const label = levels.length > 1 || groupColumn ? `group ${levels[k]}` : 'the cohort';
    const lastTime = curve.time[curve.time.length - 1];
    if (curve.events === 0) {
      warnings.push({ code: 'no-events', message: `No relapses in ${label}: survival stays at 1 and the median and quartiles are not reached.` });
    }
    const atTimes = survivalAtTimes(curve, times);
    const beyond = times.filter((t) => Number.isFinite(t) && t > lastTime);
    if (beyond.length > 0) {
      warnings.push({
        code: 'times-beyond-follow-up',
        message: `Times ${beyond.join(', ')} are after the last follow-up in ${label} (${lastTime}); survival is not reported there.`,
      });
    }
    if (tau > lastTime) {
      warnings.push({
        code: 'rmst-beyond-follow-up',
        message: `The restricted mean horizon ${tau} is after the last follow-up in ${label} (${lastTime}); the curve is carried flat beyond it.`,
      });
    }
    return {
      group: levels[k],
      n: curve.n,
      events: curve.events,
      table: kaplanMeierRows(curve),
      median: medianSurvival(curve),
      quantiles: survivalQuantiles(curve, STANDARD_PROBS),
      atTimes,
      rmst: restrictedMeanSurvival(curve, tau),
      followUp: followUp[k],
    };
  });
  return { groups, confType: options.confType, confLevel: options.confLevel, excluded: outcome.droppedMissing, warnings };
}

export const kmAnalysis = defineAnalysis<KmOptions, KmResult>({
  id: 'km',
  title: 'Kaplan–Meier survival',
  summary: 'How long do clients stay relapse-free, overall or by group: survival curves, median time to relapse, survival at chosen times and the restricted mean.',
  options: kmOptionSpecs,
  optionsSchema: kmOptionsSchema,
  resultSchema: kmResultSchema,
  run: runKm,
});
