// @vitest-environment jsdom
/**
 * The survival view grouped by a column with 25 levels (addicts with a synthetic "ward" column): the
 * log-rank test is shown, and in place of 300 pairwise comparisons the view says why they were not run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import type { DatasetSummaryInfo } from '../../../../renderer/src/views/types';
import { ADDICTS_CSV, ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
let summary: DatasetSummaryInfo;
let folder: string;
beforeAll(async () => {
  harness = await startHarness();
  folder = mkdtempSync(join(tmpdir(), 'relapse-wards-'));
  const lines = readFileSync(ADDICTS_CSV, 'utf8').trim().split('\n');
  const csv = [`${lines[0]},"ward"`, ...lines.slice(1).map((line, i) => `${line},w${(i % 25) + 1}`)].join('\n');
  writeFileSync(join(folder, 'wards.csv'), csv);
  summary = await harness.importCsv(join(folder, 'wards.csv'), 'wards');
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
    await waitFor(() => screen.getByTestId('logrank-chisq'), { timeout: 30_000 });
    const note = await screen.findByTestId('pairwise-not-run');
    expect(note.textContent).toContain('25 groups (300 pairs)');
    expect(screen.queryByTestId('pairwise')).toBeNull();
  }, 60_000);
});
