/**
 * Issue 13, item 1: a single-event analysis given --id refuses data with several rows per participant
 * (R's cgd: 203 rows of 128 participants) in one line, and `mapping validate` fails on them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectOneLineError } from './contract';

const CGD = 'test/fixtures/data/cgd.csv';

describe('analyze with --id on several rows per participant', () => {
  for (const args of [
    ['analyze', 'km', '--csv', CGD, '--time', 'tstop', '--event', 'status', '--group', 'treat', '--id', 'id'],
    ['analyze', 'cox', '--csv', CGD, '--time', 'tstop', '--event', 'status', '--covariates', 'treat', '--id', 'id'],
  ]) {
    it(`${args[1]} refuses in one line and says what to do`, async () => {
      const line = expectOneLineError(await runCli([...args, '--json']), args[1]);
      expect(line).toMatch(/id column "id": participant "1" is in data rows 1 and 2; 44 ids occur more than once/);
      expect(line).toMatch(/analyze recurrent --start COL --time COL --id COL/);
    });
  }

  it('mapping validate exits 1 on the repeated ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rw-ids-'));
    try {
      const mappingPath = join(dir, 'm.json');
      writeFileSync(mappingPath, JSON.stringify({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'tstop', event: 'status', eventValues: ['1'] }, factors: {} }));
      const run = await runCli(['mapping', 'validate', '--csv', CGD, '--mapping', mappingPath, '--json']);
      expect(run.code).toBe(1);
      const issue = run.json<{ issues: { code: string; severity: string; count: number; message: string }[] }>().issues.find((i) => i.code === 'duplicate-id');
      expect(issue).toMatchObject({ severity: 'error', count: 203 - 128 + 44 });
      expect(issue!.message).toMatch(/analyze recurrent/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('report refuses them, from a CSV and from a project dataset (read without the id column otherwise)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rw-ids-'));
    try {
      const mappingPath = join(dir, 'm.json');
      writeFileSync(mappingPath, JSON.stringify({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'tstop', event: 'status', eventValues: ['1'] }, factors: {}, groups: ['treat'] }));
      const project = join(dir, 'p.sqlite');
      expect((await runCli(['import', CGD, '--project', project, '--name', 'cgd'])).code).toBe(0);
      for (const source of [['--csv', CGD], ['--project', project, '--dataset', 'cgd']]) {
        const out = join(dir, 'r.html');
        const line = expectOneLineError(await runCli(['report', ...source, '--mapping', mappingPath, '--out', out]), 'report');
        expect(line).toMatch(/id column "id": participant "1" is in data rows 1 and 2; 44 ids occur more than once/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
