/**
 * Command-line argument parsing for the CLI. Flags come from the analysis declarations (each option
 * names its flag), plus the common data-source flags. Every problem is a one-line UsageError (exit 2):
 * an unknown flag, a flag without its value, a flag given twice (parseArgs would silently keep the
 * last), and two data sources at once (--csv with --project or --dataset).
 *
 * A value may start with a dash when it is a number (`--tau -10`, `--na -99`): such a value is joined
 * to its flag before parsing (parseArgs would call it ambiguous). Any other value starting with a dash
 * is written `--flag=-value`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { OptionSpec } from '../shared/analyses/declaration';

export class UsageError extends Error {
  override name = 'UsageError';
}

export type FlagConfig = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Flags that name two different sources of data: at most one of each pair may be given. */
const EXCLUSIVE_FLAGS: readonly [string, string][] = [
  ['csv', 'project'],
  ['csv', 'dataset'],
];

/** A negative number or a list starting with one: `-10`, `-0.5`, `-.5`, `-99,-999`, `-1e3`. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/** `--flag -10` becomes `--flag=-10` for a flag that takes a value (before a `--` terminator). */
function joinNegativeValues(argv: string[], flags: FlagConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    const next = argv[i + 1];
    if (name !== undefined && Object.hasOwn(flags, name) && flags[name].type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** parseArgs's multi-line messages as one line naming the flag. */
function usageMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^' <]+)/.exec(message)?.[1];
  if (flag) {
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag} (run the command with --help for its options)`;
    if (/argument is ambiguous/.test(message)) return `${flag} needs a value (a value that starts with "-" is written ${flag}=VALUE)`;
    if (/argument missing/.test(message)) return `${flag} needs a value`;
    if (/does not take an argument/.test(message)) return `${flag} takes no value`;
  }
  return message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
}

export function parseCommandLine(argv: string[], flags: FlagConfig): ParsedCommandLine {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: FlagConfig; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, flags), options: flags, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(usageMessage(error));
  }
  const counts = new Map<string, number>();
  for (const token of parsed.tokens) {
    if (token.kind === 'option') counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
  }
  for (const [name, count] of counts) {
    if (count > 1 && !flags[name]?.multiple) throw new UsageError(`--${name} is given ${count} times; give it once`);
  }
  const values = parsed.values as ParsedCommandLine['values'];
  for (const [a, b] of EXCLUSIVE_FLAGS) {
    if (values[a] !== undefined && values[b] !== undefined) {
      throw new UsageError(`--${a} and --${b} cannot be used together: give the data with --csv FILE, or with --project P.sqlite --dataset NAME`);
    }
  }
  return { values, positionals: parsed.positionals };
}

/** parseArgs flag definitions for a declaration's options (all given as strings on the command line). */
export function flagsForOptions(options: readonly OptionSpec[]): FlagConfig {
  const flags: FlagConfig = {};
  for (const option of options) flags[option.flag] = option.kind === 'text' && option.multiple ? { type: 'string', multiple: true } : { type: 'string' };
  return flags;
}

function parseNumber(flag: string, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag}: "${text}" is not a number`);
  return value;
}

/** Turns the flag strings into the option object the declaration's schema validates. */
export function optionsFromFlags(options: readonly OptionSpec[], values: ParsedCommandLine['values']): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const option of options) {
    // A flag declared `multiple` (text options only) arrives as the list of its values.
    const raw = values[option.flag] as string | string[] | boolean | undefined;
    if (raw === undefined || typeof raw === 'boolean') continue;
    if (Array.isArray(raw)) {
      result[option.name] = raw;
      continue;
    }
    switch (option.kind) {
      case 'number':
        result[option.name] = parseNumber(option.flag, raw);
        break;
      case 'numbers':
        result[option.name] = raw.split(',').filter((s) => s.trim() !== '').map((s) => parseNumber(option.flag, s));
        break;
      case 'columns':
        result[option.name] = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
        break;
      default:
        result[option.name] = raw;
    }
  }
  for (const option of options) {
    if (option.required && result[option.name] === undefined) throw new UsageError(`missing --${option.flag} (${option.help})`);
  }
  return result;
}

export function usageForOptions(options: readonly OptionSpec[]): string {
  return options
    .map((o) => {
      const value = o.kind === 'enum' ? o.choices.join('|') : o.kind === 'columns' ? 'COL,COL' : o.kind === 'numbers' ? 'N,N' : o.kind === 'number' ? 'N' : o.kind === 'column' ? 'COL' : o.kind === 'text' && o.multiple ? `VALUE [--${o.flag} VALUE ...]` : 'VALUE';
      // An empty list by default (predict's --times) is not worth a word.
      const def = 'default' in o && o.default !== undefined && !(Array.isArray(o.default) && o.default.length === 0) ? ` (default ${Array.isArray(o.default) ? o.default.join(',') : o.default})` : '';
      return `  --${o.flag} ${value}${o.required ? '' : ''}\n      ${o.label}. ${o.help}${def}${o.required ? ' Required.' : ''}`;
    })
    .join('\n');
}
