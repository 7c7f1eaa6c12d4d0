/**
 * The computation of `analyze km` (its declaration, options and methods are in km.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import type { DataFrame } from '../data/frame';
import { confidenceZ, kaplanMeierByGroup, kaplanMeierRows, type KaplanMeierCurve } from '../stats/kaplan-meier';
import { medianSurvival, survivalQuantiles, STANDARD_PROBS } from '../stats/survival-quantile';
import { survivalAtTimes } from '../stats/survival-at-times';
import { commonRmstHorizon, restrictedMeanSurvival, rmstHorizonWarning } from '../stats/rmst';
import { medianFollowUpByGroup } from '../stats/follow-up';
import { kaplanMeierIntervals, robustByDefault, robustStandardErrors } from '../stats/kaplan-meier-intervals';
import { rowsByGroup } from '../stats/kaplan-meier-counting';
import { aeqSurv } from '../stats/timefix';
import { hasFractionalWeights, kaplanMeierCaseWeightsByGroup } from '../stats/kaplan-meier-case-weights';
import { caseWeights, refuseWeightlessGroups, weightColumn } from './case-weights';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { groupCodes } from './group-levels';
import { requireColumn, survivalRows } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import { intervalStarts, refuseOverlaps, startColumn } from './intervals.run';
import { type KmOptions, type KmResult } from './km';

export function runKm(frame: DataFrame, options: KmOptions): KmResult {
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
