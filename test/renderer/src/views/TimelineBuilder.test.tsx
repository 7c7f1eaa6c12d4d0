// @vitest-environment jsdom
/**
 * The Data step's "Build intervals from visits" card with the real handlers (harness.tsx): the edge
 * participants and visits CSVs of test/shared/data/fixtures/timeline.R imported next to addicts, the
 * columns and kinds chosen in plain words, the intervals built and stored; the stored values equal R
 * survival's tmerge (timeline.json), every row left out is shown, the new dataset becomes the one in use,
 * and a refusal is one line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DataView } from '../../../../renderer/src/views/DataView';
import { TimelineBuilder } from '../../../../renderer/src/views/TimelineBuilder';
import type { ProjectInfo } from '../../../../renderer/src/views/types';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

type Values = (number | string | null)[];
const FIXTURES = resolve(import.meta.dirname, '../../../shared/data/fixtures');
const fixture = JSON.parse(readFileSync(resolve(FIXTURES, 'timeline.json'), 'utf8')) as {
  cases: { name: string; expected: { columns: string[]; rows: number; values: Record<string, Values> } }[];
};
const edge = fixture.cases.find((c) => c.name === "edge: the CLI's three kinds")!;

let harness: Harness;
let project: ProjectInfo;
beforeAll(async () => {
  harness = await startHarness();
  await harness.importCsv(resolve(FIXTURES, 'timeline-participants.csv'), 'participants');
  await harness.importCsv(resolve(FIXTURES, 'timeline-measures.csv'), 'visits');
  project = ((await window.relapse!.invoke('project:current', {})) as { value: ProjectInfo }).value;
}, 60_000);
afterAll(() => harness.close());
afterEach(cleanup);

/** Chooses an option of the select labelled `label` once the option is there (columns load from main). */
async function choose(label: string, value: string) {
  const select = screen.getByLabelText(label) as HTMLSelectElement;
  await waitFor(() => expect(Array.from(select.options).map((o) => o.value)).toContain(value), { timeout: 20_000 });
  fireEvent.change(select, { target: { value } });
  expect(select.value).toBe(value);
}

