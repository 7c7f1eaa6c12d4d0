/**
 * The computation of `analyze rmst` (its declaration, options and methods are in rmst.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import type { DataFrame } from '../data/frame';
import { kaplanMeierByGroup } from '../stats/kaplan-meier';
import { restrictedMeanSurvival, rmstHorizonWarning } from '../stats/rmst';
import { defaultHorizon, endsCensored, restrictedMeanInterval, rmstPairwise } from '../stats/rmst-difference';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { groupCodes } from './group-levels';
import { requireColumn, survivalRows } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import { PAIRWISE_AUTO_LIMIT } from './logrank';
import { type RmstOptions, type RmstResult } from './rmst';

export function runRmst(frame: DataFrame, options: RmstOptions): RmstResult {
  refuseRepeatedIds(frame, options.id, 'the restricted mean comparison');
  const groupColumn = requireColumn(frame, options.group, 'group');
  const outcome = survivalRows(frame, options, [groupColumn]);
  if (outcome.rows.length === 0) {
    throw new AnalysisError(`no rows with a usable time, event and group (${outcome.droppedMissing} rows had a missing value)`);
  }
  const { codes, levels } = groupCodes(groupColumn, outcome.rows, options.levels);
  if (levels.length < 2) {
    throw new AnalysisError(`group column "${groupColumn.name}" has only one value (${levels[0]}) among the usable rows; the restricted mean comparison needs at least two groups`);
  }

  const curves = kaplanMeierByGroup(outcome.time, outcome.status, codes, levels.length);
  const tau = options.tau ?? defaultHorizon(curves);
  const warnings: AnalysisWarning[] = [];
  const horizonWarning = rmstHorizonWarning(curves, tau);
  if (horizonWarning) warnings.push(horizonWarning);

  const means = curves.map((curve) => restrictedMeanSurvival(curve, tau));
  const groups = curves.map((curve, k) => {
    const lastTime = curve.time[curve.time.length - 1];
    if (tau > lastTime && endsCensored(curve)) {
      warnings.push({
        code: 'rmst-beyond-follow-up',
        message: `The restricted mean horizon ${tau} is after the last follow-up in group ${levels[k]} (${lastTime}); the curve is carried flat beyond it.`,
      });
    }
    let eventsByTau = 0;
    for (let j = 0; j < curve.time.length && curve.time[j] <= tau; j++) eventsByTau += curve.nEvent[j];
    if (eventsByTau === 0 && !horizonWarning) {
      warnings.push({
        code: 'no-events-by-horizon',
        message: `No relapses in group ${levels[k]} up to ${tau}: its restricted mean is the whole horizon with no uncertainty (standard error 0).`,
      });
    }
    const interval = restrictedMeanInterval(means[k], options.confLevel);
    return { group: levels[k], n: curve.n, events: curve.events, rmst: interval.estimate, stdErr: interval.stdErr, lower: interval.lower, upper: interval.upper };
  });

  // Pairs: k (k - 1) / 2 of them; above the log-rank's limit they are not listed by default (issue 11 item 7).
  const runPairwise = options.pairwise === 'yes' || (options.pairwise === 'auto' && levels.length <= PAIRWISE_AUTO_LIMIT);
  if (options.pairwise === 'auto' && !runPairwise) {
    warnings.push({
      code: 'pairwise-not-run',
      message: `Pairwise comparisons were not run: column "${options.group}" has ${levels.length} groups (${(levels.length * (levels.length - 1)) / 2} pairs), more than the ${PAIRWISE_AUTO_LIMIT} for which they run by default. Set "Pairwise comparisons" to yes (--pairwise yes) to run them.`,
    });
  }
  const comparisons = (runPairwise ? rmstPairwise(means, options.confLevel) : []).map((c) => ({
    a: levels[c.a],
    b: levels[c.b],
    difference: c.difference,
    differenceStdErr: c.differenceStdErr,
    differenceLower: c.differenceLower,
    differenceUpper: c.differenceUpper,
    p: c.differenceP,
    ratio: c.ratio,
    logRatioStdErr: c.logRatioStdErr,
    ratioLower: c.ratioLower,
    ratioUpper: c.ratioUpper,
    ratioP: c.ratioP,
  }));

  return {
    tau,
    tauChosen: options.tau === undefined ? 'default' : 'user',
    confLevel: options.confLevel,
    groups,
    comparisons,
    excluded: outcome.droppedMissing,
    warnings,
  };
}
