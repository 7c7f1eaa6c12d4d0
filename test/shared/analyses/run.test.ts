/**
 * The runner (shared/analyses/run.ts): every declared analysis has its run and nothing else does; runAnalysis
 * validates, runs and times; the declarations, which the renderer reads, hold no computation, and the choice lists
 * they keep so as not to load the engine agree with the engine's.
 */
import { describe, expect, it } from 'vitest';
import type { DataFrame } from '../../../shared/data/frame';
import { ANALYSES, findAnalysis } from '../../../shared/analyses/registry';
import { ANALYSIS_RUNS, runAnalysis, runNameOf, runsOf } from '../../../shared/analyses/run';
import { runKm } from '../../../shared/analyses/km.run';
import { CONF_TYPES } from '../../../shared/analyses/km';
import { P_ADJUST_METHODS } from '../../../shared/analyses/logrank';
import { CORRELATION_METHODS, MISSING_POLICIES } from '../../../shared/analyses/correlation';
import { CONF_TYPES as ENGINE_CONF_TYPES } from '../../../shared/stats/kaplan-meier';
import { P_ADJUST_METHODS as ENGINE_P_ADJUST_METHODS } from '../../../shared/stats/p-adjust';
import { CORRELATION_METHODS as ENGINE_CORRELATION_METHODS, MISSING_POLICIES as ENGINE_MISSING_POLICIES } from '../../../shared/stats/correlation-matrix';

/** Ties at 2 and 5, a censoring at time 0, a missing time: runAnalysis and runKm must agree on every number. */
const frame: DataFrame = {
  nRows: 8,
  columns: [
    { name: 'time', type: 'number', values: Float64Array.from([0, 2, 2, 3, 5, 5, 8, NaN]) },
    { name: 'status', type: 'number', values: Float64Array.from([0, 1, 1, 0, 1, 0, 1, 1]) },
  ],
};

describe('the runner', () => {
  it('has one run per declared analysis, under the same ids', () => {
    expect(Object.keys(ANALYSIS_RUNS).sort()).toEqual(ANALYSES.map((a) => a.id).sort());
    expect(ANALYSIS_RUNS.km).toBe(runKm);
  });

  it('finds each run by its file name, `<id>.run.ts` exporting run<Id>; a run-side module without one is shared code, not an analysis', () => {
    expect(runNameOf('km')).toBe('runKm');
    expect(runNameOf('rmst-difference')).toBe('runRmstDifference');
    const runRmstDifference = () => 1;
    expect(runsOf({ './rmst-difference.run.ts': { runRmstDifference, helper: () => 2 } })).toEqual({ 'rmst-difference': runRmstDifference });
    expect(runsOf({ './intervals.run.ts': { intervalStarts: () => 1 } })).toEqual({});
    expect(Object.keys(ANALYSIS_RUNS)).not.toContain('intervals');
  });

  it('declarations carry no computation', () => {
    // A declared presentation (its tables, sentences and methods: functions of a result already computed) is the one optional key.
    for (const declaration of ANALYSES) {
      expect(Object.keys(declaration).filter((key) => key !== 'presentation').sort()).toEqual(['id', 'optionsSchema', 'options', 'resultSchema', 'summary', 'title'].sort());
    }
    expect(ANALYSES.filter((d) => d.presentation).map((d) => d.id)).toEqual(expect.arrayContaining(['logrank', 'predict', 'rmst']));
  });

  it('validates the options (defaults filled), runs the analysis and returns its result as the run gives it', () => {
    const outcome = runAnalysis('km', frame, { time: 'time', event: 'status' });
    const options = findAnalysis('km')!.optionsSchema.parse({ time: 'time', event: 'status' });
    expect(outcome.analysis).toBe('km');
    expect(outcome.options).toEqual(options);
    expect(outcome.result).toEqual(runKm(frame, options as Parameters<typeof runKm>[1]));
    expect(outcome.analysisMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses an unknown analysis and invalid options in one line, naming the flag, before running', () => {
    expect(() => runAnalysis('kaplan', frame, {})).toThrow(`unknown analysis "kaplan" (known: ${ANALYSES.map((a) => a.id).join(', ')})`);
    expect(ANALYSES.map((a) => a.id).slice(0, 4)).toEqual(['adjusted', 'correlation', 'cox', 'cuminc']);
    expect(() => runAnalysis('km', frame, { time: 'time', event: 'status', confLevel: 1.5 })).toThrow(/^km: option --conf-level: /);
  });
});

describe("the declarations' choice lists agree with the engine's", () => {
  it('conf-type, p-adjust, correlation method and missing-value policy', () => {
    expect(CONF_TYPES).toEqual(ENGINE_CONF_TYPES);
    expect(P_ADJUST_METHODS).toEqual(ENGINE_P_ADJUST_METHODS);
    expect(CORRELATION_METHODS).toEqual(ENGINE_CORRELATION_METHODS);
    expect(MISSING_POLICIES).toEqual(ENGINE_MISSING_POLICIES);
  });
});
