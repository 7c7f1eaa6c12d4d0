// @vitest-environment jsdom
/**
 * The demo project's second dataset, the relapse episodes (several rows per participant): chosen in the
 * Data step, it comes with the mapping saved for it, so the Recurrent relapses step shows the episodes
 * at once (the MCF and the rate ratios, aftercare among them) without a visit to the Mapping step.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../../../renderer/src/App';
import { startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

const step = (id: string) => document.querySelector(`nav button[data-step="${id}"]`) as HTMLButtonElement;

describe('App, the demo episodes', () => {
  test('choosing demo-episodes takes its saved mapping: the Recurrent relapses step shows them at once', async () => {
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Open the demo cohort' }));
    await waitFor(() => expect(document.querySelector('main')!.getAttribute('data-view')).toBe('overview'), { timeout: 60_000 });
    fireEvent.click(step('data'));
    fireEvent.click(await screen.findByRole('button', { name: 'demo-episodes' }));
    await waitFor(() => expect(step('recurrent').getAttribute('aria-disabled')).toBeNull(), { timeout: 30_000 });
    fireEvent.click(step('recurrent'));
    await waitFor(() => expect(screen.getByTestId('recurrent-counts').textContent).toMatch(/participants, .* intervals, .* relapses/), { timeout: 60_000 });
    await waitFor(() => expect(screen.getByTestId('recurrent-table').textContent).toContain('aftercare_attendance=attended'), { timeout: 60_000 });
    expect(screen.getByTestId('recurrent-mcf')).toBeTruthy();
  }, 120_000);
});
