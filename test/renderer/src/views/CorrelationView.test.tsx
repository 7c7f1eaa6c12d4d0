// @vitest-environment jsdom
/**
 * The correlation view on addicts with the real handlers: factor scores and outcomes by default; R:
 * cor(time, status) = -0.2787016 and cor(dose, time) = 0.4092242 (the dose item is protective, so its
 * score is reversed: -0.409).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CorrelationView } from '../../../../renderer/src/views/CorrelationView';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import R from '../../../shared/report/fixtures/sentences.json';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

describe('CorrelationView', () => {
  test('heatmap and table of r, n and adjusted p; choosing a row opens its scatter plot', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CorrelationView />));
    await waitFor(() => screen.getByTestId('correlation-table'), { timeout: 20_000 });
    const rows = within(screen.getByTestId('correlation-table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(6);
    const row = (a: string, b: string) => rows.find((r) => r.textContent!.includes(a) && r.textContent!.includes(b))!;
    expect(within(row('Follow-up (days)', 'Relapse (1')).getAllByRole('cell')[2].textContent).toBe('-0.279');
    expect(within(row('Physical dependence (score)', 'Follow-up')).getAllByRole('cell')[2].textContent).toBe('-0.409');
    expect(within(row('Physical dependence (score)', 'Follow-up')).getAllByRole('cell')[4].textContent).toBe('238');
    expect(screen.getByTestId('correlation-heatmap').querySelector('svg')).toBeTruthy();
    fireEvent.keyDown(row('Follow-up (days)', 'Relapse (1'), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('scatter').querySelector('svg')).toBeTruthy(), { timeout: 20_000 });
    expect(screen.getByTestId('scatter').textContent).toContain('A correlation does not show that one causes the other.');
  });

  test('the sentences leave out the outcome columns by default; the box brings them back', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CorrelationView />));
    await waitFor(() => screen.getByTestId('correlation-summary'), { timeout: 20_000 });
    const lines = () => [...screen.getByTestId('correlation-summary').querySelectorAll('p:not(.muted)')].map((p) => p.textContent);
    // R: cor(-z(dose), z(prison)) = -0.0238, Holm-adjusted p = 1 (fixtures/sentences.R).
    expect(R.correlations[0].pAdjusted).toBe(1);
    expect(lines()).toEqual(['Physical dependence and environmental triggers were hardly correlated (r = -0.02, n = 238, adjusted p = 1). A correlation does not show that one causes the other.']);
    expect(screen.getByTestId('correlation-summary').textContent).toContain('follow-up and relapse correlate through censoring');
    fireEvent.click(screen.getByLabelText('Describe the pairs with an outcome column too'));
    expect(lines()).toHaveLength(3);
    expect(lines()[1]).toBe(
      'Follow-up (days) and Relapse (1 = relapse, 0 = censored) were weakly correlated: higher values of one went with lower values of the other (r = -0.28, n = 238, adjusted p < 0.001). A correlation does not show that one causes the other.',
    );
  });

  test('the method and p adjustment come from the generated form', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CorrelationView />));
    await waitFor(() => screen.getByTestId('correlation-table'), { timeout: 20_000 });
    fireEvent.change(screen.getByLabelText('Method'), { target: { value: 'spearman' } });
    await waitFor(() => {
      const last = harness.calls.filter((c) => c.channel === 'analysis:run').pop()!.args as { options: Record<string, unknown> };
      expect(last.options.method).toBe('spearman');
    });
  });

  test('while a new method is computed, the matrix on screen keeps the label of the method it was computed with', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CorrelationView />));
    await waitFor(() => screen.getByTestId('correlation-table'), { timeout: 20_000 });
    const heatmap = () => screen.getByTestId('correlation-heatmap').textContent;
    expect(heatmap()).toContain('pearson, pairwise deletion, p adjusted: holm');
    fireEvent.change(screen.getByLabelText('Method'), { target: { value: 'kendall' } });
    expect(screen.getByRole('status').textContent).toContain('Calculating');
    expect(heatmap()).toContain('pearson, pairwise deletion, p adjusted: holm');
    await waitFor(() => expect(heatmap()).toContain('kendall, pairwise deletion, p adjusted: holm'), { timeout: 20_000 });
  });
});
