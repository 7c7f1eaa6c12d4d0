// @vitest-environment jsdom
/**
 * A field error keeps the last good result on screen (issue 15 item 5): in the Cox view on addicts with
 * the real handlers, a confidence level out of range (main refuses it in one line naming the field) shows
 * that line, while the model fitted before stays on screen, marked out of date and labelled by the
 * options that produced it (95%); a valid level then replaces it. R survival 3.5-3:
 * coxph(Surv(time, status) ~ prison + dose, data = addicts): exp(coef) prison 1.2088325, dose 0.9645658;
 * exp(confint(fit, level = 0.9)) for dose 0.9550928–0.9741328.
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

describe('an analysis error after a result', () => {
  test('the error line shows and the last good result stays, out of date, with its own labels', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    tick('covariates', 'prison');
    tick('covariates', 'dose');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('dose'), LONG);
    const row = (term: string) => within(within(screen.getByTestId('cox-table')).getByText(term).closest('tr')!).getAllByRole('cell').map((c) => c.textContent);
    expect(row('dose')[3]).toBe('0.965');
    expect(screen.getByTestId('cox-table').textContent).toContain('95% CI');

    const level = document.querySelector('[data-option="confLevel"] input') as HTMLInputElement;
    fireEvent.change(level, { target: { value: '0' } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/Confidence level/), LONG);
    // The fit for 95% is still there, out of date, and still says 95%.
    const kept = screen.getByTestId('cox-result');
    expect(kept.getAttribute('data-out-of-date')).toBe('true');
    expect(row('dose')[3]).toBe('0.965');
    expect(screen.getByTestId('cox-table').textContent).toContain('95% CI');

    fireEvent.change(level, { target: { value: '0.9' } });
    await waitFor(() => expect(screen.getByTestId('cox-table').textContent).toContain('90% CI'), LONG);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('cox-result').getAttribute('data-out-of-date')).not.toBe('true');
    expect(row('dose')[3]).toBe('0.965');
    expect(row('dose')[4]).toBe('(0.955–0.974)');
    expect(row('prison')[3]).toBe('1.209');
  }, 60_000);
});
