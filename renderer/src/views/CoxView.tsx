/**
 * Cox view: choose the covariates (factor scores, group columns, other columns), which are categorical,
 * the strata and the tie handling (the form is generated from the cox declaration). Shows the hazard
 * ratio table, a forest plot, the proportional-hazards test with a scaled Schoenfeld residual plot per
 * term (when the result carries the residuals), the concordance and the model tests, and warnings:
 * few events per coefficient, non-convergence, and PH violations with a suggestion to stratify.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { findAnalysis } from '../../../shared/analyses/registry';
import { ForestPlot } from '../charts/ForestPlot';
import { SchoenfeldPlot } from '../charts/SchoenfeldPlot';
import { formatCI, formatNumber, formatP } from '../format';
import { AnalysisForm, defaultFormValues, toAnalysisOptions, type FormValues } from '../components/AnalysisForm';
import { ChartPanel } from '../components/ChartPanel';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { ASSOCIATION_NOTE, CI_MEANING, hazardRatioSentence, phSentence } from '../summaries';
import { DERIVED_RELAPSE, DERIVED_TIME, analysisColumns, columnLabel, useWorkspace } from './workspace';
import { useAnalysis } from './useAnalysis';
import type { CoxCoefficient, CoxResultInfo, Warning } from './types';

const OUTCOME = { time: DERIVED_TIME, event: DERIVED_RELAPSE };
const FIXED = { time: columnLabel(DERIVED_TIME), event: columnLabel(DERIVED_RELAPSE), eventValue: '1 (from the mapping)' };
/** Fewer events per estimated coefficient than this makes a Cox model unstable (Peduzzi et al. 1995). */
export const MIN_EVENTS_PER_COEFFICIENT = 10;

/** Warnings the view adds to the engine's own: events per coefficient, convergence, PH. */
export function coxAdvice(result: CoxResultInfo): Warning[] {
  const advice: Warning[] = [];
  const estimated = result.coefficients.filter((c) => c.coef !== null).length;
  if (estimated > 0 && result.events / estimated < MIN_EVENTS_PER_COEFFICIENT) {
    advice.push({
      code: 'events-per-variable',
      message: `Only ${formatNumber(result.events / estimated, 1)} relapses per estimated coefficient (fewer than ${MIN_EVENTS_PER_COEFFICIENT}): the hazard ratios may be unstable. Consider fewer covariates.`,
    });
  }
  if (result.converged === false) advice.push({ code: 'not-converged', message: 'The model did not converge: the estimates are not reliable. Check for a covariate that separates relapse completely.' });
  const violated = result.ph.terms.filter((t) => t.p !== null && t.p < 0.05).map((t) => t.term);
  if (violated.length > 0) {
    advice.push({ code: 'ph-violated', message: `The proportional-hazards test suggests the effect of ${violated.join(', ')} changes over follow-up (p < 0.05). Consider stratifying by ${violated.length === 1 ? 'it' : 'them'} instead.` });
  }
  return advice;
}

function sentenceFor(c: CoxCoefficient, result: CoxResultInfo, categorical: readonly string[]): string {
  const [column, level] = c.term.includes('=') ? c.term.split('=') : [c.term, undefined];
  const term = (result as CoxResultInfo & { terms?: { term: string; reference: string | null }[] }).terms?.find((t) => t.term === column);
  const scale = level !== undefined || categorical.includes(column) ? 'level' : column.startsWith('score.') ? 'sd' : 'unit';
  const label = column.startsWith('score.') ? columnLabel(column).replace(/ \(score\)$/, '').toLowerCase() : column;
  return hazardRatioSentence({ label, hr: c.hr, lower: c.hrLower, upper: c.hrUpper, confLevel: result.confLevel, scale, levelName: level, reference: term?.reference ?? null });
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
const ResidualPlots = memo(function ResidualPlots(props: { result: CoxResultInfo }) {
  const { result } = props;
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
            <SchoenfeldPlot {...RESIDUAL_PLOT} term={t.term} time={residuals.time} transformedTime={residuals.transformedTime} residuals={series.scaled} coefficient={series.coefficient ?? undefined} phP={t.p} />
          </ChartPanel>
        );
      })}
    </div>
  );
});

