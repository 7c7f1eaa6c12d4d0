// @vitest-environment jsdom
/**
 * The data step with the real import: the preview of addicts.csv (types, missing values), importing it
 * into the project, and the column check.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { columnDescription, DataView } from '../../../../renderer/src/views/DataView';
import { ADDICTS_CSV as ADDICTS, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import type { ProjectInfo } from '../../../../renderer/src/views/types';

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

  test('renames a dataset (the one in use follows its new name) and deletes another after a confirmation', async () => {
    await harness.importCsv(ADDICTS, 'to rename');
    await harness.importCsv(ADDICTS, 'to delete');
    const projects: ProjectInfo[] = [];
    const selected: (string | null)[] = [];
    const project = ((await window.relapse!.invoke('project:current', {})) as { value: ProjectInfo }).value;
    render(withWorkspace(workspaceFor(harness, null, { project, dataset: 'to rename', setProject: (p) => void projects.push(p!), selectDataset: async (name) => void selected.push(name) }), <DataView />));
    fireEvent.click(screen.getByRole('button', { name: 'Rename to rename' }));
    fireEvent.change(screen.getByLabelText('New name for to rename'), { target: { value: ' site A, 2024 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    await waitFor(() => expect(projects).toHaveLength(1));
    expect(projects[0].datasets.map((d) => d.name)).toContain('site A, 2024');
    expect(projects[0].datasets.map((d) => d.name)).not.toContain('to rename');
    await waitFor(() => expect(selected).toEqual(['site A, 2024']));
    // Delete asks first; "Keep it" keeps it.
    fireEvent.click(screen.getByRole('button', { name: 'Delete to delete' }));
    expect(screen.getByRole('group', { name: 'Delete to delete' }).textContent).toContain('The CSV file itself is not touched.');
    fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(harness.calls.some((c) => c.channel === 'dataset:delete')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete to delete' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Delete to delete' })).getByRole('button', { name: 'Delete to delete' }));
    await waitFor(() => expect(projects).toHaveLength(2));
    expect(projects[1].datasets.map((d) => d.name)).not.toContain('to delete');
    // A name already taken is refused in one line, next to the list.
    fireEvent.click(screen.getByRole('button', { name: 'Rename addicts' }));
    fireEvent.change(screen.getByLabelText('New name for addicts'), { target: { value: 'site A, 2024' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    await waitFor(() => expect(within(screen.getByTestId('dataset-list').parentElement!).getByRole('alert').textContent).toContain('a dataset named "site A, 2024" already exists'));
  });

  test('describes each column in its own terms: dates as days, yes/no as shares, whole numbers without decimals', () => {
    // 2020-01-02 and 2021-11-30 as stored (days since 1970-01-01).
    expect(columnDescription({ name: 'intake', type: 'date', n: 200, missing: 1, mean: 18500, sd: 100, min: 18263, max: 18961 })).toBe('earliest 2020-01-02, latest 2021-11-30');
    expect(columnDescription({ name: 'housed', type: 'boolean', n: 238, missing: 0, mean: 148 / 238, sd: 0.5, min: 0, max: 1 })).toBe('yes 62% (148), no 38% (90)');
    expect(columnDescription({ name: 'dose', type: 'integer', n: 238, missing: 0, mean: 60.39916, sd: 14.45, min: 20, max: 110 })).toBe('mean 60.40, SD 14.45, range 20 to 110');
    expect(columnDescription({ name: 'craving', type: 'number', n: 10, missing: 0, mean: 1.5, sd: 0.25, min: 0.5, max: 2.75 })).toBe('mean 1.50, SD 0.25, range 0.50 to 2.75');
    expect(columnDescription({ name: 'intake', type: 'date', n: 0, missing: 5, mean: null, sd: null, min: null, max: null })).toBe('');
  });
});
