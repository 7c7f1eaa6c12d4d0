/**
 * Item scores and factor scores from a mapping.
 *
 * Item value: a numeric column as it is; a column with `riskValues` as 1 when the cell is one of them
 * and 0 otherwise (a categorical item); a missing cell stays missing.
 * Item score: the z-score of the item value over its non-missing rows, with the sample SD
 * (denominator n − 1, as R's sd), negated when the item is `protective`, so that a higher score always
 * means more risk:   s_ij = ±(x_ij − mean_j) / sd_j.
 * Factor score: the mean of the item scores present in the row, missing when fewer than half of the
 * factor's items are present (present·2 < k), then standardised again over the rows that have it, so
 * every factor score has mean 0 and SD 1 and a Cox coefficient is per SD of the factor.
 */
import { type Column, type DataFrame, findColumn, isNumericColumn } from '../data/frame';
import { FACTOR_IDS, type FactorId } from '../factors/ids';
import { AnalysisError } from '../errors';
import type { Mapping, MappingItem } from './format';
import { codedValueMatcher } from './outcome';

export interface Standardised {
  /** Standardised values, NaN where the input is missing. */
  values: Float64Array;
  mean: number;
  sd: number;
  /** Non-missing count. */
  n: number;
}

/**
 * z-scores over the non-missing values (sample SD); NaN everywhere when fewer than 2 values or SD 0.
 * `out` may be `values` itself (each value is read before its z-score is written), which saves a
 * column-sized array per item at millions of rows.
 */
export function standardise(values: Float64Array, sign: 1 | -1 = 1, out: Float64Array = new Float64Array(values.length)): Standardised {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) {
      n++;
      sum += values[i];
    }
  }
  const mean = n > 0 ? sum / n : NaN;
  let squares = 0;
  let correction = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    const d = values[i] - mean;
    squares += d * d;
    correction += d;
  }
  // Two-pass variance with the rounding correction of the mean (Chan, Golub & LeVeque).
  const sd = n > 1 ? Math.sqrt((squares - (correction * correction) / n) / (n - 1)) : NaN;
  const usable = n > 1 && sd > 0;
  for (let i = 0; i < values.length; i++) out[i] = usable && !Number.isNaN(values[i]) ? (sign * (values[i] - mean)) / sd : NaN;
  return { values: out, mean, sd, n };
}

/** The numeric value of an item per row (NaN missing): the column's numbers, or 1/0 for `riskValues`. */
export function itemValues(frame: DataFrame, item: MappingItem): Float64Array {
  const column: Column | undefined = findColumn(frame, item.column);
  if (!column) throw new AnalysisError(`item column "${item.column}" is not in the data`);
  const n = frame.nRows;
  const out = new Float64Array(n);
  if (item.riskValues && item.riskValues.length > 0) {
    const isRisk = codedValueMatcher(column, item.riskValues);
    for (let i = 0; i < n; i++) {
      const missing = isNumericColumn(column) ? Number.isNaN(column.values[i]) : column.codes[i] < 0;
      out[i] = missing ? NaN : isRisk(i) ? 1 : 0;
    }
    return out;
  }
  if (isNumericColumn(column)) return Float64Array.from(column.values);
  // A coded column without riskValues is usable only when every level is a number.
  const levelNumbers = column.levels.map((level) => (level.trim() === '' ? NaN : Number(level)));
  if (levelNumbers.some((v) => !Number.isFinite(v))) {
    const shown = column.levels.slice(0, 5).map((l) => JSON.stringify(l)).join(', ');
    throw new AnalysisError(`item column "${item.column}" is categorical (values ${shown}${column.levels.length > 5 ? ', …' : ''}); list the values that mean risk in riskValues`);
  }
  for (let i = 0; i < n; i++) out[i] = column.codes[i] < 0 ? NaN : levelNumbers[column.codes[i]];
  return out;
}

