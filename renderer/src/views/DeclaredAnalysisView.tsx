/**
 * The generic view of an analysis with a declared presentation (shared/analyses/presentation.ts), for the
 * analyses without a specialised step (the "More analyses" step lists them: `declaredAnalyses`). Its form
 * comes from the declaration's options (AnalysisForm; the outcome fixed by the mapping, in the mapping's
 * follow-up unit, and the first group column and the unit's report times as defaults where the analysis
 * takes them); its run from useAnalysis (running, cancel, an out-of-date result kept on screen with the
 * options that produced it); its results are the declared tables (DataTable, with CSV export), sentences and
 * methods, written by presentation/declared.ts as the CLI writes them.
 */
import { useMemo } from 'react';
import { ANALYSES, findAnalysis } from '../../../shared/analyses/registry';
import type { AnalysisDeclaration } from '../../../shared/analyses/declaration';
import { DEFAULT_TIMES, followUpColumnName, type FollowUpUnit } from '../../../shared/mapping/units';
import { declaredText } from '../../../presentation/declared';
import { formatNumber } from '../../../presentation/format';
import { AnalysisForm, defaultFormValues, toAnalysisOptions, type FormValues } from '../components/AnalysisForm';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { CancelRun } from '../components/CancelRun';
import { OutOfDate } from '../components/OutOfDate';
import { DERIVED_RELAPSE, DERIVED_TIME, analysisColumns, columnLabel, splitColumns, useWorkspace, type StepId } from './workspace';
import { useAnalysis } from './useAnalysis';
import { scopeKey, useRememberedState } from './remembered-options';

/**
 * The analyses shown by a specialised step, and that step: every other analysis with a declared
 * presentation is listed in "More analyses". (rmst and adjusted also feed the Compare sites step, as parts
 * of it; rmst has no step of its own, so it is listed.)
 */
export const SPECIALISED_VIEWS: Readonly<Record<string, StepId>> = {
  km: 'survival',
  logrank: 'survival',
  cuminc: 'survival',
  cox: 'cox',
  sites: 'sites',
  adjusted: 'sites',
  recurrent: 'recurrent',
  correlation: 'correlation',
};

/** The declared analyses without a specialised step, in the registry's order. */
export function declaredAnalyses(): AnalysisDeclaration[] {
  return ANALYSES.filter((a) => a.presentation !== undefined && SPECIALISED_VIEWS[a.id] === undefined);
}

const isEmpty = (value: unknown) => value === undefined || (Array.isArray(value) && value.length === 0);

/** Options the mapping sets (the outcome) or that need several rows per participant: not in the form. */
const HIDDEN = ['start', 'id'];

