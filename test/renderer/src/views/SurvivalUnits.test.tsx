// @vitest-environment jsdom
/**
 * The Survival step in the mapping's follow-up unit (issue 15 item 2: 'follow-up can be entered and shown in
 * days, weeks, months or years'): addicts with its follow-up in months (time / 30.4375) mapped with unit
 * months; the curves are fitted on the follow-up in months, and the medians, their CIs, the report times, the
 * chart axis and the sentences are in months. Against R (test/shared/mapping/fixtures/follow-up-units.R):
 * survfit(Surv(time / 30.4375, status) ~ 1) by clinic: median 14.06 (11.43–16.89) months in clinic 1, which
 * is 428 (348–514) days × 1/30.4375; not reached (lower 21.72) in clinic 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import { OverviewView } from '../../../../renderer/src/views/OverviewView';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { formatNumber } from '../../../../presentation/format';
import { loadDataset } from '../../../helpers/datasets';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

interface ClinicMedian {
  clinic: number;
  median: number | 'NA';
  lower: number | 'NA';
  upper: number | 'NA';
}
const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../shared/mapping/fixtures/follow-up-units.json'), 'utf8')) as { unit: string; byClinic: Record<string, ClinicMedian> }[];
const months = reference.find((r) => r.unit === 'months')!.byClinic;
const overallMonths = (reference.find((r) => r.unit === 'months') as unknown as { median: number }).median;

let harness: Harness;
let folder: string;
let summary: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  folder = mkdtempSync(join(tmpdir(), 'survival-units-'));
  const addicts = loadDataset('addicts');
  const csv = join(folder, 'addicts-months.csv');
  const time = addicts.num('time');
  writeFileSync(csv, ['id,clinic,status,months', ...Array.from(time, (t, i) => `${addicts.num('id')[i]},${addicts.num('clinic')[i]},${addicts.num('status')[i]},${String(t / 30.4375)}`)].join('\n') + '\n');
  summary = await harness.importCsv(csv, 'addicts-months');
});
afterAll(() => {
  harness.close();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(cleanup);

const mapping: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'months', unit: 'months', event: 'status', eventValues: ['1'] }, groups: ['clinic'], factors: {} };

describe('SurvivalView in months', () => {
  test('medians, CIs, report times, axis and sentences in months, equal to R on the months', async () => {
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'addicts-months', summary }), <SurvivalView />));
    await waitFor(() => screen.getByTestId('survival-medians'), { timeout: 20_000 });
    const table = within(screen.getByTestId('survival-medians'));
    expect(table.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(expect.arrayContaining(['Median (months)', 'RMST (months)', 'To month']));
    const clinic1 = table.getByText('clinic 1').closest('tr')!;
    const c1 = months['1'] as { median: number; lower: number; upper: number };
    expect(formatNumber(c1.median, 1)).toBe('14.1');
    expect(within(clinic1).getByText(formatNumber(c1.median, 1))).toBeTruthy();
    expect(within(clinic1).getByText(`(${formatNumber(c1.lower, 1)}–${formatNumber(c1.upper, 1)})`)).toBeTruthy();
    const clinic2 = table.getByText('clinic 2').closest('tr')!;
    expect(months['2'].median).toBe('NA');
    expect(within(clinic2).getByText('not reached')).toBeTruthy();
    expect(screen.getByText(/Half of the participants in clinic 1 had relapsed by month 14\.1 \(95% CI 11\.4–16\.9\)/)).toBeTruthy();
    // the curves were fitted on the follow-up in months, reported at 1, 3, 6 and 12 months
    const km = harness.calls.find((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === 'km')!.args as { options: Record<string, unknown> };
    expect(km.options).toMatchObject({ time: 'outcome.time_months', times: [1, 3, 6, 12] });
    const atTimes = within(screen.getByTestId('survival-at-times'));
    expect(atTimes.getAllByRole('columnheader')[1].textContent).toBe('Month');
    expect(atTimes.getAllByRole('row')).toHaveLength(1 + 8);
    expect(screen.getByTestId('survival-km').textContent).toContain('Time (months)');
  });

  test("the overview too: the whole cohort's median (16.6 months, R 16.5585) and the medians by clinic in months", async () => {
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'addicts-months', summary }), <OverviewView />));
    expect(formatNumber(overallMonths, 1)).toBe('16.6');
    await waitFor(() => expect(screen.getByText(/Half of the participants had relapsed by month 16\.6/)).toBeTruthy(), { timeout: 20_000 });
    expect(screen.getByTestId('tile-follow-up').textContent).toMatch(/ months$/);
    await waitFor(() => screen.getByTestId('group-summary-clinic'), { timeout: 20_000 });
    const groups = within(screen.getByTestId('group-summary-clinic'));
    expect(groups.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Median time to relapse (months)');
    const clinic1 = groups.getAllByRole('row').find((r) => within(r).queryAllByRole('cell')[0]?.textContent === '1')!;
    const c1 = months['1'] as { median: number; lower: number; upper: number };
    expect(within(clinic1).getAllByRole('cell').map((c) => c.textContent).slice(4, 6)).toEqual([formatNumber(c1.median, 1), `(${formatNumber(c1.lower, 1)}–${formatNumber(c1.upper, 1)})`]);
  });
});
