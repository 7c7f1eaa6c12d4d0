/**
 * One declaration per analysis, in the spirit of jamovi's .a.yaml/.r.yaml: the options (with their
 * types, defaults, labels and CLI flags), the result schema and the labels are written once here, and
 * the React form, the CLI flags, the worker job and the report section are all generated from it.
 * The computation is not part of the declaration: it lives beside it in `<id>.run.ts`, which only the
 * runner (run.ts, used by the worker, the CLI and report building) imports, so the renderer, which reads
 * declarations for its forms, carries no engine.
 */
import type { z } from 'zod';
import { optionsSchemaOf, type OptionsOf } from './options-schema';
import type { AnalysisPresentation } from './presentation';

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

/** A list needs at least `count` entries; `message` is the error when it has fewer (default: zod's own). */
export interface AtLeast {
  count: number;
  message?: string;
}

/**
 * One option, written once: the options schema (options-schema.ts: its checks, defaults and the
 * TypeScript type of the options), the form, the CLI flag and --help all come from it.
 */
export type OptionSpec =
  | (OptionBase & { kind: 'column'; accepts: ColumnKind })
  /** Several columns, comma-separated on the command line; an optional list not given is empty. */
  | (OptionBase & { kind: 'columns'; accepts: ColumnKind; atLeast?: AtLeast })
  | (OptionBase & { kind: 'enum'; choices: readonly string[]; default: string })
  /**
   * `min` and `max` bound the value, inclusive unless `exclusiveMin` / `exclusiveMax` (a confidence level
   * lies strictly between 0 and 1, a horizon strictly above 0).
   */
  | (OptionBase & { kind: 'number'; default?: number; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean })
  /** Numbers, comma-separated in text; `min` bounds each (inclusive), `minMessage` is its error. */
  | (OptionBase & { kind: 'numbers'; default?: readonly number[]; min?: number; minMessage?: string; atLeast?: AtLeast })
  /**
   * Text. `multiple`: the CLI flag may be given several times (e.g. --profile), and `separator`: one text
   * holds several (e.g. --levels a,b,c); either makes the option a list of texts, each trimmed, empty ones
   * left out. `parse`: the option is read by this function (any value in, its result out; what it throws
   * is the option's error), e.g. the mapping template of `analyze factors`.
   */
  | (OptionBase & { kind: 'text'; default?: string; multiple?: boolean; separator?: string; atLeast?: AtLeast; parse?: (value: unknown) => unknown });

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
  /**
   * Validates and fills defaults: the single gate for IPC, CLI and worker requests. Derived from `options`
   * by defineAnalysis (options-schema.ts), never written by hand.
   */
  optionsSchema: z.ZodType<Options>;
  /** Schema of what the analysis's run (`<id>.run.ts`) returns (the CLI's --json document minus "timing"). */
  resultSchema: z.ZodType<Result>;
  /**
   * How the result is shown (presentation.ts): its tables, sentences and methods paragraph, which the app's
   * generic view, the CLI's text output and the report render. An analysis without one is shown by a
   * specialised view (renderer/src/views) and by the CLI's generic dump.
   */
  presentation?: AnalysisPresentation<Options, Result>;
}

// AnalysisError lives in shared/errors.ts (shared/mapping throws it too, and mapping may not import analyses).
export { AnalysisError } from '../errors';

/**
 * An analysis from its id, title, summary, option list and result schema: its options schema (and so the
 * type of its options, `OptionsOf<typeof specs>`) is derived from the option list.
 */
export function defineAnalysis<const Specs extends readonly OptionSpec[], Result>(
  declaration: Omit<AnalysisDeclaration<OptionsOf<Specs>, Result>, 'options' | 'optionsSchema'> & { options: Specs },
): AnalysisDeclaration<OptionsOf<Specs>, Result> & { options: Specs } {
  return { ...declaration, optionsSchema: optionsSchemaOf(declaration.options) };
}
