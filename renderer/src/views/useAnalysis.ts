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
 */
import { useEffect, useRef, useState } from 'react';
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
  /** The request the result or error answers. */
  answered: string | null;
  answeredRequest: AnalysisRequest | null;
}

export async function runAnalysis<R>(request: AnalysisRequest): Promise<AnalysisOutcomeInfo<R>> {
  const outcome = await call('analysis:run', {
    dataset: request.dataset,
    ...(request.mapping ? { mapping: request.mapping as unknown as Record<string, unknown> } : {}),
    analysis: request.analysis,
    options: request.options,
  });
  return outcome as AnalysisOutcomeInfo<R>;
}

export interface AnalysisView<R> extends AnalysisState<R> {
  /** The result or error on screen answers the current request. */
  settled: boolean;
  /** A result is on screen that answers an earlier request (a new one is computing or waiting). */
  outOfDate: boolean;
  /** The request the result on screen answers (its options label the tables). */
  answers: AnalysisRequest | null;
}

export function useAnalysis<R>(request: AnalysisRequest | null, options: { wait?: boolean; remember?: string } = {}): AnalysisView<R> {
  const key = request ? JSON.stringify(request) : '';
  const memory = useOptionsMemory();
  const rememberedResults = memory?.results as Map<string, RememberedResult> | undefined;
  const memoryKey = options.remember !== undefined && rememberedResults ? `${options.remember}\u0000${key}` : null;
  const [state, setState] = useState<HookState<R>>(() => {
    const remembered = memoryKey !== null && request ? rememberedResults!.get(memoryKey) : undefined;
    return remembered
      ? { result: remembered.result as R, error: null, busy: false, ms: remembered.ms, answered: key, answeredRequest: remembered.request }
      : { result: null, error: null, busy: false, ms: null, answered: null, answeredRequest: null };
  });
  const latest = useRef(0);
  const wait = Boolean(options.wait);
  useEffect(() => {
    if (!request) {
      latest.current++;
      setState({ result: null, error: null, busy: false, ms: null, answered: '', answeredRequest: null });
      return;
    }
    if (wait) return;
    const remembered = memoryKey !== null ? rememberedResults!.get(memoryKey) : undefined;
    if (remembered) {
      latest.current++;
      setState({ result: remembered.result as R, error: null, busy: false, ms: remembered.ms, answered: key, answeredRequest: remembered.request });
      return;
    }
    const ticket = ++latest.current;
    setState((s) => ({ ...s, busy: true, error: null }));
    runAnalysis<R>(request).then(
      (outcome) => {
        if (ticket !== latest.current) return;
        if (memoryKey !== null) rememberEntry(rememberedResults!, memoryKey, { result: outcome.result, ms: outcome.analysisMs, request } satisfies RememberedResult, MAX_REMEMBERED_RESULTS);
        setState({ result: outcome.result, error: null, busy: false, ms: outcome.analysisMs, answered: key, answeredRequest: request });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState({ result: null, error: error instanceof Error ? error.message : String(error), busy: false, ms: null, answered: key, answeredRequest: request });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the request is compared by its JSON (key): an equal request built anew must not rerun
  }, [key, wait, memoryKey]);
  const { answered, answeredRequest, ...visible } = state;
  const settled = answered === key;
  return { ...visible, settled, outOfDate: !settled && visible.result !== null, answers: visible.result !== null ? answeredRequest : null };
}
