// @vitest-environment jsdom
/**
 * The overview on addicts with the real handlers: 238 participants, 150 relapses (R: survfit n 238,
 * events 150), the whole-cohort KM chart, one histogram per mapped factor (binned in main: dataset:histograms,
 * R hist() references in test/electron/main/ipc/fixtures/histograms.json), and the summary by clinic.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { OverviewView } from '../../../../renderer/src/views/OverviewView';
import histogramsFixture from '../../../electron/main/ipc/fixtures/histograms.json';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

// ADDICTS_MAPPING is mapping A of fixtures/histograms.R (dose protective, prison risk).
const R = histogramsFixture as { addicts: Record<'physical_dependence' | 'environmental_triggers', { breaks: number[]; counts: number[] }> };

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
    for (const factor of ['physical_dependence', 'environmental_triggers'] as const) {
      const panel = screen.getByTestId(`histogram-${factor}`);
      expect(Array.from(panel.querySelectorAll('rect.histogram-bar'), (b) => Number(b.getAttribute('data-count')))).toEqual(R.addicts[factor].counts);
      expect(Array.from(panel.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.textContent))).toEqual(R.addicts[factor].breaks);
      expect(panel.querySelector('.chart-subtitle')!.textContent).toBe('n = 238; missing 0 of 238 (0.0%)');
    }
    // The page asks for bins, not for the 238 × 2 scores.
    expect(harness.calls.map((c) => c.channel)).toContain('dataset:histograms');
    expect(harness.calls.map((c) => c.channel)).not.toContain('dataset:values');
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
