/**
 * Runs one analysis through `analysis:run` (in main's worker) whenever its request changes, and keeps
 * the last result on screen while a new one is computed. A stale reply (the request changed since) is
 * dropped, so quick changes never show an older result.
 *
 * `wait` holds a request back (the last result stays on screen) until the caller releases it: a view
 * runs its analyses one after another, the first answer first, instead of making them compete for the
 * processor. `settled` says whether the result (or error) on screen answers the current request.
 *
 * While a new result computes, the old one stays on screen `outOfDate`, and `answers` is the request it
 * answers, so a view labels the old tables with the options that produced them, not the new ones.
 * With `remember` (a scope: the project and dataset, remembered-options.ts) inside the app's
 * RememberedOptions, the last results are kept while the app runs, and a step opened again shows its result at once instead of computing it anew.
 *
 * Each run is named (analysis:run's jobId): a newer request cancels the older run still computing
 * (job:cancel: it is answered as cancelled at once, and its worker, given a short grace to finish it and keep
 * its cached data, drops the result or is stopped; node/jobs/runner.ts), and `cancel()` (the Cancel
 * button, offered once a run takes longer than SLOW_MS: `slow`) stops the current one, keeping the
 * last result on screen out of date, with `cancelled` set until the next request.
 *
 * With `keepOnError` (a view whose results are wrapped in OutOfDate), an error (a field out of range, data
 * the analysis refuses) is shown with the last good result kept on screen, out of date and labelled by the
 * request it answers, rather than clearing it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../api';
import type { AnalysisOutcomeInfo, MappingTemplate } from './types';
import { rememberEntry, useOptionsMemory } from './remembered-options';

export interface AnalysisRequest {
  dataset: string;
  mapping: MappingTemplate | null;
  analysis: string;
  options: Record<string, unknown>;
}

export interface AnalysisState<R> {
  result: R | null;
  error: string | null;
  busy: boolean;
  /** Computation time reported by the engine. */
  ms: number | null;
}

interface RememberedResult {
  result: unknown;
  ms: number | null;
  request: AnalysisRequest;
}
/** At most this many results are remembered (the oldest forgotten first). */
const MAX_REMEMBERED_RESULTS = 24;

interface HookState<R> extends AnalysisState<R> {
  /** The request the result answers (or the error, when no result is kept). */
  answered: string | null;
  /** The request the error answers, when it is shown next to an earlier result. */
  errorFor: string | null;
  answeredRequest: AnalysisRequest | null;
  /** The request whose run the user cancelled (nothing more is coming for it). */
  cancelled: string | null;
  /** The run computing (its ticket) and whether it has taken longer than SLOW_MS. */
  run: number | null;
  slow: boolean;
}

/** A run taking longer than this offers a Cancel button. */
export const SLOW_MS = 300;

let runCount = 0;
/** A name for one run of the renderer (analysis:run's jobId, which job:cancel takes). */
function newJobName(): string {
  return `analysis-${Date.now().toString(36)}-${++runCount}`;
}

export async function runAnalysis<R>(request: AnalysisRequest, jobId?: string): Promise<AnalysisOutcomeInfo<R>> {
  const outcome = await call('analysis:run', {
    dataset: request.dataset,
    ...(request.mapping ? { mapping: request.mapping as unknown as Record<string, unknown> } : {}),
    analysis: request.analysis,
    options: request.options,
    ...(jobId !== undefined ? { jobId } : {}),
  });
  return outcome as AnalysisOutcomeInfo<R>;
}

/** Asks main to stop a named run (quietly: a run already answered is simply not found). */
function cancelRun(jobId: string): void {
  void call('job:cancel', { jobId }).catch(() => undefined);
}

export interface AnalysisView<R> extends AnalysisState<R> {
  /** The result or error on screen answers the current request. */
  settled: boolean;
  /** A result is on screen that answers an earlier request (a new one is computing or waiting). */
  outOfDate: boolean;
  /** The request the result on screen answers (its options label the tables). */
  answers: AnalysisRequest | null;
  /** The current run has taken longer than SLOW_MS: a Cancel button is offered. */
  slow: boolean;
  /** The user cancelled the current request's run (the last result, if any, stays out of date). */
  cancelled: boolean;
  /** Stops the current run (job:cancel). */
  cancel: () => void;
  /** Runs the cancelled request again. */
  retry: () => void;
}

