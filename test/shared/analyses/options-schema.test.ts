/**
 * shared/analyses/options-schema.ts: the options schema derived from an option list, kind by kind (what
 * each accepts, its default, its bounds, required or optional, its error), the TypeScript type it gives,
 * and, for every registered analysis, that the schema has exactly one key per declared option.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { OptionSpec } from '../../../shared/analyses/declaration';
import { optionSchema, optionsSchemaOf, withOptionBefore, withoutOptions, type OptionsOf } from '../../../shared/analyses/options-schema';
import { ANALYSES } from '../../../shared/analyses/registry';

const base = { label: 'L', help: 'H.' } as const;
/** The messages of a failed parse, 'key: message' each. */
const errors = (schema: z.ZodType, value: unknown): string[] => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(value)} to be refused, got ${JSON.stringify(parsed.data)}`);
  return parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
};

describe('column', () => {
  const required = optionSchema({ ...base, kind: 'column', name: 'time', flag: 'time', accepts: 'numeric', required: true });
  const optional = optionSchema({ ...base, kind: 'column', name: 'group', flag: 'group', accepts: 'any' });
  it('a non-empty name; required: absent is refused; optional: absent stays absent', () => {
    expect(required.parse('days')).toBe('days');
    expect(errors(required, '')).toEqual([': Too small: expected string to have >=1 characters']);
    expect(errors(required, undefined)).toEqual([': Invalid input: expected string, received undefined']);
    expect(optional.parse(undefined)).toBeUndefined();
    expect(errors(optional, '')).toEqual([': Too small: expected string to have >=1 characters']);
  });
});

describe('columns', () => {
  const covariates = optionSchema({ ...base, kind: 'columns', name: 'covariates', flag: 'covariates', accepts: 'any', required: true, atLeast: { count: 2, message: 'give at least two columns' } });
  const categorical = optionSchema({ ...base, kind: 'columns', name: 'categorical', flag: 'categorical', accepts: 'any' });
  it('one comma-separated text is split and trimmed, empty names dropped; a list is taken as given', () => {
    expect(covariates.parse(' age, sex,,dose ')).toEqual(['age', 'sex', 'dose']);
    expect(covariates.parse(['age', ' sex'])).toEqual(['age', ' sex']);
  });
  it('atLeast with its message; an empty name in a list is refused', () => {
    expect(errors(covariates, 'age')).toEqual([': give at least two columns']);
    expect(errors(covariates, ['age', ''])).toEqual(['1: Too small: expected string to have >=1 characters']);
    expect(errors(covariates, undefined)).toEqual([': Invalid input: expected array, received undefined']);
  });
  it('an optional list not given is empty, a new list each time', () => {
    const first = categorical.parse(undefined);
    expect(first).toEqual([]);
    first.push('x');
    expect(categorical.parse(undefined)).toEqual([]);
  });
});

describe('enum', () => {
  const ties = optionSchema({ ...base, kind: 'enum', name: 'ties', flag: 'ties', choices: ['efron', 'breslow'], default: 'efron' });
  it('one of the choices, the default when absent', () => {
    expect(ties.parse('breslow')).toBe('breslow');
    expect(ties.parse(undefined)).toBe('efron');
    expect(errors(ties, 'exact')).toEqual([': Invalid option: expected one of "efron"|"breslow"']);
  });
});

describe('number', () => {
  const confLevel = optionSchema({ ...base, kind: 'number', name: 'confLevel', flag: 'conf-level', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const trim = optionSchema({ ...base, kind: 'number', name: 'trim', flag: 'trim', default: 0.99, min: 0.5, max: 1 });
  const tau = optionSchema({ ...base, kind: 'number', name: 'tau', flag: 'tau', min: 0, exclusiveMin: true });
  const rho = optionSchema({ ...base, kind: 'number', name: 'rho', flag: 'rho', default: 0, min: 0 });
  it('a number or text read as one; the default when absent, else absent', () => {
    expect(confLevel.parse('0.9')).toBe(0.9);
    expect(confLevel.parse(undefined)).toBe(0.95);
    expect(tau.parse(undefined)).toBeUndefined();
    expect(tau.parse(365)).toBe(365);
  });
  it('exclusive bounds refuse the bound itself (a confidence level strictly between 0 and 1, a horizon above 0)', () => {
    expect(errors(confLevel, 0)).toEqual([': Too small: expected number to be >0']);
    expect(errors(confLevel, 1)).toEqual([': Too big: expected number to be <1']);
    expect(confLevel.parse(1e-9)).toBe(1e-9);
    expect(errors(tau, 0)).toEqual([': Too small: expected number to be >0']);
  });
  it('inclusive bounds accept it', () => {
    expect(trim.parse(0.5)).toBe(0.5);
    expect(trim.parse(1)).toBe(1);
    expect(errors(trim, 0.49)).toEqual([': Too small: expected number to be >=0.5']);
    expect(errors(trim, 1.01)).toEqual([': Too big: expected number to be <=1']);
    expect(rho.parse(0)).toBe(0);
    expect(errors(rho, -1)).toEqual([': Too small: expected number to be >=0']);
  });
  it('text that is not a number, NaN and the infinities are refused', () => {
    expect(errors(rho, 'high')).toEqual([': Invalid input: expected number, received NaN']);
    expect(errors(rho, NaN)).toEqual([': Invalid input: expected number, received NaN']);
    expect(errors(tau, Infinity)).toEqual([': Invalid input: expected number, received Infinity']);
  });
});

describe('numbers', () => {
  const times = optionSchema({ ...base, kind: 'numbers', name: 'times', flag: 'times' });
  const atTimes = optionSchema({ ...base, kind: 'numbers', name: 'times', flag: 'times', min: 0, minMessage: 'times cannot be negative', atLeast: { count: 1, message: 'give at least one time' } });
  const defaulted = optionSchema({ ...base, kind: 'numbers', name: 'times', flag: 'times', default: [] });
  it('a list, or one comma-separated text ("30, 90"); absent stays absent, or is the default', () => {
    expect(times.parse('30, 90,')).toEqual([30, 90]);
    expect(times.parse([-1, 2.5])).toEqual([-1, 2.5]);
    expect(times.parse(undefined)).toBeUndefined();
    expect(defaulted.parse(undefined)).toEqual([]);
  });
  it('each entry a number, at least min (with its message); atLeast entries (with its message)', () => {
    expect(errors(times, '30,x')).toEqual(['1: Invalid input: expected number, received NaN']);
    expect(errors(atTimes, '-5,10')).toEqual(['0: times cannot be negative']);
    expect(atTimes.parse('0,10')).toEqual([0, 10]);
    expect(errors(atTimes, ',')).toEqual([': give at least one time']);
  });
  it('atLeast without a message: zod\'s', () => {
    const scores = optionSchema({ ...base, kind: 'numbers', name: 'scores', flag: 'scores', atLeast: { count: 1 } });
    expect(errors(scores, [])).toEqual([': Too small: expected array to have >=1 items']);
  });
});

describe('text', () => {
  const eventValue = optionSchema({ ...base, kind: 'text', name: 'eventValue', flag: 'event-value' });
  const censorValue = optionSchema({ ...base, kind: 'text', name: 'censorValue', flag: 'censor-value', default: '0' });
  const levels = optionSchema({ ...base, kind: 'text', name: 'levels', flag: 'levels', separator: ',', atLeast: { count: 1, message: 'list at least one group' } });
  const profile = optionSchema({ ...base, kind: 'text', name: 'profile', flag: 'profile', required: true, multiple: true, separator: ';', atLeast: { count: 1, message: 'give at least one profile' } });
  it('a text as given (spaces kept), absent or its default', () => {
    expect(eventValue.parse(' relapse ')).toBe(' relapse ');
    expect(eventValue.parse(undefined)).toBeUndefined();
    expect(censorValue.parse(undefined)).toBe('0');
    expect(errors(eventValue, 1)).toEqual([': Invalid input: expected string, received number']);
  });
  it('separator: one text split there, a list as entries; each trimmed, empty ones dropped', () => {
    expect(levels.parse('low, medium ,high')).toEqual(['low', 'medium', 'high']);
    expect(levels.parse(['low ', '', 'high'])).toEqual(['low', 'high']);
    expect(levels.parse(undefined)).toBeUndefined();
    expect(errors(levels, ' , ')).toEqual([': list at least one group']);
  });
  it('multiple: the repeated flag\'s list, each entry split at the separator too (--profile "a;b" is two profiles, as predict\'s help says)', () => {
    expect(profile.parse([' age=40 ', 'age=60;sex=f'])).toEqual(['age=40', 'age=60', 'sex=f']);
    expect(profile.parse(['age=40;', ' ; '])).toEqual(['age=40']);
    expect(profile.parse('age=40; age=60')).toEqual(['age=40', 'age=60']);
    expect(errors(profile, [''])).toEqual([': give at least one profile']);
    expect(errors(profile, undefined)).toEqual([': Invalid input: expected array, received undefined']);
  });
  it('parse: any value read by the function, what it throws is the error', () => {
    const parseEven = (value: unknown): number => {
      if (typeof value !== 'number' || value % 2 !== 0) throw new Error(`${String(value)} is not an even number`);
      return value / 2;
    };
    const half = optionSchema({ ...base, kind: 'text', name: 'half', flag: 'half', required: true, parse: parseEven });
    expect(half.parse(8)).toBe(4);
    expect(errors(half, 3)).toEqual([': 3 is not an even number']);
    expect(errors(half, undefined)).toEqual([': undefined is not an even number']);
  });
});

describe('optionsSchemaOf', () => {
  const specs = [
    { ...base, kind: 'column', name: 'time', flag: 'time', accepts: 'numeric', required: true },
    { ...base, kind: 'column', name: 'group', flag: 'group', accepts: 'any' },
    { ...base, kind: 'columns', name: 'categorical', flag: 'categorical', accepts: 'any' },
    { ...base, kind: 'enum', name: 'confType', flag: 'conf-type', choices: ['log', 'plain'], default: 'log' },
    { ...base, kind: 'number', name: 'confLevel', flag: 'conf-level', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
    { ...base, kind: 'number', name: 'tau', flag: 'tau', min: 0, exclusiveMin: true },
    { ...base, kind: 'numbers', name: 'times', flag: 'times' },
    { ...base, kind: 'text', name: 'levels', flag: 'levels', separator: ',' },
    { ...base, kind: 'text', name: 'censorValue', flag: 'censor-value', default: '0' },
    { ...base, kind: 'text', name: 'mapping', flag: 'mapping', required: true, parse: (value: unknown) => ({ read: value }) },
  ] as const satisfies readonly OptionSpec[];
  const schema = optionsSchemaOf(specs);

  it('fills the defaults, leaves the optional options out and drops unknown keys', () => {
    expect(schema.parse({ time: 'days', mapping: 'm.json', colour: 'red' })).toEqual({ time: 'days', categorical: [], confType: 'log', confLevel: 0.95, censorValue: '0', mapping: { read: 'm.json' } });
  });

  it('names every invalid option, in the order of the list (the order of the form and of --help)', () => {
    expect(errors(schema, { mapping: 1, times: ',x', confLevel: 2, confType: 'arcsin' })).toEqual([
      'time: Invalid input: expected string, received undefined',
      'confType: Invalid option: expected one of "log"|"plain"',
      'confLevel: Too big: expected number to be <1',
      'times.0: Invalid input: expected number, received NaN',
    ]);
  });

  it('gives the type of the options: required and defaulted ones present, the others optional, enums as their choices', () => {
    expectTypeOf<OptionsOf<typeof specs>>().toEqualTypeOf<{
      time: string;
      group?: string | undefined;
      categorical: string[];
      confType: 'log' | 'plain';
      confLevel: number;
      tau?: number | undefined;
      times?: number[] | undefined;
      levels?: string[] | undefined;
      censorValue: string;
      mapping: { read: unknown };
    }>();
    expectTypeOf<z.infer<typeof schema>>().toEqualTypeOf<OptionsOf<typeof specs>>();
  });

  it('refuses an option declared twice', () => {
    expect(() => optionsSchemaOf([specs[0], { ...specs[1], name: 'time' }])).toThrow('option "time" is declared twice');
  });

  it('withoutOptions and withOptionBefore: lists built from another, in its order', () => {
    expect(withoutOptions(specs, ['group', 'tau']).map((s) => s.name)).toEqual(['time', 'categorical', 'confType', 'confLevel', 'times', 'levels', 'censorValue', 'mapping']);
    const weights = { ...base, kind: 'column', name: 'weights', flag: 'weights', accepts: 'numeric' } as const;
    expect(withOptionBefore(specs, 'confType', weights).map((s) => s.name).slice(2, 5)).toEqual(['categorical', 'weights', 'confType']);
  });
});

describe('every registered analysis', () => {
  it('has one schema key per declared option: nothing declared twice, nothing missing, in the same order', () => {
    for (const analysis of ANALYSES) {
      const names = analysis.options.map((spec) => spec.name);
      expect(new Set(names).size, analysis.id).toBe(names.length);
      expect(analysis.optionsSchema, analysis.id).toBeInstanceOf(z.ZodObject);
      expect(Object.keys((analysis.optionsSchema as unknown as z.ZodObject).shape), analysis.id).toEqual(names);
    }
  });

  it('docs/architecture.md says options are written once, in the declaration, and derived by options-schema.ts', () => {
    const architecture = readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
    expect(architecture).toContain('`options-schema.ts`');
    expect(architecture).toMatch(/each option is written once/i);
  });
});
