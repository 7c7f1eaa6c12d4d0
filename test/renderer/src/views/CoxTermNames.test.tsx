// @vitest-environment jsdom
/**
 * The Cox step names a categorical level against its reference ("rx: Lev+5FU vs Lev") and shows the
 * reference level as a row of its own (hazard ratio 1, "reference"), in the table and in the forest plot.
 * Numbers against R (test/renderer/src/views/fixtures/cox-term-names.R): coxph(Surv(time, status) ~ rx + age)
 * on colon's deaths (etype == 2, 929 participants).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { CoxView } from '../../../../renderer/src/views/CoxView';
import { formatCI, formatP } from '../../../../presentation/format';
import { tick, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import R from './fixtures/cox-term-names.json';

const COLON_MAPPING: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: ['rx'], factors: {} };

let harness: Harness;
let colon: DatasetSummaryInfo;
let folder: string;
beforeAll(async () => {
  harness = await startHarness();
  // colon's deaths: the rows with etype 2 (the last column), one per participant.
  const lines = readFileSync(resolve(import.meta.dirname, '../../../fixtures/data/colon.csv'), 'utf8').trim().split('\n');
  folder = mkdtempSync(join(tmpdir(), 'relapse-colon-'));
  const path = join(folder, 'colon-deaths.csv');
  writeFileSync(path, [lines[0], ...lines.slice(1).filter((line) => line.endsWith(',2'))].join('\n') + '\n');
  colon = await harness.importCsv(path, 'colon');
  expect(colon.rows).toBe(R.n);
});
afterAll(() => {
  harness.close();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(cleanup);

describe('CoxView term names', () => {
  test('"rx: Lev+5FU vs Lev", the reference row "rx: Lev" with hazard ratio 1, in the table and the forest plot', async () => {
    render(withWorkspace(workspaceFor(harness, COLON_MAPPING, { dataset: 'colon', summary: colon }), <CoxView />));
    tick('covariates', 'rx');
    tick('covariates', 'age');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('rx: Lev+5FU vs Lev'), { timeout: 20_000 });
    const rows = within(screen.getByTestId('cox-table'))
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
    expect(rows.map((r) => r[0])).toEqual(['rx: Lev', 'rx: Lev+5FU vs Lev', 'rx: Obs vs Lev', 'age']);
    // The reference row: hazard ratio 1, "reference", no estimate of its own.
    expect(rows[0]).toEqual(['rx: Lev', '', '', '1', 'reference', '', '']);
    // The estimated rows equal R's coxph, to the digits shown.
    R.coefficients.forEach((c, k) => {
      const row = rows[k + 1];
      expect(Number(row[3]), c.term).toBe(Number(c.hr.toFixed(3)));
      expect(row[4]).toBe(formatCI(c.hrLower, c.hrUpper, 3));
      expect(row[6]).toBe(formatP(c.p));
    });
    expect(R.levels[0]).toBe('Lev');
    // The forest plot: the same names in the same order; the reference row an open square at 1, "1 (reference)".
    const forest = screen.getByTestId('cox-forest');
    expect([...forest.querySelectorAll('.forest-row')].map((g) => g.getAttribute('data-term'))).toEqual(['rx: Lev', 'rx: Lev+5FU vs Lev', 'rx: Obs vs Lev', 'age']);
    const reference = forest.querySelector('.forest-reference-row')!;
    expect(reference.querySelector('.forest-label')!.textContent).toBe('1 (reference)');
    expect(reference.querySelector('.forest-interval')).toBeNull();
    expect(forest.querySelectorAll('.forest-estimate.forest-reference')).toHaveLength(1);
    expect(forest.querySelectorAll('.forest-interval')).toHaveLength(3);
  });
});
