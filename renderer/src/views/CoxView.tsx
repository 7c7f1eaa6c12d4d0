/**
 * Cox view: choose the covariates (factor scores, group columns, other columns), which are categorical,
 * the strata and the tie handling (the form is generated from the cox declaration). Shows the hazard
 * ratio table, a forest plot, the proportional-hazards test with a scaled Schoenfeld residual plot per
 * term (when the result carries the residuals), the concordance and the model tests, and warnings:
 * few events per coefficient, non-convergence, and PH violations (stratifying is suggested for a
 * categorical term only); when the PH test rejects, the RMST difference is proposed as the absolute effect
 * (with a way to the Compare sites step). The sentences come from shared/report/sentences.ts, as in the report.
 * The table and the forest plot name a categorical level against its reference ("clinic: 2 vs 1") and show the
 * reference level as a row of its own (hazard ratio 1, "reference"), as the report does (shared/report/cox-terms.ts).
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { findAnalysis } from '../../../shared/analyses/registry';
import { ForestPlot } from '../../../presentation/charts/ForestPlot';
import { SchoenfeldPlot } from '../../../presentation/charts/SchoenfeldPlot';
import { followUpColumnName, type FollowUpUnit } from '../../../shared/mapping/units';
import { formatCI, formatNumber, formatP } from '../../../presentation/format';
import { AnalysisForm, defaultFormValues, toAnalysisOptions, type FormValues } from '../components/AnalysisForm';
import { ChartPanel } from '../components/ChartPanel';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { ASSOCIATION_NOTE, ciMeaning, factorHazardRatioSentence, hazardRatioSentence, phAdvice, phRmstProposal, phSentence, type PhTerm, type Sentence } from '../../../shared/report/sentences';
import { sentenceText } from '../../../presentation/report/format-cell';
import { coxTermRows, type CoxTermRow } from '../../../shared/report/cox-terms';
import { DERIVED_RELAPSE, DERIVED_TIME, analysisColumns, columnLabel, useWorkspace } from './workspace';
import { useAnalysis } from './useAnalysis';
import { scopeKey, useRememberedState } from './remembered-options';
import { OutOfDate } from '../components/OutOfDate';
import { ReferenceLevels, formatReference, parseReference, useColumnLevels } from './ReferenceLevels';
import { CancelRun } from '../components/CancelRun';
import type { ColumnInfo, CoxCoefficient, CoxResultInfo, Warning } from './types';

/**
 * The outcome in the mapping's follow-up unit (issue 15 item 2), as the Survival step fits it: hazard ratios do
 * not depend on the unit, the residual plots' time axis is in it.
 */
function outcomeIn(unit: FollowUpUnit) {
  return { time: unit === 'days' ? DERIVED_TIME : followUpColumnName(unit), event: DERIVED_RELAPSE };
}
function fixedIn(unit: FollowUpUnit) {
  return { time: unit === 'days' ? columnLabel(DERIVED_TIME) : `Follow-up (${unit})`, event: columnLabel(DERIVED_RELAPSE), eventValue: '1 (from the mapping)' };
}
/** Fewer events per estimated coefficient than this makes a Cox model unstable (Peduzzi et al. 1995). */
export const MIN_EVENTS_PER_COEFFICIENT = 10;

/** The parts of a Cox result the advice reads (its model terms give each term's kind and reference level). */
export type CoxAdviceInput = Pick<CoxResultInfo, 'n' | 'coefficients' | 'events' | 'converged' | 'ph' | 'confLevel'> & Partial<Pick<CoxResultInfo, 'terms'>>;

const modelTerms = (result: CoxAdviceInput): CoxResultInfo['terms'] => result.terms ?? [];

/** A numeric column holding only 0 and 1 (from the dataset summary): two groups, not a scale. */
export function isZeroOne(column: ColumnInfo | undefined): boolean {
  return column !== undefined && (column.type === 'integer' || column.type === 'boolean') && column.min === 0 && column.max === 1;
}

/**
 * The PH-test terms that fail (p < 0.05), each marked categorical (a factor term, a column treated as
 * categorical, or a 0/1 column) or continuous, which decides whether stratifying is suggested.
 */
