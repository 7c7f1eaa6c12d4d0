/**
 * Correlation view: a heatmap of the factor scores and outcome variables (method, missing-data
 * handling and p adjustment from the correlation declaration's form). Each cell shows r, n and the
 * adjusted p; choosing a cell (click, or Enter on the focused cell) opens its scatter plot.
 */
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { call } from '../api';
import { findAnalysis } from '../../../shared/analyses/registry';
import { CorrelationHeatmap } from '../../../presentation/charts/CorrelationHeatmap';
import { ScatterPlot } from '../../../presentation/charts/ScatterPlot';
import { formatCI, formatNumber, formatP } from '../../../presentation/format';
import { AnalysisForm, defaultFormValues, toAnalysisOptions, type FormValues } from '../components/AnalysisForm';
import { ChartPanel } from '../components/ChartPanel';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { OUTCOME_PAIRS_NOTE, correlationSentence, describedCorrelations } from '../../../shared/report/sentences';
import { sentenceText } from '../../../presentation/report/format-cell';
import { DERIVED_RELAPSE, DERIVED_STATUS, DERIVED_TIME, analysisColumns, columnLabel, mappedFactors, scoreColumn, useWorkspace } from './workspace';
import { useAnalysis } from './useAnalysis';
import { CancelRun } from '../components/CancelRun';
import { scopeKey, useRememberedState } from './remembered-options';
import { OutOfDate } from '../components/OutOfDate';
import type { CorrelationPairInfo, CorrelationResultInfo } from './types';

/** How a Spearman or Kendall p-value was found (R cor.test's default rule; shared/stats/spearman.ts, kendall.ts). */
const P_VALUE_METHOD_TEXT: Record<string, string> = {
  exact: 'exact distribution',
  edgeworth: 'Edgeworth series (AS 89)',
  asymptotic: 'large-sample approximation',
};

const SCATTER_POINTS = 5000;

/** The coefficient's name for each method, as the table's header gives it. */
export const COEFFICIENT_NAMES: Record<string, string> = { pearson: "Pearson's r", spearman: "Spearman's rho", kendall: "Kendall's tau" };

const variable = (column: string) => ({ column, label: columnLabel(column) });

/** The outcome columns: the derived ones and the mapping's own time, event and date columns. */
function outcomeColumns(mapping: ReturnType<typeof useWorkspace>['mapping']): Set<string> {
  const o = mapping?.outcome;
  return new Set([DERIVED_TIME, DERIVED_RELAPSE, DERIVED_STATUS, o?.time, o?.event, o?.start, o?.end, o?.censorEnd].filter((c): c is string => typeof c === 'string'));
}

/** Short names for the heatmap's axes. */
function shortLabel(name: string): string {
  if (name === DERIVED_RELAPSE) return 'Relapse (0/1)';
  return columnLabel(name).replace(/ \(score\)$/, '');
}

/**
 * The chosen cell's scatter plot. Memoised, so a new matrix being computed does not redraw thousands of
 * unchanged points. A new estimate for the same cell (another method) redraws it in a deferred render,
 * after the new matrix is on screen; until then the plot and its sentence keep the previous estimate.
 */
