/**
 * The report's plan for a mapping of several rows per participant (episodes or intervals,
 * `outcome.intervalStart`): one analysis, `recurrent` (the Andersen–Gill model of the rate of relapse
 * episodes with the robust SE by participant, and the mean cumulative function by the mapped group),
 * on the raw (start, stop] rows. The one-row-per-participant analyses (Kaplan–Meier, log-rank, the
 * factor Cox model, cumulative incidence, correlations of factor scores) are not planned: they would
 * take each interval for a participant, and factor scores standardised over rows would weigh a
 * participant by their number of rows.
 *
 * The model's covariates are the mapping's group columns (as categories) and the columns mapped to the
 * factors (their raw values; a column with risk values as categories), as the Recurrent relapses step
 * sets them by default; the MCF is drawn by the first group column.
 */
import type { DataFrame } from '../data/frame';
import { UserFacingError } from '../errors';
import { DERIVED_RELAPSE, DERIVED_STATUS, DERIVED_TIME } from '../mapping/apply';
import type { Mapping } from '../mapping/format';
import { deriveOutcome } from '../mapping/outcome';
import type { Exclusions, PlannedAnalysis, PreparedData, ReportSettings } from './plan';

export const RECURRENT_PLAN_KEY = 'recurrent:ag';

/** A mapping of several rows per participant (the interval start is mapped). */
export function isSeveralRowsMapping(mapping: Pick<Mapping, 'outcome'>): boolean {
  return mapping.outcome.intervalStart !== undefined;
}

/**
 * The model's default covariates, as the report and the Recurrent relapses step take them: the groups (as
 * categories) and the factor item columns (raw values; a column with risk values as categories), each
 * once; with `present`, only the columns it accepts (the step offers only the dataset's columns).
 */
export function recurrentCovariates(
  mapping: { groups?: readonly string[]; factors?: Partial<Record<string, readonly { column: string; riskValues?: readonly unknown[] }[] | undefined>> },
  present: (column: string) => boolean = () => true,
): { covariates: string[]; categorical: string[] } {
  const groups = (mapping.groups ?? []).filter(present);
  const items = Object.values(mapping.factors ?? {}).flatMap((list) => list ?? []).filter((item) => present(item.column));
  const covariates = [...new Set([...groups, ...items.map((item) => item.column)])];
  const categorical = [...new Set([...groups, ...items.filter((item) => (item.riskValues?.length ?? 0) > 0).map((item) => item.column)])];
  return { covariates, categorical };
}

/** The single planned analysis of a several-rows report; refuses in one line what it cannot analyse. */
export function planRecurrent(mapping: Mapping, settings: ReportSettings): PlannedAnalysis[] {
  const outcome = mapping.outcome;
  if (mapping.id === undefined) throw new UserFacingError('mapping: several rows per participant need the participant id column ("id"), to know which intervals belong to whom');
  if (outcome.eventValues.length !== 1) {
    throw new UserFacingError(`mapping: the repeated-relapses report takes one value meaning relapse; the mapping lists ${outcome.eventValues.length} (${outcome.eventValues.map(String).join(', ')})`);
  }
  const group = mapping.groups[0];
  return [
    {
      key: RECURRENT_PLAN_KEY,
      role: 'recurrent',
      analysis: 'recurrent',
      options: {
        start: outcome.intervalStart,
        time: outcome.time,
        event: outcome.event,
        eventValue: String(outcome.eventValues[0]),
        id: mapping.id,
        ...(group !== undefined ? { group } : {}),
        model: 'ag',
        ...recurrentCovariates(mapping),
        ties: settings.ties,
        confLevel: settings.confLevel,
      },
      ...(group !== undefined ? { group } : {}),
    },
  ];
}

/**
 * The rows of a several-rows report: the exclusion rule on each row (a missing or negative stop, a
 * missing event), without factor scores and without the one-row-per-participant check; the raw columns
 * the plan reads (`keep`) and the derived outcome columns, which count the rows' relapses.
 */
export function prepareIntervalData(raw: DataFrame, mapping: Mapping, keep?: ReadonlySet<string>): PreparedData {
  const outcome = deriveOutcome(raw, mapping.outcome);
  const n = raw.nRows;
  const time = outcome.time;
  const status = Float64Array.from(outcome.status, (s) => (s < 0 ? NaN : s));
  const relapse = Float64Array.from(outcome.status, (s) => (s < 0 ? NaN : s === 1 ? 1 : 0));
  const exclusions: Exclusions = { rows: n, missingTime: 0, negativeTime: 0, missingEvent: 0, excluded: 0, analysed: 0 };
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(time[i])) exclusions.missingTime++;
    else if (time[i] < 0) exclusions.negativeTime++;
    else if (Number.isNaN(status[i])) exclusions.missingEvent++;
    else {
      kept.push(i);
      continue;
    }
    exclusions.excluded++;
  }
  exclusions.analysed = kept.length;
  const columns = [
    ...raw.columns.filter((c) => !keep || keep.has(c.name)),
    { name: DERIVED_TIME, type: 'number' as const, values: time },
    { name: DERIVED_RELAPSE, type: 'integer' as const, values: relapse },
    { name: DERIVED_STATUS, type: 'integer' as const, values: status },
  ];
  if (kept.length === n) return { frame: { nRows: n, columns }, exclusions };
  const rows = Int32Array.from(kept);
  return {
    frame: {
      nRows: rows.length,
      columns: columns.map((c) => ('values' in c ? { ...c, values: Float64Array.from(rows, (r) => c.values[r]) } : { ...c, codes: Int32Array.from(rows, (r) => c.codes[r]) })),
    },
    exclusions,
  };
}
