/**
 * The survival outcome shared by every survival analysis: --time COL --event COL [--event-value V].
 *
 * Event coding follows R's Surv(time, status == V): with an event value V, a row whose event cell
 * equals V is an event and any other non-missing value is censored. Without one, 1/true/yes mean an
 * event and 0/false/no mean censored; any other value is an error that names the row.
 * A row missing its time or its event is dropped and counted (listwise deletion).
 */
import { z } from 'zod';
import { type Column, type DataFrame, cellText, findColumn, isMissing, isNumericColumn } from '../data/frame';
import { AnalysisError, type OptionSpec } from './declaration';

export const outcomeOptionSpecs: OptionSpec[] = [
  { kind: 'column', name: 'time', flag: 'time', label: 'Time to event', help: 'Follow-up time (days) from the start date to relapse or last contact.', accepts: 'numeric', required: true },
  { kind: 'column', name: 'event', flag: 'event', label: 'Event indicator', help: 'Column that records whether the follow-up ended in relapse.', accepts: 'any', required: true },
  { kind: 'text', name: 'eventValue', flag: 'event-value', label: 'Value meaning relapse', help: 'Event value that marks a relapse; any other non-missing value is censored. Default: 1/true/yes.' },
];

export const outcomeSchema = z.object({
  time: z.string().min(1),
  event: z.string().min(1),
  eventValue: z.string().optional(),
});
export type OutcomeOptions = z.infer<typeof outcomeSchema>;

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 't']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'f']);

export function requireColumn(frame: DataFrame, name: string, role: string): Column {
  const column = findColumn(frame, name);
  if (!column) {
    const known = frame.columns.map((c) => c.name).join(', ');
    throw new AnalysisError(`${role} column "${name}" is not in the data (columns: ${known})`);
  }
  return column;
}

/** Event status of one row: 1 event, 0 censored, NaN missing. Throws for an uncoded value. */
function eventStatus(column: Column, row: number, eventValue: string | undefined): number {
  if (isMissing(column, row)) return NaN;
  const text = cellText(column, row);
  if (eventValue !== undefined) {
    if (isNumericColumn(column) && column.type !== 'boolean' && Number.isFinite(Number(eventValue)) && eventValue.trim() !== '') {
      return column.values[row] === Number(eventValue) ? 1 : 0;
    }
    return text === eventValue ? 1 : 0;
  }
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return 1;
  if (FALSE_WORDS.has(word)) return 0;
  throw new AnalysisError(
    `event column "${column.name}", data row ${row + 1}: value "${text}" is neither an event (1/true/yes) nor censored (0/false/no); name the event value with --event-value`,
  );
}

export interface SurvivalRows {
  /** Row indices (into the frame) kept for analysis. */
  rows: Int32Array;
  time: Float64Array;
  status: Uint8Array;
  /** Rows dropped because time or event was missing. */
  droppedMissing: number;
}

/**
 * Rows with a usable outcome. `extraColumns` (group, strata, covariates) are also required to be
 * non-missing: listwise deletion, counted together.
 */
export function survivalRows(frame: DataFrame, outcome: OutcomeOptions, extraColumns: Column[] = []): SurvivalRows {
  const timeColumn = requireColumn(frame, outcome.time, 'time');
  const eventColumn = requireColumn(frame, outcome.event, 'event');
  if (!isNumericColumn(timeColumn) || timeColumn.type === 'boolean') {
    throw new AnalysisError(`time column "${outcome.time}" is ${timeColumn.type}, not numeric`);
  }
  const n = frame.nRows;
  const keep = new Int32Array(n);
  const time = new Float64Array(n);
  const status = new Uint8Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const t = timeColumn.values[i];
    const s = eventStatus(eventColumn, i, outcome.eventValue);
    if (Number.isNaN(t) || Number.isNaN(s)) continue;
    if (extraColumns.some((c) => isMissing(c, i))) continue;
    if (t < 0) throw new AnalysisError(`time column "${outcome.time}", data row ${i + 1}: negative time ${t}`);
    keep[kept] = i;
    time[kept] = t;
    status[kept] = s;
    kept++;
  }
  return { rows: keep.slice(0, kept), time: time.slice(0, kept), status: status.slice(0, kept), droppedMissing: n - kept };
}

/**
 * Sorted distinct levels of a grouping column over the given rows, as R orders factor levels:
 * numbers numerically, strings alphabetically. Returns the per-row codes (0..k-1) and the labels.
 */
export function groupCodes(column: Column, rows: Int32Array): { codes: Int32Array; levels: string[] } {
  const codes = new Int32Array(rows.length);
  if (isNumericColumn(column)) {
    const distinct = Array.from(new Set(Array.from(rows, (r) => column.values[r]))).sort((a, b) => a - b);
    const index = new Map(distinct.map((v, k) => [v, k]));
    rows.forEach((r, i) => (codes[i] = index.get(column.values[r])!));
    return { codes, levels: distinct.map((v) => cellText({ ...column, values: Float64Array.of(v) }, 0)) };
  }
  const used = Array.from(new Set(Array.from(rows, (r) => column.codes[r])));
  const sorted = used.map((c) => column.levels[c]).sort(compareLevels);
  const index = new Map(sorted.map((label, k) => [label, k]));
  rows.forEach((r, i) => (codes[i] = index.get(column.levels[column.codes[r]])!));
  return { codes, levels: sorted };
}

/** R's alphabetical factor-level order in the C collation is close to plain code-point order; we use locale-independent comparison. */
function compareLevels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
