// @vitest-environment jsdom
/**
 * Mapping templates as files, with the real handlers: "Save to file…" writes the public template format
 * (serialiseMapping of the mapping on screen) through the save dialog, and "Load from file…" reads a
 * template through the open dialog and `mapping:parse` into the form.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MappingView } from '../../../../renderer/src/views/MappingView';
import { parseMapping, serialiseMapping } from '../../../../shared/mapping/format';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/mapping/fixtures');
const DEMO_MAPPING_FILE = resolve(FIXTURES, 'demo-mapping.json');
const LONG = { timeout: 20_000 };

let harness: Harness;
let demoSummary: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  demoSummary = await harness.importCsv(resolve(FIXTURES, 'demo-cohort-2000.csv'), 'demo');
}, 60_000);
afterAll(() => harness.close());
afterEach(() => {
  cleanup();
  harness.setMappingFile(null);
});

describe('MappingView templates as files', () => {
  test('Save to file… writes the mapping on screen in the template format', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <MappingView />));
    fireEvent.change(screen.getByLabelText('Template name'), { target: { value: 'addicts clinics' } });
    const before = harness.saved.length;
    fireEvent.click(screen.getByRole('button', { name: 'Save to file…' }));
    await waitFor(() => expect(harness.saved.length).toBe(before + 1), LONG);
    const file = harness.saved[before];
    expect(file.name).toBe('addicts clinics.json');
    expect(file.content).toBe(serialiseMapping(parseMapping(ADDICTS_MAPPING)));
    const written = JSON.parse(file.content) as MappingTemplate;
    expect(written).toMatchObject({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: ['clinic'] });
    expect(written.factors.physical_dependence).toEqual([{ column: 'dose', direction: 'protective' }]);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Saved the template to .*addicts clinics\.json/), LONG);
  });

  test('Load from file… fills the form from a template file and checks it against the data', async () => {
    harness.setMappingFile(DEMO_MAPPING_FILE);
    render(withWorkspace(workspaceFor(harness, null, { dataset: 'demo', summary: demoSummary }), <MappingView />));
    await waitFor(() => screen.getByTestId('suggestion-reasons'), LONG);
    fireEvent.click(screen.getByRole('button', { name: 'Load from file…' }));
    await waitFor(() => expect(screen.getByText(/Loaded the template from .*demo-mapping\.json/)).toBeTruthy(), LONG);
    const expected = parseMapping(readFileSync(DEMO_MAPPING_FILE, 'utf8'));
    expect((screen.getByLabelText('Participant id') as HTMLSelectElement).value).toBe(expected.id);
    expect((screen.getByLabelText('Days followed') as HTMLSelectElement).value).toBe('days_followed');
    expect((screen.getByLabelText('How follow-up ended') as HTMLSelectElement).value).toBe('relapsed');
    expect((screen.getByLabelText('Values meaning relapse') as HTMLInputElement).value).toBe('1');
    // Every factor item of the file is in the form, in order.
    for (const [factor, items] of Object.entries(expected.factors)) {
      items!.forEach((item, k) => {
        expect((document.getElementById(`f-${factor}-${k}-col`) as HTMLSelectElement).value).toBe(item.column);
        expect((document.getElementById(`f-${factor}-${k}-dir`) as HTMLSelectElement).value).toBe(item.direction);
      });
      expect(document.getElementById(`f-${factor}-${items!.length}-col`)).toBeNull();
    }
    // The loaded template fits the demo data: it validates and can be confirmed.
    const confirm = screen.getByTestId('confirm-mapping') as HTMLButtonElement;
    await waitFor(() => expect(confirm.disabled).toBe(false), LONG);
  });

  test('a file that is not a template is refused with the reason, and the form is kept', async () => {
    const bad = join(tmpdir(), `not-a-template-${process.pid}.json`);
    writeFileSync(bad, JSON.stringify({ format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time' } }));
    harness.setMappingFile(bad);
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <MappingView />));
    fireEvent.click(screen.getByRole('button', { name: 'Load from file…' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/outcome\.event/), LONG);
    expect((screen.getByLabelText('How follow-up ended') as HTMLSelectElement).value).toBe('status');
    rmSync(bad, { force: true });
  });
});
