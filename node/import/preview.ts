/**
 * Import preview: what the import would do, from the head of the file only — detected encoding,
 * delimiter, decimal comma and header, each column's inferred type and missing count on the sample,
 * flagged identifiers, ambiguous date columns, and the first records as they would be parsed.
 */
import type { ColumnType } from '../../shared/data/frame';
import { daysToIsoDate } from '../../shared/data/frame';
import type { Delimiter } from './dialect';
import type { TextEncoding } from './encoding';
import type { FlaggedIdentifier } from './identifiers';
import { type PrepareOptions, type PreparedColumn, prepareImport } from './prepare';
import { type MissingCodes, parseBoolean, parseDate, parseNumber, trimCell } from './values';

export type PreviewCell = string | number | boolean | null;

export interface ImportPreview {
  file: string;
  fileName: string;
  fileSize: number;
  encoding: TextEncoding;
  delimiter: Delimiter;
  decimalComma: boolean;
  hasHeader: boolean;
  sampleRecords: number;
  columns: {
    name: string;
    type: ColumnType;
    /** The type inferred from the sample; `type` differs when the user chose another. */
    inferredType: ColumnType;
    missing: number;
    dateFormat?: string;
    ambiguousDate: boolean;
    /** Sample values that do not fit `type` (they become missing at import), with the first few and their lines. */
    invalid: number;
    invalidExamples: { line: number; value: string }[];
  }[];
  /** The first records as parsed: numbers, ISO date strings, booleans, strings; null when missing or not fitting. */
  rows: PreviewCell[][];
  /** Line of the file each preview row comes from. */
  lines: number[];
  flaggedIdentifiers: FlaggedIdentifier[];
  ambiguousDateColumns: string[];
  warnings: string[];
}

export async function previewCsv(file: string, options: PrepareOptions & { rows?: number } = {}): Promise<ImportPreview> {
  const prepared = await prepareImport(file, options);
  await prepared.rest.return(undefined);
  const limit = options.rows ?? 20;
  const rows: PreviewCell[][] = [];
  const lines: number[] = [];
  const width = prepared.columns.length;
  for (let r = 0; r < prepared.buffered.rows.length && rows.length < limit; r++) {
    const record = prepared.buffered.rows[r];
    if (record.length !== width || prepared.buffered.problems?.[r]) continue;
    rows.push(prepared.columns.map((c) => previewCell(record[c.field], c, prepared.missingCodes, prepared.decimalComma)));
    lines.push(prepared.buffered.lines[r]);
  }
  return {
    file,
    fileName: prepared.label,
    fileSize: prepared.fileSize,
    encoding: prepared.encoding.encoding,
    delimiter: prepared.delimiter,
    decimalComma: prepared.decimalComma,
    hasHeader: prepared.hasHeader,
    sampleRecords: prepared.sampleSize,
    columns: prepared.columns.map((c) => ({
      name: c.name,
      type: c.type,
      inferredType: c.inferredType,
      missing: c.missing,
      dateFormat: c.dateFormat,
      ambiguousDate: c.ambiguousDate,
      ...misfits(prepared, c),
    })),
    rows,
    lines,
    flaggedIdentifiers: prepared.flaggedIdentifiers,
    ambiguousDateColumns: prepared.ambiguousDateColumns,
    warnings: prepared.headerWarnings,
  };
}

const MISFIT_EXAMPLES = 5;

/** Sample values of a column that do not fit its type: they would become missing at import. */
function misfits(prepared: Awaited<ReturnType<typeof prepareImport>>, column: PreparedColumn): { invalid: number; invalidExamples: { line: number; value: string }[] } {
  const invalidExamples: { line: number; value: string }[] = [];
  let invalid = 0;
  if (column.type === 'text' || column.type === 'categorical') return { invalid, invalidExamples };
  const { rows, lines, problems } = prepared.buffered;
  const width = prepared.columns.length;
  for (let r = 0; r < rows.length && r < prepared.sampleSize + 1; r++) {
    if (rows[r].length !== width || problems?.[r]) continue;
    const s = trimCell(rows[r][column.field]);
    if (prepared.missingCodes.isMissing(s)) continue;
    if (previewCell(s, column, prepared.missingCodes, prepared.decimalComma) !== null) continue;
    invalid++;
    if (invalidExamples.length < MISFIT_EXAMPLES) invalidExamples.push({ line: lines[r], value: s });
  }
  return { invalid, invalidExamples };
}

function previewCell(raw: string, column: PreparedColumn, missing: MissingCodes, decimalComma: boolean): PreviewCell {
  const s = trimCell(raw);
  if (missing.isMissing(s)) return null;
  switch (column.type) {
    case 'integer':
    case 'number': {
      const v = parseNumber(s, decimalComma);
      return Number.isNaN(v) ? null : v;
    }
    case 'date': {
      const v = parseDate(s, column.dateFormat ?? 'ISO');
      return Number.isNaN(v) ? null : daysToIsoDate(v);
    }
    case 'boolean': {
      const v = parseBoolean(s);
      return Number.isNaN(v) ? null : v === 1;
    }
    default:
      return s;
  }
}
