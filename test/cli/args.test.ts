/**
 * The CLI's flag parsing in process (cli/args.ts), with the built CLI's tests (argument-handling,
 * bad-input) covering it end to end: negative numbers as values, a repeated flag, data given twice,
 * parseArgs's own errors reworded as one line naming the flag, and the flags-to-options conversion
 * the declarations' schemas then validate.
 */
import { describe, expect, it } from 'vitest';
import { flagsForOptions, optionsFromFlags, parseCommandLine, UsageError, usageForOptions, type FlagConfig } from '../../cli/args';
import type { OptionSpec } from '../../shared/analyses/declaration';

const OPTIONS: OptionSpec[] = [
  { kind: 'column', name: 'time', flag: 'time', label: 'Time', help: 'Follow-up time column.', accepts: 'numeric', required: true },
  { kind: 'columns', name: 'covariates', flag: 'covariates', label: 'Covariates', help: 'Columns of the model.', accepts: 'any' },
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Ties', help: 'Handling of tied times.', choices: ['efron', 'breslow'], default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Level of the intervals.', default: 0.95 },
  { kind: 'numbers', name: 'times', flag: 'times', label: 'Times', help: 'Days to report.' },
  { kind: 'text', name: 'profile', flag: 'profile', label: 'Profile', help: 'A covariate profile.', multiple: true },
];
const FLAGS: FlagConfig = { ...flagsForOptions(OPTIONS), csv: { type: 'string' }, project: { type: 'string' }, dataset: { type: 'string' }, na: { type: 'string' }, json: { type: 'boolean' } };

function usageError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseCommandLine', () => {
  it('reads flags and positionals', () => {
    expect(parseCommandLine(['cox', '--csv', 'a.csv', '--time', 'days', '--json'], FLAGS)).toEqual({
      values: { csv: 'a.csv', time: 'days', json: true },
      positionals: ['cox'],
    });
  });

  it('takes a negative number, or a list starting with one, as the value of a flag', () => {
    for (const value of ['-10', '-0.5', '-.5', '-99,-999', '-1e3']) {
      expect(parseCommandLine(['--na', value], FLAGS).values.na).toBe(value);
    }
  });

  it('refuses a repeated flag, unless it is declared multiple', () => {
    expect(usageError(() => parseCommandLine(['--time', 'a', '--time', 'b'], FLAGS))).toBe('--time is given 2 times; give it once');
    expect(usageError(() => parseCommandLine(['--json', '--json'], FLAGS))).toBe('--json is given 2 times; give it once');
    expect(parseCommandLine(['--profile', 'age=40', '--profile', 'age=60'], FLAGS).values.profile).toEqual(['age=40', 'age=60']);
  });

  it('refuses the data given twice', () => {
    const both = '--csv and --project cannot be used together: give the data with --csv FILE, or with --project P.sqlite --dataset NAME';
    expect(usageError(() => parseCommandLine(['--csv', 'a.csv', '--project', 'p.sqlite'], FLAGS))).toBe(both);
    expect(usageError(() => parseCommandLine(['--csv', 'a.csv', '--dataset', 'x'], FLAGS))).toMatch(/^--csv and --dataset cannot be used together/);
  });

  it("words parseArgs's errors as one line naming the flag", () => {
    expect(usageError(() => parseCommandLine(['--tiez', 'efron'], FLAGS))).toBe('unknown option --tiez (run the command with --help for its options)');
    expect(usageError(() => parseCommandLine(['--time'], FLAGS))).toBe('--time needs a value');
    expect(usageError(() => parseCommandLine(['--time', '--json'], FLAGS))).toBe('--time needs a value (a value that starts with "-" is written --time=VALUE)');
    expect(usageError(() => parseCommandLine(['--json=yes'], FLAGS))).toBe('--json takes no value');
  });
});

describe('optionsFromFlags', () => {
  it('turns numbers, lists and repeated texts into the option object', () => {
    const { values } = parseCommandLine(['--time', 'days', '--covariates', ' age, dose ,,', '--conf-level', '0.9', '--times', '30,-1, 90', '--profile', 'a', '--profile', 'b'], FLAGS);
    expect(optionsFromFlags(OPTIONS, values)).toEqual({ time: 'days', covariates: ['age', 'dose'], confLevel: 0.9, times: [30, -1, 90], profile: ['a', 'b'] });
  });

  it('leaves out what is not given (the schema fills the defaults) and refuses a missing required flag', () => {
    expect(optionsFromFlags(OPTIONS, { time: 't' })).toEqual({ time: 't' });
    expect(usageError(() => optionsFromFlags(OPTIONS, {}))).toBe('missing --time (Follow-up time column.)');
  });

  it('refuses a number that is not one, naming the flag and the text', () => {
    expect(usageError(() => optionsFromFlags(OPTIONS, { time: 't', 'conf-level': 'ninety' }))).toBe('--conf-level: "ninety" is not a number');
    expect(usageError(() => optionsFromFlags(OPTIONS, { time: 't', 'conf-level': ' ' }))).toBe('--conf-level: " " is not a number');
    expect(usageError(() => optionsFromFlags(OPTIONS, { time: 't', times: '30,x' }))).toBe('--times: "x" is not a number');
  });
});

describe('usageForOptions', () => {
  it('lists each flag with its value, label, help, default and whether it is required', () => {
    const lines = usageForOptions(OPTIONS).split('\n');
    expect(lines[0]).toBe('  --time COL');
    expect(lines[1]).toBe('      Time. Follow-up time column. Required.');
    expect(lines).toContain('  --ties efron|breslow');
    expect(lines).toContain('      Confidence level. Level of the intervals. (default 0.95)');
    expect(lines).toContain('  --profile VALUE [--profile VALUE ...]');
  });
});
