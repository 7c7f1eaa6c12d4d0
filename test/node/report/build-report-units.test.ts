// The report in the mapping's follow-up unit (issue 15 item 2): R's addicts with its follow-up in months,
// mapped with outcome.unit = "months". Every time of the report is in months, fitted on the follow-up in
// months (outcome.time_months, as the Overview and Survival steps), and equals R's survfit on
// time / (365.25/12) to 1e-6 (test/node/report/fixtures/report-units.R).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCsv } from '../../../node/import';
import { parseMapping } from '../../../shared/mapping/format';
import { DAYS_PER_UNIT } from '../../../shared/mapping/units';
import { defaultReportSettings, planAnalyses } from '../../../shared/report/plan';
import { buildReportFromFrame, type BuiltReport } from '../../../node/report/build-report';
import { provenanceFromImport } from '../../../node/report/gather';
import type { Block, Cell } from '../../../shared/report/model';
import { expectClose } from '../../helpers/compare';
import { loadDataset } from '../../helpers/datasets';
import { parseHtml } from './parse-html';

interface Curve {
  n: number;
  events: number;
  median: number;
  medianLower: number;
  medianUpper: number;
  followUp: number;
  followUpLower: number;
  followUpUpper: number;
  atTimes: { time: number; nRisk: number; survival: number; lower: number; upper: number }[];
  tau: number;
  rmst: number;
}
const reference = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'report-units.json'), 'utf8')) as { daysPerMonth: number; all: Curve; byClinic: Record<string, Curve & { clinic: string }> };

const mapping = parseMapping({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'months', event: 'status', eventValues: [1], unit: 'months' }, groups: ['clinic'], factors: {} });

