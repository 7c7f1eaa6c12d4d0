// @vitest-environment jsdom
/**
 * The Mapping step with start and end dates (issue 15 items 1 and 2): a suggestion of dates opens the
 * dates mode with its fields; a relapse date before the intake is an error under the relapse-date field
 * (named by the field's aria-describedby, saying how to fix it) with the row and its values; 'Leave this
 * row out' records the row in the mapping, unblocks 'Use this mapping', and main records it in the audit log.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MappingView } from '../../../../renderer/src/views/MappingView';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
let folder: string;
let summary: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  folder = mkdtempSync(join(tmpdir(), 'mapping-exclusions-'));
  const csv = join(folder, 'dates.csv');
  writeFileSync(
    csv,
    [
      'pid,intake,relapse_date,last_contact,relapsed,employed',
      'P1,2024-01-10,2024-02-10,,1,1',
      'P2,2024-01-10,,2024-06-01,0,0',
      'P3,2024-02-01,2024-01-20,,1,1', // relapse before intake
      'P4,2024-02-01,2024-05-01,,1,0',
      'P5,2024-03-01,2024-03-15,,1,0',
      'P6,2024-03-01,,2024-08-15,0,1',
    ].join('\n') + '\n',
  );
  summary = await harness.importCsv(csv, 'dates');
});
afterAll(() => {
  harness.close();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(cleanup);

describe('MappingView with dates', () => {
  test('dates mode from the suggestion; the backward row next to its field; left out, recorded, and the mapping used', async () => {
    const confirmed: MappingTemplate[] = [];
    const workspace = workspaceFor(harness, null, { dataset: 'dates', summary, setMapping: (m) => m && confirmed.push(m) });
    render(withWorkspace(workspace, <MappingView />));
    await waitFor(() => screen.getByTestId('suggestion-reasons'), { timeout: 20_000 });
    // the suggestion uses start and end dates: the dates mode is selected and its fields are visible
    expect((screen.getByRole('radio', { name: 'start and end dates' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText('Days followed')).toBeNull();
    expect((screen.getByLabelText('Start date') as HTMLSelectElement).value).toBe('intake');
    expect((screen.getByLabelText('Relapse date') as HTMLSelectElement).value).toBe('relapse_date');
    expect((screen.getByLabelText('Last contact date') as HTMLSelectElement).value).toBe('last_contact');

    // the error sits under the relapse-date field, which names it
    const relapse = screen.getByLabelText('Relapse date') as HTMLSelectElement;
    await waitFor(() => expect(relapse.getAttribute('aria-describedby')).toBe('map-end-issues'), { timeout: 20_000 });
    expect(relapse.getAttribute('aria-invalid')).toBe('true');
    const list = document.getElementById('map-end-issues')!;
    expect(list.closest('.field')).toBe(relapse.closest('.field'));
    expect(list.textContent).toContain('end (relapse) date "relapse_date" is before the start date "intake" in data rows 3: correct the dates in the file and import it again, or leave these rows out');
    const offer = within(list).getByTestId('exclusion-offer-end-before-start-relapse_date');
    expect(within(offer).getAllByRole('row').map((r) => r.textContent)).toEqual(['Data rowpidintakerelapse_datelast_contactrelapsed', '3P32024-02-012024-01-20missing1']);
    const confirm = screen.getByTestId('confirm-mapping') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);

    fireEvent.click(within(offer).getByRole('button', { name: 'Leave this row out' }));
    await waitFor(() => expect(screen.getByTestId('excluded-rows').textContent).toContain('Left out of every analysis: data row 3 (end date before the start date).'), { timeout: 20_000 });
    await waitFor(() => expect(confirm.disabled).toBe(false), { timeout: 20_000 });
    expect(relapse.getAttribute('aria-describedby')).toBeNull();
    fireEvent.click(confirm);
    await waitFor(() => expect(confirmed).toHaveLength(1), { timeout: 20_000 });
    expect(confirmed[0].excludeRows).toEqual([{ reason: 'end-before-start', rows: [3] }]);
    expect(confirmed[0].outcome).toMatchObject({ start: 'intake', end: 'relapse_date', censorEnd: 'last_contact' });
    expect(confirmed[0].outcome.time).toBeUndefined();
    expect(workspace.visited).toEqual(['overview']);
    expect(harness.calls.find((c) => c.channel === 'mapping:use')?.reply).toEqual({ ok: true, value: { excludedRows: 1 } });
    const audit = (await window.relapse!.invoke('audit:list', {})) as { ok: true; value: { action: string; details: unknown }[] };
    expect(audit.value.filter((e) => e.action === 'rows-excluded').at(-1)!.details).toEqual({ dataset: 'dates', exclusions: [{ reason: 'end-before-start', label: 'end date before the start date', count: 1, rows: [3] }] });
  });

  test('"Put the rows back" brings the error back', async () => {
    const draft: MappingTemplate = {
      format: 'relapse-workbench-mapping',
      version: 1,
      id: 'pid',
      outcome: { start: 'intake', end: 'relapse_date', censorEnd: 'last_contact', event: 'relapsed', eventValues: ['1'] },
      groups: [],
      factors: { coping_skills: [{ column: 'employed', direction: 'protective' }] },
      excludeRows: [{ reason: 'end-before-start', rows: [3] }],
    };
    render(withWorkspace(workspaceFor(harness, draft, { dataset: 'dates', summary }), <MappingView />));
    const confirm = screen.getByTestId('confirm-mapping') as HTMLButtonElement;
    await waitFor(() => expect(confirm.disabled).toBe(false), { timeout: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Put the rows back' }));
    await waitFor(() => expect(document.querySelector('[data-issue="end-before-start"]')).toBeTruthy(), { timeout: 20_000 });
    expect(confirm.disabled).toBe(true);
    expect(screen.queryByTestId('excluded-rows')).toBeNull();
  });
});
