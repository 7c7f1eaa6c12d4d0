/**
 * The options schema of an analysis, derived from its option list (declaration.ts's OptionSpec), so that
 * each option is written once: its kind, bounds, default and whether it is required give the zod check
 * that every request passes (validate-options.ts) and, through `OptionsOf`, the TypeScript type of the
 * options the analysis's run receives.
 *
 * Each kind, as a request may give it (the CLI passes flags already split and parsed by cli/args.ts; the
 * app's form and the report pass objects; anything else is refused with zod's message):
 *  - column: a non-empty text;
 *  - columns: a list of non-empty texts, or one comma-separated text ("age, sex"); `atLeast` entries
 *    (with its message); not required, an omitted list is empty;
 *  - enum: one of `choices`, `default` when omitted;
 *  - number: a number, or text read as one ("0.9"); within `min`/`max`, each inclusive unless
 *    `exclusiveMin`/`exclusiveMax`; `default` when omitted, else absent;
 *  - numbers: a list of numbers, or one comma-separated text ("30,90"); each at least `min` (error
 *    `minMessage`), `atLeast` entries; `default` when omitted, else absent;
 *  - text: a text, `default` when omitted. With `multiple` or `separator`, a list of texts: one text is
 *    split at `separator`, each entry trimmed and empty ones left out, then `atLeast` entries. With
 *    `parse`, whatever is given is read by it, and what it throws is the option's error.
 * A `required` option has no default: omitting it is an error (zod's "Invalid input: expected …, received undefined").
 * Numbers are finite: zod 4's number refuses NaN and the infinities.
 */
import { z } from 'zod';
import type { OptionSpec } from './declaration';

/** The value of one option after validation. */
export type OptionValue<S extends OptionSpec> = S extends { kind: 'column' }
  ? string
  : S extends { kind: 'columns' }
    ? string[]
    : S extends { kind: 'enum'; choices: readonly (infer Choice extends string)[] }
      ? Choice
      : S extends { kind: 'number' }
        ? number
        : S extends { kind: 'numbers' }
          ? number[]
          : S extends { kind: 'text'; parse: (value: unknown) => infer Parsed }
            ? Parsed
            : S extends { kind: 'text'; multiple: true } | { kind: 'text'; separator: string }
              ? string[]
              : string;

/** Whether an option is always in the validated options: required, or given a default (enums always are; lists of columns default to empty; a parsed option is its parser's result). */
type AlwaysPresent<S extends OptionSpec> = S extends { required: true }
  ? true
  : S extends { kind: 'enum' } | { kind: 'columns' } | { parse: (value: unknown) => unknown } | { default: unknown }
    ? true
    : false;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/**
 * The validated options of an option list: the type `z.infer` gives for `optionsSchemaOf(specs)`. For it
 * to be precise (enum choices as literal unions, optional or defaulted), the list is written `as const`.
 */
export type OptionsOf<Specs extends readonly OptionSpec[]> = Flatten<
  { [S in Specs[number] as AlwaysPresent<S> extends true ? S['name'] : never]: OptionValue<S> } & {
    [S in Specs[number] as AlwaysPresent<S> extends true ? never : S['name']]?: OptionValue<S> | undefined;
  }
>;

/** "a, b,,c" as ['a', 'b', 'c']; a list as given. */
function splitColumns(value: unknown): unknown {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : value;
}

/** "30, 90" as [30, 90] (a text that is not a number becomes NaN, which the number check refuses); a list as given. */
function splitNumbers(value: unknown): unknown {
  return typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '').map((s) => Number(s)) : value;
}

/**
 * One text split at `separator`, or a list; each entry trimmed, empty ones left out. With `splitEach` (a
 * repeatable flag, `multiple`), each entry of a list is split at the separator too: `--profile 'a=1;a=2'`
 * is two profiles, as its help says, whether given once or among other --profile flags.
 */
function textList(separator: string | undefined, splitEach = false): (value: unknown) => unknown {
  return (value) => {
    const split = (text: string) => (separator === undefined ? [text] : text.split(separator));
    const list = typeof value === 'string' ? split(value) : Array.isArray(value) && splitEach ? value.flatMap((s: unknown) => (typeof s === 'string' ? split(s) : [s])) : value;
    return Array.isArray(list) ? list.map((s: unknown) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== '') : list;
  };
}

