// @vitest-environment jsdom
/**
 * The survival view grouped by a column with 25 levels (addicts with a synthetic "ward" column): the
 * log-rank test is shown, and in place of 300 pairwise comparisons the view says why they were not run;
 * with a competing end of follow-up (some censored rows recoded 2), Gray's test across the 25 wards is
 * not run by default either, and the view offers to run it. With more than 20 groups the view asks
 * before running anything (SurvivalManyGroupsAsk.test.tsx): these tests answer "Run anyway".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import type { DatasetSummaryInfo } from '../../../../renderer/src/views/types';
import { ADDICTS_CSV, ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
let summary: DatasetSummaryInfo;
let competingSummary: DatasetSummaryInfo;
let folder: string;
beforeAll(async () => {
  harness = await startHarness();
  folder = mkdtempSync(join(tmpdir(), 'relapse-wards-'));
  const lines = readFileSync(ADDICTS_CSV, 'utf8').trim().split('\n');
  const csv = [`${lines[0]},"ward"`, ...lines.slice(1).map((line, i) => `${line},w${(i % 25) + 1}`)].join('\n');
  writeFileSync(join(folder, 'wards.csv'), csv);
  summary = await harness.importCsv(join(folder, 'wards.csv'), 'wards');
  // addicts columns: id, clinic, status, time, prison, dose; every third censored row ends by a competing event (2).
  const competing = [`${lines[0]},"ward"`, ...lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells[2] === '0' && i % 3 === 0) cells[2] = '2';
    return `${cells.join(',')},w${(i % 25) + 1}`;
  })].join('\n');
  writeFileSync(join(folder, 'wards-competing.csv'), competing);
  competingSummary = await harness.importCsv(join(folder, 'wards-competing.csv'), 'wards competing');
}, 60_000);
afterAll(() => {
  harness.close();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(cleanup);

describe('SurvivalView with many groups', () => {
  test('25 wards: the test is shown, and the view says why the pairs were not compared', async () => {
    const mapping = { ...ADDICTS_MAPPING, groups: ['ward'] };
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'wards', summary }), <SurvivalView />));
    fireEvent.click(await screen.findByRole('button', { name: 'Run anyway' }));
    await waitFor(() => screen.getByTestId('logrank-chisq'), { timeout: 30_000 });
    const note = await screen.findByTestId('pairwise-not-run');
    expect(note.textContent).toContain('25 groups (300 pairs)');
    expect(screen.queryByTestId('pairwise')).toBeNull();
  }, 60_000);

  test("25 wards with a competing end: Gray's test is not run by default, the view says why and runs it when asked", async () => {
    const mapping = { ...ADDICTS_MAPPING, groups: ['ward'], outcome: { ...ADDICTS_MAPPING.outcome, competingValues: ['2'] } };
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'wards competing', summary: competingSummary }), <SurvivalView />));
    fireEvent.click(await screen.findByRole('button', { name: 'Run anyway' }));
    const note = await screen.findByTestId('gray-not-run', {}, { timeout: 60_000 });
    expect(note.textContent).toBe('Gray\'s test runs by default for up to 20 groups; "ward" has 25, most with few events. Run Gray\'s test');
    expect(screen.queryByTestId('gray-test')).toBeNull();
    expect(within(screen.getByTestId('cuminc')).queryByText(/Choose a group column/)).toBeNull();
    fireEvent.click(within(note).getByRole('button', { name: "Run Gray's test" }));
    await waitFor(() => screen.getByTestId('gray-test'), { timeout: 60_000 });
    const rows = within(screen.getByTestId('gray-test')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[2].textContent)).toEqual(['24', '24']);
    expect(screen.queryByTestId('gray-not-run')).toBeNull();
    const request = harness.calls.filter((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === 'cuminc').at(-1)!;
    expect((request.args as { options: { grayTest?: string } }).options.grayTest).toBe('yes');
  }, 120_000);
});
