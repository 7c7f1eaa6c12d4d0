// @vitest-environment jsdom
/**
 * The data step with the real import: the preview of addicts.csv (types, missing values), importing it
 * into the project, and the column check.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DataView } from '../../../../renderer/src/views/DataView';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

describe('DataView', () => {
  test('preview, import under a new name, and the dataset becomes the one in use', async () => {
    const selected: (string | null)[] = [];
    render(withWorkspace(workspaceFor(harness, null, { dataset: null, summary: null, selectDataset: async (name) => void selected.push(name) }), <DataView />));
    fireEvent.click(screen.getByRole('button', { name: 'Choose a CSV file…' }));
    await waitFor(() => screen.getByTestId('import-preview'), { timeout: 20_000 });
    const columns = within(screen.getByTestId('preview-columns')).getAllByRole('row').slice(1);
    expect(columns.map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual(['id', 'clinic', 'status', 'time', 'prison', 'dose']);
    expect(within(columns[5]).getAllByRole('cell')[1].textContent).toBe('integer');
    fireEvent.change(screen.getByLabelText('Dataset name'), { target: { value: 'addicts again' } });
    fireEvent.click(screen.getByTestId('import-button'));
    await waitFor(() => screen.getByTestId('import-report'), { timeout: 20_000 });
    expect(screen.getByTestId('import-report').textContent).toContain('Imported 238 rows into "addicts again"');
    expect(selected).toEqual(['addicts again']);
    const request = harness.calls.find((c) => c.channel === 'dataset:import')!.args as { naCodes: string[]; dropColumns: string[] };
    expect(request.naCodes).toEqual(['NA', 'N/A', '.', '-99', '-999']);
    expect(request.dropColumns).toEqual([]);
  });

  test('the column check of the dataset in use', () => {
    render(withWorkspace(workspaceFor(harness, null), <DataView />));
    const rows = within(screen.getByTestId('column-summary')).getAllByRole('row').slice(1);
    const dose = rows.find((r) => within(r).getAllByRole('cell')[0].textContent === 'dose')!;
    expect(within(dose).getAllByRole('cell').map((c) => c.textContent).slice(1, 4)).toEqual(['integer', '238', '0']);
  });
});
