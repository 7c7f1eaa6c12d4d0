/**
 * The one CSV writer of the product (RFC 4180 quoting): the app's "Save as CSV" tables, the demo cohort
 * (CLI `demo`, `demo-cohort`, the app's first run) and frames all write through it.
 *
 * Formula injection (OWASP "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection): a text
 * cell a spreadsheet would run as a formula — one starting with =, +, -, @, tab, carriage return or line
 * feed (and NUL, ASVS 1.2.10) — is prefixed with a single quote and the field is always wrapped in double
 * quotes (embedded quotes doubled), as OWASP advises. Delimiters, quotes and line breaks inside a cell are
 * always quoted, so a cell can never start a new cell mid-text.
 *
 * Numbers are not text: a number is written as a number (a negative number is not escaped), and so is a
 * string that is entirely one decimal number, like the "-0.35" a result table shows (optional leading
 * minus, digits, optional decimals and exponent: /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i). A spreadsheet
 * reads such a cell as the number it is; it cannot hold a formula. "-2+3" or "-0.35 (x)" are escaped.
 * NaN and ±Infinity are written empty (missing), as the engine's results carry them as null.
 */
import { type DataFrame, cellText, isNumericColumn } from './frame';

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Field delimiter, ',' unless said otherwise. */
  delimiter?: string;
  /** Line end: RFC 4180's '\r\n' unless said otherwise. */
  lineEnd?: string;
}

/** The characters that make a spreadsheet read a cell as a formula when they start it. */
export const FORMULA_START = /^[=+\-@\t\r\n\0]/;
const DECIMAL_NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Whether a text cell is one plain decimal number (written as is, never escaped). */
export function isNumberText(text: string): boolean {
  return DECIMAL_NUMBER.test(text);
}

/** One cell as CSV text: missing empty, numbers as is, text escaped against formulas and quoted when needed. */
export function csvCell(value: CsvCell, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (FORMULA_START.test(value) && !isNumberText(value)) return `"'${value.replace(/"/g, '""')}"`;
  if (value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r')) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** One record as CSV text, without its line end. */
export function csvLine(cells: readonly CsvCell[], delimiter = ','): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter);
}

/** A CSV document as chunks (the header first, then `chunkRows` records per chunk), for streaming large files. */
export function* csvChunks(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvOptions & { chunkRows?: number } = {}): Generator<string> {
  const { delimiter = ',', lineEnd = '\r\n', chunkRows = 10_000 } = options;
  yield csvLine(header, delimiter) + lineEnd;
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(csvLine(row, delimiter));
    if (lines.length >= chunkRows) {
      yield lines.join(lineEnd) + lineEnd;
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join(lineEnd) + lineEnd;
}

/** A whole CSV document (header + rows), lines ending in \r\n as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, delimiter = ','): string {
  return Array.from(csvChunks(header, rows, { delimiter })).join('');
}

/** A DataFrame as CSV: numeric columns as numbers, dates as ISO dates, booleans as true/false, text escaped. */
export function frameToCsv(frame: DataFrame, delimiter = ','): string {
  const rows: CsvCell[][] = [];
  for (let r = 0; r < frame.nRows; r++) {
    rows.push(
      frame.columns.map((column) => {
        if (isNumericColumn(column) && (column.type === 'integer' || column.type === 'number')) return column.values[r];
        const text = cellText(column, r);
        return text === '' ? null : text;
      }),
    );
  }
  return toCsv(
    frame.columns.map((c) => c.name),
    rows,
    delimiter,
  );
}