const Scatter = memo(function Scatter(props: { dataset: string; x: string; y: string; pair: CorrelationPairInfo | undefined; method: string }) {
  const workspace = useWorkspace();
  const pair = useDeferredValue(props.pair);
  const method = useDeferredValue(props.method);
  const [points, setPoints] = useState<{ x: number; y: number }[] | null>(null);
  const [sampled, setSampled] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPoints(null);
    call('dataset:values', { dataset: props.dataset, mapping: workspace.mapping as unknown as Record<string, unknown>, columns: [props.x, props.y], maxRows: SCATTER_POINTS }).then(
      (reply) => {
        const r = reply as { sampled: boolean; columns: { values: (number | null)[] }[] };
        const [xs, ys] = r.columns.map((c) => c.values);
        const next: { x: number; y: number }[] = [];
        xs.forEach((x, i) => {
          const y = ys[i];
          if (x !== null && y !== null) next.push({ x, y });
        });
        setPoints(next);
        setSampled(r.sampled);
      },
      (e: Error) => setError(e.message),
    );
  }, [props.dataset, props.x, props.y, workspace.mapping]);
  const title = `${columnLabel(props.y)} against ${columnLabel(props.x)}`;
  const subtitle = pair && points ? `r = ${formatNumber(pair.estimate, 2)}, n = ${formatNumber(pair.n)}${sampled ? `; ${formatNumber(points.length)} points shown` : ''}` : undefined;
  return (
    <div className="card" data-testid="scatter">
      <ErrorNote error={error} />
      {points ? (
        <ChartPanel title={title} description={`Scatter plot of ${points.length} participants${sampled ? ' (an evenly spaced sample)' : ''}.`}>
          <ScatterPlot
            width={620}
            height={420}
            points={points}
            title={title}
            subtitle={subtitle}
            xLabel={columnLabel(props.x)}
            yLabel={columnLabel(props.y)}
          />
        </ChartPanel>
      ) : (
        <Busy busy={!error} label="Loading the values" />
      )}
      {pair ? <p className="summary">{sentenceText(correlationSentence(variable(props.x), variable(props.y), pair.estimate, pair.n, pair.pAdjusted, method))}</p> : null}
    </div>
  );
});

// The declarations are static: their option lists are read once, so the memoised options below keep their identity.
const specs = findAnalysis('correlation')?.options ?? [];

