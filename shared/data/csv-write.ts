/**
 * CSV writing for every CSV the app produces (RFC 4180 quoting). Text cells that a spreadsheet would run
 * as a formula — starting with =, +, -, @, tab or carriage return — are written with a leading apostrophe
 * (OWASP "CSV injection"), so an exported file never executes anything when opened. Numbers are written
 * as numbers (a negative number is not text and is not escaped).
 */
import { type DataFrame, cellText, isNumericColumn } from './frame';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as CSV text: null/undefined/NaN empty, numbers as is, text escaped against formulas and quoted when needed. */
export function csvCell(value: CsvCell, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (text.includes('"') || text.includes(delimiter) || text.includes('\n') || text.includes('\r')) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvLine(cells: readonly CsvCell[], delimiter = ','): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter);
}

/** A whole CSV document (header + rows), lines ending in \r\n as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, delimiter = ','): string {
  const lines = [csvLine(header, delimiter)];
  for (const row of rows) lines.push(csvLine(row, delimiter));
  return lines.join('\r\n') + '\r\n';
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
