/**
 * `mapping validate` on a template of several rows per participant (`outcome.intervalStart`) with R's cgd
 * (203 (tstart, tstop] rows of 128 participants): the repeated ids are accepted; an interval start that
 * makes every interval empty is one error naming its rows, with exit 1; the report, whose analyses are
 * single-event ones, still refuses the template in one line (the derived outcome is one row per participant).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectOneLineError } from './contract';

const CGD = 'test/fixtures/data/cgd.csv';
let dir: string;
const template = (intervalStart: string) => {
  const path = join(dir, `m-${intervalStart}.json`);
  writeFileSync(path, JSON.stringify({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'tstop', intervalStart, event: 'status', eventValues: ['1'] }, groups: ['treat'], factors: {} }));
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rw-several-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mapping validate with several rows per participant', () => {
  it('accepts cgd as (tstart, tstop] intervals: no issue, exit 0', async () => {
    const run = await runCli(['mapping', 'validate', '--csv', CGD, '--mapping', template('tstart'), '--json']);
    expect(run.code).toBe(0);
    expect(run.json<{ issues: unknown[] }>().issues).toEqual([]);
  });

  it('names the rows whose stop is not after the start, exit 1', async () => {
    const run = await runCli(['mapping', 'validate', '--csv', CGD, '--mapping', template('tstop'), '--json']);
    expect(run.code).toBe(1);
    const issues = run.json<{ issues: { code: string; severity: string; count: number; rows: number[] }[] }>().issues;
    expect(issues).toEqual([expect.objectContaining({ code: 'interval-not-after-start', severity: 'error', count: 203 })]);
    expect(issues[0].rows.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('the report (single-event analyses of the mapping) still refuses the repeated ids in one line', async () => {
    const line = expectOneLineError(await runCli(['report', '--csv', CGD, '--mapping', template('tstart'), '--out', join(dir, 'r.html')]), 'report');
    expect(line).toMatch(/id column "id": participant "1" is in data rows 1 and 2; 44 ids occur more than once/);
  });
});
