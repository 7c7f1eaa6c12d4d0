// @vitest-environment jsdom
/**
 * Focus after an import in the Data step: the Import button that had focus goes away with the preview, so
 * focus moves to the report of what was imported (not lost to the page's body).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataView } from '../../../../renderer/src/views/DataView';
import { loadDataset } from '../../../helpers/datasets';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

describe('DataView focus', () => {
  test('after the import completes, focus is on the import report, which names the rows imported', async () => {
    render(withWorkspace(workspaceFor(harness, null, { dataset: null, summary: null, selectDataset: async () => {} }), <DataView />));
    fireEvent.click(screen.getByRole('button', { name: 'Choose a CSV file…' }));
    await waitFor(() => screen.getByTestId('import-preview'), { timeout: 20_000 });
    fireEvent.change(screen.getByLabelText('Dataset name'), { target: { value: 'addicts focus' } });
    const button = screen.getByTestId('import-button');
    button.focus();
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
    await waitFor(() => screen.getByTestId('import-report'), { timeout: 20_000 });
    const report = screen.getByTestId('import-report');
    await waitFor(() => expect(document.activeElement).toBe(report));
    expect(document.activeElement).not.toBe(document.body);
    expect(report.textContent).toContain(`Imported ${loadDataset('addicts').num('time').length} rows into "addicts focus"`);
  });
});