export function CorrelationView() {
  const workspace = useWorkspace();
  const dataset = workspace.dataset!;
  const columns = analysisColumns(workspace.summary, workspace.mapping).filter((c) => c.type === 'integer' || c.type === 'number');
  const [values, setValues] = useRememberedState<FormValues>('correlation', workspace, () => ({
    ...defaultFormValues(specs),
    columns: [...mappedFactors(workspace.mapping).map(scoreColumn), DERIVED_TIME, DERIVED_RELAPSE],
  }));
  const options = useMemo(() => toAnalysisOptions(specs, values), [values]);
  const selected = Array.isArray(values.columns) ? values.columns : [];
  const state = useAnalysis<CorrelationResultInfo>(selected.length >= 2 ? { dataset, mapping: workspace.mapping, analysis: 'correlation', options } : null, { remember: scopeKey(workspace), keepOnError: true });
  const [cell, setCell] = useState<{ x: string; y: string } | null>(null);
  const result = state.result;
  // The method, missing-data handling and adjustment the result on screen was computed with (while a new
  // choice is being computed the old matrix stays, labelled as it was), falling back on the form's.
  const method = result?.method ?? (typeof values.method === 'string' ? values.method : 'pearson');
  const missing = result?.missing ?? String(values.missing ?? 'pairwise');
  const pAdjust = result?.pAdjustMethod ?? String(values.pAdjust ?? 'none');
  const pairs = useMemo(() => result?.pairs ?? [], [result]);
  // The heatmap's props are built once per result, so the (memoised) heatmap is not redrawn while another
  // matrix is computed or a cell is chosen.
  const heatmap = useMemo(() => {
    const labelled = pairs.map((p) => ({ ...p, x: shortLabel(p.x), y: shortLabel(p.y) }));
    const byLabel = new Map(pairs.map((p) => [`${shortLabel(p.x)}|${shortLabel(p.y)}`, p]));
    const variables = new Set(pairs.flatMap((p) => [p.x, p.y])).size;
    return { labelled, byLabel, variables };
  }, [pairs]);
  const onSelect = useCallback(
    (x: string, y: string) => {
      const pair = heatmap.byLabel.get(`${x}|${y}`) ?? heatmap.byLabel.get(`${y}|${x}`);
      if (pair) setCell({ x: pair.x, y: pair.y });
    },
    [heatmap],
  );
  const chosen = cell ? pairs.find((p) => (p.x === cell.x && p.y === cell.y) || (p.x === cell.y && p.y === cell.x)) : undefined;
  // The sentences leave out pairs with an outcome column unless asked for (they correlate through censoring).
  const [describeOutcomes, setDescribeOutcomes] = useState(false);
  const outcomes = outcomeColumns(workspace.mapping);
  const hasOutcomePairs = pairs.some((p) => outcomes.has(p.x) || outcomes.has(p.y));
  const strongest = describedCorrelations(pairs, outcomes, { includeOutcomes: describeOutcomes });

  return (
    <section aria-labelledby="correlation-title">
      <h1 id="correlation-title" tabIndex={-1}>
        Correlation
      </h1>
      <div className="with-sidebar">
        <aside className="options" aria-label="Correlation options">
          <AnalysisForm legend="Variables and method" specs={specs} values={values} onChange={setValues} columns={columns} />
        </aside>
        <div className="results">
          {selected.length < 2 ? <p className="lead">Choose at least two variables.</p> : null}
          <Busy busy={state.busy} />
          <CancelRun run={state} what="the correlations" />
          <ErrorNote error={state.error} />
          {state.result ? (
            <OutOfDate outOfDate={state.outOfDate} testId="correlation-result">
              <ChartPanel title="Correlation matrix" description="Each cell shows the correlation r, the number of participants n and the adjusted p. Choose a cell to see its scatter plot." testId="correlation-heatmap" interactive>
                <CorrelationHeatmap
                  width={820}
                  height={Math.max(460, 200 + 80 * heatmap.variables)}
                  pairs={heatmap.labelled}
                  title="Correlation matrix"
                  subtitle={`${method}, ${missing} deletion, p adjusted: ${pAdjust}`}
                  method={method}
                  onSelect={onSelect}
                />
              </ChartPanel>
              <Warnings warnings={result!.warnings} />
              <div className="summary" data-testid="correlation-summary">
                {strongest.map((p) => (
                  <p key={`${p.x}|${p.y}`}>{sentenceText(correlationSentence(variable(p.x), variable(p.y), p.estimate, p.n, p.pAdjusted, method))}</p>
                ))}
                {hasOutcomePairs ? (
                  <>
                    {describeOutcomes ? null : <p className="muted">{OUTCOME_PAIRS_NOTE}</p>}
                    <label className="small">
                      <input type="checkbox" checked={describeOutcomes} onChange={(e) => setDescribeOutcomes(e.target.checked)} /> Describe the pairs with an outcome column too
                    </label>
                  </>
                ) : null}
              </div>
              <DataTable<CorrelationPairInfo>
                title="Correlations"
                testId="correlation-table"
                rows={pairs}
                onRowActivate={(p) => setCell({ x: p.x, y: p.y })}
                columns={[
                  // The labels wrap, so the table stays narrow enough to show the adjusted p without scrolling.
                  { header: 'Variable 1', cell: (p) => columnLabel(p.x), wrap: true },
                  { header: 'Variable 2', cell: (p) => columnLabel(p.y), wrap: true },
                  { header: COEFFICIENT_NAMES[method] ?? 'r', cell: (p) => formatNumber(p.estimate, 3), numeric: true },
                  { header: '95% CI (Pearson)', cell: (p) => formatCI(p.lower, p.upper, 3) },
                  { header: 'n', cell: (p) => formatNumber(p.n), numeric: true },
                  { header: 'p', cell: (p) => formatP(p.p), numeric: true },
                  { header: 'Adjusted p', cell: (p) => formatP(p.pAdjusted), numeric: true },
                  ...(pairs.some((p) => p.pValueMethod) ? [{ header: 'p-value from', cell: (p: CorrelationPairInfo) => P_VALUE_METHOD_TEXT[p.pValueMethod ?? ''] ?? '', wrap: true }] : []),
                ]}
              />
            </OutOfDate>
          ) : null}
          {cell ? <Scatter dataset={dataset} x={cell.x} y={cell.y} pair={chosen} method={method} /> : null}
        </div>
      </div>
    </section>
  );
}
