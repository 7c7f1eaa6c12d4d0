/**
 * Runs one analysis request: validates the options against the declaration's schema (the single
 * gate for IPC, CLI and worker requests), runs the pure computation and times it.
 */
import type { DataFrame } from '../data/frame';
import { AnalysisError } from './declaration';
import { findAnalysis, ANALYSES } from './registry';

export interface AnalysisOutcome<Result = unknown> {
  analysis: string;
  options: unknown;
  result: Result;
  /** Computation alone, excluding loading the data. */
  analysisMs: number;
}

/**
 * Who reads an option error: the CLI names the flag (`option --conf-level: …`), the app the field's label
 * (`Confidence level: …`), so each speaks its reader's words.
 */
export type OptionAudience = 'cli' | 'app';

/** One line naming each invalid option, e.g. `option --conf-level: Number must be less than 1`. */
function describeOptionErrors(analysisId: string, issues: { path: PropertyKey[]; message: string }[], audience: OptionAudience): string {
  const declaration = findAnalysis(analysisId)!;
  return issues
    .map((issue) => {
      const key = String(issue.path[0] ?? '');
      const spec = declaration.options.find((o) => o.name === key);
      return audience === 'app' ? `${spec?.label ?? key}: ${issue.message}` : `option --${spec?.flag ?? key}: ${issue.message}`;
    })
    .join('; ');
}

export function validateAnalysisOptions(analysisId: string, rawOptions: unknown, audience: OptionAudience = 'cli'): unknown {
  const declaration = findAnalysis(analysisId);
  if (!declaration) throw new AnalysisError(`unknown analysis "${analysisId}" (known: ${ANALYSES.map((a) => a.id).join(', ')})`);
  const parsed = declaration.optionsSchema.safeParse(rawOptions);
  if (!parsed.success) {
    const errors = describeOptionErrors(analysisId, parsed.error.issues, audience);
    throw new AnalysisError(audience === 'app' ? `${declaration.title}: ${errors}` : `${analysisId}: ${errors}`);
  }
  return parsed.data;
}

export function runAnalysis(analysisId: string, frame: DataFrame, rawOptions: unknown): AnalysisOutcome {
  const options = validateAnalysisOptions(analysisId, rawOptions);
  const declaration = findAnalysis(analysisId)!;
  const started = performance.now();
  const result = declaration.run(frame, options);
  return { analysis: analysisId, options, result, analysisMs: performance.now() - started };
}
