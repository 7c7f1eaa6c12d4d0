/**
 * The CLI's argument and path handling (issue 11, item 8), each case as a user meets it: a repeated
 * flag, two data sources at once, a negative number as a value, a flag without its value, a named
 * pipe (FIFO) or a folder where a file is read or written, and `mapping validate` finding errors.
 * Every failure is one line on stderr with a non-zero exit (2 for a usage error), never a hang: the
 * FIFO cases run with a timeout and must end by themselves (a killed run has no exit code).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectJsonSuccess, expectOneLineError } from './contract';

const ADDICTS = 'test/fixtures/data/addicts.csv';
const KM = ['analyze', 'km', '--csv', ADDICTS, '--time', 'time', '--event', 'status'];
const COHORT = 'examples/cohort.csv';
const MAPPING = 'examples/mapping.json';
/** Long enough for a loaded machine, short enough that a blocked open fails the test instead of hanging. */
const FIFO_TIMEOUT_MS = 30_000;

let dir: string;
let fifo: string;
const tmp = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relapse-args-'));
  fifo = tmp('pipe');
  if (process.platform !== 'win32') execFileSync('mkfifo', [fifo]);
  mkdirSync(tmp('folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flags', () => {
  it('a repeated flag is a usage error naming it (it used to keep the last value silently)', async () => {
    const line = expectOneLineError(await runCli([...KM, '--group', 'clinic', '--group', 'prison', '--json']), 'repeated --group', 2);
    expect(line).toMatch(/--group is given 2 times/);
  });

  it('a repeated boolean flag too', async () => {
    expect(expectOneLineError(await runCli([...KM, '--json', '--json']), 'repeated --json', 2)).toMatch(/--json is given 2 times/);
  });

  it('--csv with --project is a usage error (the project used to be ignored)', async () => {
    const line = expectOneLineError(await runCli([...KM, '--project', tmp('p.sqlite'), '--json']), '--csv with --project', 2);
    expect(line).toMatch(/--csv and --project cannot be used together/);
  });

  it('--csv with --dataset is a usage error', async () => {
    expect(expectOneLineError(await runCli([...KM, '--dataset', 'cohort', '--json']), '--csv with --dataset', 2)).toMatch(/--csv and --dataset/);
  });

  it('a negative number is a value: --na -99 runs', async () => {
    expectJsonSuccess(await runCli([...KM, '--na', '-99', '--json']), '--na -99');
  });

  it('--tau -10 reaches the option check and says what is wrong with it, in full', async () => {
    const line = expectOneLineError(await runCli([...KM, '--tau', '-10', '--json']), '--tau -10', 2);
    expect(line).toMatch(/--tau/);
    expect(line).not.toMatch(/ambiguous/);
    expect(line).toMatch(/>\s*0|positive|too small/i);
  });

  it('a flag followed by another flag: it needs a value, with the whole hint', async () => {
    const line = expectOneLineError(await runCli(['analyze', 'km', '--csv', ADDICTS, '--time', '--event', 'status', '--json']), '--time without value', 2);
    expect(line).toBe('error: --time needs a value (a value that starts with "-" is written --time=VALUE)');
  });
});

describe.skipIf(process.platform === 'win32')('a named pipe (FIFO) never blocks', () => {
  const cases: { label: string; args: () => string[]; says: RegExp }[] = [
    { label: '--mapping of analyze factors', args: () => ['analyze', 'factors', '--csv', COHORT, '--mapping', fifo, '--json'], says: /cannot read the mapping file/ },
    { label: '--mapping of report', args: () => ['report', '--csv', COHORT, '--mapping', fifo, '--out', tmp('r.html')], says: /cannot read the mapping file/ },
    { label: '--mapping of mapping validate', args: () => ['mapping', 'validate', '--csv', COHORT, '--mapping', fifo], says: /cannot read the mapping file/ },
    { label: 'the export of rerun', args: () => ['rerun', fifo, '--csv', COHORT, '--json'], says: /cannot read the analysis export file/ },
    { label: '--notes-file of report', args: () => ['report', '--csv', COHORT, '--mapping', MAPPING, '--notes-file', fifo, '--out', tmp('r.html')], says: /cannot read the notes file/ },
    { label: '--project of datasets', args: () => ['datasets', '--project', fifo, '--json'], says: /cannot read the project file/ },
    { label: '--out of report', args: () => ['report', '--csv', COHORT, '--mapping', MAPPING, '--out', fifo], says: /cannot write the report/ },
    { label: '--out of export-analysis', args: () => ['export-analysis', '--mapping', MAPPING, '--out', fifo], says: /cannot write the analysis export/ },
    { label: '--out of demo-cohort', args: () => ['demo-cohort', '--out', fifo, '--participants', '10'], says: /cannot write the demo cohort/ },
    { label: '--out of mapping suggest', args: () => ['mapping', 'suggest', '--csv', COHORT, '--out', fifo], says: /cannot write the mapping template/ },
    { label: '--project of import', args: () => ['import', COHORT, '--project', fifo], says: /cannot write the project/ },
  ];
  for (const c of cases) {
    it(c.label, async () => {
      const run = await runCli(c.args(), { timeoutMs: FIFO_TIMEOUT_MS });
      expect(run.code, `${c.label}: the run was killed (blocked on the FIFO?)`).not.toBeNull();
      const line = expectOneLineError(run, c.label, 1);
      expect(line).toContain(fifo);
      expect(line).toMatch(c.says);
      expect(line).toMatch(/named pipe \(FIFO\), not a regular file/);
    });
  }
});

describe('folders where a file is meant', () => {
  it('--out that is a folder is refused before any work', async () => {
    expect(expectOneLineError(await runCli(['export-analysis', '--mapping', MAPPING, '--out', tmp('folder')]), '--out folder', 1)).toMatch(/cannot write the analysis export \(it is a folder\)/);
  });

  it('--mapping that is a folder', async () => {
    expect(expectOneLineError(await runCli(['export-analysis', '--mapping', tmp('folder'), '--out', tmp('a.json')]), '--mapping folder', 1)).toMatch(/cannot read the mapping file \(it is a folder\)/);
  });
});

describe('mapping validate', () => {
  it('exits 1 when it reports errors, with the JSON document still on stdout', async () => {
    writeFileSync(tmp('bad.csv'), 'id,days,relapsed\n1,10,1\n1,-5,0\n2,7,3\n3,4,0\n');
    writeFileSync(tmp('bad-mapping.json'), JSON.stringify({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'days', event: 'relapsed', eventValues: [1] } }));
    const run = await runCli(['mapping', 'validate', '--csv', tmp('bad.csv'), '--mapping', tmp('bad-mapping.json'), '--json']);
    expect(run.code).toBe(1);
    const codes = run.json<{ issues: { code: string; severity: string }[] }>().issues.filter((i) => i.severity === 'error').map((i) => i.code);
    expect(codes.sort()).toEqual(['duplicate-id', 'event-uncoded', 'negative-time']);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: .*bad-mapping\.json does not fit the data: 3 errors/);
  });

  it('exits 0 when the mapping fits', async () => {
    const run = await runCli(['mapping', 'validate', '--csv', COHORT, '--mapping', MAPPING, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<{ issues: unknown[] }>().issues.filter((i: any) => i.severity === 'error')).toEqual([]);
  });
});
