/**
 * `mapping validate` on a template of several rows per participant (`outcome.intervalStart`) with R's cgd
 * (203 (tstart, tstop] rows of 128 participants): the repeated ids are accepted; an interval start that
 * makes every interval empty is one error naming its rows, with exit 1; the report takes the template as
 * repeated relapses (issue 13): it writes the Repeated relapses section and says, once, that the sections
 * taking one row per participant are left out, instead of counting each interval as a participant.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';

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

  it('the report writes the repeated relapses section and leaves out the one-row-per-participant sections, saying so', async () => {
    const out = join(dir, 'r.html');
    const run = await runCli(['report', '--csv', CGD, '--mapping', template('tstart'), '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*r\.html \(4 sections, small-cell threshold 5\)$/m);
    const html = readFileSync(out, 'utf8');
    const headings = [...html.matchAll(/<h2[^>]*>([^<]*)/g)].map((m) => m[1]);
    expect(headings).toEqual(['Repeated relapses', 'Methods', 'Provenance', 'Appendix: column mapping']);
    expect(html).toContain('several rows per participant (episodes or intervals), so the sections that take one row per participant');
    expect(html).not.toMatch(/<h2[^>]*>Overview/);
  });
});
