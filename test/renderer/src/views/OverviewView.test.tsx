// @vitest-environment jsdom
/**
 * The overview on addicts with the real handlers: 238 participants, 150 relapses (R: survfit n 238,
 * events 150), the whole-cohort KM chart, one histogram per mapped factor (binned in main: dataset:histograms,
 * R hist() references in test/electron/main/ipc/fixtures/histograms.json), and the summary by clinic.
 * With a competing end mapped (R's pbc: death as the event, transplant as the competing end), the counts
 * keep the competing ends apart from censoring (R: table(pbc$status), test/shared/report/fixtures/sentences.R).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { OverviewView } from '../../../../renderer/src/views/OverviewView';
import histogramsFixture from '../../../electron/main/ipc/fixtures/histograms.json';
import { resolve } from 'node:path';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import type { MappingTemplate } from '../../../../renderer/src/views/types';
import sentencesFixture from '../../../shared/report/fixtures/sentences.json';
import { formatNumber } from '../../../../presentation/format';

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
    // No competing end is mapped: no tile for it, and the sentence has censoring alone.
    expect(screen.queryByTestId('tile-competing')).toBeNull();
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

  test('competing ends are counted apart from censoring (pbc: death the event, transplant competing)', async () => {
    const pbc = sentencesFixture.pbc;
    const summary = await harness.importCsv(resolve(import.meta.dirname, '../../../fixtures/data/pbc.csv'), 'pbc');
    const mapping: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'time', event: 'status', eventValues: ['2'], competingValues: ['1'] }, groups: [], factors: {} };
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'pbc', summary }), <OverviewView />));
    await waitFor(() => expect(screen.getByTestId('tile-competing').textContent).toBe(String(pbc.competing)), { timeout: 20_000 });
    expect(screen.getByTestId('tile-participants').textContent).toBe(String(pbc.participants));
    expect(screen.getByTestId('tile-events').textContent).toBe(String(pbc.events));
    expect(screen.getByTestId('tile-censored').textContent).toBe(String(pbc.censored));
    expect(screen.getByTestId('overview-summary').textContent).toBe(
      'Of 418 participants, 161 (39%) relapsed during follow-up, 25 (6%) had a competing end of follow-up before any relapse (counted apart from censoring) and 232 were followed without a recorded relapse or competing end (censored); the median follow-up was 2,365 days. ' +
        `Half of the participants had relapsed by day ${formatNumber(pbc.median[0])} (95% CI ${formatNumber(pbc.median[1])}–${formatNumber(pbc.median[2])}).`,
    );
  });

  test('says so when no factor is mapped', async () => {
    render(withWorkspace(workspaceFor(harness, { ...ADDICTS_MAPPING, factors: {} }), <OverviewView />));
    expect(screen.getByText(/No factor is mapped/)).toBeTruthy();
    await waitFor(() => screen.getByTestId('overview-tiles'), { timeout: 20_000 });
  });
});
