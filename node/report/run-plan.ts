/**
 * Runs a report's planned analyses on the prepared data, one after another, through the same
 * runAnalysis gate as the app and the CLI. An analysis that cannot run (no events, one group, …) gives
 * its user-facing message instead of a result, and the report says so in its section.
 *
 * A caller that gives the prepared frame up (`frameGivenUp`, as report building does) lets the runs free
 * memory as they go: the Cox models, the analyses that need the most memory, run after the others; after
 * each run the columns no later run names are dropped; and the last run may drop the rest once it has read
 * them (RunContext.frameGivenUp); and a full garbage collection runs before each run, so that what the
 * previous one let go is given back before the next allocates (collect-garbage.ts: at 5,000,000 rows V8
 * would otherwise keep hundreds of MB of freed arrays). The results come back in plan order either way.
 */
import { runAnalysis } from '../../shared/analyses/run';
import type { DataFrame } from '../../shared/data/frame';
import { UserFacingError } from '../../shared/errors';
import type { AnalysisRun } from '../../shared/report/build-model';
import { columnsOfPlan, type PlannedAnalysis } from '../../shared/report/plan';
import { collectGarbage } from './collect-garbage';

export interface PlanRun extends AnalysisRun {
  analysis: string;
  options: unknown;
  analysisMs: number;
}

export interface RunPlanOptions {
  /** The caller will not read the frame again: columns are dropped as soon as no remaining run names them. */
  frameGivenUp?: boolean;
}

/** The order the runs are computed in: the plan's, with the Cox models moved last when the frame is given up. */
export function executionOrder(plan: readonly PlannedAnalysis[], frameGivenUp: boolean): number[] {
  const indices = plan.map((_, index) => index);
  if (!frameGivenUp) return indices;
  return [...indices.filter((i) => plan[i].analysis !== 'cox'), ...indices.filter((i) => plan[i].analysis === 'cox')];
}

export function runPlan(
  frame: DataFrame,
  plan: readonly PlannedAnalysis[],
  progress?: (done: number, total: number, key: string) => void,
  options: RunPlanOptions = {},
): PlanRun[] {
  const givenUp = options.frameGivenUp === true;
  const order = executionOrder(plan, givenUp);
  const runs: PlanRun[] = new Array(plan.length);
  order.forEach((index, step) => {
    const planned = plan[index];
    progress?.(step, plan.length, planned.key);
    const last = step === order.length - 1;
    if (givenUp) {
      // Only the columns that this run or a later one names stay.
      const needed = columnsOfPlan(order.slice(step).map((i) => plan[i]));
      frame.columns = frame.columns.filter((column) => needed.has(column.name));
      collectGarbage();
    }
    try {
      const outcome = runAnalysis(planned.analysis, frame, planned.options, { frameGivenUp: givenUp && last });
      runs[index] = { key: planned.key, analysis: planned.analysis, options: outcome.options, result: outcome.result, analysisMs: outcome.analysisMs };
    } catch (error) {
      if (error instanceof UserFacingError) runs[index] = { key: planned.key, analysis: planned.analysis, options: planned.options, error: error.message, analysisMs: 0 };
      else throw error;
    }
  });
  // The last run's working arrays (a Cox model's sorted design: 360 MB at 5M rows and 9 covariates) go
  // before the report is drawn.
  if (givenUp) collectGarbage();
  return runs;
}