export function violatedTerms(result: CoxAdviceInput, categorical: readonly string[] = [], columns: readonly ColumnInfo[] = []): PhTerm[] {
  const terms = modelTerms(result);
  return result.ph.terms
    .filter((t) => t.p !== null && t.p < 0.05)
    .map((t) => ({
      term: t.term,
      categorical: categorical.includes(t.term) || terms.some((m) => m.term === t.term && m.kind === 'factor') || isZeroOne(columns.find((c) => c.name === t.term)),
    }));
}

/** Warnings the view adds to the engine's own: events per coefficient, convergence, PH. */
export function coxAdvice(result: CoxAdviceInput, categorical: readonly string[] = [], columns: readonly ColumnInfo[] = []): Warning[] {
  const advice: Warning[] = [];
  const estimated = result.coefficients.filter((c) => c.coef !== null).length;
  if (estimated > 0 && result.events / estimated < MIN_EVENTS_PER_COEFFICIENT) {
    advice.push({
      code: 'events-per-variable',
      message: `Only ${formatNumber(result.events / estimated, 1)} relapses per estimated coefficient (fewer than ${MIN_EVENTS_PER_COEFFICIENT}): the hazard ratios may be unstable. Consider fewer covariates.`,
    });
  }
  if (result.converged === false) advice.push({ code: 'not-converged', message: 'The model did not converge: the estimates are not reliable. Check for a covariate that separates relapse completely.' });
  const violated = violatedTerms(result, categorical, columns);
  if (violated.length > 0) advice.push({ code: 'ph-violated', message: sentenceText(phAdvice(violated)) });
  return advice;
}

/**
 * The sentence of one coefficient: a factor score per SD in the factor's own direction, a categorical
 * level against its reference, a 0/1 column as its two groups, any other numeric column per unit.
 */
export function coefficientSentence(c: CoxCoefficient, result: CoxAdviceInput, categorical: readonly string[], columns: readonly ColumnInfo[]): Sentence {
  const [column, level] = c.term.includes('=') ? c.term.split('=') : [c.term, undefined];
  if (column.startsWith('score.')) return factorHazardRatioSentence(column, c, result.confLevel);
  const term = modelTerms(result).find((t) => t.term === column);
  const ratio = { label: column, hr: c.hr, lower: c.hrLower, upper: c.hrUpper, confLevel: result.confLevel };
  if (level !== undefined || categorical.includes(column)) return hazardRatioSentence({ ...ratio, scale: 'groups', levelName: level, reference: term?.reference ?? null });
  const info = columns.find((col) => col.name === column);
  if (isZeroOne(info)) {
    const [one, zero] = info!.type === 'boolean' ? ['true', 'false'] : ['1', '0'];
    return hazardRatioSentence({ ...ratio, scale: 'groups', levelName: one, reference: zero });
  }
  return hazardRatioSentence({ ...ratio, scale: 'unit' });
}

/** `ph.residuals` of the cox analysis: scaled Schoenfeld residuals per PH-test term (thinned for plotting). */
interface ResidualSeries {
  events: number;
  thinned: boolean;
  time: number[];
  transformedTime: number[];
  terms: { term: string; coefficient: number | null; scaled: (number | null)[] }[];
}

const RESIDUAL_PLOT = { width: 420, height: 300 };

/**
 * The scaled Schoenfeld residual plots of one result, one per PH-test term. Memoised on the result, so a
 * change of the form (while a new model is computed) does not redo the smooths or redraw the residuals.
 * A new result's plots (a LOWESS smooth and up to 2,000 points each) are drawn one per task, after the
 * tables are on screen, so the window never freezes for all of them at once; a plot not yet drawn keeps
 * its place empty.
 */