function atLeast<T extends z.ZodArray<z.ZodType>>(list: T, spec: { atLeast?: { count: number; message?: string } }): T {
  return spec.atLeast ? (list.min(spec.atLeast.count, spec.atLeast.message) as T) : list;
}

/** A required option as it is, an optional one with its default or absent. */
function presence(schema: z.ZodType, spec: OptionSpec, fallback?: () => unknown): z.ZodType {
  if (spec.required) return schema;
  if ('default' in spec && spec.default !== undefined) {
    const value = spec.default;
    return schema.default(Array.isArray(value) ? () => [...value] : value);
  }
  return fallback ? schema.default(fallback) : schema.optional();
}

/** The zod check of one option (see the file header); an option neither required nor defaulted may be absent. */
export function optionSchema<const S extends OptionSpec>(spec: S): z.ZodType<AlwaysPresent<S> extends true ? OptionValue<S> : OptionValue<S> | undefined> {
  return buildOptionSchema(spec) as z.ZodType<AlwaysPresent<S> extends true ? OptionValue<S> : OptionValue<S> | undefined>;
}

function buildOptionSchema(spec: OptionSpec): z.ZodType {
  switch (spec.kind) {
    case 'column':
      return presence(z.string().min(1), spec);
    case 'columns':
      return presence(z.preprocess(splitColumns, atLeast(z.array(z.string().min(1)), spec)), spec, () => []);
    case 'enum':
      return z.enum(spec.choices as [string, ...string[]]).default(spec.default);
    case 'number': {
      let number = z.coerce.number();
      if (spec.min !== undefined) number = spec.exclusiveMin ? number.gt(spec.min) : number.min(spec.min);
      if (spec.max !== undefined) number = spec.exclusiveMax ? number.lt(spec.max) : number.max(spec.max);
      return presence(number, spec);
    }
    case 'numbers': {
      const entry = spec.min === undefined ? z.number() : z.number().min(spec.min, spec.minMessage);
      return presence(z.preprocess(splitNumbers, atLeast(z.array(entry), spec)), spec);
    }
    case 'text': {
      if (spec.parse) return parsed(spec.parse);
      if (spec.multiple || spec.separator !== undefined) return presence(z.preprocess(textList(spec.separator, spec.multiple === true), atLeast(z.array(z.string()), spec)), spec);
      return presence(spec.required ? z.string().min(1) : z.string(), spec);
    }
  }
}

/** Any value, read by `parse`; what it throws becomes the option's error (its message). */
function parsed(parse: (value: unknown) => unknown): z.ZodType {
  return z.unknown().transform((value, ctx) => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });
}

/**
 * The options schema of an option list: one key per option, in the list's order (so several errors are
 * named in the order of the form and of --help). Unknown keys are dropped, as zod objects do.
 */
export function optionsSchemaOf<const Specs extends readonly OptionSpec[]>(specs: Specs): z.ZodType<OptionsOf<Specs>> {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of specs) {
    if (Object.hasOwn(shape, spec.name)) throw new Error(`option "${spec.name}" is declared twice`);
    shape[spec.name] = buildOptionSchema(spec);
  }
  return z.object(shape) as unknown as z.ZodType<OptionsOf<Specs>>;
}

/** An option list without the options named (e.g. predict's Cox options, which take no interval start). */
export function withoutOptions<const Specs extends readonly OptionSpec[], const Name extends Specs[number]['name']>(specs: Specs, names: readonly Name[]): Exclude<Specs[number], { name: Name }>[] {
  return specs.filter((spec): spec is Exclude<Specs[number], { name: Name }> => !(names as readonly string[]).includes(spec.name));
}

/** An option list with `added` put before the option named `before` (its place in the form and in --help). */
export function withOptionBefore<const Specs extends readonly OptionSpec[], const Added extends OptionSpec>(specs: Specs, before: Specs[number]['name'], added: Added): (Specs[number] | Added)[] {
  return specs.flatMap((spec): (Specs[number] | Added)[] => (spec.name === before ? [added, spec] : [spec]));
}
