/**
 * Runs one analysis through `analysis:run` (in main's worker) whenever its request changes, and keeps
 * the last result on screen while a new one is computed. A stale reply (the request changed since) is
 * dropped, so quick changes never show an older result.
 *
 * `wait` holds a request back (the last result stays on screen) until the caller releases it: a view
 * runs its analyses one after another, the first answer first, instead of making them compete for the
 * processor. `settled` says whether the result (or error) on screen answers the current request.
 */
import { useEffect, useRef, useState } from 'react';
import { call } from '../api';
import type { AnalysisOutcomeInfo, MappingTemplate } from './types';

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

interface HookState<R> extends AnalysisState<R> {
  /** The request the result or error answers. */
  answered: string | null;
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

export function useAnalysis<R>(request: AnalysisRequest | null, options: { wait?: boolean } = {}): AnalysisState<R> & { settled: boolean } {
  const [state, setState] = useState<HookState<R>>({ result: null, error: null, busy: false, ms: null, answered: null });
  const latest = useRef(0);
  const key = request ? JSON.stringify(request) : '';
  const wait = Boolean(options.wait);
  useEffect(() => {
    if (!request) {
      latest.current++;
      setState({ result: null, error: null, busy: false, ms: null, answered: '' });
      return;
    }
    if (wait) return;
    const ticket = ++latest.current;
    setState((s) => ({ ...s, busy: true, error: null }));
    runAnalysis<R>(request).then(
      (outcome) => {
        if (ticket === latest.current) setState({ result: outcome.result, error: null, busy: false, ms: outcome.analysisMs, answered: key });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState({ result: null, error: error instanceof Error ? error.message : String(error), busy: false, ms: null, answered: key });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the request is compared by its JSON (key): an equal request built anew must not rerun
  }, [key, wait]);
  const { answered, ...visible } = state;
  return { ...visible, settled: answered === key };
}
