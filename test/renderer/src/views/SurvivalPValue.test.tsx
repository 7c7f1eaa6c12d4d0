// @vitest-environment jsdom
/**
 * The Survival step's "Show the log-rank p on the plot" (off by default, as survminer's pval = FALSE): the p
 * printed on the Kaplan–Meier chart is the log-rank test's, which for addicts by clinic is R's
 * survdiff(Surv(time, status) ~ clinic) p = 1.28e-7 (test/shared/stats/fixtures/log-rank.R), printed "< 0.001".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import { pValueText } from '../../../../presentation/charts/KaplanMeierChart';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const survdiff = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/stats/fixtures/log-rank.json'), 'utf8')) as {
  cases: { name: string; result: { p: number } }[];
};
const R_P = survdiff.cases.find((c) => c.name === 'addicts clinic')!.result.p;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

describe('SurvivalView: the log-rank p on the plot', () => {
  test('off by default; once ticked, the chart prints the test p of the same grouping', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SurvivalView />));
    await waitFor(() => screen.getByTestId('survival-medians'), { timeout: 20_000 });
    const box = screen.getByLabelText('Show the log-rank p on the plot') as HTMLInputElement;
    expect(box.checked).toBe(false);
    const chart = screen.getByTestId('survival-km');
    expect(chart.querySelector('.km-p-value')).toBeNull();
    fireEvent.click(box);
    await waitFor(() => expect(chart.querySelector('.km-p-value')).not.toBeNull());
    // The same p as the test line under the chart, and as R's survdiff.
    const logrankP = harness.calls.find((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === 'logrank')!.reply as {
      ok: true;
      value: { result: { p: number } };
    };
    expect(Math.abs(logrankP.value.result.p - R_P) / R_P).toBeLessThan(1e-6);
    expect(chart.querySelector('.km-p-value')!.textContent).toBe(pValueText(R_P));
    expect(chart.querySelector('.km-p-value')!.textContent).toBe('Log-rank p < 0.001');
    expect(screen.getByTestId('logrank-p').textContent).toBe('<0.001');
    fireEvent.click(box);
    await waitFor(() => expect(chart.querySelector('.km-p-value')).toBeNull());
  });

  test('no p on the plot for the whole cohort (no test)', async () => {
    render(withWorkspace(workspaceFor(harness, { ...ADDICTS_MAPPING, groups: [] }), <SurvivalView />));
    await waitFor(() => screen.getByTestId('survival-medians'), { timeout: 20_000 });
    fireEvent.click(screen.getByLabelText('Show the log-rank p on the plot'));
    expect(screen.getByTestId('survival-km').querySelector('.km-p-value')).toBeNull();
  });
});
