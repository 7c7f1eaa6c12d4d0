/**
 * Bad input as a user makes it: each must end with a non-zero exit code (2 for a usage error), exactly
 * one line on stderr naming the problem (the file, line or column where that applies), nothing on
 * stdout with --json, and never a stack trace. A CSV with a ragged row still runs and counts it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectJsonSuccess, expectOneLineError } from './contract';

const ADDICTS = 'test/fixtures/data/addicts.csv';
const OUTCOME = ['--time', 'time', '--event', 'status'];

interface BadCase {
  label: string;
  args: string[];
  /** Exact exit code for usage errors; otherwise any non-zero code. */
  code?: number;
  /** What the one stderr line must say. */
  says: RegExp[];
}

const cases: BadCase[] = [
  { label: 'a file that does not exist', args: ['analyze', 'km', '--csv', 'test/cli/fixtures/does-not-exist.csv', ...OUTCOME], says: [/does-not-exist\.csv/, /no such file|not found|does not exist/i] },
  { label: 'a directory', args: ['analyze', 'km', '--csv', 'test/cli/fixtures', ...OUTCOME], says: [/test\/cli\/fixtures/, /directory/i] },
  { label: 'an empty file', args: ['analyze', 'km', '--csv', 'test/cli/fixtures/empty.csv', ...OUTCOME], says: [/empty\.csv/, /empty/i] },
  { label: 'a group column that is not in the file', args: ['analyze', 'km', '--csv', ADDICTS, ...OUTCOME, '--group', 'clinik'], says: [/"?clinik"?/, /not in/i] },
  { label: 'a time column that is not in the file', args: ['analyze', 'logrank', '--csv', ADDICTS, '--time', 'days', '--event', 'status', '--group', 'clinic'], says: [/"?days"?/, /not in/i] },
  { label: 'a covariate that is not in the file', args: ['analyze', 'cox', '--csv', ADDICTS, ...OUTCOME, '--covariates', 'clinic,methadone'], says: [/methadone/, /not in/i] },
  { label: 'a correlation column that is not in the file', args: ['analyze', 'correlation', '--csv', ADDICTS, '--columns', 'dose,weight'], says: [/weight/, /not in/i] },
  {
    label: 'an event column with the value 2 and no --event-value',
    args: ['analyze', 'km', '--csv', 'test/fixtures/data/lung.csv', ...OUTCOME],
    says: [/status/, /"?2"?/, /row \d+|line \d+/, /--event-value/],
  },
  { label: '--conf-level 2', args: ['analyze', 'km', '--csv', ADDICTS, ...OUTCOME, '--conf-level', '2'], code: 2, says: [/--conf-level/] },
  { label: '--conf-level that is not a number', args: ['analyze', 'km', '--csv', ADDICTS, ...OUTCOME, '--conf-level', 'high'], code: 2, says: [/--conf-level/, /high/] },
  { label: 'an unknown flag', args: ['analyze', 'km', '--csv', ADDICTS, ...OUTCOME, '--colour', 'red'], code: 2, says: [/--colour/] },
  { label: 'an unknown analysis', args: ['analyze', 'weibull', '--csv', ADDICTS, ...OUTCOME], code: 2, says: [/weibull/] },
  { label: 'an unknown command', args: ['analyse', 'km', '--csv', ADDICTS, ...OUTCOME], code: 2, says: [/analyse/] },
  { label: '--csv missing', args: ['analyze', 'km', ...OUTCOME], code: 2, says: [/--csv/] },
  { label: '--time missing', args: ['analyze', 'km', '--csv', ADDICTS, '--event', 'status'], code: 2, says: [/--time/] },
  { label: 'import of a file that does not exist', args: ['import', 'test/cli/fixtures/does-not-exist.csv', '--project', 'PROJECT'], says: [/does-not-exist\.csv/] },
];

describe('bad input: one line on stderr, the right exit code, nothing on stdout, no stack trace', () => {
  for (const { label, args, code, says } of cases) {
    it.concurrent(label, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'relapse-cli-'));
      try {
        const run = await runCli([...args.map((a) => (a === 'PROJECT' ? join(dir, 'p.sqlite') : a)), '--json']);
        const line = expectOneLineError(run, label, code);
        for (const pattern of says) expect(line, `${label}: stderr names the problem`).toMatch(pattern);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

/** Every number in the document under a key that mentions rejection (rejectedRows, rejected, …). */
function rejectionCounts(value: unknown, key = ''): number[] {
  if (typeof value === 'number') return /reject/i.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => rejectionCounts(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => rejectionCounts(v, /reject/i.test(key) ? key : k));
  return [];
}

describe('a CSV with a ragged row (line 5 has 2 of 3 fields)', () => {
  it.concurrent('import --json rejects that one row, names its line, and keeps the other 12', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relapse-cli-'));
    try {
      const run = await runCli(['import', 'test/cli/fixtures/ragged.csv', '--project', join(dir, 'p.sqlite'), '--json']);
      const { dataset } = expectJsonSuccess(run, 'import ragged');
      expect(dataset.rows).toBe(12);
      expect(dataset.rejectedRows).toBe(1);
      expect(dataset.rejections.examples.map((e: { line: number }) => e.line)).toEqual([5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.concurrent('analyze km --csv still runs on the other 12 rows and counts the rejected row in its document', async () => {
    const run = await runCli(['analyze', 'km', '--csv', 'test/cli/fixtures/ragged.csv', ...OUTCOME, '--json']);
    const document = expectJsonSuccess(run, 'km on ragged');
    expect(document.groups[0].n).toBe(12);
    expect(rejectionCounts(document), 'a field such as rejectedRows: 1 (the file had a row the analysis did not see)').toContain(1);
  });
});

describe('output files the CLI cannot write', () => {
  const mapping = 'test/shared/mapping/fixtures/addicts-mapping.json';
  it('a report into a folder that does not exist is one line naming the file', async () => {
    const run = await runCli(['report', '--csv', 'test/fixtures/data/addicts.csv', '--mapping', mapping, '--out', '/nonexistent-folder/report.html', '--json']);
    expect(expectOneLineError(run, 'report into a missing folder')).toBe('error: /nonexistent-folder/report.html: cannot write the report (its folder does not exist)');
  });

  it('a demo folder that cannot be created ends at once (no hang), with one line', async () => {
    const run = await runCli(['demo', '--out', '/proc/relapse-workbench-demo', '--json']);
    expect(expectOneLineError(run, 'demo under /proc')).toMatch(/^error: \/proc\/relapse-workbench-demo: cannot create the output folder/);
  });

  it('a demo cohort written onto a folder is one line', async () => {
    const run = await runCli(['demo-cohort', '--out', '/tmp', '--json']);
    expect(expectOneLineError(run, 'demo cohort onto a folder')).toBe('error: /tmp: cannot write the demo cohort (it is a folder)');
  });
});
