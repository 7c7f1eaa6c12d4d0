/**
 * The CLI contract of `analyze sites` (issue 14 item 3): `analyze sites --csv F --time COL --event COL
 * --group COL --covariates a,b [--categorical ...] [--at-day D] --json` gives `sites` as
 * {group, observed, expected, ratio, lower, upper, outside95, outside998}, the funnel `limits`, the
 * sites outside them by name, and with --at-day the `atDay` block; every number as R
 * (test/shared/stats/fixtures/sites.R: predict(coxph, type = "expected"), poisson.test, Spiegelhalter's
 * limits on qpois/qbinom). Bad input is refused in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectClose } from '../helpers/compare';
import { expectJsonSuccess, expectOneLineError } from './contract';
import { asArray, sitesFixture, type SitesCase } from '../shared/stats/sites-cases';

const dir = mkdtempSync(join(tmpdir(), 'rw-sites-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = ['lower95', 'upper95', 'lower998', 'upper998'] as const;
const near = (a: number, e: number, label: string) => expect(Math.abs(a - e) <= 1e-9 * Math.abs(e) || Math.abs(a - e) < 1e-13, `${label}: ${a} vs R ${e}`).toBe(true);

/** The contract command of a fixture case: its dataset CSV, or a CSV of its inline columns (NA as an empty cell). */
function commandFor(c: SitesCase): string[] {
  let csv = `test/fixtures/data/${c.dataset}.csv`;
  if (c.inline) {
    csv = join(dir, `${c.id}.csv`);
    const names = Object.keys(c.inline);
    const rows = c.inline[c.time].map((_, i) => names.map((n) => (c.inline![n][i] === null ? '' : String(c.inline![n][i]))).join(','));
    writeFileSync(csv, [names.join(','), ...rows].join('\n') + '\n');
  }
  const args = ['analyze', 'sites', '--csv', csv, '--time', c.time, '--event', c.event, '--group', c.group, '--covariates', asArray(c.covariates).join(',')];
  if (c.categorical) args.push('--categorical', asArray(c.categorical).join(','));
  if (c.ties !== 'efron') args.push('--ties', c.ties);
  if (c.confLevel !== undefined) args.push('--conf-level', String(c.confLevel));
  if (c.atDay !== undefined) args.push('--at-day', String(c.atDay));
  return [...args, '--json'];
}

describe('analyze sites', () => {
  for (const id of ['addicts', 'pharmacoSmoking', 'edge']) {
    it(`${id}: the document equals R`, async () => {
      const c = sitesFixture.cases.find((x) => x.id === id)!;
      const doc = expectJsonSuccess(await runCli(commandFor(c)), id);
      expect(doc.excluded).toBe(c.r.excluded);
      expect(doc.sites.length).toBe(c.r.sites.length);
      doc.sites.forEach((s: Record<string, unknown>, g: number) => {
        const e = c.r.sites[g];
        expect(Object.keys(s)).toEqual(expect.arrayContaining(['group', 'observed', 'expected', 'ratio', 'lower', 'upper', 'outside95', 'outside998']));
        expect([s.group, s.observed, s.outside95, s.outside998]).toEqual([e.group, e.observed, e.outside95, e.outside998]);
        for (const key of ['expected', 'ratio', 'lower', 'upper'] as const) expectClose(s[key] as number | null, e[key], `${e.group} ${key}`);
      });
      expect(doc.limits.length).toBe(200);
      doc.limits.forEach((row: Record<string, number>, k: number) => {
        near(row.expected, c.r.limits[k].expected, `limits[${k}].expected`);
        for (const key of KEYS) near(row[key], c.r.limits[k][key], `limits[${k}].${key}`);
      });
      const at = c.r.atDay!;
      expect(doc.atDay.day).toBe(at.day);
      expectClose(doc.atDay.overall, at.overall, 'overall');
      expect(doc.atDay.sites.map((s: { group: string; n: number; relapseFree: number; outside95: boolean; outside998: boolean }) => [s.group, s.n, s.relapseFree, s.outside95, s.outside998])).toEqual(
        at.sites.map((s) => [s.group, s.n, s.relapseFree, s.outside95, s.outside998]),
      );
      doc.atDay.limits.forEach((row: Record<string, number>, k: number) => {
        for (const key of KEYS) near(row[key], at.limits[k][key], `atDay limits n=${row.n} ${key}`);
      });
    });
  }

  it('addicts: names the clinics outside the limits, by direction', async () => {
    const c = sitesFixture.cases.find((x) => x.id === 'addicts')!;
    const doc = expectJsonSuccess(await runCli(commandFor(c)), 'addicts');
    expect(doc.outsideLimits).toEqual({ above95: ['1'], below95: ['2'], above998: [], below998: ['2'] });
    expect(doc.atDay.outsideLimits).toEqual({ above95: ['2'], below95: [], above998: [], below998: [] });
  });

  it('refuses a missing site column, a repeated --at-day and a negative day in one line', async () => {
    const base = ['analyze', 'sites', '--csv', 'test/fixtures/data/addicts.csv', '--time', 'time', '--event', 'status', '--covariates', 'prison,dose'];
    expect(expectOneLineError(await runCli([...base, '--group', 'centre', '--json']), 'missing column')).toMatch(/site column "centre" is not in the data/);
    expectOneLineError(await runCli([...base, '--group', 'clinic', '--at-day', '90', '--at-day', '180', '--json']), 'repeated flag', 2);
    expectOneLineError(await runCli([...base, '--group', 'clinic', '--at-day', '-5', '--json']), 'negative day', 2);
    expectOneLineError(await runCli(['analyze', 'sites', '--csv', 'test/fixtures/data/addicts.csv', '--time', 'time', '--event', 'status', '--group', 'clinic', '--json']), 'no covariates', 2);
  });
});
