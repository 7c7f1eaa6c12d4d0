// @vitest-environment jsdom
/**
 * The Cox form (issue 15 item 5): "Treat as categorical" lists only the chosen covariates, and the
 * reference level of each categorical covariate is a select of the column's levels (sorted as R sorts
 * factor levels, the first the default), not a text box. With the real handlers; the fits equal R's
 * fixtures/cox-reference-level.R (coxph with relevel(): addicts clinic against 2 with dose, veteran's
 * celltype, a text column, against smallcell) to 1e-6.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, waitFor, within } from '@testing-library/react';
import { CoxView } from '../../../../renderer/src/views/CoxView';
import type { CoxResultInfo, DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { expectClose } from '../../../helpers/compare';
import R from './fixtures/cox-reference-level.json';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const LONG = { timeout: 20_000 };
const VETERAN_MAPPING: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: [], factors: {} };
let harness: Harness;
let veteran: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  veteran = await harness.importCsv(resolve(import.meta.dirname, '../../../fixtures/data/veteran.csv'), 'veteran');
});
afterAll(() => harness.close());
afterEach(cleanup);

const field = (name: string) => document.querySelector(`[data-option="${name}"]`) as HTMLElement;
const tick = (name: string, label: string) => fireEvent.click(within(field(name)).getByLabelText(label));
const offered = (name: string) => within(field(name)).queryAllByRole('checkbox').map((c) => (c as HTMLInputElement).value);
const coxRuns = () => harness.calls.filter((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === 'cox');
const lastCox = () => {
  const call = coxRuns().pop()!;
  return { options: (call.args as { options: Record<string, unknown> }).options, result: (call.reply as { ok: true; value: { result: CoxResultInfo } }).value.result };
};

function expectR(result: CoxResultInfo, expected: (typeof R)['addicts']['coefficients']) {
  expect(result.coefficients.map((c) => c.term)).toEqual(expected.map((e) => e.term));
  result.coefficients.forEach((c, k) => {
    const e = expected[k];
    expectClose(c.coef, e.coef, `${e.term} coef`);
    expectClose(c.hr, e.hr, `${e.term} hr`);
    expectClose(c.se, e.se, `${e.term} se`);
    expectClose(c.z, e.z, `${e.term} z`);
    expectClose(c.p, e.p, `${e.term} p`);
    expectClose(c.hrLower, e.hrLower, `${e.term} lower`);
    expectClose(c.hrUpper, e.hrUpper, `${e.term} upper`);
  });
}

describe('the Cox form', () => {
  test('Treat as categorical lists the chosen covariates only, and forgets one no longer chosen', () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    expect(offered('categorical')).toEqual([]);
    expect(within(field('categorical')).getByText(/Choose covariates first/)).toBeTruthy();
    tick('covariates', 'dose');
    tick('covariates', 'clinic');
    // In the order of the columns, not of the clicks.
    expect(offered('categorical')).toEqual(['clinic', 'dose']);
    tick('categorical', 'clinic');
    expect(within(field('reference')).getByLabelText('clinic')).toBeTruthy();
    tick('covariates', 'clinic');
    expect(offered('categorical')).toEqual(['dose']);
    expect(within(field('reference')).queryByLabelText('clinic')).toBeNull();
    // No text box to type a reference into.
    expect(within(field('reference')).queryByRole('textbox')).toBeNull();
  });

  test('a numeric column as categorical: its levels read from the data, the second picked as reference, equal to R', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    tick('covariates', 'clinic');
    tick('covariates', 'dose');
    tick('categorical', 'clinic');
    const select = (await within(field('reference')).findByRole('combobox', { name: 'clinic' })) as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.textContent)).toEqual(['1 (first level)', '2']));
    expect(select.value).toBe('');
    fireEvent.change(select, { target: { value: '2' } });
    await waitFor(() => expect(lastCox().options.reference).toBe(R.addicts.reference), LONG);
    await waitFor(() => expect(lastCox().result.coefficients[0].term).toBe('clinic=1'), LONG);
    expectR(lastCox().result, R.addicts.coefficients);
    // Unticking clinic as categorical drops its reference from the request.
    tick('categorical', 'clinic');
    await waitFor(() => expect(lastCox().options.categorical).toBeUndefined(), LONG);
    expect(lastCox().options.reference).toBeUndefined();
  });

  test('a text column: its levels from the summary in R order, a middle level as reference, equal to R', async () => {
    render(withWorkspace(workspaceFor(harness, VETERAN_MAPPING, { dataset: 'veteran', summary: veteran }), <CoxView />));
    tick('covariates', 'celltype');
    tick('categorical', 'celltype');
    const select = within(field('reference')).getByRole('combobox', { name: 'celltype' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', ...R.veteran.levels.slice(1)]);
    expect(select.options[0].textContent).toBe(`${R.veteran.levels[0]} (first level)`);
    fireEvent.change(select, { target: { value: 'smallcell' } });
    await waitFor(() => expect(lastCox().options.reference).toBe(R.veteran.reference), LONG);
    await waitFor(() => expect(lastCox().result.coefficients).toHaveLength(3), LONG);
    expectR(lastCox().result, R.veteran.coefficients);
  });
});
