// @vitest-environment jsdom
/**
 * The survival view on addicts by clinic, with the real handlers: the numbers it shows are the engine's,
 * checked against R survival 3.5-3 (survdiff(Surv(time, status) ~ clinic): chisq 27.89, 1 df; survfit
 * medians 428 (348–514) in clinic 1 and not reached (lower 661) in clinic 2).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

describe('SurvivalView', () => {
  test('KM by clinic with the log-rank test, medians, survival at the default days and pairwise comparisons', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SurvivalView />));
    await waitFor(() => expect(screen.getByTestId('logrank-chisq').textContent).toBe('27.89'), { timeout: 20_000 });
    expect(screen.getByTestId('logrank-p').textContent).toBe('<0.001');
    // The curves are computed after the test.
    await waitFor(() => screen.getByTestId('survival-medians'), { timeout: 20_000 });
    const medians = within(screen.getByTestId('survival-medians'));
    const clinic1 = medians.getByText('clinic 1').closest('tr')!;
    expect(within(clinic1).getByText('428')).toBeTruthy();
    expect(within(clinic1).getByText('(348–514)')).toBeTruthy();
    const clinic2 = medians.getByText('clinic 2').closest('tr')!;
    expect(within(clinic2).getByText('not reached')).toBeTruthy();
    // Survival at 30, 90, 180 and 365 days for both clinics.
    expect(within(screen.getByTestId('survival-at-times')).getAllByRole('row')).toHaveLength(1 + 8);
    expect(screen.getByText(/Half of the participants in clinic 1 had relapsed by day 428/)).toBeTruthy();
    // The chart: two curves and an at-risk row per clinic, inside the exported SVG.
    const chart = screen.getByTestId('survival-km');
    expect(chart.querySelectorAll('.km-curve').length).toBe(2);
    expect(chart.querySelectorAll('.km-at-risk-row').length).toBe(2);
    // The request used the mapping's derived outcome and the default group.
    const km = harness.calls.find((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === 'km');
    expect((km!.args as { options: Record<string, unknown> }).options).toMatchObject({ time: 'outcome.time_days', event: 'outcome.relapse', group: 'clinic', times: [30, 90, 180, 365] });
  });

  test('changing the CI type from the generated form reruns the curves with that type', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SurvivalView />));
    await waitFor(() => screen.getByTestId('logrank-chisq'), { timeout: 20_000 });
    fireEvent.change(screen.getByLabelText('Confidence interval type'), { target: { value: 'log-log' } });
    await waitFor(() => expect(screen.getByText(/95% CI \(log-log\)/, { selector: 'text' })).toBeTruthy(), { timeout: 20_000 });
  });

  test('editing the days changes the survival table', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SurvivalView />));
    await waitFor(() => screen.getByTestId('survival-at-times'), { timeout: 20_000 });
    fireEvent.change(screen.getByLabelText('Report survival at times'), { target: { value: '100' } });
    await waitFor(() => expect(within(screen.getByTestId('survival-at-times')).getAllByRole('row')).toHaveLength(1 + 2), { timeout: 20_000 });
  });

  test('the group order set once in the form orders the curves and the test', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SurvivalView />));
    await waitFor(() => screen.getByTestId('survival-medians'), { timeout: 20_000 });
    harness.calls.length = 0;
    fireEvent.change(screen.getByLabelText('Group order'), { target: { value: '2, 1' } });
    await waitFor(() => expect(within(screen.getByTestId('survival-medians')).getAllByRole('row')[1].textContent).toContain('clinic 2'), { timeout: 20_000 });
    const runs = harness.calls.filter((c) => c.channel === 'analysis:run').map((c) => c.args as { analysis: string; options: Record<string, unknown> });
    expect(runs.find((r) => r.analysis === 'logrank')!.options).toMatchObject({ group: 'clinic', levels: '2, 1' });
    expect(runs.find((r) => r.analysis === 'km')!.options).toMatchObject({ group: 'clinic', levels: '2, 1' });
    expect(screen.getByTestId('logrank-chisq').textContent).toBe('27.89');
  });
});
