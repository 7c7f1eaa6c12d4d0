// @vitest-environment jsdom
/**
 * The workspace shell with the real handlers: the guided steps unlock as a project, a dataset and a
 * mapping are chosen; the demo cohort opens with its saved mapping straight into the overview.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App, STEPS } from '../../../../renderer/src/App';
import { startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

const step = (id: string) => document.querySelector(`nav button[data-step="${id}"]`) as HTMLButtonElement;

describe('App', () => {
  test('eleven steps in order; later steps say what they need and do not open yet', () => {
    render(<App />);
    expect(STEPS.map((s) => s.label)).toEqual(['Project', 'Data', 'Mapping', 'Overview', 'Survival', 'Cox', 'Compare sites', 'Recurrent relapses', 'Correlation', 'More analyses', 'Report']);
    expect(step('project').getAttribute('aria-current')).toBe('step');
    expect(step('survival').getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(step('survival'));
    expect(document.querySelector('main')!.getAttribute('data-view')).toBe('project');
    expect(document.activeElement?.tagName).toBe('H1');
  });

  test('the demo cohort opens with its mapping in the overview', async () => {
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Open the demo cohort' }));
    await waitFor(() => expect(document.querySelector('main')!.getAttribute('data-view')).toBe('overview'), { timeout: 60_000 });
    expect(step('cox').getAttribute('aria-disabled')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('tile-participants').textContent).toBe('5,000'), { timeout: 60_000 });
  });
});

describe('App on the first run of the desktop app', () => {
  test('opens the demo cohort by itself, mapped, in the overview', async () => {
    // Main says this is the first run (no project was ever opened here; see handlers.test.ts).
    const api = window.relapse!;
    window.relapse = {
      ...api,
      invoke: (async (channel: string, args: unknown) => {
        const reply = await api.invoke(channel as never, args as never);
        return channel === 'app:info' && reply.ok ? { ok: true, value: { ...(reply.value as object), firstRun: true } } : reply;
      }) as typeof api.invoke,
    };
    try {
      render(<App />);
      await waitFor(() => expect(document.querySelector('main')!.getAttribute('data-view')).toBe('overview'), { timeout: 60_000 });
      await waitFor(() => expect(screen.getByTestId('tile-participants').textContent).toBe('5,000'), { timeout: 60_000 });
    } finally {
      window.relapse = api;
    }
  });
});