const ResidualPlots = memo(function ResidualPlots(props: { result: CoxResultInfo; timeUnit: FollowUpUnit }) {
  const { result, timeUnit } = props;
  const residuals = (result.ph as { residuals?: ResidualSeries }).residuals;
  const terms = result.ph.terms;
  const [progress, setProgress] = useState({ result, drawn: 0 });
  const drawn = progress.result === result ? progress.drawn : 0;
  useEffect(() => {
    if (!residuals || drawn >= terms.length) return;
    const timer = setTimeout(() => setProgress((p) => ({ result, drawn: (p.result === result ? p.drawn : 0) + 1 })), 0);
    return () => clearTimeout(timer);
  }, [result, residuals, drawn, terms.length]);
  if (!residuals) return <p className="muted">Residual plots appear here when the analysis returns the scaled Schoenfeld residuals.</p>;
  return (
    <div className="chart-grid">
      {terms.map((t, i) => {
        const series = residuals.terms.find((r) => r.term === t.term);
        if (!series) return null;
        if (i >= drawn) return <div key={t.term} className="chart-pending" style={{ minWidth: RESIDUAL_PLOT.width, minHeight: RESIDUAL_PLOT.height }} aria-hidden="true" />;
        const thinning = residuals.thinned ? ` Every ${Math.ceil(residuals.events / residuals.time.length)}th of ${residuals.events} events is shown.` : '';
        return (
          <ChartPanel key={t.term} title={`Proportional hazards check: ${t.term}`} description={`Scaled Schoenfeld residuals of ${t.term} against Kaplan–Meier transformed time with a smooth; a flat line supports proportional hazards.${thinning}`}>
            <SchoenfeldPlot {...RESIDUAL_PLOT} term={t.term} time={residuals.time} transformedTime={residuals.transformedTime} residuals={series.scaled} coefficient={series.coefficient ?? undefined} phP={t.p} timeUnit={timeUnit} />
          </ChartPanel>
        );
      })}
    </div>
  );
});

// The declarations are static: their option lists are read once, so the memoised options below keep their identity.
const specs = findAnalysis('cox')?.options ?? [];
const referenceSpec = specs.find((s) => s.name === 'reference');
/** Options seldom changed, under "More options", so that the main ones fit on a 1366×768 screen. */
const COX_ADVANCED = ['start', 'id', 'cluster', 'weights'];

