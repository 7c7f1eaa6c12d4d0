/**
 * Survival view: Kaplan–Meier curves by a group column, with CI bands (CI type selectable), censor
 * marks and the number at risk under the x axis (cumulative events optional); median survival with
 * its CI, survival at chosen days, RMST, the log-rank / G^ρ test and pairwise comparisons; and the
 * cumulative incidence of relapse when a competing end of follow-up is mapped. The test's p can be printed
 * on the plot ("Show the log-rank p on the plot", off by default as survminer's ggsurvplot has pval = FALSE),
 * when the test answers the grouping the curves show.
 * The option forms are generated from the km, logrank and cuminc declarations.
 */
import { FOLD_ABOVE_GROUPS, FOLD_BELOW_PARTICIPANTS, foldedGroupsLabel, foldTinyGroups } from '../../../shared/report/suppression';
import { DEFAULT_TIMES, followUpColumnName, type FollowUpUnit, UNIT_DIGITS, UNIT_WORDS } from '../../../shared/mapping/units';
import { useMemo, useState } from 'react';
import { findAnalysis } from '../../../shared/analyses/registry';
import { GRAY_AUTO_LIMIT } from '../../../shared/analyses/cuminc';
import { KaplanMeierChart } from '../../../presentation/charts/KaplanMeierChart';
import { CumulativeIncidenceChart } from '../../../presentation/charts/CumulativeIncidenceChart';
import { formatCI, formatNumber, formatP } from '../../../presentation/format';
import { AnalysisForm, defaultFormValues, toAnalysisOptions, type FormValues } from '../components/AnalysisForm';
import { ChartPanel } from '../components/ChartPanel';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { incidenceSentence, logrankSentence, medianSentence, rmstSentence, survivalAtSentence } from '../../../shared/report/sentences';
import { sentenceText } from '../../../presentation/report/format-cell';
import { DERIVED_RELAPSE, DERIVED_STATUS, DERIVED_TIME, analysisColumns, columnLabel, groupLevelDescription, groupLevelLabel, hasCompetingEvent, splitColumns, useWorkspace } from './workspace';
import { useAnalysis } from './useAnalysis';
import { MANY_GROUPS, useGroupCount } from './group-count';
import { CancelRun } from '../components/CancelRun';
import { scopeKey, useRememberedState } from './remembered-options';
import { OutOfDate } from '../components/OutOfDate';
import type { CumincResultInfo, KmGroupResult, KmResultInfo, LogrankResultInfo } from './types';
import { ManyGroupsAsk } from '../components/ManyGroupsAsk';

const capitalised = (word: string) => word[0].toUpperCase() + word.slice(1);
/** Causes of outcome.status as the chart's legend names them (short). */
const CHART_CAUSE_LABELS = { '1': 'relapse', '2': 'competing end' };

/** Event codes of outcome.status (shared/mapping/apply.ts), named neutrally. */
const CAUSE_LABELS: Record<string, string> = { '1': 'relapse', '2': 'competing end of follow-up' };
const causeLabel = (cause: string) => CAUSE_LABELS[cause] ?? `end of follow-up coded ${cause}`;
const P_ADJUST_NAMES: Record<string, string> = {
  none: 'no adjustment',
  holm: 'Holm',
  hochberg: 'Hochberg',
  bonferroni: 'Bonferroni',
  BH: 'Benjamini–Hochberg (false discovery rate)',
  BY: 'Benjamini–Yekutieli',
};

/** Warning code of the logrank result when pairwise comparisons were left out (too many groups). */
const PAIRWISE_NOT_RUN = 'pairwise-not-run';
/** Warning code of the cuminc result when Gray's test was left out (too many groups). */
const GRAY_NOT_RUN = 'gray-not-run';

interface PairwiseRow {
  group1?: string;
  group2?: string;
  a?: string;
  b?: string;
  chisq?: number | null;
  statistic?: number | null;
  p: number | null;
  pAdjusted?: number | null;
}