export interface ItemScore {
  column: string;
  direction: MappingItem['direction'];
  /** Oriented z-scores (NaN missing); empty when the factor score was computed with itemScores 'drop'. */
  scores: Float64Array;
  mean: number;
  sd: number;
  n: number;
  missing: number;
}

export interface FactorScore {
  factor: FactorId;
  items: ItemScore[];
  /** Standardised factor score (mean 0, SD 1 over its non-missing rows; NaN missing). */
  scores: Float64Array;
  /** Mean and SD of the item-score average before the final standardisation. */
  rawMean: number;
  rawSd: number;
  n: number;
  missing: number;
}

export function itemScore(frame: DataFrame, item: MappingItem): ItemScore {
  // itemValues returns a fresh array: standardised in place.
  const values = itemValues(frame, item);
  const z = standardise(values, item.direction === 'protective' ? -1 : 1, values);
  if (z.n < 2) throw new AnalysisError(`item column "${item.column}" has ${z.n} non-missing value${z.n === 1 ? '' : 's'}; it cannot be standardised`);
  if (!(z.sd > 0)) throw new AnalysisError(`item column "${item.column}" is constant${item.riskValues ? ' after coding its riskValues' : ''}; it cannot be standardised`);
  return { column: item.column, direction: item.direction, scores: z.values, mean: z.mean, sd: z.sd, n: z.n, missing: frame.nRows - z.n };
}

/**
 * Whether a factor score keeps each item's z-scores (`FactorScore.items[j].scores`, which Cronbach's alpha
 * needs) or drops each one as soon as it is added in ('drop': the item summaries stay, their `scores`
 * are empty), so that at millions of rows a factor costs two column-sized arrays, not one per item.
 * The factor score is the same to the bit either way: the items are added in the same order.
 */
export type ItemScoresKept = 'keep' | 'drop';

const NO_SCORES = new Float64Array(0);

export function factorScore(frame: DataFrame, factor: FactorId, items: readonly MappingItem[], itemScores: ItemScoresKept = 'keep'): FactorScore {
  if (items.length === 0) throw new AnalysisError(`factor ${factor} has no items`);
  const n = frame.nRows;
  const k = items.length;
  // Running sum and count of the item scores present in each row, in item order.
  const sum = new Float64Array(n);
  const present = new Uint32Array(n);
  const summaries: ItemScore[] = [];
  for (const item of items) {
    const score = itemScore(frame, item);
    const z = score.scores;
    for (let i = 0; i < n; i++) {
      const s = z[i];
      if (!Number.isNaN(s)) {
        present[i]++;
        sum[i] += s;
      }
    }
    summaries.push(itemScores === 'keep' ? score : { ...score, scores: NO_SCORES });
  }
  // The mean of the present item scores, in place in `sum`.
  for (let i = 0; i < n; i++) sum[i] = present[i] * 2 < k || present[i] === 0 ? NaN : sum[i] / present[i];
  const z = standardise(sum, 1, sum);
  if (!(z.sd > 0)) throw new AnalysisError(`factor ${factor} has a constant score; it cannot be standardised`);
  return { factor, items: summaries, scores: z.values, rawMean: z.mean, rawSd: z.sd, n: z.n, missing: n - z.n };
}

/**
 * Scores of every mapped factor, in the catalogue's factor order. `afterFactor`, when given, is told
 * each factor as soon as its score is computed (applyMapping frees the columns no later factor uses).
 */
export function factorScores(
  frame: DataFrame,
  mapping: Pick<Mapping, 'factors'>,
  options: { itemScores?: ItemScoresKept; afterFactor?: (factor: FactorId) => void } = {},
): FactorScore[] {
  return FACTOR_IDS.filter((id) => (mapping.factors[id]?.length ?? 0) > 0).map((id) => {
    const score = factorScore(frame, id, mapping.factors[id]!, options.itemScores ?? 'keep');
    options.afterFactor?.(id);
    return score;
  });
}