export function CoxView() {
  const workspace = useWorkspace();
  const dataset = workspace.dataset!;
  const outcomeColumns = new Set([workspace.mapping?.id, workspace.mapping?.outcome.time, workspace.mapping?.outcome.event, workspace.mapping?.outcome.start, workspace.mapping?.outcome.end, workspace.mapping?.outcome.censorEnd]);
  const columns = analysisColumns(workspace.summary, workspace.mapping).filter((c) => !c.name.startsWith('outcome.') && !outcomeColumns.has(c.name));
  const [values, setValues] = useRememberedState<FormValues>('cox', workspace, () => defaultFormValues(specs));
  const unit: FollowUpUnit = workspace.mapping?.outcome.unit ?? 'days';
  const options = useMemo(() => ({ ...toAnalysisOptions(specs, values), ...outcomeIn(unit) }), [values, unit]);
  const covariates = Array.isArray(values.covariates) ? values.covariates : [];
  // Treat as categorical lists the chosen covariates only; a covariate no longer chosen leaves it and its reference level.
  const chosenCategorical = (Array.isArray(values.categorical) ? values.categorical : []).filter((c) => covariates.includes(c));
  const changeValues = (next: FormValues) => {
    const nextCovariates = Array.isArray(next.covariates) ? next.covariates : [];
    const nextCategorical = (Array.isArray(next.categorical) ? next.categorical : []).filter((c) => nextCovariates.includes(c));
    const reference = formatReference(parseReference(typeof next.reference === 'string' ? next.reference : ''), nextCategorical);
    setValues({ ...next, categorical: nextCategorical, reference: reference === '' ? undefined : reference });
  };
  const levels = useColumnLevels(dataset, workspace.mapping, chosenCategorical, workspace.summary?.columns ?? []);
  const summaryColumns = workspace.summary?.columns ?? [];
  const cox = useAnalysis<CoxResultInfo>(covariates.length > 0 ? { dataset, mapping: workspace.mapping, analysis: 'cox', options } : null, { remember: scopeKey(workspace), keepOnError: true });
  // The result on screen is labelled by the options that produced it (an out-of-date one by the previous ones).
  const answered = cox.answers?.options.categorical;
  const categorical = Array.isArray(answered) ? (answered as string[]) : [];
  const result = cox.result;
  // The unit the shown result was fitted in (its request's follow-up column): a result kept from before keeps its own.
  const answeredTime = cox.answers?.options.time;
  const resultUnit: FollowUpUnit = typeof answeredTime === 'string' && answeredTime.startsWith('outcome.time_') ? (answeredTime.slice('outcome.time_'.length) as FollowUpUnit) : unit;
  const level = result ? `${formatNumber(result.confLevel * 100, 0)}%` : '95%';
  // Built once per result, so the (memoised) forest plot is not redrawn while a new model computes.
  const termRows = useMemo(() => (result ? coxTermRows(result) : []), [result]);
  // A robust variance (cluster, or fractional case weights): each coefficient carries robustSe.
  const robust = result?.coefficients.some((c) => c.robustSe !== undefined) ?? false;
  const forestRows = useMemo(
    () =>
      termRows.map((r) =>
        r.kind === 'reference'
          ? { term: r.name, hr: 1, hrLower: null, hrUpper: null, p: null, reference: true }
          : { term: r.name, hr: r.coefficient.hr, hrLower: r.coefficient.hrLower, hrUpper: r.coefficient.hrUpper, p: r.coefficient.p },
      ),
    [termRows],
  );

  return (
    <section aria-labelledby="cox-title">
      <h1 id="cox-title" tabIndex={-1}>
        Cox regression
      </h1>
      <div className="with-sidebar">
        <aside className="options" aria-label="Cox options">
          <AnalysisForm
            legend="Model"
            specs={specs}
            values={values}
            onChange={changeValues}
            columns={columns}
            fixed={fixedIn(unit)}
            advanced={COX_ADVANCED}
            columnsFor={{ categorical: { columns: columns.filter((c) => covariates.includes(c.name)), empty: 'Choose covariates first; those chosen are listed here.' } }}
            custom={{
              reference: (
                <ReferenceLevels
                  label={referenceSpec?.label ?? 'Reference levels'}
                  help="The level the other levels' hazard ratios are compared against; by default the first in sort order, as R."
                  columns={chosenCategorical}
                  value={typeof values.reference === 'string' ? values.reference : undefined}
                  onChange={(text) => changeValues({ ...values, reference: text })}
                  levels={levels}
                />
              ),
            }}
          />
        </aside>
        <div className="results">
          {covariates.length === 0 ? <p className="lead">Choose one or more covariates to estimate their hazard ratios, adjusted for each other.</p> : null}
          <Busy busy={cox.busy} />
          <CancelRun run={cox} what="the Cox model" />
          <ErrorNote error={cox.error} />
          {result ? (
            <OutOfDate outOfDate={cox.outOfDate} testId="cox-result">
              <Warnings warnings={[...result.warnings, ...coxAdvice(result, categorical, summaryColumns)]} title="Please check" />
              <DataTable<CoxTermRow<CoxCoefficient>>
                title="Hazard ratios"
                testId="cox-table"
                rowKey={(r) => r.name}
                rows={termRows}
                columns={[
                  { header: 'Term', cell: (r) => r.name },
                  { header: 'Coefficient', cell: (r) => (r.coefficient ? formatNumber(r.coefficient.coef, 4) : ''), numeric: true },
                  { header: 'SE', cell: (r) => (r.coefficient ? formatNumber(r.coefficient.se, 4) : ''), numeric: true },
                  // With a cluster or fractional weights: the robust (sandwich) SE, from which z, p and the CI come (R's summary(coxph(…, cluster =)))
                  ...(robust ? [{ header: 'Robust SE', cell: (r: CoxTermRow<CoxCoefficient>) => (r.coefficient ? formatNumber(r.coefficient.robustSe ?? null, 4) : ''), numeric: true }] : []),
                  { header: 'Hazard ratio', cell: (r) => (r.coefficient ? formatNumber(r.coefficient.hr, 3) : '1'), numeric: true },
                  { header: `${level} CI`, cell: (r) => (r.coefficient ? formatCI(r.coefficient.hrLower, r.coefficient.hrUpper, 3) : 'reference') },
                  { header: 'z', cell: (r) => (r.coefficient ? formatNumber(r.coefficient.z, 2) : ''), numeric: true },
                  { header: 'p', cell: (r) => (r.coefficient ? formatP(r.coefficient.p) : ''), numeric: true },
                ]}
              />
              <div className="summary" data-testid="cox-summary">
                {result.coefficients.map((c) => (
                  <p key={c.term}>{sentenceText(coefficientSentence(c, result, categorical, summaryColumns))}</p>
                ))}
                <p className="muted">
                  {ASSOCIATION_NOTE} {sentenceText(ciMeaning(result.confLevel))}
                </p>
              </div>
              <ChartPanel title="Hazard ratios" description={`Forest plot of the hazard ratios with ${level} confidence intervals on a log scale.`} testId="cox-forest">
                <ForestPlot
                  width={780}
                  height={Math.max(200, 90 + 34 * forestRows.length)}
                  rows={forestRows}
                  title="Hazard ratios of relapse"
                  subtitle={`${formatNumber(result.n)} participants, ${formatNumber(result.events)} relapses; ${result.ties} ties`}
                  confLevel={result.confLevel}
                />
              </ChartPanel>
              <DataTable
                title="Model fit"
                testId="cox-fit"
                rows={[
                  { name: 'Concordance', value: `${formatNumber(result.concordance.estimate, 3)} (SE ${formatNumber(result.concordance.stdErr, 3)})` },
                  { name: 'Likelihood-ratio test', value: `${formatNumber(result.tests.likelihoodRatio.statistic, 2)} on ${result.tests.likelihoodRatio.df} df, p ${formatP(result.tests.likelihoodRatio.p)}` },
                  { name: 'Wald test', value: `${formatNumber(result.tests.wald.statistic, 2)} on ${result.tests.wald.df} df, p ${formatP(result.tests.wald.p)}` },
                  { name: 'Score (log-rank) test', value: `${formatNumber(result.tests.score.statistic, 2)} on ${result.tests.score.df} df, p ${formatP(result.tests.score.p)}` },
                  { name: 'Participants / relapses', value: `${formatNumber(result.n)} / ${formatNumber(result.events)}` },
                ]}
                columns={[
                  { header: 'Measure', cell: (r) => r.name },
                  { header: 'Value', cell: (r) => r.value },
                ]}
              />
              <DataTable
                title="Proportional-hazards test (scaled Schoenfeld residuals)"
                testId="cox-ph"
                rows={[...result.ph.terms, { term: 'GLOBAL', ...result.ph.global }]}
                columns={[
                  { header: 'Term', cell: (t) => t.term },
                  { header: 'χ²', cell: (t) => formatNumber(t.chisq, 2), numeric: true },
                  { header: 'df', cell: (t) => formatNumber(t.df), numeric: true },
                  { header: 'p', cell: (t) => formatP(t.p), numeric: true },
                ]}
              />
              <p className="summary" data-testid="cox-ph-summary">
                {sentenceText(phSentence(result.ph.global.p, violatedTerms(result, categorical, summaryColumns)))}
              </p>
              {phRmstProposal(result.ph.global.p, violatedTerms(result, categorical, summaryColumns).map((t) => t.term)).length > 0 ? (
                <p className="summary" data-testid="cox-rmst-proposal">
                  {sentenceText(phRmstProposal(result.ph.global.p, violatedTerms(result, categorical, summaryColumns).map((t) => t.term)))}{' '}
                  <button type="button" className="small" onClick={() => workspace.goTo('sites')}>
                    Compare sites
                  </button>
                </p>
              ) : null}
              <ResidualPlots result={result} timeUnit={resultUnit} />
              {cox.ms !== null ? <p className="muted timing">Computed in {formatNumber(cox.ms, 0)} ms.</p> : null}
            </OutOfDate>
          ) : null}
        </div>
      </div>
    </section>
  );
}