// The declarations are static: their option lists are read once, so the memoised options below keep their identity.
const kmSpecs = findAnalysis('km')?.options ?? [];
const logrankSpecs = (findAnalysis('logrank')?.options ?? []).filter((s) => !['time', 'event', 'eventValue', 'group', 'levels'].includes(s.name));
/** Options seldom changed, under "More options", so that the main ones fit on a 1366×768 screen. */
const KM_ADVANCED = ['levels', 'start', 'id', 'cluster', 'weights', 'tau'];
const LOGRANK_ADVANCED = ['start', 'id', 'cluster', 'weights', 'strata', 'scores'];

/** A row of the medians table: a group, or the folded groups (no `group`: counts only). */
interface MedianRow {
  label: string;
  n: number;
  events: number;
  group?: KmGroupResult & { described: string };
}

/** The one row of the folded groups, when there are any: their summed participants and relapses. */
function foldedRows<T extends { n: number }>(folded: readonly T[], events: (g: T) => number): MedianRow[] {
  if (folded.length === 0) return [];
  return [{ label: foldedGroupsLabel(folded.length, FOLD_BELOW_PARTICIPANTS), n: folded.reduce((s, g) => s + g.n, 0), events: folded.reduce((s, g) => s + events(g), 0) }];
}

/** The log-rank table's rows: each group, or above 20 groups, the small ones summed in one row without expected relapses. */
function observedRows(groups: readonly { group: string; n: number; observed: number; expected: number }[], name: (level: string) => string): { label: string; n: number; observed: number; expected: number | null }[] {
  const { kept, folded } = foldTinyGroups(groups, (g) => g.n, FOLD_BELOW_PARTICIPANTS);
  return [
    ...kept.map((g) => ({ label: name(g.group), n: g.n, observed: g.observed, expected: g.expected })),
    ...foldedRows(folded, (g) => g.observed).map((r) => ({ label: r.label, n: r.n, observed: r.events, expected: null })),
  ];
}

/** What the medians table's folded row holds, and why it has no estimate. */
function foldedNote(groups: number, folded: number): string {
  return `${formatNumber(folded)} of the ${formatNumber(groups)} groups have fewer than ${FOLD_BELOW_PARTICIPANTS} participants each: they are shown together in one row with their participants and relapses summed, without a median or restricted mean (pooled, several small groups give a number that describes none of them), and their curves are not drawn. The log-rank test compares all ${formatNumber(groups)} groups.`;
}