export function useAnalysis<R>(request: AnalysisRequest | null, options: { wait?: boolean; remember?: string; keepOnError?: boolean } = {}): AnalysisView<R> {
  const key = request ? JSON.stringify(request) : '';
  const memory = useOptionsMemory();
  const rememberedResults = memory?.results as Map<string, RememberedResult> | undefined;
  const memoryKey = options.remember !== undefined && rememberedResults ? `${options.remember}\u0000${key}` : null;
  const [state, setState] = useState<HookState<R>>(() => {
    const remembered = memoryKey !== null && request ? rememberedResults!.get(memoryKey) : undefined;
    return remembered
      ? { result: remembered.result as R, error: null, busy: false, ms: remembered.ms, answered: key, answeredRequest: remembered.request, cancelled: null, run: null, slow: false, errorFor: null }
      : { result: null, error: null, busy: false, ms: null, answered: null, answeredRequest: null, cancelled: null, run: null, slow: false, errorFor: null };
  });
  const latest = useRef(0);
  /** The run still computing (its ticket and name), cancelled when a newer request replaces it. */
  const running = useRef<{ ticket: number; jobId: string; key: string } | null>(null);
  const wait = Boolean(options.wait);
  const keepOnError = Boolean(options.keepOnError);
  const [attempt, setAttempt] = useState(0);
  /** Stops the run computing, if any (a newer request, or the user's Cancel). */
  const stopRunning = () => {
    if (running.current) cancelRun(running.current.jobId);
    running.current = null;
  };
  useEffect(() => {
    if (!request) {
      latest.current++;
      stopRunning();
      setState({ result: null, error: null, busy: false, ms: null, answered: '', answeredRequest: null, cancelled: null, run: null, slow: false, errorFor: null });
      return;
    }
    if (wait) return;
    const remembered = memoryKey !== null ? rememberedResults!.get(memoryKey) : undefined;
    if (remembered) {
      latest.current++;
      stopRunning();
      setState({ result: remembered.result as R, error: null, busy: false, ms: remembered.ms, answered: key, answeredRequest: remembered.request, cancelled: null, run: null, slow: false, errorFor: null });
      return;
    }
    const ticket = ++latest.current;
    stopRunning();
    const jobId = newJobName();
    running.current = { ticket, jobId, key };
    setState((s) => ({ ...s, busy: true, error: null, errorFor: null, cancelled: null, run: ticket, slow: false }));
    const timer = setTimeout(() => setState((s) => (s.run === ticket ? { ...s, slow: true } : s)), SLOW_MS);
    const done = () => {
      clearTimeout(timer);
      if (running.current?.ticket === ticket) running.current = null;
    };
    runAnalysis<R>(request, jobId).then(
      (outcome) => {
        done();
        if (ticket !== latest.current) return;
        if (memoryKey !== null) rememberEntry(rememberedResults!, memoryKey, { result: outcome.result, ms: outcome.analysisMs, request } satisfies RememberedResult, MAX_REMEMBERED_RESULTS);
        setState({ result: outcome.result, error: null, busy: false, ms: outcome.analysisMs, answered: key, answeredRequest: request, cancelled: null, run: null, slow: false, errorFor: null });
      },
      (error: unknown) => {
        done();
        if (ticket !== latest.current) return;
        const message = error instanceof Error ? error.message : String(error);
        // The last good result stays (out of date, labelled by its own request); the error says why there is no new one.
        setState((s) =>
          keepOnError && s.result !== null
            ? { ...s, error: message, busy: false, errorFor: key, cancelled: null, run: null, slow: false }
            : { result: null, error: message, busy: false, ms: null, answered: key, answeredRequest: request, cancelled: null, run: null, slow: false, errorFor: null },
        );
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the request is compared by its JSON (key): an equal request built anew must not rerun
  }, [key, wait, memoryKey, attempt]);
  const cancel = useCallback(() => {
    const run = running.current;
    if (!run) return;
    // The reply (cancelled) is then stale and dropped; the last result stays on screen, out of date.
    latest.current++;
    stopRunning();
    setState((s) => ({ ...s, busy: false, error: null, cancelled: run.key, run: null, slow: false }));
  }, []);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const { answered, answeredRequest, cancelled, errorFor, run: _run, slow, ...visible } = state;
  const wasCancelled = cancelled === key;
  const settled = answered === key || wasCancelled || errorFor === key;
  return { ...visible, settled, outOfDate: answered !== key && visible.result !== null, answers: visible.result !== null ? answeredRequest : null, slow: slow && visible.busy, cancelled: wasCancelled, cancel, retry };
}
