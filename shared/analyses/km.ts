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
import type { DataFrame } from '../data/frame';
import { confidenceZ, kaplanMeierByGroup, kaplanMeierRows, CONF_TYPES, type ConfType, type KaplanMeierCurve } from '../stats/kaplan-meier';
import { medianSurvival, survivalQuantiles, STANDARD_PROBS } from '../stats/survival-quantile';
import { survivalAtTimes } from '../stats/survival-at-times';
import { commonRmstHorizon, restrictedMeanSurvival, rmstHorizonWarning } from '../stats/rmst';
import { medianFollowUpByGroup } from '../stats/follow-up';
import { kaplanMeierIntervals, robustByDefault, robustStandardErrors } from '../stats/kaplan-meier-intervals';
import { rowsByGroup } from '../stats/kaplan-meier-counting';
import { aeqSurv } from '../stats/timefix';
import { hasFractionalWeights, kaplanMeierCaseWeightsByGroup } from '../stats/kaplan-meier-case-weights';
import { caseWeights, caseWeightsSchema, caseWeightsSpec, refuseWeightlessGroups, weightColumn } from './case-weights';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { groupCodes, groupOrderSchema, groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs, outcomeSchema, requireColumn, survivalRows } from './outcome';
import { participantIdSchema, refuseRepeatedIds } from './participant-id';
import { intervalIdSpec, intervalStarts, intervalStartSchema, intervalStartSpec, refuseOverlaps, startColumn } from './intervals';

