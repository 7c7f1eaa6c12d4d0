// @vitest-environment jsdom
/**
 * Arrow keys on a closed select (issue 15 item 4): stepping through the options changes the select at
 * each key, but the analysis runs once, for the option the user settles on (Enter, leaving the select,
 * or a pause), not once per option passed. A choice by mouse runs at once. The Survival view on addicts
 * with the real handlers; the analysis requests are counted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import { SETTLE_MS } from '../../../../renderer/src/components/AnalysisForm';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const LONG = { timeout: 20_000 };
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const requests = (analysis: string) => harness.calls.filter((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === analysis).map((c) => (c.args as { options: Record<string, unknown> }).options);

/** One arrow key on the closed select: the browser moves to the next option and fires change. */
function arrow(select: HTMLSelectElement, key: 'ArrowDown' | 'ArrowUp', value: string) {
  fireEvent.keyDown(select, { key });
  fireEvent.change(select, { target: { value } });
}

async function settledSurvival() {
  render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SurvivalView />));
  await waitFor(() => screen.getByTestId('survival-medians'), LONG);
  await waitFor(() => expect(screen.queryByText('Calculating…')).toBeNull(), LONG);
  harness.calls.length = 0;
  return screen.getByLabelText('Compare groups') as HTMLSelectElement;
}

describe('arrow keys on a closed select', () => {
  test('stepping through three groups and leaving the select runs the analyses once, for the last group', async () => {
    const group = await settledSurvival();
    expect(group.value).toBe('clinic');
    arrow(group, 'ArrowDown', 'prison');
    expect(group.value).toBe('prison');
    arrow(group, 'ArrowDown', 'dose');
    arrow(group, 'ArrowUp', 'prison');
    // Nothing runs while the user steps through the options.
    expect(requests('logrank')).toEqual([]);
    expect(requests('km')).toEqual([]);
    fireEvent.blur(group);
    await waitFor(() => expect(requests('km')).toHaveLength(1), LONG);
    expect(requests('logrank').map((o) => o.group)).toEqual(['prison']);
    expect(requests('km').map((o) => o.group)).toEqual(['prison']);
    await waitFor(() => expect(screen.getByTestId('survival-medians').textContent).toMatch(/prison 1/), LONG);
  });

  test('Enter settles at once; a pause settles too', async () => {
    const group = await settledSurvival();
    arrow(group, 'ArrowDown', 'prison');
    arrow(group, 'ArrowDown', 'dose');
    fireEvent.keyDown(group, { key: 'Enter' });
    await waitFor(() => expect(requests('logrank').map((o) => o.group)).toEqual(['dose']), LONG);
    await waitFor(() => expect(requests('km')).toHaveLength(1), LONG);
    await waitFor(() => expect(screen.queryByText('Calculating…')).toBeNull(), LONG);
    harness.calls.length = 0;
    vi.useFakeTimers();
    arrow(group, 'ArrowUp', 'prison');
    arrow(group, 'ArrowUp', 'clinic');
    act(() => vi.advanceTimersByTime(SETTLE_MS - 1));
    expect(requests('logrank')).toEqual([]);
    act(() => vi.advanceTimersByTime(1));
    vi.useRealTimers();
    await waitFor(() => expect(requests('logrank').map((o) => o.group)).toEqual(['clinic']), LONG);
  });

  test('a choice by mouse (change without an arrow key) runs at once', async () => {
    const group = await settledSurvival();
    fireEvent.change(group, { target: { value: 'prison' } });
    await waitFor(() => expect(requests('logrank').map((o) => o.group)).toEqual(['prison']), LONG);
  });
});