let dir: string;
let built: BuiltReport;
beforeAll(async () => {
  // addicts with its follow-up in months, as a user's file would hold it (every digit kept).
  const addicts = loadDataset('addicts');
  const lines = ['id,clinic,status,months', ...Array.from({ length: addicts.nRows }, (_, i) => `${addicts.num('id')[i]},${addicts.num('clinic')[i]},${addicts.num('status')[i]},${addicts.num('time')[i] / DAYS_PER_UNIT.months}`)];
  dir = mkdtempSync(join(tmpdir(), 'report-units-'));
  writeFileSync(join(dir, 'addicts-months.csv'), lines.join('\n') + '\n');
  const loaded = await loadCsv(join(dir, 'addicts-months.csv'));
  const provenance = provenanceFromImport(loaded.report, loaded.frame, { source: 'csv' });
  built = await buildReportFromFrame({ frame: loaded.frame, provenance, mapping, minCell: 0, generatedAt: new Date('2026-01-01T00:00:00Z') });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blocks = () => built.model.sections.flatMap((s) => s.blocks);
const table = (id: string) => blocks().find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.id === id)!;
const definition = (term: string) => blocks().flatMap((b) => (b.kind === 'definitions' ? b.items : [])).find((i) => i.term === term)?.value;
const value = (cell: Cell | undefined): number | null => (cell?.kind === 'number' ? cell.value : cell?.kind === 'count' ? cell.value : null);
const bounds = (cell: Cell | undefined) => (cell?.kind === 'interval' ? [cell.lower, cell.upper] : [null, null]);

describe('the report in months (mapping outcome.unit = "months")', () => {
  test('the analyses fit on the follow-up in months, at the default times of months (1, 3, 6, 12)', () => {
    expect(reference.daysPerMonth).toBe(DAYS_PER_UNIT.months);
    const km = planAnalyses(mapping, defaultReportSettings()).find((p) => p.key === 'km:clinic')!;
    expect(km.options).toMatchObject({ time: 'outcome.time_months', times: [1, 3, 6, 12] });
  });

  test('the whole cohort: median time to relapse and its CI, median follow-up, restricted mean, survival at the times, as R in months', () => {
    const r = reference.all;
    expectClose(value(definition('Median time to relapse, months')), r.median, 'median');
    const [lower, upper] = bounds(definition('Median time to relapse 95% CI'));
    expectClose(lower, r.medianLower, 'median lower');
    expectClose(upper, r.medianUpper, 'median upper');
    expectClose(value(definition('Median follow-up, months (reverse Kaplan–Meier)')), r.followUp, 'median follow-up');
    const [fl, fu] = bounds(definition('Median follow-up 95% CI'));
    expectClose(fl, r.followUpLower, 'follow-up lower');
    expectClose(fu, r.followUpUpper, 'follow-up upper');
    // The horizon is the longest follow-up, 35.4 months.
    expectClose(value(definition('Restricted mean relapse-free time to month 35.4, months')), r.rmst, 'rmst');
    const times = table('table-km-all-times');
    expect(times.columns.map((c) => c.label)).toEqual(['Month', 'At risk', 'Relapse-free survival (%)', '95% CI (%)']);
    times.rows.forEach((row, i) => {
      const at = r.atTimes[i];
      expect(value(row[0])).toBe(at.time);
      expect(value(row[1])).toBe(at.nRisk);
      expectClose(row[2].kind === 'percent' ? row[2].value : null, at.survival, `survival at month ${at.time}`);
      const [l, u] = bounds(row[3]);
      expectClose(l, at.lower * 100, `lower at month ${at.time}`);
      expectClose(u, at.upper * 100, `upper at month ${at.time}`);
    });
    expect(times.rows).toHaveLength(4);
  });

  test('by clinic: each median time to relapse and its CI as R in months', () => {
    const t = table('table-km-clinic');
    expect(t.columns.map((c) => c.label)).toEqual(['clinic', 'Participants', 'Relapses', 'Median, months', '95% CI', 'RMST to month 35.4, months']);
    const clinics = Object.values(reference.byClinic);
    expect(t.rows.map((r) => (r[0].kind === 'text' ? r[0].text : ''))).toEqual(clinics.map((c) => c.clinic));
    t.rows.forEach((row, i) => {
      const r = clinics[i];
      expect(value(row[1])).toBe(r.n);
      expect(value(row[2])).toBe(r.events);
      expectClose(value(row[3]), r.median, `clinic ${r.clinic} median`);
      const [lower, upper] = bounds(row[4]);
      expectClose(lower, r.medianLower, `clinic ${r.clinic} lower`);
      expectClose(upper, r.medianUpper, `clinic ${r.clinic} upper`);
      // Shown with tenths of a month ("not reached" where R gives NA).
      if (r.median === null) expect(row[3]).toEqual({ kind: 'text', text: 'not reached' });
      else expect(row[3]).toMatchObject({ digits: 1 });
    });
  });

  test('the HTML names months in the axes, the sentences, the methods and the appendix', () => {
    const doc = parseHtml(built.html);
    const text = doc.body.textContent ?? '';
    expect(doc.querySelectorAll('svg[data-chart="kaplan-meier"]').length).toBe(2);
    for (const svg of Array.from(doc.querySelectorAll('svg[data-chart="kaplan-meier"]'))) expect(svg.textContent).toContain('Time (months)');
    expect(text).toContain('survival is reported at 1, 3, 6 and 12 months');
    expect(text).toContain('in months (1 month = 365.25/12 = 30.4375 days)');
    expect(text).toContain('months from the start of follow-up');
    expect(text).toContain('Half of the participants had relapsed by month 16.6.');
    // No time is labelled in days (the methods' conversion names days once, in parentheses).
    expect(text).not.toContain('Time (days)');
    expect(text).not.toMatch(/Median, days|, days\b|\bday \d/);
  });
});

describe('the methods of the report in months', () => {
  test('say that every time is in months', () => {
    const methods = built.model.sections.find((s) => s.id === 'methods')!;
    const first = methods.blocks[0];
    expect(first.kind === 'paragraph' ? first.parts.join('') : '').toContain(
      'measured as the follow-up time (column "months") in months (1 month = 365.25/12 = 30.4375 days); every time in this report (medians, follow-up, restricted means, the report times, the charts\' axes) is in months, each analysis fitted on the follow-up in months.',
    );
  });
});
