/**
 * The in-memory column store every layer hands along: import writes it, the project store persists
 * it, mapping derives analysis variables from it, and the engine reads typed arrays out of it.
 *
 * Missing values: NaN in numeric columns, code -1 in categorical/text columns.
 * Dates are stored as whole days since 1970-01-01 (UTC), so a difference of two dates is a duration in days.
 * Booleans are stored as 0/1.
 */
export type ColumnType = 'integer' | 'number' | 'date' | 'boolean' | 'categorical' | 'text';

export const COLUMN_TYPES: readonly ColumnType[] = ['integer', 'number', 'date', 'boolean', 'categorical', 'text'];

export interface NumericColumn {
  name: string;
  type: 'integer' | 'number' | 'date' | 'boolean';
  /** NaN marks a missing value. */
  values: Float64Array;
}

export interface CodedColumn {
  name: string;
  type: 'categorical' | 'text';
  /** Index into `levels`; -1 marks a missing value. */
  codes: Int32Array;
  /** Distinct values in order of first appearance. */
  levels: string[];
}

export type Column = NumericColumn | CodedColumn;

export interface DataFrame {
  nRows: number;
  columns: Column[];
}

/**
 * How an analysis run may treat its frame. `frameGivenUp`: the caller will not read the frame again (the
 * CLI's `analyze`, which loads the data for one analysis), so the run may drop the frame's columns once it
 * has copied what it needs (givenUpColumns), and their memory can be reclaimed before the model is fitted.
 * At 5,000,000 rows the raw columns of a 4-covariate Cox model are about 250 MB of its peak.
 */
export interface RunContext {
  frameGivenUp?: boolean;
}

/** Empties a frame the caller has given up (RunContext.frameGivenUp): its columns are dropped, nRows is kept. */
export function dropGivenUpColumns(frame: DataFrame, context: RunContext): void {
  if (context.frameGivenUp) frame.columns = [];
}

export function isNumericColumn(column: Column): column is NumericColumn {
  return column.type !== 'categorical' && column.type !== 'text';
}

export function findColumn(frame: DataFrame, name: string): Column | undefined {
  return frame.columns.find((c) => c.name === name);
}

/** Days since 1970-01-01 to an ISO date string (YYYY-MM-DD). */
export function daysToIsoDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** The value of one cell as the user would see it in a file ('' when missing). */
export function cellText(column: Column, row: number): string {
  if (isNumericColumn(column)) {
    const v = column.values[row];
    if (Number.isNaN(v)) return '';
    if (column.type === 'date') return daysToIsoDate(v);
    if (column.type === 'boolean') return v === 1 ? 'true' : 'false';
    return String(v);
  }
  const code = column.codes[row];
  return code < 0 ? '' : column.levels[code];
}

/** Whether the cell is missing. */
export function isMissing(column: Column, row: number): boolean {
  return isNumericColumn(column) ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
}
