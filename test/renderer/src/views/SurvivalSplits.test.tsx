// @vitest-environment jsdom
/**
 * The survival view on the demo cohort (test/shared/mapping/fixtures/demo-cohort-2000.csv), with the
 * real handlers:
 *  - curves by a factor score split at its median, with the log-rank χ² R gives
 *    (fixtures/factors.json demoMedianSplitLogrank: survdiff on craving split at the median);
 *  - the pairwise comparisons of the sites, each against survdiff on the pair's own rows (demoSitePairs);
 *  - the pairwise comparisons with the p-value adjustment chosen in the form (R p.adjust semantics);
 *  - the cumulative incidence of relapse and of the competing end of follow-up (exit_status 2), with
 *    the table at the chosen days and Gray's test as the cuminc analysis returns them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import { runAnalysis } from '../../../../renderer/src/views/useAnalysis';
import { formatCI, formatNumber, formatP } from '../../../../presentation/format';
import { DEMO_MAPPING } from '../../../../shared/demo/demo-mapping';
import type { CumincResultInfo, DatasetSummaryInfo, LogrankResultInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/mapping/fixtures');
const DEMO_CSV = resolve(FIXTURES, 'demo-cohort-2000.csv');
const FIXTURE_MAPPING = JSON.parse(readFileSync(resolve(FIXTURES, 'demo-mapping.json'), 'utf8')) as MappingTemplate;
const R = JSON.parse(readFileSync(resolve(FIXTURES, 'factors.json'), 'utf8')) as {
  demoMedianSplitLogrank: { chisq: number; observed: number[]; n: number[] };
  demoSitePairs: { a: string; b: string; chisq: number; p: number }[];
};
const COMPETING_MAPPING = JSON.parse(JSON.stringify(DEMO_MAPPING)) as MappingTemplate;
const LONG = { timeout: 30_000 };

let harness: Harness;
let demoSummary: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  demoSummary = await harness.importCsv(DEMO_CSV, 'demo');
}, 60_000);
afterAll(() => harness.close());
afterEach(cleanup);

function demoWorkspace(mapping: MappingTemplate) {
  return workspaceFor(harness, mapping, { dataset: 'demo', summary: demoSummary });
}

/** main's reply to the latest logrank request the view made. */
function lastLogrank(): LogrankResultInfo {
  const call = harness.calls.filter((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === 'logrank').at(-1)!;
  return (call.reply as { ok: true; value: { result: LogrankResultInfo } }).value.result;
}

describe('SurvivalView on the demo cohort', () => {
  test('grouping by a factor split at its median: two curves and the log-rank χ² R gives', async () => {
    render(withWorkspace(demoWorkspace(FIXTURE_MAPPING), <SurvivalView />));
    const groupSelect = screen.getByLabelText('Compare groups') as HTMLSelectElement;
    const option = within(groupSelect).getByRole('option', { name: 'Psychological dependence: split at the median' }) as HTMLOptionElement;
    expect(option.value).toBe('median.psychological_dependence');
    expect(within(groupSelect).getByRole('option', { name: 'Psychological dependence: split into thirds' })).toBeTruthy();
    harness.calls.length = 0;
    fireEvent.change(groupSelect, { target: { value: 'median.psychological_dependence' } });
    await waitFor(() => expect(screen.getByTestId('logrank-chisq').textContent).toBe(formatNumber(R.demoMedianSplitLogrank.chisq, 2)), LONG);
    const result = lastLogrank();
    expect(Math.abs(result.chisq! - R.demoMedianSplitLogrank.chisq) / R.demoMedianSplitLogrank.chisq).toBeLessThan(1e-6);
    expect(result.groups.map((g) => g.observed)).toEqual(R.demoMedianSplitLogrank.observed);
    await waitFor(() => expect(screen.getByTestId('survival-km').querySelectorAll('.km-curve').length).toBe(2), LONG);
    const medians = within(screen.getByTestId('survival-medians'));
    expect(medians.getByText('below median')).toBeTruthy();
    expect(medians.getByText('median or above')).toBeTruthy();
    expect(screen.getByText(/Half of the participants in the group with Psychological dependence scores below the median had relapsed by day/)).toBeTruthy();
    expect(screen.getAllByRole('img', { name: /^Time to relapse by Psychological dependence: split at the median\./ }).length).toBeGreaterThan(0);
  }, 60_000);

  test('grouping by the tertile split gives three curves', async () => {
    render(withWorkspace(demoWorkspace(FIXTURE_MAPPING), <SurvivalView />));
    fireEvent.change(screen.getByLabelText('Compare groups'), { target: { value: 'tertile.coping_skills' } });
    await waitFor(() => expect(screen.getByTestId('survival-km').querySelectorAll('.km-curve').length).toBe(3), LONG);
    await waitFor(() => expect(screen.getByTestId('logrank-line').textContent).toMatch(/df = 2/), LONG);
    expect(lastLogrank().groups.map((g) => g.group)).toEqual(['lower third', 'middle third', 'upper third']);
  }, 60_000);

  test('the pairwise p-value adjustment is selectable and the table shows the adjusted p the engine gives', async () => {
    render(withWorkspace(demoWorkspace(FIXTURE_MAPPING), <SurvivalView />)); // default group: site (four sites, six pairs)
    const adjusted = () => within(screen.getByTestId('pairwise')).getAllByRole('row').slice(1).map((row) => row.querySelectorAll('td')[4].textContent);
    const expectShown = async (method: string, rule: (p: number[]) => number[]) => {
      fireEvent.change(screen.getByLabelText('Pairwise p-value adjustment'), { target: { value: method } });
      await waitFor(() => expect(lastLogrank().pAdjustMethod).toBe(method), LONG);
      const result = lastLogrank();
      const raw = result.pairwise!.map((r) => r.p!);
      const expected = rule(raw);
      result.pairwise!.forEach((r, k) => expect(Math.abs(r.pAdjusted! - expected[k])).toBeLessThan(1e-12));
      await waitFor(() => expect(adjusted()).toEqual(result.pairwise!.map((r) => formatP(r.pAdjusted))), LONG);
      expect(screen.getByTestId('pairwise').closest('.table-block')!.textContent).toContain('adjusted over the 6 pairs');
      return adjusted();
    };
    await waitFor(() => screen.getByTestId('pairwise'), LONG);
    // R p.adjust: none leaves p; bonferroni multiplies by the number of pairs (capped at 1);
    // holm multiplies the k-th smallest by (m - k + 1) and keeps the sequence non-decreasing.
    const none = await expectShown('none', (p) => p);
    const bonferroni = await expectShown('bonferroni', (p) => p.map((v) => Math.min(1, v * p.length)));
    const holm = await expectShown('holm', (p) => {
      const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
      const out = new Array<number>(p.length);
      let running = 0;
      order.forEach((i, k) => {
        running = Math.max(running, Math.min(1, (p.length - k) * p[i]));
        out[i] = running;
      });
      return out;
    });
    expect(bonferroni).not.toEqual(none);
    expect(holm).not.toEqual(bonferroni);
    // Each pair of sites equals R's survdiff on the pair's own rows (factors.R demoSitePairs), unadjusted
    // and with Bonferroni over the six pairs.
    expect(none).toEqual(R.demoSitePairs.map((pair) => formatP(pair.p)));
    expect(bonferroni).toEqual(R.demoSitePairs.map((pair) => formatP(Math.min(1, 6 * pair.p))));
    lastLogrank().pairwise!.forEach((row, k) => expect(Math.abs(row.p! - R.demoSitePairs[k].p) / R.demoSitePairs[k].p).toBeLessThan(1e-6));
    await expectShown('BH', (p) => {
      const m = p.length;
      const order = p.map((_, i) => i).sort((a, b) => p[b] - p[a]);
      const out = new Array<number>(m);
      let running = 1;
      order.forEach((i, k) => {
        running = Math.min(running, (m / (m - k)) * p[i]);
        out[i] = running;
      });
      return out;
    });
  }, 90_000);

  test('cumulative incidence of relapse and of the competing end, with the table at chosen days and Gray\'s test', async () => {
    render(withWorkspace(demoWorkspace(COMPETING_MAPPING), <SurvivalView />));
    fireEvent.change(screen.getByLabelText('Compare groups'), { target: { value: 'arm' } });
    await waitFor(() => expect(screen.getByTestId('cuminc-chart').querySelectorAll('.cif-curve').length).toBe(4), LONG);
    await waitFor(() => screen.getByTestId('gray-test'), LONG);
    const request = harness.calls.filter((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === 'cuminc').at(-1)!;
    const options = (request.args as { options: Record<string, unknown> }).options;
    expect(options).toMatchObject({ time: 'outcome.time_days', event: 'outcome.status', censorValue: '0', group: 'arm', times: [30, 90, 180, 365] });
    const expected = (await runAnalysis<CumincResultInfo>({ dataset: 'demo', mapping: COMPETING_MAPPING, analysis: 'cuminc', options })).result;
    // Both causes for both arms.
    expect(expected.curves.map((c) => `${c.group}/${c.cause}`).sort()).toEqual(['buprenorphine/1', 'buprenorphine/2', 'methadone/1', 'methadone/2']);
    const legend = screen.getByTestId('cuminc-chart').textContent ?? '';
    expect(legend).toContain('arm buprenorphine, relapse');
    expect(legend).toContain('arm methadone, competing end');
    // The table: one row per arm, cause and day, the engine's estimate and CI.
    const rows = within(screen.getByTestId('cuminc-at-times')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4 * 4);
    const shown = rows.map((row) => Array.from(row.querySelectorAll('td'), (td) => td.textContent));
    const wanted = expected.curves.flatMap((c) =>
      c.atTimes.map((t) => [`arm ${c.group}`, c.cause === '1' ? 'relapse' : 'competing end of follow-up', formatNumber(t.time), formatNumber(t.estimate, 3), formatCI(t.lower, t.upper, 3)]),
    );
    expect(shown).toEqual(wanted);
    // Gray's test per cause.
    const gray = within(screen.getByTestId('gray-test')).getAllByRole('row').slice(1).map((row) => Array.from(row.querySelectorAll('td'), (td) => td.textContent));
    expect(gray).toEqual(expected.grayTest.map((t) => [t.cause === '1' ? 'relapse' : 'competing end of follow-up', formatNumber(t.statistic, 2), formatNumber(t.df), formatP(t.p)]));
    expect(expected.grayTest).toHaveLength(2);
  }, 90_000);
});
