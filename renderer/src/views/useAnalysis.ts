/**
 * Runs one analysis through `analysis:run` (in main's worker) whenever its request changes, and keeps
 * the last result on screen while a new one is computed. A stale reply (the request changed since) is
 * dropped, so quick changes never show an older result.
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

export async function runAnalysis<R>(request: AnalysisRequest): Promise<AnalysisOutcomeInfo<R>> {
  const outcome = await call('analysis:run', {
    dataset: request.dataset,
    ...(request.mapping ? { mapping: request.mapping as unknown as Record<string, unknown> } : {}),
    analysis: request.analysis,
    options: request.options,
  });
  return outcome as AnalysisOutcomeInfo<R>;
}

export function useAnalysis<R>(request: AnalysisRequest | null): AnalysisState<R> {
  const [state, setState] = useState<AnalysisState<R>>({ result: null, error: null, busy: false, ms: null });
  const latest = useRef(0);
  const key = request ? JSON.stringify(request) : '';
  useEffect(() => {
    if (!request) {
      setState({ result: null, error: null, busy: false, ms: null });
      return;
    }
    const ticket = ++latest.current;
    setState((s) => ({ ...s, busy: true, error: null }));
    runAnalysis<R>(request).then(
      (outcome) => {
        if (ticket === latest.current) setState({ result: outcome.result, error: null, busy: false, ms: outcome.analysisMs });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState({ result: null, error: error instanceof Error ? error.message : String(error), busy: false, ms: null });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
