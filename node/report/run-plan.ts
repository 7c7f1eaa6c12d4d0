/**
 * Runs a report's planned analyses on the prepared data, one after another, through the same
 * runAnalysis gate as the app and the CLI. An analysis that cannot run (no events, one group, …) gives
 * its user-facing message instead of a result, and the report says so in its section.
 */
import { runAnalysis } from '../../shared/analyses/run';
import type { DataFrame } from '../../shared/data/frame';
import { UserFacingError } from '../../shared/errors';
import type { AnalysisRun } from '../../shared/report/build-model';
import type { PlannedAnalysis } from '../../shared/report/plan';

export interface PlanRun extends AnalysisRun {
  analysis: string;
  options: unknown;
  analysisMs: number;
}

export function runPlan(frame: DataFrame, plan: readonly PlannedAnalysis[], progress?: (done: number, total: number, key: string) => void): PlanRun[] {
  return plan.map((planned, index) => {
    progress?.(index, plan.length, planned.key);
    try {
      const outcome = runAnalysis(planned.analysis, frame, planned.options);
      return { key: planned.key, analysis: planned.analysis, options: outcome.options, result: outcome.result, analysisMs: outcome.analysisMs };
    } catch (error) {
      if (error instanceof UserFacingError) return { key: planned.key, analysis: planned.analysis, options: planned.options, error: error.message, analysisMs: 0 };
      throw error;
    }
  });
}
