/**
 * One declaration per analysis, in the spirit of jamovi's .a.yaml/.r.yaml: the options (with their
 * types, defaults, labels and CLI flags), the result schema and the labels are written once here, and
 * the React form, the CLI flags, the worker job and the report section are all generated from it.
 * The computation is not part of the declaration: it lives beside it in `<id>.run.ts`, which only the
 * runner (run.ts, used by the worker, the CLI and report building) imports, so the renderer, which reads
 * declarations for its forms, carries no engine.
 */
import type { z } from 'zod';

/** What kind of column an option accepts, for the UI's column pickers. */
export type ColumnKind = 'numeric' | 'categorical' | 'date' | 'any';

interface OptionBase {
  /** Property name in the options object (camelCase). */
  name: string;
  /** CLI flag without the dashes (kebab-case), e.g. 'conf-type'. */
  flag: string;
  /** Short label for forms and reports. */
  label: string;
  /** One sentence of help, shown in the form, in --help and in the report's methods. */
  help: string;
  required?: boolean;
}

export type OptionSpec =
  | (OptionBase & { kind: 'column'; accepts: ColumnKind })
  | (OptionBase & { kind: 'columns'; accepts: ColumnKind })
  | (OptionBase & { kind: 'enum'; choices: readonly string[]; default: string })
  | (OptionBase & { kind: 'number'; default?: number; min?: number; max?: number })
  | (OptionBase & { kind: 'numbers'; default?: number[] })
  /** `multiple`: the CLI flag may be given several times (e.g. --profile); the option is then a list of texts. */
  | (OptionBase & { kind: 'text'; default?: string; multiple?: boolean });

export interface AnalysisWarning {
  code: string;
  message: string;
}

export interface AnalysisDeclaration<Options = unknown, Result = unknown> {
  id: string;
  title: string;
  /** One plain-language sentence on what the analysis answers. */
  summary: string;
  options: readonly OptionSpec[];
  /** Validates and fills defaults: the single gate for IPC, CLI and worker requests. */
  optionsSchema: z.ZodType<Options>;
  /** Schema of what the analysis's run (`<id>.run.ts`) returns (the CLI's --json document minus "timing"). */
  resultSchema: z.ZodType<Result>;
}

// AnalysisError lives in shared/errors.ts (shared/mapping throws it too, and mapping may not import analyses).
export { AnalysisError } from '../errors';

export function defineAnalysis<Options, Result>(declaration: AnalysisDeclaration<Options, Result>): AnalysisDeclaration<Options, Result> {
  return declaration;
}
