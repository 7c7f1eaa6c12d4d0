// @vitest-environment jsdom
/**
 * The Cox step in the mapping's follow-up unit (issue 15 item 2): addicts with its follow-up in months
 * (time / 30.4375) mapped with unit months. The model is fitted on the follow-up in months (as the Survival
 * step); hazard ratios do not depend on the unit of time (R: coxph(Surv(time / 30.4375, status) ~
 * factor(clinic) + prison + dose) gives exp(coef) 0.3642569, 1.3861844, 0.9652489, as in days), and the
 * proportional-hazards plots' time axis names months.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { CoxView } from '../../../../renderer/src/views/CoxView';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { loadDataset } from '../../../helpers/datasets';
import { tick, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
let folder: string;
let summary: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  folder = mkdtempSync(join(tmpdir(), 'cox-units-'));
  const addicts = loadDataset('addicts');
  const csv = join(folder, 'addicts-months.csv');
  const time = addicts.num('time');
  writeFileSync(csv, ['id,clinic,status,prison,dose,months', ...Array.from(time, (t, i) => `${addicts.num('id')[i]},${addicts.num('clinic')[i]},${addicts.num('status')[i]},${addicts.num('prison')[i]},${addicts.num('dose')[i]},${String(t / 30.4375)}`)].join('\n') + '\n');
  summary = await harness.importCsv(csv, 'addicts-months');
});
afterAll(() => {
  harness.close();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(cleanup);

const mapping: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'months', unit: 'months', event: 'status', eventValues: ['1'] }, groups: ['clinic'], factors: {} };

describe('CoxView in months', () => {
  test('fits on the follow-up in months, with R’s hazard ratios, and the residual plots’ axis in months', async () => {
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'addicts-months', summary }), <CoxView />));
    tick('covariates', 'clinic');
    tick('covariates', 'prison');
    tick('covariates', 'dose');
    tick('categorical', 'clinic');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('clinic: 2 vs 1'), { timeout: 20_000 });
    const table = within(screen.getByTestId('cox-table'));
    const hr = (term: string) => Number(within(table.getByText(term).closest('tr')!).getAllByRole('cell')[3].textContent);
    expect([hr('clinic: 2 vs 1'), hr('prison'), hr('dose')]).toEqual([0.364, 1.386, 0.965]);
    const request = harness.calls.filter((c) => c.channel === 'analysis:run').pop()!.args as { options: Record<string, unknown> };
    expect(request.options).toMatchObject({ time: 'outcome.time_months', event: 'outcome.relapse' });
    expect([...document.querySelectorAll('input.fixed')].map((i) => (i as HTMLInputElement).value)).toContain('Follow-up (months)');
    // One plot per PH-test term (clinic, prison, dose), each with its time axis in months.
    await waitFor(() => expect(document.body.textContent!.match(/Time \(months, KM scale\)/g)?.length).toBe(3), { timeout: 20_000 });
    expect(document.body.textContent).not.toContain('Time (days');
  });
});
