/**
 * Compare sites (after Cox): the user picks the site column (default: the mapping's first group column)
 * and the case-mix covariates (default: the mapped factor scores), optionally a day for the
 * relapse-free funnel and a horizon for the restricted means. Shown, each with its plain-language
 * reading (shared/report/sentences.ts, as in the report):
 *  - the raw Kaplan–Meier curves by site beside the case-mix-adjusted curves (`analyze adjusted`,
 *    direct standardisation), and what adjustment can and cannot do (measured factors only);
 *  - the funnel plot of observed against expected relapses (`analyze sites`), its O/E table, and
 *    neutral sentences per site (more or fewer relapses than expected, never a failure or a rank);
 *  - the restricted mean time free of relapse per site and the pairwise differences (`analyze rmst`).
 * The analyses run one after another (the funnel first), each with its own one-line error.
 */
import { useMemo, useState } from 'react';
import { findAnalysis } from '../../../shared/analyses/registry';
import type { SitesResult } from '../../../shared/analyses/sites';
import type { AdjustedResult } from '../../../shared/analyses/adjusted';
import type { RmstResult } from '../../../shared/analyses/rmst';
import {
  ADJUSTMENT_NOTE,
  FUNNEL_NOTE,
  RMST_SITES_NOTE,
  adjustedCurvesSentence,
  atDayFunnelSentence,
  funnelSentence,
  rmstDifferenceSentence,
  rmstSentence,
  siteRatioSentence,
} from '../../../shared/report/sentences';
import { KaplanMeierChart } from '../../../presentation/charts/KaplanMeierChart';
import { FunnelPlot } from '../../../presentation/charts/FunnelPlot';
import { niceTicksWithin } from '../../../presentation/charts/ticks';
import type { KmGroup } from '../../../presentation/charts/types';
import { formatCI, formatNumber, formatP } from '../../../presentation/format';
import { AnalysisForm, toAnalysisOptions, defaultFormValues, type FormValues } from '../components/AnalysisForm';
import { ChartPanel } from '../components/ChartPanel';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { sentenceText } from '../../../presentation/report/format-cell';
import { DERIVED_RELAPSE, DERIVED_TIME, analysisColumns, columnLabel, groupLevelDescription, groupLevelLabel, mappedFactors, scoreColumn, splitColumns, useWorkspace } from './workspace';
import { useAnalysis } from './useAnalysis';
import { MANY_GROUPS, useGroupCount } from './group-count';
import { scopeKey, useRememberedState } from './remembered-options';
import { CancelRun } from '../components/CancelRun';
import type { KmResultInfo } from './types';
import { ManyGroupsAsk } from '../components/ManyGroupsAsk';

const OUTCOME = { time: DERIVED_TIME, event: DERIVED_RELAPSE };
const FIXED = { time: columnLabel(DERIVED_TIME), event: columnLabel(DERIVED_RELAPSE), eventValue: '1 (from the mapping)' };

// The declarations are static: their option lists are read once.
const sitesSpecs = (findAnalysis('sites')?.options ?? []).filter((s) => !['id', 'reference'].includes(s.name));
const tauSpecs = (findAnalysis('rmst')?.options ?? []).filter((s) => s.name === 'tau');

/** A curve of the adjusted result drawn by the Kaplan–Meier chart (no counts: an adjusted curve has no risk set). */
export function adjustedAsKmGroups(result: AdjustedResult, label: (level: string) => string): KmGroup[] {
  return result.curves.map((c) => {
    const counts = result.groups.find((g) => g.group === c.group);
    return {
      group: label(c.group),
      n: counts?.participants,
      events: counts?.events,
      table: c.rows.map((r) => ({ time: r.time, nRisk: 0, nEvent: 0, nCensor: 0, survival: r.survival, lower: r.lower, upper: r.upper })),
    };
  });
}

/** A factor-score column as its factor ("coping skills"), any other column by its own name. */
const covariateWords = (column: string) => (column.startsWith('score.') ? columnLabel(column).replace(/ \(score\)$/, '').toLowerCase() : column);

