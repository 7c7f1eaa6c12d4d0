/**
 * Rows the user leaves out in the Mapping step (issue 15 item 1: 'a row whose dates run backwards or whose
 * follow-up is missing must not block "Use this mapping": show the rows, let the user exclude them').
 *
 * A mapping's `excludeRows` lists 1-based data rows with their reason. Which rows have each reason is
 * decided here, on the whole dataset: `end-before-start`, a relapse or last-contact date before the start
 * date (dates mode); `missing-time`, no follow-up time (the duration cell or the dates missing). A listed
 * row that does not have its reason (other data, or data changed since) is refused by validation rather
 * than left out silently. `withoutExcludedRows` drops the rows before the outcome is derived, so every
 * analysis, the report and the CLI see the same participants.
 */
import { type Column, type DataFrame, findColumn, isNumericColumn } from '../data/frame';
import { excludedRowIndices, type ExclusionReason, type Mapping } from './format';
import { deriveTime } from './outcome';

/** 0-based rows of the dataset that have the reason (an empty list when the columns it needs are absent or mistyped). */
export function rowsWithReason(frame: DataFrame, mapping: Mapping, reason: ExclusionReason): number[] {
  const o = mapping.outcome;
  const rows: number[] = [];
  if (reason === 'end-before-start') {
    if (o.time !== undefined || o.start === undefined) return rows;
    const numeric = (name: string | undefined): Float64Array | null => {
      const column = name === undefined ? undefined : findColumn(frame, name);
      return column && isNumericColumn(column) && column.type !== 'boolean' ? column.values : null;
    };
    const start = numeric(o.start);
    const ends = [numeric(o.end), numeric(o.censorEnd)].filter((e): e is Float64Array => e !== null);
    if (!start) return rows;
    for (let i = 0; i < frame.nRows; i++) if (ends.some((end) => end[i] < start[i])) rows.push(i);
    return rows;
  }
  let time: Float64Array;
  try {
    time = deriveTime(frame, o);
  } catch {
    return rows;
  }
  for (let i = 0; i < frame.nRows; i++) if (Number.isNaN(time[i])) rows.push(i);
  return rows;
}

export interface ExclusionProblem {
  reason: ExclusionReason;
  /** 1-based rows listed for the reason that are not in the data or do not have it. */
  rows: number[];
  message: string;
}

const REASON_TEXT: Record<ExclusionReason, string> = {
  'end-before-start': 'their end date is before their start date',
  'missing-time': 'their follow-up time is missing',
};

/** Plain words for a reason, for the report and the audit log: 'end date before the start date'. */
export const EXCLUSION_REASON_LABEL: Record<ExclusionReason, string> = {
  'end-before-start': 'end date before the start date',
  'missing-time': 'follow-up time missing',
};

/** Listed rows that are not in the data, or do not have the reason they are left out for. */
export function checkExcludedRows(frame: DataFrame, mapping: Mapping): ExclusionProblem[] {
  const problems: ExclusionProblem[] = [];
  for (const exclusion of mapping.excludeRows ?? []) {
    const beyond = exclusion.rows.filter((r) => r > frame.nRows);
    if (beyond.length > 0) {
      problems.push({ reason: exclusion.reason, rows: beyond, message: `the mapping leaves out data rows ${shortList(beyond)}, but the data have ${frame.nRows} rows: the rows were chosen on other data; clear the left-out rows and choose them again` });
      continue;
    }
    const qualifying = new Set(rowsWithReason(frame, mapping, exclusion.reason));
    const stale = exclusion.rows.filter((r) => !qualifying.has(r - 1));
    if (stale.length > 0) {
      problems.push({ reason: exclusion.reason, rows: stale, message: `the mapping leaves out data rows ${shortList(stale)} because ${REASON_TEXT[exclusion.reason]}, but they are not so in these data: clear the left-out rows and choose them again` });
    }
  }
  return problems;
}

function shortList(rows: readonly number[]): string {
  return rows.length > 5 ? `${rows.slice(0, 5).join(', ')}, … (${rows.length} rows)` : rows.join(', ');
}

/** A column with only the given rows. */
export function takeRows(column: Column, rows: Int32Array): Column {
  if (!isNumericColumn(column)) {
    const codes = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) codes[r] = column.codes[rows[r]];
    return { ...column, codes };
  }
  const values = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) values[r] = column.values[rows[r]];
  return { ...column, values };
}

/**
 * The frame without the rows the mapping leaves out, and for each kept row its 0-based row in the
 * dataset (null when nothing is left out: the frame itself is returned). Rows beyond the data are
 * ignored here; validation names them.
 */
export function withoutExcludedRows(frame: DataFrame, mapping: Mapping): { frame: DataFrame; dataRows: Int32Array | null; excluded: number } {
  const excluded = excludedRowIndices(mapping).filter((r) => r < frame.nRows);
  if (excluded.length === 0) return { frame, dataRows: null, excluded: 0 };
  const drop = new Uint8Array(frame.nRows);
  for (const r of excluded) drop[r] = 1;
  const dataRows = new Int32Array(frame.nRows - excluded.length);
  let k = 0;
  for (let i = 0; i < frame.nRows; i++) if (!drop[i]) dataRows[k++] = i;
  return { frame: { nRows: dataRows.length, columns: frame.columns.map((c) => takeRows(c, dataRows)) }, dataRows, excluded: excluded.length };
}
