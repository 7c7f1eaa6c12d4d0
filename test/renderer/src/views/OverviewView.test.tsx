// @vitest-environment jsdom
/**
 * The overview on addicts with the real handlers: 238 participants, 150 relapses (R: survfit n 238,
 * events 150), the whole-cohort KM chart, one histogram per mapped factor, and the summary by clinic.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { OverviewView } from '../../../../renderer/src/views/OverviewView';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

describe('OverviewView', () => {
  test('counts, the KM curve, factor histograms with the missing share and the summary by clinic', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <OverviewView />));
    await waitFor(() => screen.getByTestId('overview-tiles'), { timeout: 20_000 });
    expect(screen.getByTestId('tile-participants').textContent).toBe('238');
    expect(screen.getByTestId('tile-events').textContent).toBe('150');
    expect(screen.getByTestId('tile-censored').textContent).toBe('88');
    expect(screen.getByTestId('overview-summary').textContent).toContain('Of 238 participants, 150 (63%) relapsed during follow-up');
    expect(screen.getByTestId('overview-km').querySelectorAll('.km-curve')).toHaveLength(1);
    await waitFor(() => screen.getByTestId('histogram-physical_dependence'), { timeout: 20_000 });
    expect(screen.getByTestId('histogram-environmental_triggers').textContent).toContain('missing 0 of 238');
    await waitFor(() => screen.getByTestId('group-summary-clinic'), { timeout: 20_000 });
    const rows = within(screen.getByTestId('group-summary-clinic')).getAllByRole('row');
    expect(rows.map((r) => within(r).queryAllByRole('cell').slice(0, 4).map((c) => c.textContent))).toEqual([[], ['1', '163', '122', '41'], ['2', '75', '28', '47']]);
  });

  test('says so when no factor is mapped', async () => {
    render(withWorkspace(workspaceFor(harness, { ...ADDICTS_MAPPING, factors: {} }), <OverviewView />));
    expect(screen.getByText(/No factor is mapped/)).toBeTruthy();
    await waitFor(() => screen.getByTestId('overview-tiles'), { timeout: 20_000 });
  });
});