export function SurvivalView() {
  const workspace = useWorkspace();
  const dataset = workspace.dataset!;
  // Curves can also be split by a factor score's median or tertiles (categorical columns of the mapped frame).
  const columns = useMemo(() => [...analysisColumns(workspace.summary, workspace.mapping), ...splitColumns(workspace.mapping)], [workspace.summary, workspace.mapping]);
  // Follow-up in the mapping's unit (issue 15 item 2): the curves, medians, restricted means and times are in it.
  const unit: FollowUpUnit = workspace.mapping?.outcome.unit ?? 'days';
  const digits = UNIT_DIGITS[unit];
  const outcome = useMemo(() => ({ time: unit === 'days' ? DERIVED_TIME : followUpColumnName(unit), event: DERIVED_RELAPSE }), [unit]);
  const fixed = { time: unit === 'days' ? columnLabel(DERIVED_TIME) : `Follow-up (${unit})`, event: columnLabel(DERIVED_RELAPSE), eventValue: '1 (from the mapping)' };
  // The report times, in the mapping's follow-up unit (shared/mapping/units.ts DEFAULT_TIMES), as the report's.
  const [kmValues, setKmValues] = useRememberedState<FormValues>('survival', workspace, () => ({ ...defaultFormValues(kmSpecs), times: DEFAULT_TIMES[unit].join(', '), group: workspace.mapping?.groups[0] }));
  const [testValues, setTestValues] = useRememberedState<FormValues>('survival-test', workspace, () => defaultFormValues(logrankSpecs));
  const [display, setDisplay] = useState({ bands: true, censor: true, atRisk: true, cumulativeEvents: false, pValue: false });

  const kmOptions: Record<string, unknown> = useMemo(() => {
    const options: Record<string, unknown> = { ...toAnalysisOptions(kmSpecs, kmValues), ...outcome };
    if (typeof kmValues.group !== 'string' || kmValues.group === '') delete options.levels;
    return options;
  }, [kmValues, outcome]);
  // A group order belongs to its column: choosing another column clears it.
  const changeKmValues = (next: FormValues) => setKmValues(next.group !== kmValues.group ? { ...next, levels: '' } : next);
  const group = typeof kmValues.group === 'string' ? kmValues.group : undefined;
  // The group order is set once, in the curves' form, and applies to the test and the cumulative incidence too.
  const groupOrder = group && typeof kmOptions.levels === 'string' ? { levels: kmOptions.levels } : {};
  // A grouping with many groups asks first (issue 15 item 6): nothing runs for it until the user says so.
  const groupCount = useGroupCount(dataset, workspace.mapping, group ?? null, workspace.summary?.columns ?? []);
  const [runManyFor, setRunManyFor] = useState<string | null>(null);
  const askFirst = group !== undefined && groupCount !== null && groupCount > MANY_GROUPS && runManyFor !== group;
  // While a number column's groups are counted (a moment), nothing runs either.
  const hold = askFirst || (group !== undefined && groupCount === null);
  // All three are asked for at once, the test first: main's analysis worker runs them one at a time in the
  // order asked (node/jobs/runner.ts), so the p-value still comes first, and each result is drawn while the
  // next one computes, instead of each request waiting until the previous result was drawn.
  const logrank = useAnalysis<LogrankResultInfo>(group ? { dataset, mapping: workspace.mapping, analysis: 'logrank', options: { ...toAnalysisOptions(logrankSpecs, testValues), ...outcome, group, ...groupOrder } } : null, { wait: hold, remember: scopeKey(workspace), keepOnError: true });
  const km = useAnalysis<KmResultInfo>({ dataset, mapping: workspace.mapping, analysis: 'km', options: kmOptions }, { wait: hold, remember: scopeKey(workspace), keepOnError: true });
  const competing = hasCompetingEvent(workspace.mapping);
  // Gray's test is left out by default above GRAY_AUTO_LIMIT groups; the user can ask for it for this column.
  const [grayForGroup, setGrayForGroup] = useState<string | null>(null);
  const cuminc = useAnalysis<CumincResultInfo>(
    competing
      ? {
          dataset,
          mapping: workspace.mapping,
          analysis: 'cuminc',
          options: {
            time: outcome.time,
            event: DERIVED_STATUS,
            censorValue: '0',
            ...(group ? { group, ...groupOrder, ...(grayForGroup === group ? { grayTest: 'yes' } : {}) } : {}),
            ...(Array.isArray(kmOptions.times) ? { times: kmOptions.times } : {}),
          },
        }
      : null,
    { wait: hold, remember: scopeKey(workspace), keepOnError: true },
  );

  // Groups named with their column ("clinic 2"), in the chart legend, the at-risk table and the sentences.
  // A result is labelled with the group column it was computed for: an out-of-date one keeps its own labels.
  const groupOf = (request: { options: Record<string, unknown> } | null) => (typeof request?.options.group === 'string' && request.options.group !== '' ? request.options.group : undefined);
  const kmGroup = groupOf(km.answers);
  const logrankGroup = groupOf(logrank.answers);
  const cumincGroup = groupOf(cuminc.answers);
  const namedIn = (column: string | undefined) => (level: string) => (column ? groupLevelLabel(column, level) : 'all');
  const describedIn = (column: string | undefined) => (level: string) => (column ? groupLevelDescription(column, level) : 'all');
  // Built once per result, so the (memoised) chart is not redrawn while another analysis runs.
  const incidence = useMemo(
    () =>
      cuminc.result
        ? {
            curves: cuminc.result.curves.map((c) => ({ group: namedIn(cumincGroup)(c.group), cause: c.cause, points: c.steps.time.map((t, i) => ({ time: t, estimate: c.steps.estimate[i] })) })),
            title: cumincGroup ? `Cumulative incidence by ${columnLabel(cumincGroup)}` : 'Cumulative incidence, whole cohort',
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the labels depend on the group the result answers, which changes with the result
    [cuminc.result],
  );
  // Labelled once per result, with the grouping it was computed for (a reply always answers the latest
  // request), so the curves on screen keep their labels, and the memoised chart is not redrawn, while
  // a new grouping is being computed.
  const labelled = useMemo(
    () =>
      km.result
        ? {
            result: { ...km.result, groups: km.result.groups.map((g) => ({ ...g, group: namedIn(kmGroup)(g.group), described: describedIn(kmGroup)(g.group) })) },
            title: kmGroup ? `Time to relapse by ${columnLabel(kmGroup)}` : 'Time to relapse, whole cohort',
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- labels follow the result, not the form
    [km.result],
  );
  const result = labelled?.result ?? null;
  const title = labelled?.title ?? 'Time to relapse';
  // More than 20 groups: those with fewer than 5 participants are one row of counts, not drawn (suppression.ts foldTinyGroups).
  const kmFold = useMemo(() => (result ? foldTinyGroups(result.groups, (g) => g.n, FOLD_BELOW_PARTICIPANTS) : { kept: [], folded: [] }), [result]);
  // The cumulative incidence by the same grouping leaves out the same folded groups (named as the curves are).
  // Kept by its content, so that a new KM result folding the same groups does not redraw the cumulative incidence chart.
  const foldedKey = JSON.stringify(kmGroup !== undefined && kmGroup === cumincGroup ? kmFold.folded.map((g) => g.group) : []);
  const foldedNames = useMemo(() => new Set<string>(JSON.parse(foldedKey) as string[]), [foldedKey]);
  const incidenceCurves = useMemo(() => (incidence ? incidence.curves.filter((c) => !foldedNames.has(c.group)) : []), [incidence, foldedNames]);
  const medianRows: MedianRow[] = [...kmFold.kept.map((g) => ({ label: g.group, n: g.n, events: g.events, group: g })), ...foldedRows(kmFold.folded, (g) => g.events)];
  const level = result ? `${formatNumber(result.confLevel * 100, 0)}%` : '95%';
  const pairwise = (logrank.result?.pairwise ?? []) as PairwiseRow[];
  // The p on the plot only when the test answers the grouping (and group order) the curves on screen show.
  const sameGrouping = logrankGroup !== undefined && logrankGroup === kmGroup && logrank.answers?.options.levels === km.answers?.options.levels;
  const rho = logrank.result ? (logrank.result.rho ?? Number(testValues.rho ?? 0)) : 0;
  const logrankP = logrank.result ? logrank.result.p : null;
  const showP = display.pValue && logrank.result !== null && sameGrouping;
  // Memoised, so the (memoised) chart is not redrawn for a new object with the same p.
  const plotP = useMemo(() => (showP ? { p: logrankP, label: rho === 0 ? 'Log-rank p' : `G-rho test (rho = ${formatNumber(rho)}) p` } : undefined), [showP, logrankP, rho]);
  // Above 20 groups the pairs are not compared unless asked; the reason stands where the table would.
  const pairwiseNotRun = logrank.result?.warnings?.find((w) => w.code === PAIRWISE_NOT_RUN);

  return (
    <section aria-labelledby="survival-title">
      <h1 id="survival-title" tabIndex={-1}>
        Survival
      </h1>
      <div className="with-sidebar">
        <aside className="options" aria-label="Survival options">
          <AnalysisForm legend="Curves" specs={kmSpecs} values={kmValues} onChange={changeKmValues} columns={columns} fixed={fixed} advanced={KM_ADVANCED} />
          {logrankSpecs.length > 0 ? <AnalysisForm legend="Comparison test" specs={logrankSpecs} values={testValues} onChange={setTestValues} columns={columns} advanced={LOGRANK_ADVANCED} /> : null}
          <fieldset className="analysis-form" data-testid="survival-display">
            <legend>Display</legend>
            {(
              [
                ['bands', 'Confidence bands'],
                ['censor', 'Censoring marks'],
                ['atRisk', 'Number at risk table'],
                ['cumulativeEvents', 'Cumulative events in the table'],
                ['pValue', 'Show the log-rank p on the plot'],
              ] as const
            ).map(([key, label]) => (
              <label className="checkbox" key={key}>
                <input type="checkbox" checked={display[key]} onChange={(e) => setDisplay({ ...display, [key]: e.target.checked })} /> {label}
              </label>
            ))}
          </fieldset>
        </aside>
        <div className="results">
          {askFirst ? (
            <ManyGroupsAsk groupCount={groupCount!} consequence={`curves and tests by ${columnLabel(group)} would show ${formatNumber(groupCount!)} of them`} onRunAnyway={() => setRunManyFor(group)} />
          ) : null}
          <Busy busy={!askFirst && (km.busy || !km.settled)} />
          <CancelRun run={km} what="the survival curves" />
          <ErrorNote error={km.error} />
          {result ? (
            <OutOfDate outOfDate={km.outOfDate} testId="survival-km-result">
              <ChartPanel title={title} description={`Kaplan–Meier curves with ${level} ${result.confType} confidence bands.`} testId="survival-km">
                <KaplanMeierChart
                  width={780}
                  height={480}
                  groups={kmFold.kept}
                  title={title}
                  subtitle={`Kaplan–Meier estimate, ${level} CI (${result.confType})`}
                  showConfidenceBands={display.bands}
                  showCensorMarks={display.censor}
                  showAtRiskTable={display.atRisk}
                  showCumulativeEvents={display.cumulativeEvents}
                  pValue={plotP}
                  yLabel="Share without relapse"
                  timeUnit={unit}
                />
              </ChartPanel>
              {kmFold.folded.length > 0 ? (
                <p className="muted" data-testid="survival-folded-note">
                  {foldedNote(result.groups.length, kmFold.folded.length)}
                </p>
              ) : null}
              <Warnings warnings={result.warnings} />
              <DataTable<MedianRow>
                title="Median time to relapse and restricted mean"
                testId="survival-medians"
                rows={medianRows}
                columns={[
                  { header: 'Group', cell: (r) => r.label },
                  { header: 'Participants', cell: (r) => formatNumber(r.n), numeric: true },
                  { header: 'Relapses', cell: (r) => formatNumber(r.events), numeric: true },
                  { header: `Median (${unit})`, cell: ({ group: g }) => (!g ? '—' : g.median.estimate === null ? 'not reached' : formatNumber(g.median.estimate, digits)), numeric: true },
                  { header: `${level} CI`, cell: ({ group: g }) => (!g ? '—' : formatCI(g.median.lower, g.median.upper, digits)) },
                  { header: `RMST (${unit})`, cell: ({ group: g }) => (!g ? '—' : formatNumber(g.rmst.estimate, digits + 1)), numeric: true },
                  { header: 'SE', cell: ({ group: g }) => (!g ? '—' : formatNumber(g.rmst.stdErr, digits + 1)), numeric: true },
                  { header: `To ${UNIT_WORDS[unit].one}`, cell: ({ group: g }) => (!g ? '—' : formatNumber(g.rmst.tau, digits)), numeric: true },
                ]}
              />
              <div className="summary">
                {kmFold.kept.map((g) => (
                  <p key={g.group}>
                    {sentenceText(medianSentence(g.described, g.median, result.confLevel, unit))} {sentenceText(rmstSentence(g.described, g.rmst.tau, g.rmst.estimate, unit))}
                  </p>
                ))}
                <p className="muted">The confidence interval is the range of values reasonably compatible with these data.</p>
              </div>
              {kmFold.kept.some((g) => g.atTimes.length > 0) ? (
                <>
                  <DataTable<KmGroupResult['atTimes'][number] & { group: string }>
                    title={`Share without relapse at chosen ${unit}`}
                    testId="survival-at-times"
                    rows={kmFold.kept.flatMap((g) => g.atTimes.map((t) => ({ ...t, group: g.group })))}
                    columns={[
                      { header: 'Group', cell: (r) => r.group },
                      { header: capitalised(UNIT_WORDS[unit].one), cell: (r) => formatNumber(r.time), numeric: true },
                      { header: 'At risk', cell: (r) => formatNumber(r.nRisk), numeric: true },
                      { header: 'Without relapse', cell: (r) => formatNumber(r.survival, 3), numeric: true },
                      { header: `${level} CI`, cell: (r) => formatCI(r.lower, r.upper, 3) },
                    ]}
                  />
                  <div className="summary">
                    {kmFold.kept.map((g) => {
                      const last = g.atTimes[g.atTimes.length - 1];
                      return last ? <p key={g.group}>{sentenceText(survivalAtSentence(g.described, last.time, last.survival, last.lower, last.upper, result.confLevel, unit))}</p> : null;
                    })}
                  </div>
                </>
              ) : null}
            </OutOfDate>
          ) : null}

          {group ? (
            <div className="card" data-testid="logrank">
              <h2>Comparison of the curves</h2>
              <Busy busy={logrank.busy} />
              <CancelRun run={logrank} what="the comparison test" />
              <ErrorNote error={logrank.error} />
              {logrank.result ? (
                <OutOfDate outOfDate={logrank.outOfDate} testId="survival-logrank-result">
                  <p className="test-line" data-testid="logrank-line">
                    χ² = <span data-testid="logrank-chisq">{formatNumber(logrank.result.chisq, 2)}</span>, df = {formatNumber(logrank.result.df)}, p {formatP(logrank.result.p).startsWith('<') ? '' : '= '}
                    <span data-testid="logrank-p">{formatP(logrank.result.p)}</span>
                  </p>
                  <p className="summary">{sentenceText(logrankSentence({ chisq: logrank.result.chisq, df: logrank.result.df, p: logrank.result.p, rho: logrank.result.rho ?? Number(testValues.rho ?? 0) }))}</p>
                  <DataTable<{ label: string; n: number; observed: number; expected: number | null }>
                    title="Observed and expected relapses"
                    testId="logrank-groups"
                    rows={observedRows(logrank.result.groups, namedIn(logrankGroup))}
                    note={logrank.result.groups.length > FOLD_ABOVE_GROUPS && logrank.result.groups.some((g) => g.n < FOLD_BELOW_PARTICIPANTS) ? `The test compares all ${formatNumber(logrank.result.groups.length)} groups; those with fewer than ${FOLD_BELOW_PARTICIPANTS} participants are shown together in one row, without their expected relapses.` : undefined}
                    columns={[
                      { header: 'Group', cell: (g) => g.label },
                      { header: 'Participants', cell: (g) => formatNumber(g.n), numeric: true },
                      { header: 'Observed', cell: (g) => formatNumber(g.observed, 1), numeric: true },
                      { header: 'Expected', cell: (g) => (g.expected === null ? '—' : formatNumber(g.expected, 1)), numeric: true },
                    ]}
                  />
                  {pairwise.length > 0 ? (
                    <DataTable
                      title="Pairwise comparisons"
                      testId="pairwise"
                      rows={pairwise}
                      note={`p-values adjusted over the ${formatNumber(pairwise.length)} pair${pairwise.length === 1 ? '' : 's'} (a pair that cannot be compared counts with p = 1, as in R survminer's pairwise_survdiff): ${P_ADJUST_NAMES[String(logrank.result.pAdjustMethod ?? testValues.pAdjust)] ?? String(logrank.result.pAdjustMethod ?? testValues.pAdjust)}.`}
                      columns={[
                        { header: 'Group', cell: (r) => namedIn(logrankGroup)(r.group1 ?? r.a ?? '') },
                        { header: 'versus', cell: (r) => namedIn(logrankGroup)(r.group2 ?? r.b ?? '') },
                        { header: 'χ²', cell: (r) => formatNumber(r.chisq ?? r.statistic ?? null, 2), numeric: true },
                        { header: 'p', cell: (r) => formatP(r.p), numeric: true },
                        { header: 'Adjusted p', cell: (r) => formatP(r.pAdjusted ?? null), numeric: true },
                      ]}
                    />
                  ) : null}
                  {pairwiseNotRun ? (
                    <p className="muted" data-testid="pairwise-not-run">
                      {pairwiseNotRun.message}
                    </p>
                  ) : null}
                  <Warnings warnings={logrank.result.warnings?.filter((w) => w.code !== PAIRWISE_NOT_RUN)} />
                </OutOfDate>
              ) : null}
            </div>
          ) : (
            <p className="muted">Choose a group column to compare curves with the log-rank test.</p>
          )}

          {competing ? (
            <div className="card" data-testid="cuminc">
              <h2>Cumulative incidence (competing ends of follow-up)</h2>
              <Busy busy={cuminc.busy || !cuminc.settled} />
              <CancelRun run={cuminc} what="the cumulative incidence" />
              <ErrorNote error={cuminc.error} />
              {cuminc.result ? (
                <OutOfDate outOfDate={cuminc.outOfDate} testId="survival-cuminc-result">
                  <ChartPanel
                    title={incidence!.title}
                    description="Aalen–Johansen estimate of the share who relapsed, and of the share whose follow-up ended for a competing reason first, over time."
                    testId="cuminc-chart"
                  >
                    <CumulativeIncidenceChart
                      width={780}
                      height={420}
                      title={incidence!.title}
                      subtitle="Relapse and competing ends of follow-up (Aalen–Johansen)"
                      causeLabels={CHART_CAUSE_LABELS}
                      curves={incidenceCurves}
                      timeUnit={unit}
                    />
                  </ChartPanel>
                  <DataTable<CumincResultInfo['curves'][number]['atTimes'][number] & { group: string; cause: string }>
                    title={`Cumulative incidence at chosen ${unit}`}
                    testId="cuminc-at-times"
                    rows={cuminc.result.curves.filter((c) => !foldedNames.has(namedIn(cumincGroup)(c.group))).flatMap((c) => c.atTimes.map((t) => ({ ...t, group: c.group, cause: c.cause })))}
                    note={foldedNames.size > 0 ? `The ${formatNumber(foldedNames.size)} groups with fewer than ${FOLD_BELOW_PARTICIPANTS} participants each are not shown here and their curves are not drawn.` : undefined}
                    columns={[
                      ...(cumincGroup ? [{ header: 'Group', cell: (r: { group: string }) => namedIn(cumincGroup)(r.group) }] : []),
                      { header: 'End of follow-up', cell: (r) => causeLabel(r.cause) },
                      { header: capitalised(UNIT_WORDS[unit].one), cell: (r) => formatNumber(r.time), numeric: true },
                      { header: 'Cumulative incidence', cell: (r) => formatNumber(r.estimate, 3), numeric: true },
                      { header: `${formatNumber(cuminc.result.confLevel * 100, 0)}% CI`, cell: (r) => formatCI(r.lower, r.upper, 3) },
                    ]}
                  />
                  {cuminc.result.grayTest.length > 0 ? (
                    <DataTable
                      title="Gray's test across groups"
                      testId="gray-test"
                      rows={cuminc.result.grayTest}
                      columns={[
                        { header: 'End of follow-up', cell: (t) => causeLabel(t.cause) },
                        { header: 'χ²', cell: (t) => formatNumber(t.statistic, 2), numeric: true },
                        { header: 'df', cell: (t) => formatNumber(t.df), numeric: true },
                        { header: 'p', cell: (t) => formatP(t.p), numeric: true },
                      ]}
                    />
                  ) : group ? null : (
                    <p className="muted">Choose a group column to compare the cumulative incidence across groups with Gray's test.</p>
                  )}
                  {group && cuminc.result.warnings.some((w) => w.code === GRAY_NOT_RUN) ? (
                    <p className="muted" data-testid="gray-not-run">
                      Gray's test runs by default for up to {GRAY_AUTO_LIMIT} groups; &quot;{group}&quot; has {formatNumber(cuminc.result.groups?.length ?? null)}, most with few
                      events.{' '}
                      <button type="button" className="small" onClick={() => setGrayForGroup(group)}>
                        Run Gray&apos;s test
                      </button>
                    </p>
                  ) : null}
                  <div className="summary">
                    {cuminc.result.curves
                      .filter((c) => c.cause === '1' && c.atTimes.length > 0 && !foldedNames.has(namedIn(cumincGroup)(c.group)))
                      .map((c) => {
                        const last = c.atTimes[c.atTimes.length - 1];
                        return <p key={c.group}>{sentenceText(incidenceSentence(describedIn(cumincGroup)(c.group), 'relapsed', last.time, last.estimate, unit))}</p>;
                      })}
                  </div>
                  <Warnings warnings={cuminc.result.warnings.filter((w) => w.code !== GRAY_NOT_RUN)} />
                </OutOfDate>
              ) : null}
            </div>
          ) : null}
          {km.ms !== null ? <p className="muted timing">Computed in {formatNumber(km.ms, 0)} ms.</p> : null}
        </div>
      </div>
    </section>
  );
}
