/**
 * Command-line argument parsing for the CLI. Flags come from the analysis declarations (each option
 * names its flag), plus the common data-source flags. Every problem is a one-line UsageError.
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

export function parseCommandLine(argv: string[], flags: FlagConfig): ParsedCommandLine {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true });
    return { values: values as ParsedCommandLine['values'], positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
}

/** parseArgs flag definitions for a declaration's options (all given as strings on the command line). */
export function flagsForOptions(options: readonly OptionSpec[]): FlagConfig {
  const flags: FlagConfig = {};
  for (const option of options) flags[option.flag] = { type: 'string' };
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
    const raw = values[option.flag];
    if (raw === undefined || typeof raw === 'boolean') continue;
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
      const value = o.kind === 'enum' ? o.choices.join('|') : o.kind === 'columns' ? 'COL,COL' : o.kind === 'numbers' ? 'N,N' : o.kind === 'number' ? 'N' : o.kind === 'column' ? 'COL' : 'VALUE';
      const def = 'default' in o && o.default !== undefined ? ` (default ${Array.isArray(o.default) ? o.default.join(',') : o.default})` : '';
      return `  --${o.flag} ${value}${o.required ? '' : ''}\n      ${o.label}. ${o.help}${def}${o.required ? ' Required.' : ''}`;
    })
    .join('\n');
}
