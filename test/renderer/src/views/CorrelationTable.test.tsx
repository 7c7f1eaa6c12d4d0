// @vitest-environment jsdom
/**
 * The Correlation step's table: its coefficient column is headed by the method's own name (Pearson's r,
 * Spearman's rho, Kendall's tau), and the adjusted p is a column of its own, every value shown, next to
 * the labels that wrap (so the table fits without the last columns scrolled out of view). Values against R
 * (test/shared/report/fixtures/sentences.R): cor.test on addicts' scores and outcomes, p.adjust(…, "holm").
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CorrelationView } from '../../../../renderer/src/views/CorrelationView';
import { columnLabel } from '../../../../renderer/src/views/workspace';
import { formatP } from '../../../../presentation/format';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import R from '../../../shared/report/fixtures/sentences.json';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

const headers = () => within(screen.getByTestId('correlation-table')).getAllByRole('columnheader').map((h) => h.textContent);

describe('CorrelationView table', () => {
  test("the coefficient's header names the method; the adjusted p column holds R's Holm-adjusted p for every pair", async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CorrelationView />));
    await waitFor(() => screen.getByTestId('correlation-table'), { timeout: 20_000 });
    expect(headers()).toEqual(['Variable 1', 'Variable 2', "Pearson's r", '95% CI (Pearson)', 'n', 'p', 'Adjusted p']);
    const table = within(screen.getByTestId('correlation-table'));
    const adjusted = headers().indexOf('Adjusted p');
    for (const pair of R.correlations) {
      const row = table.getAllByRole('row').find((r) => {
        const cells = r.querySelectorAll('td');
        return cells[0]?.textContent === columnLabel(pair.x) && cells[1]?.textContent === columnLabel(pair.y);
      })!;
      expect(row, `${pair.x} / ${pair.y}`).toBeTruthy();
      expect(row.querySelectorAll('td')[adjusted].textContent).toBe(formatP(pair.pAdjusted));
    }
    // The label columns wrap (class wrap: white-space normal in styles.css); the numbers do not.
    const firstRow = table.getAllByRole('row')[1].querySelectorAll('td');
    expect(firstRow[0].className).toContain('wrap');
    expect(firstRow[1].className).toContain('wrap');
    expect(firstRow[adjusted].className).toBe('num');

    fireEvent.change(screen.getByLabelText('Method'), { target: { value: 'spearman' } });
    await waitFor(() => expect(headers()[2]).toBe("Spearman's rho"), { timeout: 20_000 });
    expect(headers()).toContain('Adjusted p');
    fireEvent.change(screen.getByLabelText('Method'), { target: { value: 'kendall' } });
    await waitFor(() => expect(headers()[2]).toBe("Kendall's tau"), { timeout: 20_000 });
    expect(headers()).toContain('Adjusted p');
  });
});