export function DeclaredAnalysisView(props: { analysisId: string }) {
  const workspace = useWorkspace();
  const dataset = workspace.dataset!;
  const mapping = workspace.mapping;
  const declaration = findAnalysis(props.analysisId);
  const specs = useMemo(() => declaration?.options ?? [], [declaration]);
  const unit: FollowUpUnit = mapping?.outcome.unit ?? 'days';
  const outcome = useMemo(() => ({ time: unit === 'days' ? DERIVED_TIME : followUpColumnName(unit), event: DERIVED_RELAPSE }), [unit]);
  const fixed = { time: unit === 'days' ? columnLabel(DERIVED_TIME) : `Follow-up (${unit})`, event: columnLabel(DERIVED_RELAPSE), eventValue: '1 (from the mapping)' };
  const outcomeColumns = new Set([mapping?.id, mapping?.outcome.time, mapping?.outcome.event, mapping?.outcome.start, mapping?.outcome.end, mapping?.outcome.censorEnd]);
  const columns = useMemo(
    () => [...analysisColumns(workspace.summary, mapping), ...splitColumns(mapping)].filter((c) => !c.name.startsWith('outcome.') && !outcomeColumns.has(c.name)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the outcome columns follow the mapping
    [workspace.summary, mapping],
  );
  const [values, setValues] = useRememberedState<FormValues>(`declared:${props.analysisId}`, workspace, () => {
    const initial = defaultFormValues(specs);
    if (specs.some((s) => s.name === 'group') && mapping?.groups[0]) initial.group = mapping.groups[0];
    const times = specs.find((s) => s.name === 'times');
    if (times?.kind === 'numbers' && (times.default ?? []).length === 0) initial.times = DEFAULT_TIMES[unit].join(', ');
    return initial;
  });
  const options: Record<string, unknown> = useMemo(() => ({ ...toAnalysisOptions(specs, values), ...outcome }), [specs, values, outcome]);
  const missing = specs.filter((s) => s.required && !HIDDEN.includes(s.name) && fixed[s.name as keyof typeof fixed] === undefined && isEmpty(options[s.name]));
  const analysis = useAnalysis<Record<string, unknown>>(declaration && missing.length === 0 ? { dataset, mapping, analysis: props.analysisId, options } : null, { remember: scopeKey(workspace) });

  // The text of the result on screen, from the options that produced it (an out-of-date result keeps its own).
  const shown = useMemo(() => {
    if (!declaration?.presentation || !analysis.result || !analysis.answers) return null;
    const parsed = declaration.optionsSchema.safeParse(analysis.answers.options);
    if (!parsed.success) return null;
    return declaredText(declaration.presentation, analysis.result, parsed.data, { unit });
  }, [declaration, analysis.result, analysis.answers, unit]);

  if (!declaration?.presentation) return <p className="lead">This analysis has no declared presentation.</p>;
  const warnings = analysis.result?.warnings as { code: string; message: string }[] | undefined;

  return (
    <div className="with-sidebar" data-testid={`declared-${declaration.id}`}>
      <aside className="options" aria-label={`${declaration.title} options`}>
        <AnalysisForm legend={declaration.title} specs={specs} values={values} onChange={setValues} columns={columns} fixed={fixed} hidden={HIDDEN} />
      </aside>
      <div className="results">
        <p className="lead">{declaration.summary}</p>
        {missing.length > 0 ? (
          <p className="muted" data-testid="declared-missing">
            To run it, fill in: {missing.map((s) => s.label).join(', ')}.
          </p>
        ) : null}
        <Busy busy={analysis.busy} />
        <CancelRun run={analysis} what={declaration.title.toLowerCase()} />
        <ErrorNote error={analysis.error} />
        {shown ? (
          <OutOfDate outOfDate={analysis.outOfDate} testId="declared-result">
            <Warnings warnings={warnings} title="Please check" />
            {shown.tables.map((table) => (
              <DataTable<string[]>
                key={table.id}
                title={table.title}
                testId={table.id}
                rows={table.rows}
                note={table.note}
                columns={table.columns.map((c, j) => ({ header: c.label, cell: (row: string[]) => row[j], numeric: c.numeric }))}
              />
            ))}
            {shown.sentences.length > 0 ? (
              <div className="summary" data-testid="declared-sentences">
                {shown.sentences.map((text, i) => (
                  <p key={i}>{text}</p>
                ))}
              </div>
            ) : null}
            {shown.methods ? (
              <p className="muted" data-testid="declared-methods">
                {shown.methods}
              </p>
            ) : null}
            {analysis.ms !== null ? <p className="muted timing">Computed in {formatNumber(analysis.ms, 0)} ms.</p> : null}
          </OutOfDate>
        ) : null}
      </div>
    </div>
  );
}

/** The "More analyses" step: the declared analyses without a step of their own, one chosen at a time. */
export function MoreAnalysesView() {
  const workspace = useWorkspace();
  const choices = declaredAnalyses();
  const [chosen, setChosen] = useRememberedState<{ analysis: string }>('declared:chosen', workspace, () => ({ analysis: choices[0]?.id ?? '' }));
  const current = choices.find((a) => a.id === chosen.analysis) ?? choices[0];
  return (
    <section aria-labelledby="more-title">
      <h1 id="more-title" tabIndex={-1}>
        More analyses
      </h1>
      <div className="field" role="radiogroup" aria-label="Analysis" data-testid="more-choices">
        {choices.map((a) => (
          <label key={a.id} className="radio">
            <input type="radio" name="more-analysis" value={a.id} checked={current?.id === a.id} onChange={() => setChosen({ analysis: a.id })} /> {a.title}
          </label>
        ))}
      </div>
      {current ? <DeclaredAnalysisView key={current.id} analysisId={current.id} /> : <p className="lead">No further analyses are declared.</p>}
    </section>
  );
}
