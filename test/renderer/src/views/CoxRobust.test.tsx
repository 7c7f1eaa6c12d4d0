// @vitest-environment jsdom
/**
 * The Cox step with a robust variance (More options: cluster): the table shows the robust SE next to the
 * model SE, and z, p and the CI come from the robust SE, as R's summary(coxph(..., cluster = )) prints.
 * R survival 3.5-3, coxph(Surv(time, status) ~ prison + dose, data = addicts, cluster = clinic):
 * prison coef 0.189655013, se 0.164274416, robust se 0.210670531, z 0.900244625;
 * dose coef -0.036077209, se 0.006000270, robust se 0.000767350, z -47.0153085. Without a cluster
 * there is no Robust SE column.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CoxView } from '../../../../renderer/src/views/CoxView';
import { tick, ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

const LONG = { timeout: 20_000 };
const headers = () => [...screen.getByTestId('cox-table').querySelectorAll('th')].map((th) => th.textContent);
const row = (term: string) => within(within(screen.getByTestId('cox-table')).getByText(term).closest('tr')!).getAllByRole('cell').map((c) => c.textContent);

describe('Cox step with a cluster', () => {
  test('the robust SE is shown beside the model SE, and z comes from it (R coxph cluster = clinic)', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    tick('covariates', 'prison');
    tick('covariates', 'dose');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('dose'), LONG);
    expect(headers()).not.toContain('Robust SE');

    fireEvent.change(document.querySelector('[data-option="cluster"] select') as HTMLSelectElement, { target: { value: 'clinic' } });
    await waitFor(() => expect(headers()).toContain('Robust SE'), LONG);
    expect(headers()).toEqual(['Term', 'Coefficient', 'SE', 'Robust SE', 'Hazard ratio', '95% CI', 'z', 'p']);
    expect(row('prison').slice(1, 4)).toEqual(['0.1897', '0.1643', '0.2107']);
    expect(row('prison')[6]).toBe('0.90');
    expect(row('dose').slice(1, 4)).toEqual(['-0.0361', '0.0060', '0.0008']);
    expect(row('dose')[6]).toBe('-47.02');
  }, 60_000);
});
