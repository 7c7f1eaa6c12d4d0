/**
 * Recurrent relapses view, for a mapping of several rows per participant (episodes or intervals,
 * `outcome.intervalStart`): the model (Andersen–Gill, PWP total time or PWP gap time, each with one plain
 * sentence on what it assumes), the covariates (default: the mapping's group columns, as categories, and
 * the columns mapped to the factors) and
 * an optional group for the mean cumulative function; the MCF chart (mean relapses per participant over
 * time with its CI band and the number at risk), the rate-ratio table with both the model-based and the
 * robust SE (the CI from the robust SE, as the result gives it) and the sentences of
 * shared/report/sentences.ts. The form comes from the `recurrent` declaration; the interval start, stop,
 * event and id are fixed by the mapping, and the analysis reads those raw columns (the mapping's derived
 * one-row-per-participant outcome does not apply). With a one-row-per-participant mapping it says in one
 * line what it needs.
 */
import { useMemo } from 'react';
import { findAnalysis } from '../../../shared/analyses/registry';
import { type RecurrentModel, type RecurrentResult } from '../../../shared/analyses/recurrent';
import { EPISODE_RATE_NOTE, ciMeaning, meanRelapsesSentence } from '../../../shared/report/sentences';
import { recurrentCovariates } from '../../../shared/report/recurrent-plan';
import { coefficientSentence } from '../../../shared/report/recurrent-section';
import { McfChart } from '../../../presentation/charts/McfChart';
import { formatCI, formatNumber, formatP } from '../../../presentation/format';
import { AnalysisForm, defaultFormValues, toAnalysisOptions, type FormValues } from '../components/AnalysisForm';
import { ChartPanel } from '../components/ChartPanel';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { sentenceText } from '../../../presentation/report/format-cell';
import { isSeveralRows } from './mapping-model';
import { useWorkspace } from './workspace';
import { useAnalysis } from './useAnalysis';
import { scopeKey, useRememberedState } from './remembered-options';
import { CancelRun } from '../components/CancelRun';
import type { MappingTemplate } from './types';

type Coefficient = RecurrentResult['coefficients'][number];

const specs = findAnalysis('recurrent')?.options ?? [];

export const MODEL_CHOICES: readonly { model: RecurrentModel; label: string; assumes: string }[] = [
  { model: 'ag', label: 'Andersen–Gill', assumes: 'Every relapse episode counts alike: the rate ratio is the same for the first, second and later episodes, on the time since the start of follow-up.' },
  { model: 'pwp-total', label: 'PWP, total time', assumes: 'Each episode number has its own baseline rate (a second relapse may come faster than a first), on the time since the start of follow-up; only those who had the previous episode are at risk of the next.' },
  { model: 'pwp-gap', label: 'PWP, gap time', assumes: 'As PWP total time, but the clock restarts at each episode: the time since the previous relapse.' },
];

/**
 * The form's default model: the mapping's group columns (as categories) and the columns mapped to the
 * factors (their raw values: factor scores are standardised over participants, which several rows per
 * participant would misweight; a column with risk values as categories), each once, as the report's
 * Repeated relapses section takes them (shared/report/recurrent-plan.ts).
 */
export function defaultCovariates(mapping: MappingTemplate | null, columns: readonly { name: string }[]): { covariates: string[]; categorical: string[] } {
  return recurrentCovariates({ groups: mapping?.groups, factors: mapping?.factors }, (name) => columns.some((c) => c.name === name));
}

