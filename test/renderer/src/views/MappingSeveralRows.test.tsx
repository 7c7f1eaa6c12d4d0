// @vitest-environment jsdom
/**
 * The Mapping step's "Several rows per participant (episodes or intervals)" on R's cgd ((tstart, tstop]
 * rows, several per participant) with the real validation: as one row per participant the repeated ids
 * are an error; as several rows the id, interval start and stop and the event are mapped, an interval
 * whose stop is not after its start is an inline error with its rows, and the confirmed mapping carries
 * `outcome.intervalStart` and leads to the Recurrent relapses step.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MappingView } from '../../../../renderer/src/views/MappingView';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
let cgd: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  cgd = await harness.importCsv(resolve(import.meta.dirname, '../../../fixtures/data/cgd.csv'), 'cgd');
});
afterAll(() => harness.close());
afterEach(cleanup);

const select = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('MappingView: several rows per participant', () => {
  test('cgd: repeated ids refused as one row per participant, accepted as intervals; confirming leads to Recurrent relapses', async () => {
    const confirmed: MappingTemplate[] = [];
    const workspace = workspaceFor(harness, null, { dataset: 'cgd', summary: cgd, setMapping: (m) => m && confirmed.push(m) });
    render(withWorkspace(workspace, <MappingView />));
    await waitFor(() => screen.getByTestId('suggestion-reasons'), { timeout: 20_000 });
    select('Participant id', 'id');
    select('Days followed', 'tstop');
    select('How follow-up ended', 'status');
    await waitFor(() => expect(document.querySelector('[data-issue="duplicate-id"]')).toBeTruthy(), { timeout: 20_000 });

    fireEvent.click(screen.getByRole('radio', { name: 'Several rows per participant (episodes or intervals)' }));
    expect(screen.getByTestId('several-rows-help').textContent).toContain('Build intervals from visits');
    fireEvent.click(screen.getByRole('button', { name: 'Link a visits file' }));
    expect(workspace.visited).toEqual(['data']);
    workspace.visited.length = 0;
    expect((screen.getByLabelText('Interval stop (days)') as HTMLSelectElement).value).toBe('tstop');
    // Intervals are days: the choice between days and dates is not offered.
    expect(screen.queryByRole('radio', { name: 'start and end dates' })).toBeNull();
    select('Interval start (days)', 'tstop');
    await waitFor(() => expect(document.querySelector('[data-issue="interval-not-after-start"]')).toBeTruthy(), { timeout: 20_000 });
    expect(document.querySelector('[data-issue="interval-not-after-start"]')!.textContent).toMatch(/^error: the interval stop "tstop" is not after the interval start "tstop" in data rows 1, 2, 3, 4, 5, … \(203 rows\) Rows: 1, 2, 3/);
    expect(document.querySelector('[data-issue="duplicate-id"]')).toBeNull();
    const confirm = screen.getByTestId('confirm-mapping') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);

    select('Interval start (days)', 'tstart');
    await waitFor(() => expect(confirm.disabled).toBe(false), { timeout: 20_000 });
    expect(document.querySelector('[data-issue^="interval"]')).toBeNull();
    fireEvent.click(confirm);
    expect(confirmed[0]).toMatchObject({ id: 'id', outcome: { time: 'tstop', intervalStart: 'tstart', event: 'status' } });
    expect(workspace.visited).toEqual(['recurrent']);
  });
});
