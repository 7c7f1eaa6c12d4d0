/**
 * The runner: runs one analysis request. It validates the options against the declaration's schema
 * (validate-options.ts, the single gate for IPC, CLI and worker requests), runs the analysis's computation
 * (`<id>.run.ts`, which calls the engine in shared/stats) and times it. Only the worker, the CLI and report
 * building import this file; the renderer reads the declarations (registry.ts) and never the runs.
 */
import type { DataFrame, RunContext } from '../data/frame';
import type { AnalysisId } from './registry';
import { validateAnalysisOptions } from './validate-options';
import { runKm } from './km.run';
import { runLogrank } from './logrank.run';
import { runCox } from './cox.run';
import { runCuminc } from './cuminc.run';
import { runCorrelation } from './correlation.run';
import { runFactors } from './factors.run';
import { runRecurrent } from './recurrent.run';
import { runRmst } from './rmst.run';
import { runSites } from './sites.run';
import { runPredict } from './predict.run';
import { runAdjusted } from './adjusted.run';

export { validateAnalysisOptions, type OptionAudience } from './validate-options';

/**
 * The computation of every analysis, by id: pure, the data and the options validated by the declaration's schema
 * in, the result model out; throws AnalysisError on bad input. Each takes its own declaration's options, which
 * validateAnalysisOptions gives it.
 */
export const ANALYSIS_RUNS = {
  km: runKm,
  logrank: runLogrank,
  cox: runCox,
  cuminc: runCuminc,
  correlation: runCorrelation,
  factors: runFactors,
  recurrent: runRecurrent,
  rmst: runRmst,
  sites: runSites,
  predict: runPredict,
  adjusted: runAdjusted,
} satisfies Record<AnalysisId, (frame: DataFrame, options: never, context: RunContext) => unknown>;

export interface AnalysisOutcome<Result = unknown> {
  analysis: string;
  options: unknown;
  result: Result;
  /** Computation alone, excluding loading the data. */
  analysisMs: number;
}

/** Runs one analysis; `context.frameGivenUp` lets the run drop the frame's columns once it has read them (the caller must not use the frame afterwards). */
export function runAnalysis(analysisId: string, frame: DataFrame, rawOptions: unknown, context: RunContext = {}): AnalysisOutcome {
  const options = validateAnalysisOptions(analysisId, rawOptions);
  // validateAnalysisOptions refused an unknown id and parsed the options with this analysis's own schema.
  const run = ANALYSIS_RUNS[analysisId as AnalysisId] as (frame: DataFrame, options: unknown, context: RunContext) => unknown;
  const started = performance.now();
  const result = run(frame, options, context);
  return { analysis: analysisId, options, result, analysisMs: performance.now() - started };
}
