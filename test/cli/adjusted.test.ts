/**
 * The CLI contract of `analyze adjusted` (issue 14 item 2): `analyze adjusted --csv F --time COL --event COL
 * --group COL --covariates a,b,... [--method direct] [--times t1,...] --json` gives `curves`, per group
 * `{group, rows: [{time, survival, stdErr, lower, upper}]}`, equal to R field for field
 * (test/shared/analyses/fixtures/adjusted.R: the mean of survfit(coxph(...), newdata) with the group set
 * to each level, the g-formula's influence-function SE, the Wald CI clipped to [0, 1]); with --method iptw
 * also `balance` ({term, group, before, after}: standardised mean differences), the curves being R's
 * survfit(weights = stabilised trimmed glm weights, robust = TRUE, id =); bad input is refused in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectDocument, expectJsonSuccess, expectOneLineError } from './contract';
import { adjustedFixture, asArray, caseCsv, type AdjustedCase, type IptwCase } from '../shared/analyses/adjusted-cases';

const dir = mkdtempSync(join(tmpdir(), 'rw-adjusted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function commandFor(c: AdjustedCase): string[] {
  const csv = join(dir, `${c.id}.csv`);
  writeFileSync(csv, caseCsv(c));
  const args = ['analyze', 'adjusted', '--csv', csv, '--time', c.time, '--event', c.event, '--group', c.group, '--covariates', asArray(c.covariates).join(','), '--ties', c.ties];
  if (c.categorical !== undefined) args.push('--categorical', asArray(c.categorical).join(','));
  if (c.times !== undefined) args.push('--times', asArray(c.times).join(','));
  return [...args, '--json'];
}

describe('analyze adjusted', () => {
  for (const c of adjustedFixture.cases) {
    it(`${c.id}: the curves equal R`, async () => {
      const doc = expectJsonSuccess(await runCli(commandFor(c)), c.id);
      expect(doc.method).toBe('direct');
      expect(doc.n).toBe(c.r.n);
      expect(doc.events).toBe(c.r.events);
      const expected = c.r.curves.map((curve) => ({
        group: curve.group,
        rows: curve.rows.map((row) => ({ time: row.time, survival: row.survival, stdErr: row.stdErr, lower: row.lower, upper: row.upper })),
      }));
      expectDocument(doc.curves, expected, c.id);
      for (const curve of doc.curves) for (const row of curve.rows) expect(Object.keys(row)).toEqual(['time', 'survival', 'stdErr', 'lower', 'upper']);
    });
  }

  for (const c of adjustedFixture.iptw) {
    it(`${c.id} (--method iptw): the curves and the balance table equal R`, async () => {
      const csv = join(dir, `${c.id}.csv`);
      writeFileSync(csv, caseCsv(c));
      const args = ['analyze', 'adjusted', '--csv', csv, '--time', c.time, '--event', c.event, '--group', c.group, '--covariates', asArray(c.covariates).join(','), '--method', 'iptw', '--trim', String(c.trim)];
      if (c.times !== undefined) args.push('--times', asArray(c.times).join(','));
      const doc = expectJsonSuccess(await runCli([...args, '--json']), c.id);
      expect(doc.method).toBe('iptw');
      const expected = (r: IptwCase['r']) => ({
        n: r.n,
        events: r.events,
        curves: r.curves.map((curve) => ({ group: curve.group, rows: curve.rows.map((row) => ({ time: row.time, survival: row.survival, stdErr: row.stdErr, lower: row.lower, upper: row.upper })) })),
        // R names an indicator celltypelarge, the app celltype=large: the terms are compared by position.
        balance: r.balance.map((b) => ({ group: b.group, before: b.before, after: b.after })),
        propensityModel: { coefficients: r.coef.map((coef) => ({ coef })), ...(r.iter === null ? {} : { iterations: r.iter }) },
      });
      expectDocument(doc, expected(c.r), c.id);
    });
  }

  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const base = ['days,relapse,site,age', '1,1,north,30', '2,1,north,41', '3,0,north,25', '4,1,south,52', '5,1,south,38', '6,0,south,47', '2,1,south,33', '7,1,north,29'];
  const cmd = (file: string, extra: string[] = []) => ['analyze', 'adjusted', '--csv', file, '--time', 'days', '--event', 'relapse', '--group', 'site', '--covariates', 'age', ...extra, '--json'];

  it('refuses one group in one line', async () => {
    const file = write('one-group.csv', base.map((r) => r.replace('south', 'north')).join('\n') + '\n');
    expect(expectOneLineError(await runCli(cmd(file)), 'one group')).toMatch(/one group \("north"\): adjusted curves compare two or more groups/);
  });
  it('refuses a group without relapses in one line', async () => {
    const file = write('no-relapse.csv', [...base, '3,0,east,44', '8,0,east,36'].join('\n') + '\n');
    expect(expectOneLineError(await runCli(cmd(file)), 'no relapses')).toMatch(/no relapses in group "east"/);
  });
  it('refuses --times after the last follow-up in one line', async () => {
    const file = write('base.csv', base.join('\n') + '\n');
    expect(expectOneLineError(await runCli(cmd(file, ['--times', '3,30'])), 'beyond')).toMatch(/time 30 is after the last follow-up \(7\)/);
  });
  it('refuses an unknown covariate and an unknown method in one line', async () => {
    const file = write('base.csv', base.join('\n') + '\n');
    expect(expectOneLineError(await runCli(['analyze', 'adjusted', '--csv', file, '--time', 'days', '--event', 'relapse', '--group', 'site', '--covariates', 'weight', '--json']), 'unknown column')).toMatch(/weight/);
    expect(expectOneLineError(await runCli(cmd(file, ['--method', 'matching'])), 'unknown method')).toMatch(/method/);
  });
});
