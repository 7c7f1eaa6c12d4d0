/**
 * Applies a confirmed mapping to a dataset: the derived analysis variables are appended to the frame
 * as new columns, so that every analysis (KM, log-rank, Cox, cumulative incidence, correlation) can
 * use them by name exactly like imported columns.
 *
 *   outcome.time_days   follow-up in days (duration column, or end/last-contact date − start date)
 *   outcome.time_<unit> the same in the mapping's unit (weeks, months or years; units.ts), when it is not days:
 *                       what the app's Survival step analyses and shows
 *   outcome.relapse     1 relapse, 0 censored (a competing end counts as censored here, as in a
 *                       cause-specific analysis), missing when the event cell is missing
 *   outcome.status      0 censored, 1 relapse, 2 competing end (for cumulative incidence)
 *   score.<factor id>   the standardised factor score (mean 0, SD 1)
 *   median.<factor id>  the score split at its median: "below median" / "median or above"
 *   tertile.<factor id> the score split at its tertiles: "lower third" / "middle third" / "upper third"
 *
 * The cut points are R's default quantile (type 7) of the non-missing scores; a score equal to a cut
 * point goes to the upper group, so groups are stable and every non-missing score has one.
 *
 * Rows the user left out in the Mapping step (`mapping.excludeRows`, exclude.ts) are dropped first: the
 * applied frame has the other rows only, and the scores are standardised over them. A listed row that is
 * not in the data or does not have its reason is refused in one line (validation names it).
 */
import { type CodedColumn, type DataFrame, type NumericColumn, findColumn } from '../data/frame';
import { describeRepeatedIds, findRepeatedValues, SEVERAL_ROWS_ADVICE } from '../data/repeated-values';
import { UserFacingError } from '../errors';
import { FACTOR_IDS, type FactorId } from '../factors/ids';
import type { Mapping } from './format';
import { deriveOutcome } from './outcome';
import { checkExcludedRows, withoutExcludedRows } from './exclude';
import { followUpColumnName, fromDays } from './units';
import { factorScores, type FactorScore } from './scores';

export const DERIVED_TIME = 'outcome.time_days';
export const DERIVED_RELAPSE = 'outcome.relapse';
export const DERIVED_STATUS = 'outcome.status';
export const scoreColumnName = (factor: FactorId): string => `score.${factor}`;
export const medianSplitColumnName = (factor: FactorId): string => `median.${factor}`;
export const tertileSplitColumnName = (factor: FactorId): string => `tertile.${factor}`;

export const MEDIAN_SPLIT_LEVELS = ['below median', 'median or above'];
export const TERTILE_SPLIT_LEVELS = ['lower third', 'middle third', 'upper third'];

/** R's default quantile (type 7) of sorted values: linear interpolation between order statistics at (n - 1) p. */
export function quantileType7(sorted: Float64Array, probability: number): number {
  const h = (sorted.length - 1) * probability;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

/** The non-missing scores in ascending order (shared by a factor's median and tertile splits). */
function sortedPresent(scores: Float64Array): Float64Array {
  return scores.filter((v) => !Number.isNaN(v)).sort();
}

/**
 * Splits scores at the given probabilities of their sorted non-missing values: code k when the score
 * lies at or above the k-th cut and below the next.
 */
export function splitAtQuantiles(name: string, scores: Float64Array, sorted: Float64Array, probabilities: number[], levels: string[]): CodedColumn {
  const cuts = sorted.length ? probabilities.map((p) => quantileType7(sorted, p)) : [];
  const codes = new Int32Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (Number.isNaN(v) || cuts.length === 0) {
      codes[i] = -1;
      continue;
    }
    let k = 0;
    while (k < cuts.length && v >= cuts[k]) k++;
    codes[i] = k;
  }
  return { name, type: 'categorical', codes, levels };
}

/**
 * The derived outcome is one follow-up per row, so a mapping whose id column repeats a participant is
 * refused in one line (issue 13: several rows of one participant must not be analysed as several
 * participants). An id column absent from the frame is not checked here: `mapping validate` reports
 * it. A report on a project dataset reads the id column alone first and checks it here
 * (node/report/gather.ts refuseRepeatedIdsInProject), then the analysed columns without it.
 */
export function refuseRepeatedMappedIds(frame: DataFrame, mapping: Mapping): void {
  if (mapping.id === undefined) return;
  const column = findColumn(frame, mapping.id);
  if (!column) return;
  const repeated = findRepeatedValues(column);
  if (repeated === null) return;
  throw new UserFacingError(
    `mapping: id column "${column.name}": ${describeRepeatedIds(repeated)}, but the mapped analyses take one row per participant; ${SEVERAL_ROWS_ADVICE}`,
  );
}

