// @vitest-environment jsdom
/**
 * The Survival step's tables of more than 20 groups (issue 15 item 6): on R's veteran by age (40 groups,
 * after 'Run anyway'), the groups with fewer than 5 participants are one row of summed counts, without a
 * median, and their curves are not drawn; the log-rank test still compares all 40. Reference counts from
 * test/node/report/fixtures/many-groups.R (table(veteran$age)): 10 ages with at least 5 participants, 30
 * with fewer, together 64 participants and 58 deaths; survdiff over all 40 ages, chi-square 175.5998 on 39 df.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { formatNumber } from '../../../../presentation/format';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

interface Folding {
  groups: number;
  logrank: { chisq: number; df: number };
  byK: { k: number; kept: { group: string; n: number; events: number }[]; folded: { groups: number; n: number; events: number } }[];
}
const R = (JSON.parse(readFileSync(join(import.meta.dirname, '../../../node/report/fixtures/many-groups.json'), 'utf8')) as { veteran: { age: Folding } }).veteran.age;
const { kept, folded } = R.byK.find((b) => b.k === 5)!;

const LONG = { timeout: 20_000 };
const VETERAN_MAPPING: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: [], factors: {} };
let harness: Harness;
let veteran: DatasetSummaryInfo;
let competing: DatasetSummaryInfo;
let folder: string;
beforeAll(async () => {
  harness = await startHarness();
  const file = resolve(import.meta.dirname, '../../../fixtures/data/veteran.csv');
  veteran = await harness.importCsv(file, 'veteran');
  // The same with the censored rows' status recoded 2, a competing end (group sizes unchanged).
  folder = mkdtempSync(join(tmpdir(), 'veteran-competing-'));
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const status = header.split(',').indexOf('"status"');
  writeFileSync(join(folder, 'veteran-competing.csv'), [header, ...rows.map((line) => line.split(',').map((v, j) => (j === status && v === '0' ? '2' : v)).join(','))].join('\n') + '\n');
  competing = await harness.importCsv(join(folder, 'veteran-competing.csv'), 'veteran competing');
});
afterAll(() => {
  harness.close();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(cleanup);

const rowsOf = (testId: string) => within(screen.getByTestId(testId)).getAllByRole('row').slice(1).map((tr) => within(tr).getAllByRole('cell').map((td) => td.textContent));

describe('the Survival step by a grouping of 40 groups', () => {
  test('veteran by age: 10 ages in their own rows, the 30 with fewer than 5 participants in one, not drawn; the test over all 40', async () => {
    render(withWorkspace(workspaceFor(harness, VETERAN_MAPPING, { dataset: 'veteran', summary: veteran }), <SurvivalView />));
    await waitFor(() => screen.getByTestId('survival-medians'), LONG);
    fireEvent.change(screen.getByLabelText('Compare groups'), { target: { value: 'age' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Run anyway' }, LONG));
    await waitFor(() => expect(screen.getByTestId('logrank-chisq').textContent).toBe(formatNumber(R.logrank.chisq, 2)), LONG);
    await waitFor(() => expect(rowsOf('survival-medians')).toHaveLength(kept.length + 1), LONG);
    const medians = rowsOf('survival-medians');
    expect(medians.map((r) => r.slice(0, 3))).toEqual([...kept.map((g) => [`age ${g.group}`, formatNumber(g.n), formatNumber(g.events)]), ['30 other groups with fewer than 5 participants each', '64', '58']]);
    expect(folded).toEqual({ groups: 30, n: 64, events: 58 });
    // The folded row has no estimate.
    expect(medians.at(-1)!.slice(3)).toEqual(['—', '—', '—', '—', '—']);
    expect(screen.getByTestId('survival-folded-note').textContent).toMatch(/^30 of the 40 groups have fewer than 5 participants each: .* The log-rank test compares all 40 groups\.$/);
    // Curves: the 10 kept ages only (one number-at-risk row each).
    const drawn = [...screen.getByTestId('survival-km').querySelectorAll('.km-at-risk-row')].map((g) => g.getAttribute('data-group'));
    expect(drawn).toEqual(kept.map((g) => `age ${g.group}`));
    // The test's table folds the same way, its df over all 40.
    expect(screen.getByTestId('logrank-line').textContent).toContain(`df = ${R.logrank.df}`);
    const observed = rowsOf('logrank-groups');
    expect(observed.map((r) => r.slice(0, 2))).toEqual([...kept.map((g) => [`age ${g.group}`, formatNumber(g.n)]), ['30 other groups with fewer than 5 participants each', '64']]);
    expect(observed.at(-1)!.slice(2)).toEqual(['58.0', '—']);
  }, 60_000);

  test('with a competing end, the cumulative incidence by age lists the 10 kept ages only and says the others are neither shown nor drawn', async () => {
    const mapping: MappingTemplate = { ...VETERAN_MAPPING, outcome: { ...VETERAN_MAPPING.outcome, competingValues: ['2'] } };
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'veteran competing', summary: competing }), <SurvivalView />));
    await waitFor(() => screen.getByTestId('survival-medians'), LONG);
    fireEvent.change(screen.getByLabelText('Compare groups'), { target: { value: 'age' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Run anyway' }, LONG));
    await waitFor(() => expect(new Set(rowsOf('cuminc-at-times').map((r) => r[0]))).toEqual(new Set(kept.map((g) => `age ${g.group}`))), LONG);
    expect(within(screen.getByTestId('cuminc')).getByText(/^The 30 groups/).textContent).toBe('The 30 groups with fewer than 5 participants each are not shown here and their curves are not drawn.');
  }, 60_000);
});