export function RecurrentView() {
  const workspace = useWorkspace();
  const mapping = workspace.mapping;
  const severalRows = isSeveralRows(mapping);
  const outcome = mapping?.outcome;
  const mapped = new Set([mapping?.id, outcome?.time, outcome?.intervalStart, outcome?.event]);
  const columns = (workspace.summary?.columns ?? []).filter((c) => !mapped.has(c.name)).map((c) => ({ name: c.name, type: c.type }));
  const groups = (mapping?.groups ?? []).filter((g) => columns.some((c) => c.name === g));
  const [values, setValues] = useRememberedState<FormValues>('recurrent', workspace, () => ({ ...defaultFormValues(specs), ...defaultCovariates(mapping, columns), group: groups[0] }));
  const eventValues = outcome?.eventValues ?? [];
  const fixed = {
    start: outcome?.intervalStart ?? '',
    time: outcome?.time ?? '',
    event: outcome?.event ?? '',
    eventValue: eventValues.map(String).join(', '),
    id: mapping?.id ?? '',
  };
  const options = useMemo(
    () => ({ ...toAnalysisOptions(specs, values), start: fixed.start, time: fixed.time, event: fixed.event, id: fixed.id, eventValue: String(eventValues[0] ?? '') }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the fixed columns change only with the mapping
    [values, mapping],
  );
  const usable = severalRows && Boolean(mapping?.id) && eventValues.length === 1;
  const analysis = useAnalysis<RecurrentResult>(usable && workspace.dataset ? { dataset: workspace.dataset, mapping: null, analysis: 'recurrent', options } : null, { remember: scopeKey(workspace) });
  const result = analysis.result;
  const model = (typeof values.model === 'string' ? values.model : 'ag') as RecurrentModel;
  const level = result ? `${formatNumber(result.confLevel * 100, 0)}%` : '95%';

  if (!severalRows) {
    return (
      <section aria-labelledby="recurrent-title">
        <h1 id="recurrent-title" tabIndex={-1}>
          Recurrent relapses
        </h1>
        <p className="lead" data-testid="recurrent-needs-rows">
          Recurrent relapses need several rows per participant (episodes or intervals): choose that in the Mapping step.{' '}
          <button type="button" className="small" onClick={() => workspace.goTo('mapping')}>
            Mapping
          </button>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="recurrent-title">
      <h1 id="recurrent-title" tabIndex={-1}>
        Recurrent relapses
      </h1>
      <div className="with-sidebar">
        <aside className="options" aria-label="Recurrent relapses options">
          <fieldset className="analysis-form" data-testid="recurrent-model">
            <legend>Model</legend>
            {MODEL_CHOICES.map((choice) => (
              <div key={choice.model} className="field">
                <label className="radio">
                  <input
                    type="radio"
                    name="recurrent-model"
                    value={choice.model}
                    checked={model === choice.model}
                    onChange={() => setValues({ ...values, model: choice.model })}
                    aria-describedby={`recurrent-model-${choice.model}-help`}
                  />{' '}
                  {choice.label}
                </label>
                <span className="help" id={`recurrent-model-${choice.model}-help`}>
                  {choice.assumes}
                </span>
              </div>
            ))}
          </fieldset>
          <AnalysisForm legend="Covariates and groups" specs={specs} values={values} onChange={setValues} columns={columns} fixed={fixed} hidden={['model']} />
        </aside>
        <div className="results">
          {!mapping?.id ? <p className="lead">Map the participant id in the Mapping step: the robust SEs and the mean per participant need it.</p> : null}
          {eventValues.length > 1 ? <p className="lead">The recurrent analyses take one value meaning relapse; the mapping lists {eventValues.length}. Keep one in the Mapping step.</p> : null}
          <Busy busy={analysis.busy} />
          <CancelRun run={analysis} what="the recurrent-relapse model" />
          <ErrorNote error={analysis.error} />
          {result ? (
            <>
              <Warnings warnings={result.warnings} title="Please check" />
              <p className="muted" data-testid="recurrent-counts">
                {formatNumber(result.participants)} participants, {formatNumber(result.n)} intervals, {formatNumber(result.events)} relapses; up to {formatNumber(result.episodes)} episodes per participant.
              </p>
              <ChartPanel
                title="Mean number of relapses per participant"
                description={`The mean cumulative function${result.mcf.length > 1 ? ' of each group' : ''}: the average number of relapses per participant by each day, with its ${level} confidence band (robust, by participant), and the number at risk under the axis.`}
                testId="recurrent-mcf"
              >
                <McfChart width={780} height={480} curves={result.mcf} subtitle={`${formatNumber(result.participants)} participants, ${formatNumber(result.events)} relapses`} />
              </ChartPanel>
              <div className="summary" data-testid="recurrent-mcf-summary">
                {result.mcf.map((curve) => {
                  const last = curve.rows[curve.rows.length - 1];
                  return last ? <p key={curve.group}>{sentenceText(meanRelapsesSentence(curve.group, last.mcf, last.time, last.lower, last.upper, result.confLevel))}</p> : null;
                })}
              </div>
              {result.coefficients.length > 0 ? (
                <>
                  <DataTable<Coefficient>
                    title={`Rate ratios of relapse episodes (${MODEL_CHOICES.find((c) => c.model === result.model)?.label ?? result.model})`}
                    testId="recurrent-table"
                    rowKey={(c) => c.term}
                    rows={result.coefficients}
                    columns={[
                      { header: 'Term', cell: (c) => c.term },
                      { header: 'Coefficient', cell: (c) => formatNumber(c.coef, 4), numeric: true },
                      { header: 'SE (model)', cell: (c) => formatNumber(c.se, 4), numeric: true },
                      { header: 'Robust SE', cell: (c) => formatNumber(c.robustSe, 4), numeric: true },
                      { header: 'Rate ratio', cell: (c) => formatNumber(c.hr, 3), numeric: true },
                      { header: `${level} CI (robust)`, cell: (c) => formatCI(c.hrLower, c.hrUpper, 3) },
                      { header: 'z (robust)', cell: (c) => formatNumber(c.z, 2), numeric: true },
                      { header: 'p', cell: (c) => formatP(c.p), numeric: true },
                    ]}
                  />
                  <div className="summary" data-testid="recurrent-summary">
                    {result.coefficients.map((c) => (
                      <p key={c.term}>{sentenceText(coefficientSentence(c, result))}</p>
                    ))}
                    <p className="muted">
                      {EPISODE_RATE_NOTE} {sentenceText(ciMeaning(result.confLevel))}
                    </p>
                  </div>
                </>
              ) : (
                <p className="lead">Choose covariates (or a group) to estimate rate ratios of relapse episodes.</p>
              )}
              {analysis.ms !== null ? <p className="muted timing">Computed in {formatNumber(analysis.ms, 0)} ms.</p> : null}
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}
