// @vitest-environment jsdom
/**
 * Cancelling analyses (issue 15 item 4): a run taking longer than a moment offers a Cancel button, which
 * sends job:cancel for that run, keeps the last good result on screen out of date and says "Cancelled";
 * a newer request cancels the older run still computing (job:cancel for the older run's jobId, not
 * just ignoring its reply). The Cox view on addicts with the real handlers; the runs are held back
 * (a long analysis) by wrapping the bridge.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CoxView } from '../../../../renderer/src/views/CoxView';
import type { RelapseApi } from '../../../../shared/ipc/contract';
import { tick, ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
let invoke: RelapseApi['invoke'];
beforeAll(async () => {
  harness = await startHarness();
  invoke = window.relapse!.invoke;
});
afterAll(() => harness.close());
afterEach(() => {
  cleanup();
  window.relapse!.invoke = invoke;
});

interface HeldRun {
  args: { jobId?: string; options: Record<string, unknown> };
  release: () => void;
  cancelled: boolean;
}

/** From now on analysis:run waits until released (or cancelled); job:cancel still reaches main. */
function holdAnalyses(): { held: HeldRun[]; cancels: string[] } {
  const held: HeldRun[] = [];
  const cancels: string[] = [];
  window.relapse!.invoke = (async (channel: string, args: unknown) => {
    if (channel === 'job:cancel') {
      const jobId = (args as { jobId: string }).jobId;
      cancels.push(jobId);
      const run = held.find((h) => h.args.jobId === jobId);
      if (run) run.cancelled = true;
      return invoke(channel, args as never);
    }
    if (channel !== 'analysis:run') return invoke(channel as never, args as never);
    return new Promise((resolve) => {
      const run: HeldRun = {
        args: args as HeldRun['args'],
        cancelled: false,
        release: () => void invoke('analysis:run', args as never).then((reply) => resolve(reply as never)),
      };
      held.push(run);
      // A cancelled run answers as main does: one line.
      const poll = setInterval(() => {
        if (run.cancelled) {
          clearInterval(poll);
          resolve({ ok: false, error: 'analysis cancelled' });
        }
      }, 5);
      const release = run.release;
      run.release = () => {
        clearInterval(poll);
        release();
      };
    });
  }) as RelapseApi['invoke'];
  return { held, cancels };
}

const terms = () => within(screen.getByTestId('cox-table')).getAllByRole('row').slice(1).map((r) => r.querySelector('td')?.textContent);

describe('cancelling an analysis', () => {
  test('the Cancel button cancels the run, keeps the last result out of date and says Cancelled; Run again runs it', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    tick('covariates', 'prison');
    await waitFor(() => expect(terms()).toEqual(['prison']), { timeout: 20_000 });
    const { held, cancels } = holdAnalyses();
    tick('covariates', 'dose');
    expect(screen.queryByRole('button', { name: /^Cancel/ })).toBeNull();
    const button = await screen.findByRole('button', { name: 'Cancel the Cox model' });
    expect(held).toHaveLength(1);
    expect(held[0].args.options.covariates).toEqual(['prison', 'dose']);
    expect(held[0].args.jobId).toMatch(/^analysis-/);
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('analysis-cancelled').textContent).toMatch(/^Cancelled\./));
    expect(cancels).toEqual([held[0].args.jobId]);
    expect(screen.queryByRole('button', { name: /^Cancel/ })).toBeNull();
    // The last good result stays, marked out of date; no spinner, no error.
    expect(screen.getByTestId('cox-result').getAttribute('data-out-of-date')).toBe('true');
    expect(terms()).toEqual(['prison']);
    expect(screen.queryByText('Calculating…')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    // Run again: the same request, now answered.
    fireEvent.click(screen.getByRole('button', { name: 'Run again' }));
    await waitFor(() => expect(held).toHaveLength(2));
    expect(held[1].args.options).toEqual(held[0].args.options);
    expect(held[1].args.jobId).not.toBe(held[0].args.jobId);
    held[1].release();
    await waitFor(() => expect(terms()).toEqual(['prison', 'dose']));
    expect(screen.getByTestId('cox-result').getAttribute('data-out-of-date')).toBe('false');
    expect(screen.queryByTestId('analysis-cancelled')).toBeNull();
  });

  test('a newer request cancels the older run still computing', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    tick('covariates', 'prison');
    await waitFor(() => expect(terms()).toEqual(['prison']), { timeout: 20_000 });
    const { held, cancels } = holdAnalyses();
    tick('covariates', 'dose');
    await waitFor(() => expect(held).toHaveLength(1));
    expect(cancels).toEqual([]);
    tick('covariates', 'clinic');
    await waitFor(() => expect(held).toHaveLength(2));
    // The older run is cancelled in main (job:cancel with its name), not only ignored here.
    await waitFor(() => expect(cancels).toEqual([held[0].args.jobId]));
    expect(held[1].args.options.covariates).toEqual(['prison', 'dose', 'clinic']);
    held[1].release();
    await waitFor(() => expect(terms()).toEqual(['prison', 'dose', 'clinic']));
    // The cancelled run's reply never shows: no error, no Cancelled note (the user did not cancel).
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('analysis-cancelled')).toBeNull();
    expect(cancels).toHaveLength(1);
  });
});