// The declarations are static: their option lists are read once, so the memoised options below keep their identity.
const specs = findAnalysis('cox')?.options ?? [];

export function CoxView() {
  const workspace = useWorkspace();
  const dataset = workspace.dataset!;
  const outcomeColumns = new Set([workspace.mapping?.id, workspace.mapping?.outcome.time, workspace.mapping?.outcome.event, workspace.mapping?.outcome.start, workspace.mapping?.outcome.end, workspace.mapping?.outcome.censorEnd]);
  const columns = analysisColumns(workspace.summary, workspace.mapping).filter((c) => !c.name.startsWith('outcome.') && !outcomeColumns.has(c.name));
  const [values, setValues] = useState<FormValues>(() => defaultFormValues(specs));
  const options = useMemo(() => ({ ...toAnalysisOptions(specs, values), ...OUTCOME }), [values]);
  const covariates = Array.isArray(values.covariates) ? values.covariates : [];
  const categorical = Array.isArray(values.categorical) ? values.categorical : [];
  const cox = useAnalysis<CoxResultInfo>(covariates.length > 0 ? { dataset, mapping: workspace.mapping, analysis: 'cox', options } : null);
  const result = cox.result;
  const level = result ? `${formatNumber(result.confLevel * 100, 0)}%` : '95%';

  return (
    <section aria-labelledby="cox-title">
      <h1 id="cox-title" tabIndex={-1}>
        Cox regression
      </h1>
      <div className="with-sidebar">
        <aside className="options" aria-label="Cox options">
          <AnalysisForm legend="Model" specs={specs} values={values} onChange={setValues} columns={columns} fixed={FIXED} />
        </aside>
        <div className="results">
          {covariates.length === 0 ? <p className="lead">Choose one or more covariates to estimate their hazard ratios, adjusted for each other.</p> : null}
          <Busy busy={cox.busy} />
          <ErrorNote error={cox.error} />
          {result ? (
            <>
              <Warnings warnings={[...result.warnings, ...coxAdvice(result)]} title="Please check" />
              <DataTable<CoxCoefficient>
                title="Hazard ratios"
                testId="cox-table"
                rowKey={(c) => c.term}
                rows={result.coefficients}
                columns={[
                  { header: 'Term', cell: (c) => c.term },
                  { header: 'Coefficient', cell: (c) => formatNumber(c.coef, 4), numeric: true },
                  { header: 'SE', cell: (c) => formatNumber(c.se, 4), numeric: true },
                  { header: 'Hazard ratio', cell: (c) => formatNumber(c.hr, 3), numeric: true },
                  { header: `${level} CI`, cell: (c) => formatCI(c.hrLower, c.hrUpper, 3) },
                  { header: 'z', cell: (c) => formatNumber(c.z, 2), numeric: true },
                  { header: 'p', cell: (c) => formatP(c.p), numeric: true },
                ]}
              />
              <div className="summary" data-testid="cox-summary">
                {result.coefficients.map((c) => (
                  <p key={c.term}>{sentenceFor(c, result, categorical)}</p>
                ))}
                <p className="muted">
                  {ASSOCIATION_NOTE} {CI_MEANING(result.confLevel)}
                </p>
              </div>
              <ChartPanel title="Hazard ratios" description={`Forest plot of the hazard ratios with ${level} confidence intervals on a log scale.`} testId="cox-forest">
                <ForestPlot
                  width={780}
                  height={Math.max(200, 90 + 34 * result.coefficients.length)}
                  rows={result.coefficients}
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
              <p className="summary">
                {phSentence(
                  result.ph.global.p,
                  result.ph.terms.filter((t) => t.p !== null && t.p < 0.05).map((t) => t.term),
                )}
              </p>
              <ResidualPlots result={result} />
              {cox.ms !== null ? <p className="muted timing">Computed in {formatNumber(cox.ms, 0)} ms.</p> : null}
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}