const kmOptionSpecs: OptionSpec[] = [
  ...outcomeOptionSpecs,
  intervalStartSpec,
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Optional column whose values split the cohort into separate curves (e.g. programme or clinic).', accepts: 'any' },
  groupOrderSpec,
  { kind: 'enum', name: 'confType', flag: 'conf-type', label: 'Confidence interval type', help: "Scale on which the pointwise confidence interval is built, as R survfit's conf.type: log (default), log-log or plain.", choices: CONF_TYPES, default: 'log' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1 },
  { kind: 'numbers', name: 'times', flag: 'times', label: 'Report survival at times', help: 'Comma-separated follow-up times (days) at which to report survival, e.g. 30,90,180,365.' },
  intervalIdSpec,
  { kind: 'column', name: 'cluster', flag: 'cluster', label: 'Robust variance by', help: 'Optional column whose rows are correlated, e.g. the participant (with an interval start) or the site: the standard errors and confidence intervals are then robust (infinitesimal jackknife) by that column, as R survfit(…, cluster = COL).', accepts: 'any' },
  caseWeightsSpec,
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
  start: intervalStartSchema,
  cluster: z.string().min(1).optional(),
  weights: caseWeightsSchema,
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
  confType: z.enum(CONF_TYPES as [ConfType, ...ConfType[]]),
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

function runKm(frame: DataFrame, options: KmOptions): KmResult {
  const counting = options.start !== undefined;
  // Without a start each participant has one row; with one, its intervals are checked below.
  if (!counting) refuseRepeatedIds(frame, options.id, 'the Kaplan–Meier analysis');
  const groupColumn = options.group ? requireColumn(frame, options.group, 'group') : undefined;
  const extra = groupColumn ? [groupColumn] : [];
  const idColumn = counting && options.id ? requireColumn(frame, options.id, 'id') : undefined;
  const clusterColumn = options.cluster ? requireColumn(frame, options.cluster, 'cluster') : undefined;
  if (counting) extra.push(startColumn(frame, options.start!));
  if (idColumn) extra.push(idColumn);
  if (clusterColumn) extra.push(clusterColumn);
  if (options.weights) {
    if (counting) throw new AnalysisError('weights: case weights (--weights) cannot be combined with an interval start (--start)');
    if (clusterColumn) throw new AnalysisError('weights: case weights (--weights) cannot be combined with --cluster');
    extra.push(weightColumn(frame, options.weights));
  }
  const outcome = survivalRows(frame, options, extra);
  const nUsed = outcome.rows.length;
  if (nUsed === 0) {
    const needed = ['time', 'event', ...(groupColumn ? ['group'] : []), ...(counting ? ['start'] : []), ...(idColumn ? ['id'] : []), ...(clusterColumn ? ['cluster'] : []), ...(options.weights ? ['weight'] : [])];
    throw new AnalysisError(`no rows with a usable ${needed.slice(0, -1).join(', ')} and ${needed[needed.length - 1]} (${outcome.droppedMissing} rows had a missing value)`);
  }
  if (options.levels && !groupColumn) throw new AnalysisError('levels: a group order needs a group column (--group)');
  const { codes, levels } = groupColumn ? groupCodes(groupColumn, outcome.rows, options.levels) : { codes: new Int32Array(nUsed), levels: ['all'] };

  const kmOptions = { confType: options.confType, confLevel: options.confLevel };
  const warnings: AnalysisWarning[] = [];
  let curves: KaplanMeierCurve[];
  let followUp: ReturnType<typeof medianFollowUpByGroup>;
  let participants: number | undefined;
  let robust: KmResult['robust'];
  let weighted: KmResult['weights'];
  if (options.weights) {
    // survfit(Surv(time, status) ~ group, weights = w); the follow-up from the weighted reverse curve.
    const weight = caseWeights(frame, options.weights, outcome.rows);
    refuseWeightlessGroups(weight, codes, levels, options.weights);
    const fractional = hasFractionalWeights(weight);
    weighted = { column: options.weights, robust: fractional };
    if (fractional) {
      warnings.push({
        code: 'robust-se',
        message: `Some case weights in column "${options.weights}" are not whole numbers, so the standard errors and confidence intervals are robust (infinitesimal jackknife), as R survfit(…, weights = ${options.weights}) does by default.`,
      });
    }
    curves = kaplanMeierCaseWeightsByGroup(outcome.time, outcome.status, weight, codes, levels.length, kmOptions);
    const reversed = Uint8Array.from(outcome.status, (s) => (s === 1 ? 0 : 1));
    followUp = kaplanMeierCaseWeightsByGroup(outcome.time, reversed, weight, codes, levels.length, kmOptions).map(medianSurvival);
  } else if (counting) {
    const start = intervalStarts(frame, options.start!, outcome.rows, outcome.time);
    const id = idColumn ? groupCodes(idColumn, outcome.rows) : null;
    if (id) participants = refuseOverlaps(frame, options.id!, outcome.rows, start, outcome.time, outcome.status);
    const cluster = clusterColumn ? groupCodes(clusterColumn, outcome.rows) : id && robustByDefault(id.codes, outcome.status) ? id : null;
    if (cluster) {
      robust = { column: clusterColumn ? clusterColumn.name : idColumn!.name, clusters: cluster.levels.length };
      warnings.push({
        code: 'robust-se',
        message: clusterColumn
          ? `Standard errors and confidence intervals are robust (infinitesimal jackknife) by column "${clusterColumn.name}" (${cluster.levels.length} values), as R survfit(…, cluster = ${clusterColumn.name}).`
          : `Some participants have more than one relapse, so the standard errors and confidence intervals are robust (infinitesimal jackknife) by participant, as R survfit(…, id = ${idColumn!.name}) does by default.`,
      });
    }
    try {
      curves = kaplanMeierIntervals({ start, stop: outcome.time, status: outcome.status, group: codes, nGroups: levels.length, id: id?.codes, cluster: cluster?.codes, ...kmOptions });
    } catch (error) {
      if (error instanceof RangeError) throw new AnalysisError(error.message.replace(/^[A-Za-z]+: /, ''));
      throw error;
    }
    followUp = levels.map(() => ({ estimate: null, lower: null, upper: null }));
    warnings.push({
      code: 'follow-up-not-available',
      message: 'The median follow-up (reverse Kaplan–Meier) is not reported for (start, stop] intervals: R has no counterpart for rows that are intervals rather than participants.',
    });
  } else if (clusterColumn) {
    // survfit(Surv(time, status) ~ group, cluster = c): the curve as usual, the SEs robust by cluster.
    const cluster = groupCodes(clusterColumn, outcome.rows);
    robust = { column: clusterColumn.name, clusters: cluster.levels.length };
    warnings.push({
      code: 'robust-se',
      message: `Standard errors and confidence intervals are robust (infinitesimal jackknife) by column "${clusterColumn.name}" (${cluster.levels.length} values), as R survfit(…, cluster = ${clusterColumn.name}).`,
    });
    const time = aeqSurv(outcome.time);
    curves = kaplanMeierByGroup(time, outcome.status, codes, levels.length, { ...kmOptions, timefix: false });
    const fromStart = new Float64Array(time.length).fill(-Infinity);
    const z = confidenceZ(options.confLevel);
    rowsByGroup(codes, levels.length).forEach((rows, k) => robustStandardErrors(curves[k], fromStart, time, outcome.status, rows, cluster.codes, z));
    followUp = medianFollowUpByGroup(outcome.time, outcome.status, codes, levels.length, kmOptions);
  } else {
    curves = kaplanMeierByGroup(outcome.time, outcome.status, codes, levels.length, kmOptions);
    followUp = medianFollowUpByGroup(outcome.time, outcome.status, codes, levels.length, kmOptions);
  }
  const tau = options.tau ?? commonRmstHorizon(curves);
  const times = options.times ?? [];

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
  return {
    groups,
    confType: options.confType,
    confLevel: options.confLevel,
    excluded: outcome.droppedMissing,
    ...(counting ? { start: options.start! } : {}),
    ...(participants !== undefined ? { participants } : {}),
    ...(robust ? { robust } : {}),
    ...(weighted ? { weights: weighted } : {}),
    warnings,
  };
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
