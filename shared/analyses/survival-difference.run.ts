/**
 * The computation of `analyze survival-difference` (declared in survival-difference.ts): Kaplan–Meier by group,
 * each group's survival at the chosen time and the difference for every pair (shared/stats/survival-difference.ts).
 */
import type { DataFrame } from '../data/frame';
import { kaplanMeierByGroup } from '../stats/kaplan-meier';
import { survivalAtPoint, survivalDifferencePairs } from '../stats/survival-difference';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { groupCodes } from './group-levels';
import { requireColumn, survivalRows } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import type { SurvivalDifferenceOptions, SurvivalDifferenceResult } from './survival-difference';

export function runSurvivalDifference(frame: DataFrame, options: SurvivalDifferenceOptions): SurvivalDifferenceResult {
  refuseRepeatedIds(frame, options.id, 'the comparison at a chosen time');
  const groupColumn = requireColumn(frame, options.group, 'group');
  const outcome = survivalRows(frame, options, [groupColumn]);
  if (outcome.rows.length === 0) throw new AnalysisError(`no rows with a usable time, event and group (${outcome.droppedMissing} rows had a missing value)`);
  const { codes, levels } = groupCodes(groupColumn, outcome.rows, options.levels);
  if (levels.length < 2) {
    throw new AnalysisError(`group column "${groupColumn.name}" has only one value (${levels[0]}) among the usable rows; the comparison needs at least two groups`);
  }
  const curves = kaplanMeierByGroup(outcome.time, outcome.status, codes, levels.length);
  const points = curves.map((curve) => survivalAtPoint(curve, options.at));
  const warnings: AnalysisWarning[] = [];
  points.forEach((point, k) => {
    if (point.survival === null) {
      const last = curves[k].time[curves[k].time.length - 1];
      warnings.push({ code: 'after-follow-up', message: `Group ${levels[k]} is no longer followed at ${options.at} (its last follow-up is at ${last}): it has no estimate there, and its comparisons are left out.` });
    } else if (point.stdErr === null) {
      warnings.push({ code: 'no-standard-error', message: `In group ${levels[k]} no participant is still free of relapse at ${options.at}: its standard error is undefined (R gives NA), so its comparisons have none.` });
    }
  });
  return {
    at: options.at,
    confLevel: options.confLevel,
    groups: curves.map((curve, k) => ({ group: levels[k], n: curve.n, events: curve.events, atRisk: points[k].atRisk, survival: points[k].survival, stdErr: points[k].stdErr })),
    comparisons: survivalDifferencePairs(points, options.confLevel).map((c) => ({ a: levels[c.a], b: levels[c.b], difference: c.difference, stdErr: c.stdErr, lower: c.lower, upper: c.upper, p: c.p })),
    excluded: outcome.droppedMissing,
    warnings,
  };
}
