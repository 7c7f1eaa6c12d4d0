/**
 * Cohort overview: participants, relapses, competing ends of follow-up (when the mapping names them,
 * counted apart from censoring), censored and median follow-up (reverse Kaplan–Meier), the
 * Kaplan–Meier curve of the whole cohort, the distribution of each factor score with its missing
 * share, and the same counts by each group column (site, cohort).
 */
import { followUpColumnName, type FollowUpUnit, UNIT_DIGITS } from '../../../shared/mapping/units';
import { useEffect, useMemo, useState } from 'react';
import { call } from '../api';
import { KaplanMeierChart } from '../../../presentation/charts/KaplanMeierChart';
import { Histogram } from '../../../presentation/charts/Histogram';
import { formatCI, formatNumber } from '../../../presentation/format';
import { ChartPanel } from '../components/ChartPanel';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { cohortSentence, medianSentence } from '../../../shared/report/sentences';
import { sentenceText } from '../../../presentation/report/format-cell';
import { FACTOR_CATALOGUE } from '../../../shared/factors/catalogue';
import { DERIVED_RELAPSE, DERIVED_STATUS, DERIVED_TIME, columnLabel, hasCompetingEvent, mappedFactors, scoreColumn, useWorkspace } from './workspace';
import { useAnalysis } from './useAnalysis';
import { CancelRun } from '../components/CancelRun';
import type { CumincResultInfo, KmGroupResult, KmResultInfo } from './types';
import type { IpcResults } from '../../../shared/ipc/results';

/** The follow-up column in the mapping's unit (shared/mapping/units.ts): the overview's medians are in it. */
const followUp = (unit: FollowUpUnit) => (unit === 'days' ? DERIVED_TIME : followUpColumnName(unit));
/** outcome.status: 0 censored, 1 relapse, 2 competing end (shared/mapping/apply.ts); the cumulative incidence counts each cause. */
const STATUS_OUTCOME = { event: DERIVED_STATUS, censorValue: '0', grayTest: 'no' };

function GroupSummary(props: { dataset: string; group: string }) {
  const workspace = useWorkspace();
  const unit: FollowUpUnit = workspace.mapping?.outcome.unit ?? 'days';
  const state = useAnalysis<KmResultInfo>({ dataset: props.dataset, mapping: workspace.mapping, analysis: 'km', options: { time: followUp(unit), event: DERIVED_RELAPSE, group: props.group } });
  return (
    <div className="card">
      <Busy busy={state.busy} />
      <ErrorNote error={state.error} />
      {state.result ? (
        <DataTable<KmGroupResult>
          title={`Summary by ${props.group}`}
          testId={`group-summary-${props.group}`}
          rows={state.result.groups}
          columns={[
            { header: columnLabel(props.group), cell: (g) => g.group },
            { header: 'Participants', cell: (g) => formatNumber(g.n), numeric: true },
            { header: 'Relapses', cell: (g) => formatNumber(g.events), numeric: true },
            { header: 'Censored', cell: (g) => formatNumber(g.n - g.events), numeric: true },
            { header: `Median time to relapse (${unit})`, cell: (g) => (g.median.estimate === null ? 'not reached' : formatNumber(g.median.estimate, UNIT_DIGITS[unit])), numeric: true },
            { header: `${formatNumber(state.result.confLevel * 100, 0)}% CI`, cell: (g) => formatCI(g.median.lower, g.median.upper, UNIT_DIGITS[unit]) },
            { header: `Median follow-up (${unit})`, cell: (g) => formatNumber(g.followUp?.estimate ?? null, UNIT_DIGITS[unit]), numeric: true },
          ]}
        />
      ) : null}
    </div>
  );
}

/** Binned in main (dataset:histograms, R's hist() defaults over every row), so the page receives a few bins per score, not the scores. */
function FactorHistograms(props: { dataset: string }) {
  const workspace = useWorkspace();
  const factors = mappedFactors(workspace.mapping);
  const [histograms, setHistograms] = useState<IpcResults['dataset:histograms'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (factors.length === 0 || !workspace.mapping) return;
    call('dataset:histograms', { dataset: props.dataset, mapping: workspace.mapping as unknown as Record<string, unknown>, columns: factors.map(scoreColumn) }).then(
      setHistograms,
      (e: Error) => setError(e.message),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- factors is derived from the mapping (a new array each render)
  }, [props.dataset, workspace.mapping]);
  const columns = useMemo(
    () =>
      histograms?.columns.map((column) => {
        const factor = column.name.slice('score.'.length) as keyof typeof FACTOR_CATALOGUE;
        return { column, factor, label: FACTOR_CATALOGUE[factor]?.label ?? column.name };
      }),
    [histograms],
  );
  if (factors.length === 0) return <p className="muted">No factor is mapped, so there are no factor scores to show.</p>;
  return (
    <div>
      <ErrorNote error={error} />
      <div className="chart-grid">
        {columns?.map(({ column, factor, label }) => (
          <ChartPanel key={column.name} title={`${label} score`} description={`Distribution of the ${label.toLowerCase()} score; ${formatNumber(column.missing)} of ${formatNumber(column.n + column.missing)} missing.`} testId={`histogram-${factor}`}>
            <Histogram width={420} height={260} bins={column.bins} missing={column.missing} title={`${label} score`} xLabel="Score (SD units)" />
          </ChartPanel>
        ))}
      </div>
    </div>
  );
}

