// @vitest-environment jsdom
/**
 * The mapping screen with the real suggestion and validation: suggestions with their reasons, inline
 * validation errors with the offending rows, confirming, and saving/loading templates in the project.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MappingView } from '../../../../renderer/src/views/MappingView';
import type { MappingTemplate } from '../../../../renderer/src/views/types';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

describe('MappingView', () => {
  test('starts from the suggestions, shows why, and confirms a valid mapping', async () => {
    const confirmed: MappingTemplate[] = [];
    const workspace = workspaceFor(harness, null, { setMapping: (m) => m && confirmed.push(m) });
    render(withWorkspace(workspace, <MappingView />));
    await waitFor(() => screen.getByTestId('suggestion-reasons'), { timeout: 20_000 });
    expect(screen.getByTestId('suggestion-reasons').textContent).toMatch(/time: time — .*follow-up time/);
    expect((screen.getByLabelText('Days followed') as HTMLSelectElement).value).toBe('time');
    expect((screen.getByLabelText('How follow-up ended') as HTMLSelectElement).value).toBe('status');
    const confirm = screen.getByTestId('confirm-mapping') as HTMLButtonElement;
    await waitFor(() => expect(confirm.disabled).toBe(false), { timeout: 20_000 });
    fireEvent.click(confirm);
    expect(confirmed[0].outcome).toMatchObject({ time: 'time', event: 'status' });
    expect(workspace.visited).toEqual(['overview']);
  });

  test('an event value outside the coding is an inline error with its rows, and blocks confirming', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <MappingView />));
    fireEvent.change(screen.getByLabelText('How follow-up ended'), { target: { value: 'dose' } });
    await waitFor(() => expect(document.querySelector('[data-issue="event-uncoded"]')).toBeTruthy(), { timeout: 20_000 });
    const issue = document.querySelector('[data-issue="event-uncoded"]')!;
    expect(issue.textContent).toMatch(/Rows: 1, 2, 3/);
    expect((screen.getByTestId('confirm-mapping') as HTMLButtonElement).disabled).toBe(true);
  });

  test('a template saved in the project can be loaded again', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <MappingView />));
    fireEvent.change(screen.getByLabelText('Template name'), { target: { value: 'addicts basic' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save in project' }));
    await waitFor(() => screen.getByText('Saved the template "addicts basic" in the project.'));
    fireEvent.change(screen.getByLabelText('Days followed'), { target: { value: 'dose' } });
    fireEvent.change(screen.getByLabelText('Saved templates'), { target: { value: 'addicts basic' } });
    await waitFor(() => expect((screen.getByLabelText('Days followed') as HTMLSelectElement).value).toBe('time'));
    fireEvent.click(screen.getByRole('button', { name: 'Save to file…' }));
    await waitFor(() => expect(harness.saved.some((f) => f.name === 'addicts basic.json')).toBe(true));
    const file = JSON.parse(harness.saved.find((f) => f.name === 'addicts basic.json')!.content);
    expect(file).toMatchObject({ format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: ['1'] } });
  });
});
