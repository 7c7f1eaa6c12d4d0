/**
 * Design matrix for regression models (the Cox model), as R's model.matrix with the default
 * treatment contrasts (contr.treatment):
 * - a numeric column is one design column, as it is;
 * - a categorical column (text, or any column the caller lists as categorical, as R's factor(x))
 *   becomes k − 1 indicator columns, one per level other than the reference. Levels are ordered as
 *   R orders factor levels: numbers numerically, strings by code point; the reference is the first
 *   level unless the caller names one (R's relevel). An indicator is named `column=level`.
 * Each model term keeps the design columns it owns, for per-term tests (a k-level factor has k − 1 df).
 * Rows missing any covariate or the strata column are deleted listwise and counted. Factor levels
 * are taken from the rows that remain, so a level seen only in deleted rows does not become an
 * all-zero column.
 */
import { type Column, type DataFrame, cellText, findColumn, isMissing, isNumericColumn } from '../data/frame';

/** A problem with the requested model, worded for the user. */
export class ModelMatrixError extends Error {
  override name = 'ModelMatrixError';
}

export interface ModelTerm {
  /** The column the term comes from. */
  name: string;
  kind: 'numeric' | 'factor';
  /** Indices into ModelMatrix.columns owned by this term. */
  columns: number[];
  /** Factor levels in order, the reference first (factor terms only). */
  levels?: string[];
  reference?: string;
}

export interface ModelMatrixSpec {
  covariates: string[];
  /** Columns to treat as factors even when numeric (R's factor(x)). Text columns always are. */
  categorical?: string[];
  /** Reference level per factor column, e.g. { clinic: '2' }. */
  reference?: Record<string, string>;
  /** Optional strata column: coded by its sorted levels, required to be non-missing. */
  strata?: string | null;
}

export interface ModelMatrix {
  /** Frame rows used, in frame order. */
  rows: Int32Array;
  /** Candidate rows dropped for a missing covariate or stratum. */
  dropped: number;
  /** Design columns, each of length rows.length; read-only (a numeric term may be the frame's own array). */
  columns: Float64Array[];
  /** `column` for a numeric term, `column=level` for an indicator. */
  columnNames: string[];
  terms: ModelTerm[];
  /** Stratum code per used row (0..k-1 in level order), or null. */
  strata: Int32Array | null;
  strataLevels: string[] | null;
}

