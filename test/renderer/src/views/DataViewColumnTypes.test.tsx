// @vitest-environment jsdom
/**
 * The Data step's type menu (issue 15 item 1: 'let the user change a column's type at import'): the
 * preview reads the column again with the chosen type, the import uses it, and a type a column cannot
 * take is refused in one line with the preview kept.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DataView, misfitText } from '../../../../renderer/src/views/DataView';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

const row = (name: string) => within(screen.getByTestId('preview-columns')).getAllByRole('row').find((r) => within(r).queryAllByRole('cell')[0]?.textContent === name)!;

describe('DataView column types', () => {
  test('clinic read as text: the preview shows it so, and the import sends and uses it', async () => {
    const selected: (string | null)[] = [];
    render(withWorkspace(workspaceFor(harness, null, { dataset: null, summary: null, selectDataset: async (name) => void selected.push(name) }), <DataView />));
    fireEvent.click(screen.getByRole('button', { name: 'Choose a CSV file…' }));
    await waitFor(() => screen.getByTestId('import-preview'), { timeout: 20_000 });
    const menu = screen.getByLabelText('Type of column clinic') as HTMLSelectElement;
    expect(menu.value).toBe('integer');
    expect([...menu.options].map((o) => o.textContent)).toEqual(['whole number', 'number', 'date', 'yes/no', 'categories', 'text']);
    fireEvent.change(menu, { target: { value: 'text' } });
    await waitFor(() => expect(within(row('clinic')).getAllByRole('cell')[1].textContent).toBe('text, chosen (guessed integer)'), { timeout: 20_000 });
    expect((screen.getByLabelText('Type of column clinic') as HTMLSelectElement).value).toBe('text');
    const previews = harness.calls.filter((c) => c.channel === 'dataset:preview');
    expect(previews.at(-1)!.args).toMatchObject({ columnTypes: { clinic: 'text' } });

    // A type that no value fits is refused in one line; the preview and the earlier choice stay.
    fireEvent.change(screen.getByLabelText('Type of column dose'), { target: { value: 'date' } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('column "dose" cannot be read as date: none of its values is a date (e.g. "50"); keep its type integer or fix the file'), { timeout: 20_000 });
    expect((screen.getByLabelText('Type of column dose') as HTMLSelectElement).value).toBe('integer');
    expect(screen.getByTestId('import-preview')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Dataset name'), { target: { value: 'clinic as text' } });
    fireEvent.click(screen.getByTestId('import-button'));
    await waitFor(() => screen.getByTestId('import-report'), { timeout: 20_000 });
    const request = harness.calls.find((c) => c.channel === 'dataset:import')!.args as { columnTypes?: Record<string, string> };
    expect(request.columnTypes).toEqual({ clinic: 'text' });
    expect(selected).toEqual(['clinic as text']);
    const summary = (await window.relapse!.invoke('dataset:summary', { dataset: 'clinic as text' })) as { ok: true; value: { columns: { name: string; type: string }[] } };
    expect(summary.value.columns.find((c) => c.name === 'clinic')!.type).toBe('text');
  });

  test('values that do not fit are named with their file lines', () => {
    expect(misfitText(2, [{ line: 4, value: 'unknown' }, { line: 6, value: '15/13/2020' }])).toBe('2 values do not fit and will be missing: line 4 "unknown", line 6 "15/13/2020"');
    expect(misfitText(7, [{ line: 4, value: 'x' }])).toBe('7 values do not fit and will be missing: line 4 "x", …');
    expect(misfitText(0, [])).toBe('');
  });
});