export function SitesView() {
  const workspace = useWorkspace();
  const dataset = workspace.dataset!;
  const mapping = workspace.mapping;
  const outcomeColumns = new Set([mapping?.id, mapping?.outcome.time, mapping?.outcome.event, mapping?.outcome.start, mapping?.outcome.end, mapping?.outcome.censorEnd]);
  const columns = useMemo(
    () => [...analysisColumns(workspace.summary, mapping), ...splitColumns(mapping)].filter((c) => !c.name.startsWith('outcome.') && !outcomeColumns.has(c.name)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the outcome columns follow the mapping
    [workspace.summary, mapping],
  );
  const [values, setValues] = useRememberedState<FormValues>('sites', workspace, () => ({
    ...defaultFormValues(sitesSpecs),
    group: mapping?.groups[0],
    covariates: mappedFactors(mapping).map(scoreColumn),
  }));
  const [tauValues, setTauValues] = useRememberedState<FormValues>('sites-rmst', workspace, () => ({}));
  // A group order belongs to its column: choosing another column clears it.
  const change = (next: FormValues) => setValues(next.group !== values.group ? { ...next, levels: '' } : next);

  const options: Record<string, unknown> = useMemo(() => ({ ...toAnalysisOptions(sitesSpecs, values), ...OUTCOME }), [values]);
  const group = typeof values.group === 'string' && values.group !== '' ? values.group : null;
  const covariates = Array.isArray(values.covariates) ? values.covariates : [];
  const ready = group !== null && covariates.length > 0;
  // A site column with many groups asks first (issue 15 item 6); nothing runs while its groups are counted.
  const groupCount = useGroupCount(dataset, mapping, group, workspace.summary?.columns ?? []);
  const [runManyFor, setRunManyFor] = useState<string | null>(null);
  const askFirst = group !== null && groupCount !== null && groupCount > MANY_GROUPS && runManyFor !== group;
  const hold = askFirst || (group !== null && groupCount === null);
  const order = typeof options.levels === 'string' ? { levels: options.levels } : {};
  const tau = toAnalysisOptions(tauSpecs, tauValues);

  const remember = scopeKey(workspace);
  const sites = useAnalysis<SitesResult>(ready ? { dataset, mapping, analysis: 'sites', options } : null, { wait: hold, remember });
  const adjustedOptions = { ...OUTCOME, group, ...order, covariates, ...(Array.isArray(values.categorical) && values.categorical.length > 0 ? { categorical: values.categorical } : {}), method: 'direct', ties: options.ties, confLevel: options.confLevel };
  const adjusted = useAnalysis<AdjustedResult>(ready ? { dataset, mapping, analysis: 'adjusted', options: adjustedOptions } : null, { wait: hold || !sites.settled, remember });
  const km = useAnalysis<KmResultInfo>(group ? { dataset, mapping, analysis: 'km', options: { ...OUTCOME, group, ...order } } : null, { wait: hold || !adjusted.settled, remember });
  const rmst = useAnalysis<RmstResult>(group ? { dataset, mapping, analysis: 'rmst', options: { ...OUTCOME, group, ...order, ...tau, confLevel: options.confLevel } } : null, { wait: hold || !km.settled, remember });

  const label = (level: string) => (group ? groupLevelLabel(group, level) : level);
  const described = (level: string) => (group ? groupLevelDescription(group, level) : level);
  const siteWord = group ? columnLabel(group) : 'site';
  const rawGroups = useMemo(() => (km.result ? km.result.groups.map((g) => ({ ...g, group: label(g.group) })) : null), [km.result]); // eslint-disable-line react-hooks/exhaustive-deps -- labels follow the result
  const adjustedGroups = useMemo(() => (adjusted.result ? adjustedAsKmGroups(adjusted.result, label) : null), [adjusted.result]); // eslint-disable-line react-hooks/exhaustive-deps -- labels follow the result
  const funnelSites = useMemo(() => (sites.result ? sites.result.sites.map((s) => ({ ...s, group: label(s.group) })) : null), [sites.result]); // eslint-disable-line react-hooks/exhaustive-deps -- labels follow the result
  // One time axis for the raw and the adjusted curves, so that they can be compared side by side: it ends at
  // the later of their last times.
  const sharedAxis = useMemo(() => {
    const last = Math.max(0, ...[...(rawGroups ?? []), ...(adjustedGroups ?? [])].map((g) => (g.table.length > 0 ? g.table[g.table.length - 1].time : 0)));
    return last > 0 ? { ticks: niceTicksWithin(last), end: last } : undefined;
  }, [rawGroups, adjustedGroups]);
  const level = (confLevel: number | undefined) => `${formatNumber((confLevel ?? 0.95) * 100, 0)}%`;

  return (
    <section aria-labelledby="sites-title">
      <h1 id="sites-title" tabIndex={-1}>
        Compare sites
      </h1>
      <div className="with-sidebar">
        <aside className="options" aria-label="Site comparison options">
          <AnalysisForm legend="Sites and case mix" specs={sitesSpecs} values={values} onChange={change} columns={columns} fixed={FIXED} />
          <AnalysisForm legend="Restricted mean" specs={tauSpecs} values={tauValues} onChange={setTauValues} columns={columns} />
        </aside>
        <div className="results">
          {askFirst ? (
            <ManyGroupsAsk groupCount={groupCount!} consequence={`${columnLabel(group)} would be compared as ${formatNumber(groupCount!)} sites`} onRunAnyway={() => setRunManyFor(group)} />
          ) : null}
          {!ready ? <p className="lead">Choose the site column and the case-mix covariates (the participants&apos; measured factors) to compare sites.</p> : null}
          <p className="summary" data-testid="sites-adjustment-note">
            {ADJUSTMENT_NOTE}
          </p>

          <div className="card" data-testid="sites-funnel-card">
            <h2>Relapses against expected</h2>
            <Busy busy={sites.busy} />
            <CancelRun run={sites} what="the funnel plot" />
            <ErrorNote error={sites.error} />
            {sites.result && funnelSites ? (
              <>
                <ChartPanel
                  title="Relapses against expected, by site"
                  description="Funnel plot: each site's observed/expected relapse ratio against its expected relapses, with 95% and 99.8% limits around 1."
                  testId="sites-funnel"
                >
                  <FunnelPlot
                    width={780}
                    height={440}
                    sites={funnelSites}
                    limits={sites.result.limits}
                    title={`Relapses against expected, by ${siteWord}`}
                    subtitle={`${formatNumber(sites.result.n)} participants, ${formatNumber(sites.result.events)} relapses; expected from a Cox model of ${covariates.map(covariateWords).join(', ')}`}
                  />
                </ChartPanel>
                <div className="summary" data-testid="sites-funnel-summary">
                  <p>{sentenceText(funnelSentence(sites.result.sites.length, sites.result.outsideLimits.above95.map(described), sites.result.outsideLimits.below95.map(described)))}</p>
                  {sites.result.sites.map((s) => (
                    <p key={s.group}>
                      {sentenceText(
                        siteRatioSentence({ site: described(s.group), observed: s.observed, expected: s.expected, ratio: s.ratio, lower: s.lower, upper: s.upper, confLevel: sites.result!.confLevel, outside95: s.outside95, outside998: s.outside998 }),
                      )}
                    </p>
                  ))}
                  <p className="muted">{FUNNEL_NOTE}</p>
                </div>
                <DataTable<SitesResult['sites'][number]>
                  title="Observed and expected relapses"
                  testId="sites-table"
                  rowKey={(s) => s.group}
                  rows={sites.result.sites}
                  columns={[
                    { header: 'Site', cell: (s) => label(s.group) },
                    { header: 'Participants', cell: (s) => formatNumber(s.participants), numeric: true },
                    { header: 'Observed', cell: (s) => formatNumber(s.observed), numeric: true },
                    { header: 'Expected', cell: (s) => formatNumber(s.expected, 1), numeric: true },
                    { header: 'Observed / expected', cell: (s) => formatNumber(s.ratio, 2), numeric: true },
                    { header: `${level(sites.result.confLevel)} CI`, cell: (s) => formatCI(s.lower, s.upper, 2) },
                    { header: 'Funnel limits', cell: (s) => (s.outside998 ? 'outside 99.8%' : s.outside95 ? 'outside 95%' : 'within') },
                  ]}
                />
                {sites.result.atDay ? (
                  <ChartPanel
                    title={`Relapse-free at day ${formatNumber(sites.result.atDay.day)}, by site`}
                    description="Funnel plot: each site's proportion relapse-free at the day against the participants whose status at the day is known, with 95% and 99.8% limits around the overall proportion."
                    testId="sites-at-day-funnel"
                  >
                    <FunnelPlot
                      width={780}
                      height={420}
                      kind="proportion"
                      target={sites.result.atDay.overall ?? undefined}
                      sites={sites.result.atDay.sites.map((s) => ({ group: label(s.group), expected: s.n, ratio: s.proportion, outside95: s.outside95, outside998: s.outside998 }))}
                      limits={sites.result.atDay.limits.map((l) => ({ ...l, expected: l.n }))}
                      title={`Relapse-free at day ${formatNumber(sites.result.atDay.day)}, by ${siteWord}`}
                      subtitle="Not adjusted for case mix; binomial limits around the overall proportion"
                    />
                  </ChartPanel>
                ) : null}
                {sites.result.atDay ? (
                  <p className="summary" data-testid="sites-at-day-summary">
                    {sentenceText(atDayFunnelSentence(sites.result.atDay.day, sites.result.atDay.overall, sites.result.atDay.outsideLimits.above95.map(described), sites.result.atDay.outsideLimits.below95.map(described)))}
                  </p>
                ) : null}
                {sites.result.atDay ? (
                  <DataTable<NonNullable<SitesResult['atDay']>['sites'][number]>
                    title={`Relapse-free at day ${formatNumber(sites.result.atDay.day)}`}
                    testId="sites-at-day"
                    rowKey={(s) => s.group}
                    rows={sites.result.atDay.sites}
                    note={`Among participants whose status at the day is known; overall ${formatNumber(sites.result.atDay.overall === null ? null : sites.result.atDay.overall * 100, 0)}% relapse-free. Not adjusted for case mix.`}
                    columns={[
                      { header: 'Site', cell: (s) => label(s.group) },
                      { header: 'Status known', cell: (s) => formatNumber(s.n), numeric: true },
                      { header: 'Relapse-free', cell: (s) => formatNumber(s.relapseFree), numeric: true },
                      { header: 'Proportion', cell: (s) => formatNumber(s.proportion, 3), numeric: true },
                      { header: 'Censored before', cell: (s) => formatNumber(s.censoredBefore), numeric: true },
                      { header: 'Funnel limits', cell: (s) => (s.outside998 ? 'outside 99.8%' : s.outside95 ? 'outside 95%' : 'within') },
                    ]}
                  />
                ) : null}
                <Warnings warnings={sites.result.warnings} />
              </>
            ) : null}
          </div>

          <div className="card" data-testid="sites-curves-card">
            <h2>Raw and adjusted curves</h2>
            <Busy busy={(ready && !adjusted.settled) || (group !== null && !km.settled)} />
            <CancelRun run={adjusted} what="the adjusted curves" />
            <CancelRun run={km} what="the raw curves" />
            <div className="chart-grid">
              <div>
                <ErrorNote error={km.error} />
                {rawGroups ? (
                  <ChartPanel title="Raw curves by site" description="Kaplan–Meier curves of each site's own participants." testId="sites-raw">
                    <KaplanMeierChart width={350} height={380} groups={rawGroups} title={`Raw: time to relapse by ${siteWord}`} subtitle="Kaplan–Meier, each site's own participants" showConfidenceBands={false} yLabel="Share without relapse" ticks={sharedAxis?.ticks} axisEnd={sharedAxis?.end} />
                  </ChartPanel>
                ) : null}
              </div>
              <div>
                <ErrorNote error={adjusted.error} />
                {adjustedGroups ? (
                  <ChartPanel title="Adjusted curves by site" description="Survival curves adjusted for case mix by direct standardisation: each site's curve with the whole cohort's measured factors." testId="sites-adjusted">
                    <KaplanMeierChart
                      width={350}
                      height={380}
                      groups={adjustedGroups}
                      title={`Adjusted: time to relapse by ${siteWord}`}
                      subtitle="Direct standardisation over a Cox model"
                      showConfidenceBands={false}
                      showCensorMarks={false}
                      showAtRiskTable={false}
                      yLabel="Share without relapse"
                      ticks={sharedAxis?.ticks}
                      axisEnd={sharedAxis?.end}
                    />
                  </ChartPanel>
                ) : null}
              </div>
            </div>
            {adjusted.result || km.result ? (
              <p className="summary" data-testid="sites-curves-summary">
                {sentenceText(adjustedCurvesSentence(siteWord, covariates.map(covariateWords)))}
              </p>
            ) : null}
            {adjusted.result ? <Warnings warnings={adjusted.result.warnings} /> : null}
          </div>

          <div className="card" data-testid="sites-rmst-card">
            <h2>Restricted mean time free of relapse</h2>
            <Busy busy={group !== null && !rmst.settled} />
            <CancelRun run={rmst} what="the restricted means" />
            <ErrorNote error={rmst.error} />
            {rmst.result ? (
              <>
                <DataTable<RmstResult['groups'][number]>
                  title={`Restricted mean to day ${formatNumber(rmst.result.tau, 0)}`}
                  testId="sites-rmst"
                  rowKey={(g) => g.group}
                  rows={rmst.result.groups}
                  columns={[
                    { header: 'Site', cell: (g) => label(g.group) },
                    { header: 'Participants', cell: (g) => formatNumber(g.n), numeric: true },
                    { header: 'Relapses', cell: (g) => formatNumber(g.events), numeric: true },
                    { header: 'RMST (days)', cell: (g) => formatNumber(g.rmst, 1), numeric: true },
                    { header: `${level(rmst.result.confLevel)} CI`, cell: (g) => formatCI(g.lower, g.upper, 1) },
                  ]}
                />
                {rmst.result.comparisons.length > 0 ? (
                  <DataTable<RmstResult['comparisons'][number]>
                    title="Differences in restricted mean"
                    testId="sites-rmst-comparisons"
                    rowKey={(c) => `${c.a}|${c.b}`}
                    rows={rmst.result.comparisons}
                    note="Per pair, not adjusted for multiple comparisons."
                    columns={[
                      { header: 'Site', cell: (c) => label(c.a) },
                      { header: 'versus', cell: (c) => label(c.b) },
                      { header: 'Difference (days)', cell: (c) => formatNumber(c.difference, 1), numeric: true },
                      { header: `${level(rmst.result.confLevel)} CI`, cell: (c) => formatCI(c.differenceLower, c.differenceUpper, 1) },
                      { header: 'p', cell: (c) => formatP(c.p), numeric: true },
                    ]}
                  />
                ) : null}
                <div className="summary" data-testid="sites-rmst-summary">
                  {rmst.result.groups.map((g) => (
                    <p key={g.group}>{sentenceText(rmstSentence(described(g.group), rmst.result!.tau, g.rmst))}</p>
                  ))}
                  {rmst.result.comparisons.map((c) => (
                    <p key={`${c.a}|${c.b}`}>{sentenceText(rmstDifferenceSentence(described(c.a), described(c.b), rmst.result!.tau, c.difference, c.differenceLower, c.differenceUpper, rmst.result!.confLevel))}</p>
                  ))}
                  <p className="muted">{RMST_SITES_NOTE}</p>
                </div>
                <Warnings warnings={rmst.result.warnings} />
              </>
            ) : null}
          </div>
        </div>
      </div>
    </section>
  );
}