export interface AppliedMapping {
  frame: DataFrame;
  scores: FactorScore[];
}

/**
 * `splits: false` leaves out the median and tertile splits (two coded columns per factor), which only the
 * app's grouping choices use: a report does not, and at 5,000,000 participants they are 360 MB.
 */
export interface ApplyMappingOptions {
  /**
   * Add the median and tertile splits of each factor score (default true); a list names the split columns
   * wanted ('median.craving', 'tertile.stress'), derived exactly as the others, and only those.
   */
  splits?: boolean | readonly string[];
  /**
   * Consume the raw frame: each of its columns is taken out of `frame.columns` as soon as the derived
   * columns no longer need it (the outcome columns once the outcome is derived, a factor's items once the
   * last factor using them is scored), except the columns named here. The caller gives up the frame; at
   * 5,000,000 participants the raw item columns are then freed one factor at a time instead of all being
   * held until every score is computed.
   */
  consumeExcept?: ReadonlySet<string>;
}

export function applyMapping(dataset: DataFrame, mapping: Mapping, options: ApplyMappingOptions = {}): AppliedMapping {
  let frame = dataset;
  if (mapping.excludeRows && mapping.excludeRows.length > 0) {
    const problem = checkExcludedRows(dataset, mapping)[0];
    if (problem) throw new UserFacingError(`mapping: ${problem.message}`);
    frame = withoutExcludedRows(dataset, mapping).frame;
    // the caller that gives up the dataset (consumeExcept) gives up its full-length columns too
    if (options.consumeExcept) dataset.columns = [];
  }
  refuseRepeatedMappedIds(frame, mapping);
  const outcome = deriveOutcome(frame, mapping.outcome);
  const n = frame.nRows;
  const relapse = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = outcome.status[i];
    status[i] = s < 0 ? NaN : s;
    relapse[i] = s < 0 ? NaN : s === 1 ? 1 : 0;
  }
  const keep = options.consumeExcept;
  const scored = FACTOR_IDS.filter((id) => (mapping.factors[id]?.length ?? 0) > 0);
  // Keeps only the kept columns and the items of the factors not yet scored (from index `next` on).
  const release = (next: number): void => {
    if (!keep) return;
    const needed = new Set(scored.slice(next).flatMap((id) => mapping.factors[id]!.map((item) => item.column)));
    frame.columns = frame.columns.filter((c) => keep.has(c.name) || needed.has(c.name));
  };
  release(0);
  let done = 0;
  const scores = factorScores(frame, mapping, { itemScores: 'drop', afterFactor: () => release(++done) });
  const derived: NumericColumn[] = [
    { name: DERIVED_TIME, type: 'number', values: outcome.time },
    ...(mapping.outcome.unit && mapping.outcome.unit !== 'days' ? [{ name: followUpColumnName(mapping.outcome.unit), type: 'number' as const, values: outcome.time.map((d) => fromDays(d, mapping.outcome.unit)) }] : []),
    { name: DERIVED_RELAPSE, type: 'integer', values: relapse },
    { name: DERIVED_STATUS, type: 'integer', values: status },
    ...scores.map((s): NumericColumn => ({ name: scoreColumnName(s.factor), type: 'number', values: s.scores })),
  ];
  const wantedSplits = Array.isArray(options.splits) ? new Set<string>(options.splits) : null;
  const wantSplit = (name: string): boolean => (wantedSplits ? wantedSplits.has(name) : options.splits !== false);
  const splits: CodedColumn[] = scores.flatMap((s) => {
    const median = medianSplitColumnName(s.factor);
    const tertile = tertileSplitColumnName(s.factor);
    if (!wantSplit(median) && !wantSplit(tertile)) return [];
    const sorted = sortedPresent(s.scores);
    return [
      ...(wantSplit(median) ? [splitAtQuantiles(median, s.scores, sorted, [0.5], MEDIAN_SPLIT_LEVELS)] : []),
      ...(wantSplit(tertile) ? [splitAtQuantiles(tertile, s.scores, sorted, [1 / 3, 2 / 3], TERTILE_SPLIT_LEVELS)] : []),
    ];
  });
  const derivedNames = new Set([...derived, ...splits].map((c) => c.name));
  return { frame: { nRows: n, columns: [...frame.columns.filter((c) => !derivedNames.has(c.name)), ...derived, ...splits] }, scores };
}
