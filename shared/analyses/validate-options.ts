/**
 * Validates an analysis request's options against the declaration's schema: the single gate for IPC, CLI,
 * worker and report requests. Apart from the runner (run.ts) so that the renderer can check a form's options
 * in the app's words without carrying the engine.
 */
import { AnalysisError } from './declaration';
import { findAnalysis, ANALYSES } from './registry';

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