/** Parses "clinic=1,arm=patch" into { clinic: '1', arm: 'patch' }. */
export function parseReferenceLevels(text: string | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ModelMatrixError(`reference "${part.trim()}" should be written column=level, e.g. clinic=1`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Rows (among candidates, default all) where none of the columns is missing, and how many were dropped. */
export function completeRows(frame: DataFrame, columns: Column[], candidateRows?: Int32Array): { rows: Int32Array; dropped: number } {
  const candidates = candidateRows ?? Int32Array.from({ length: frame.nRows }, (_, i) => i);
  const keep = new Int32Array(candidates.length);
  let kept = 0;
  for (let k = 0; k < candidates.length; k++) {
    const row = candidates[k];
    let complete = true;
    for (const column of columns) {
      if (isMissing(column, row)) {
        complete = false;
        break;
      }
    }
    if (complete) keep[kept++] = row;
  }
  return { rows: keep.slice(0, kept), dropped: candidates.length - kept };
}

/**
 * Sorted distinct levels of a column over the given rows (numbers numerically, strings by code
 * point, as R's factor()), with each row's level index.
 */
export function factorLevels(column: Column, rows: Int32Array): { codes: Int32Array; levels: string[] } {
  const codes = new Int32Array(rows.length);
  if (isNumericColumn(column)) {
    const distinct = Array.from(new Set(Array.from(rows, (r) => column.values[r]))).sort((a, b) => a - b);
    const index = new Map(distinct.map((v, k) => [v, k]));
    rows.forEach((r, i) => (codes[i] = index.get(column.values[r])!));
    return { codes, levels: distinct.map((v) => cellText({ ...column, values: Float64Array.of(v) }, 0)) };
  }
  const labels = Array.from(new Set(Array.from(rows, (r) => column.levels[column.codes[r]]))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(labels.map((label, k) => [label, k]));
  rows.forEach((r, i) => (codes[i] = index.get(column.levels[column.codes[r]])!));
  return { codes, levels: labels };
}

function lookupColumn(frame: DataFrame, name: string, role: string): Column {
  const column = findColumn(frame, name);
  if (!column) throw new ModelMatrixError(`${role} column "${name}" is not in the data (columns: ${frame.columns.map((c) => c.name).join(', ')})`);
  return column;
}

/** Finds the level the user named: exact label, or the same number written differently ("1" vs "1.0"). */
export function matchLevel(levels: string[], wanted: string, numeric: boolean): number {
  const exact = levels.indexOf(wanted);
  if (exact >= 0 || !numeric || wanted.trim() === '') return exact;
  const value = Number(wanted);
  return Number.isFinite(value) ? levels.findIndex((l) => Number(l) === value) : -1;
}

/**
 * Builds the design matrix over the candidate rows (default: all), deleting rows with a missing
 * covariate or stratum. `release`, when given, says that the caller has given the frame up: a numeric
 * covariate's rows are then compacted in place in the column's own array (its first n values become the
 * design column; rows ascend, so rows[i] ≥ i and no value is overwritten before it is read) instead of
 * copied, and `release` is called with each covariate column once the design holds what it needs of it.
 */
export function buildModelMatrix(frame: DataFrame, spec: ModelMatrixSpec, candidateRows?: Int32Array, release?: (column: Column) => void): ModelMatrix {
  if (spec.covariates.length === 0) throw new ModelMatrixError('name at least one covariate');
  const seen = new Set<string>();
  for (const name of spec.covariates) {
    if (seen.has(name)) throw new ModelMatrixError(`covariate "${name}" is listed twice`);
    seen.add(name);
  }
  const covariateColumns = spec.covariates.map((name) => lookupColumn(frame, name, 'covariate'));
  const categorical = new Set(spec.categorical ?? []);
  for (const name of categorical) {
    if (!seen.has(name)) throw new ModelMatrixError(`categorical column "${name}" is not among the covariates (${spec.covariates.join(', ')})`);
  }
  const reference = spec.reference ?? {};
  for (const name of Object.keys(reference)) {
    if (!seen.has(name)) throw new ModelMatrixError(`reference level given for "${name}", which is not among the covariates`);
  }
  const strataColumn = spec.strata ? lookupColumn(frame, spec.strata, 'strata') : null;
  if (strataColumn && seen.has(strataColumn.name)) {
    throw new ModelMatrixError(`"${strataColumn.name}" is both a covariate and the strata column`);
  }

  const { rows, dropped } = completeRows(frame, strataColumn ? [...covariateColumns, strataColumn] : covariateColumns, candidateRows);
  const n = rows.length;
  const columns: Float64Array[] = [];
  const columnNames: string[] = [];
  const terms: ModelTerm[] = [];

  covariateColumns.forEach((column, t) => {
    const name = spec.covariates[t];
    const isFactor = categorical.has(name) || !isNumericColumn(column);
    if (!isFactor) {
      if (reference[name] !== undefined) {
        throw new ModelMatrixError(`reference level given for "${name}", which is numeric; list it under categorical to treat it as a factor`);
      }
      // every row analysed (rows is then 0..n-1): the column itself, not a copy (the design is read-only;
      // at 5,000,000 rows a copy is 40 MB per covariate)
      const source = (column as { values: Float64Array }).values;
      const values = n === frame.nRows ? source : release ? source.subarray(0, n) : new Float64Array(n);
      if (n !== frame.nRows) for (let i = 0; i < n; i++) values[i] = source[rows[i]];
      terms.push({ name, kind: 'numeric', columns: [columns.length] });
      columns.push(values);
      columnNames.push(name);
      release?.(column);
      return;
    }
    const { codes, levels: sortedLevels } = factorLevels(column, rows);
    release?.(column);
    if (n > 0 && sortedLevels.length < 2) {
      throw new ModelMatrixError(`categorical covariate "${name}" has a single value (${sortedLevels[0]}) in the rows analysed; it cannot be estimated`);
    }
    let referenceIndex = 0;
    if (reference[name] !== undefined) {
      referenceIndex = matchLevel(sortedLevels, reference[name], isNumericColumn(column));
      if (referenceIndex < 0) {
        throw new ModelMatrixError(`reference level "${reference[name]}" is not a value of "${name}" (values: ${sortedLevels.join(', ')})`);
      }
    }
    // R's relevel: the reference moves to the front, the other levels keep their order.
    const levels = [sortedLevels[referenceIndex], ...sortedLevels.filter((_, k) => k !== referenceIndex)];
    const owned: number[] = [];
    sortedLevels.forEach((level, k) => {
      if (k === referenceIndex) return;
      const indicator = new Float64Array(n);
      for (let i = 0; i < n; i++) indicator[i] = codes[i] === k ? 1 : 0;
      owned.push(columns.length);
      columns.push(indicator);
      columnNames.push(`${name}=${level}`);
    });
    terms.push({ name, kind: 'factor', columns: owned, levels, reference: levels[0] });
  });

  let strata: Int32Array | null = null;
  let strataLevels: string[] | null = null;
  if (strataColumn) {
    const coded = factorLevels(strataColumn, rows);
    strata = coded.codes;
    strataLevels = coded.levels;
  }
  return { rows, dropped, columns, columnNames, terms, strata, strataLevels };
}
