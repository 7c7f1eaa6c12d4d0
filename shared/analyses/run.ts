/**
 * The runner: runs one analysis request. It validates the options against the declaration's schema
 * (validate-options.ts, the single gate for IPC, CLI and worker requests), runs the analysis's computation
 * (`<id>.run.ts`, which calls the engine in shared/stats) and times it. Only the worker, the CLI and report
 * building import this file; the renderer reads the declarations (registry.ts) and never the runs.
 */
import type { DataFrame, RunContext } from '../data/frame';
import { idOfFile } from './registry';
import { validateAnalysisOptions } from './validate-options';

export { validateAnalysisOptions, type OptionAudience } from './validate-options';

type AnalysisRun = (frame: DataFrame, options: never, context: RunContext) => unknown;

const RUN_MODULES = import.meta.glob<Record<string, unknown>>('./*.run.ts', { eager: true });

/** 'km' → 'runKm', 'my-analysis' → 'runMyAnalysis': the name of the function `<id>.run.ts` exports as the analysis's run. */
export function runNameOf(id: string): string {
  return `run${id.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}`;
}

/**
 * The runs of the given modules (a file → module map, as import.meta.glob gives), by analysis id: the id is
 * the file's name before `.run.ts`, and the run is its export `run<Id>` (runNameOf). A run-side module that
 * exports none is code the runs share (intervals.run.ts), not an analysis; a declaration whose run is missing
 * is refused by runAnalysis, and test/shared/analyses/run.test.ts checks every declaration has its run.
 */
export function runsOf(modules: Record<string, Record<string, unknown>>): Record<string, AnalysisRun> {
  const runs: Record<string, AnalysisRun> = {};
  for (const [file, namespace] of Object.entries(modules)) {
    const id = idOfFile(file).replace(/\.run$/, '');
    const run = namespace[runNameOf(id)];
    if (typeof run === 'function') runs[id] = run as AnalysisRun;
  }
  return runs;
}

/**
 * The computation of every analysis, by id: pure, the data and the options validated by the declaration's schema
 * in, the result model out; throws AnalysisError on bad input. Each takes its own declaration's options, which
 * validateAnalysisOptions gives it. test/shared/analyses/run.test.ts checks that every declaration has its run.
 */
export const ANALYSIS_RUNS: Readonly<Record<string, AnalysisRun>> = runsOf(RUN_MODULES);

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
  const run = ANALYSIS_RUNS[analysisId] as ((frame: DataFrame, options: unknown, context: RunContext) => unknown) | undefined;
  if (!run) throw new Error(`the analysis "${analysisId}" is declared but shared/analyses/${analysisId}.run.ts exports no ${runNameOf(analysisId)}`);
  const started = performance.now();
  const result = run(frame, options, context);
  return { analysis: analysisId, options, result, analysisMs: performance.now() - started };
}