describe('TimelineBuilder', () => {
  test('shown in the Data step once the project holds two datasets', () => {
    render(withWorkspace(workspaceFor(harness, null, { project: { ...project, datasets: project.datasets.slice(0, 1) } }), <DataView />));
    expect(screen.queryByTestId('timeline-builder')).toBeNull();
    cleanup();
    render(withWorkspace(workspaceFor(harness, null, { project }), <DataView />));
    expect(screen.getByRole('heading', { name: 'Build intervals from visits' })).toBeTruthy();
  });

  test("builds the edge files' intervals in plain words: tmerge's values stored, every row left out shown, the new dataset in use", async () => {
    const projects: ProjectInfo[] = [];
    const selected: (string | null)[] = [];
    render(withWorkspace(workspaceFor(harness, null, { project, setProject: (p) => void projects.push(p!), selectDataset: async (name) => void selected.push(name) }), <TimelineBuilder />));
    await choose('Participants dataset', 'participants');
    await choose('Visits dataset', 'visits');
    // The guesses from the column names, each a choice the user can change.
    await waitFor(() => expect((screen.getByLabelText('End of follow-up (day)') as HTMLSelectElement).value).toBe('futime'), { timeout: 20_000 });
    expect((screen.getByLabelText('Participant id') as HTMLSelectElement).value).toBe('id');
    expect((screen.getByLabelText('Event at the end of follow-up') as HTMLSelectElement).value).toBe('status');
    await waitFor(() => expect((screen.getByLabelText('Day of the visit') as HTMLSelectElement).value).toBe('day'), { timeout: 20_000 });
    expect((screen.getByLabelText('Participant id in the visits') as HTMLSelectElement).value).toBe('id');
    expect((screen.getByLabelText('Measure 1') as HTMLSelectElement).value).toBe('craving');
    // The kinds in the user's words only.
    expect(Array.from((screen.getByLabelText('How measure 1 is used') as HTMLSelectElement).options).map((o) => o.textContent)).toEqual([
      'value carried forward',
      'running total',
      'event on that day',
    ]);
    for (const [k, column, kind] of [
      [2, 'aftercare', 'cumulative'],
      [3, 'relapse', 'event'],
      [4, 'housing', 'tdc'],
    ] as const) {
      fireEvent.click(screen.getByRole('button', { name: 'Add a measure' }));
      await choose(`Measure ${k}`, column);
      fireEvent.change(screen.getByLabelText(`How measure ${k} is used`), { target: { value: kind } });
    }
    expect((screen.getByLabelText('Name of the new dataset') as HTMLInputElement).value).toBe('visits intervals');
    fireEvent.change(screen.getByLabelText('Name of the new dataset'), { target: { value: 'craving intervals' } });
    fireEvent.click(screen.getByTestId('timeline-build'));
    await waitFor(() => screen.getByTestId('timeline-result'), { timeout: 30_000 });

    const result = screen.getByTestId('timeline-result');
    expect(result.textContent).toContain('Built 10 intervals of 5 participants into "craving intervals" (columns id, tstart, tstop, status, craving, aftercare, relapse, housing)');
    const problems = within(screen.getByTestId('timeline-problems')).getAllByRole('listitem').map((li) => li.textContent);
    expect(problems.slice(0, 3)).toEqual([
      'Left out (participants): 1 participant has no end of follow-up ("futime") and was left out (first: data row 6)',
      'Left out (participants): 1 participant has an end of follow-up ("futime") at or before 0, the start, and was left out (first: data row 7)',
      // kept, censored: a note rather than a row left out
      'Note (participants): 1 participant has no event status ("status"); as in tmerge, the last interval is censored (0) (first: data row 5)',
    ]);
    expect(problems).toContain('Left out (visits): 1 measure row has an id that is not in dataset "participants" and was left out (first: data row 12)');
    expect(problems.filter((p) => p!.startsWith('Left out')).length).toBe(8);
    expect(problems.some((p) => p!.startsWith('Changed nothing (visits): craving:'))).toBe(true);
    expect(screen.getByTestId('timeline-builder').textContent).not.toMatch(/\btdc\b|cumtdc/);

    expect(selected).toEqual(['craving intervals']);
    expect(projects[0].datasets.map((d) => d.name)).toEqual(['addicts', 'participants', 'visits', 'craving intervals']);
    // The stored dataset's numbers, read back through main, equal R's tmerge table.
    const numeric = ['id', 'tstart', 'tstop', 'status', 'craving', 'aftercare', 'relapse'];
    const values = (await window.relapse!.invoke('dataset:values', { dataset: 'craving intervals', columns: numeric })) as { ok: true; value: { rows: number; columns: { name: string; values: (number | null)[] }[] } };
    expect(values.value.rows).toBe(edge.expected.rows);
    for (const column of values.value.columns) expect(column.values, column.name).toEqual(edge.expected.values[column.name]);
  });

  test('a name already taken is refused in one line and nothing is added', async () => {
    render(withWorkspace(workspaceFor(harness, null, { project }), <TimelineBuilder />));
    await choose('Participants dataset', 'participants');
    await choose('Visits dataset', 'visits');
    await waitFor(() => expect((screen.getByLabelText('Measure 1') as HTMLSelectElement).value).toBe('craving'), { timeout: 20_000 });
    fireEvent.change(screen.getByLabelText('Name of the new dataset'), { target: { value: 'addicts' } });
    fireEvent.click(screen.getByTestId('timeline-build'));
    await waitFor(() => screen.getByRole('alert'), { timeout: 20_000 });
    expect(screen.getByRole('alert').textContent).toBe('This could not be completed: project.sqlite: a dataset named "addicts" already exists; choose another name');
    expect(screen.queryByTestId('timeline-result')).toBeNull();
  });

  test("the engine's refusal in the app's words: a text column as a running total", async () => {
    render(withWorkspace(workspaceFor(harness, null, { project }), <TimelineBuilder />));
    await choose('Participants dataset', 'participants');
    await choose('Visits dataset', 'visits');
    await waitFor(() => expect((screen.getByLabelText('Measure 1') as HTMLSelectElement).value).toBe('craving'), { timeout: 20_000 });
    await choose('Measure 1', 'housing');
    fireEvent.change(screen.getByLabelText('How measure 1 is used'), { target: { value: 'cumulative' } });
    fireEvent.change(screen.getByLabelText('Name of the new dataset'), { target: { value: 'housing totals' } });
    fireEvent.click(screen.getByTestId('timeline-build'));
    await waitFor(() => screen.getByRole('alert'), { timeout: 20_000 });
    expect(screen.getByRole('alert').textContent).toBe('This could not be completed: dataset "visits": column "housing" (a running total) must hold numbers (data row 1: "stable")');
  });

  test('read-only project: said, and Build is not offered', () => {
    render(withWorkspace(workspaceFor(harness, null, { project: { ...project, readOnly: true } }), <TimelineBuilder />));
    expect(screen.getByTestId('timeline-read-only').textContent).toContain('open read-only');
    expect((screen.getByTestId('timeline-build') as HTMLButtonElement).disabled).toBe(true);
  });
});