export function OverviewView() {
  const workspace = useWorkspace();
  const dataset = workspace.dataset!;
  const unit: FollowUpUnit = workspace.mapping?.outcome.unit ?? 'days';
  const overall = useAnalysis<KmResultInfo>({ dataset, mapping: workspace.mapping, analysis: 'km', options: { time: followUp(unit), event: DERIVED_RELAPSE } });
  const cohort = overall.result?.groups[0];
  // A competing end is censoring for the Kaplan–Meier curve of relapse; the counts keep it apart.
  const competingMapped = hasCompetingEvent(workspace.mapping);
  const ends = useAnalysis<CumincResultInfo>(competingMapped ? { dataset, mapping: workspace.mapping, analysis: 'cuminc', options: { time: followUp(unit), ...STATUS_OUTCOME } } : null, { wait: !overall.settled });
  const competing = competingMapped ? (ends.result ? ends.result.curves.filter((c) => c.cause !== '1').reduce((sum, c) => sum + c.events, 0) : null) : undefined;
  const censored = cohort ? cohort.n - cohort.events - (competing ?? 0) : 0;
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title" tabIndex={-1}>
        Cohort overview
      </h1>
      <Busy busy={overall.busy} />
      <CancelRun run={overall} what="the overview" />
      <ErrorNote error={overall.error} />
      {cohort && overall.result ? (
        <>
          <dl className="tiles" data-testid="overview-tiles">
            <div className="tile">
              <dt>Participants</dt>
              <dd data-testid="tile-participants">{formatNumber(cohort.n)}</dd>
            </div>
            <div className="tile">
              <dt>Relapses</dt>
              <dd data-testid="tile-events">{formatNumber(cohort.events)}</dd>
            </div>
            {competing !== undefined ? (
              <div className="tile">
                <dt>Competing ends</dt>
                <dd data-testid="tile-competing">{competing === null ? '…' : formatNumber(competing)}</dd>
              </div>
            ) : null}
            <div className="tile">
              <dt>Censored</dt>
              <dd data-testid="tile-censored">{competing === null ? '…' : formatNumber(censored)}</dd>
            </div>
            <div className="tile">
              <dt>Median follow-up</dt>
              <dd data-testid="tile-follow-up">
                {formatNumber(cohort.followUp?.estimate ?? null, UNIT_DIGITS[unit])} {unit}
              </dd>
            </div>
          </dl>
          {competing === null ? null : (
            <p className="summary" data-testid="overview-summary">
              {sentenceText(cohortSentence({ participants: cohort.n, relapses: cohort.events, ...(competing !== undefined ? { competing } : {}), censored, medianFollowUp: cohort.followUp?.estimate ?? null, unit }))}{' '}
              {sentenceText(medianSentence('all', cohort.median, overall.result.confLevel, unit))}
            </p>
          )}
          <ErrorNote error={ends.error} />
          {overall.result.excluded > 0 ? <p className="muted">{formatNumber(overall.result.excluded)} rows without a usable follow-up time or event are left out.</p> : null}
          <Warnings warnings={overall.result.warnings} />
          <ChartPanel title="Time to relapse, whole cohort" description="Kaplan–Meier estimate of the share of participants still free of relapse over follow-up." testId="overview-km">
            <KaplanMeierChart width={760} height={420} groups={overall.result.groups} title="Time to relapse, whole cohort" subtitle={`Kaplan–Meier estimate with ${formatNumber(overall.result.confLevel * 100, 0)}% confidence band`} showConfidenceBands yLabel="Share without relapse" timeUnit={unit} />
          </ChartPanel>
        </>
      ) : null}
      <h2>Factor scores</h2>
      <FactorHistograms dataset={dataset} />
      <h2>By group</h2>
      {(workspace.mapping?.groups ?? []).length === 0 ? <p className="muted">No group column is mapped.</p> : null}
      {(workspace.mapping?.groups ?? []).map((g) => (
        <GroupSummary key={g} dataset={dataset} group={g} />
      ))}
    </section>
  );
}
