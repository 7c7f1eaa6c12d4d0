/**
 * The survival outcome of a mapping, per row: time in days and the event status.
 *
 * Time is either a duration column (in days, or in the mapping's `unit` converted to days exactly: units.ts)
 * or computed from dates:
 *     time = (end date if present, else censorEnd date) − start date,
 * where `end` is the relapse date and `censorEnd` the last-contact date. Dates are stored as days since
 * 1970-01-01, so the difference is a whole number of days.
 *
 * Status follows the mapping's coding: 1 when the event cell is one of `eventValues` (relapse),
 * 2 when it is one of `competingValues` (a competing end such as death or incarceration), 0 otherwise
 * (censored), and -1 when the cell is missing. A cell matches a coded value when their texts agree
 * (trimmed, case-insensitive) or, in a numeric column, when the numbers are equal (so 1 matches "1.0").
 */
import { type Column, type DataFrame, cellText, findColumn, isMissing, isNumericColumn } from '../data/frame';
import { AnalysisError } from '../errors';
import type { CodedValue, MappingOutcome } from './format';
import { toDays } from './units';

export const STATUS_MISSING = -1;
export const STATUS_CENSORED = 0;
export const STATUS_EVENT = 1;
export const STATUS_COMPETING = 2;

/** Cell values that read as "no event" without being listed: the usual censoring codes. */
export const CENSOR_WORDS: ReadonlySet<string> = new Set(['0', 'false', 'no', 'n', 'f', 'censored', 'none']);

export interface DerivedOutcome {
  /** Days of follow-up; NaN when missing. May be negative (validation reports it). */
  time: Float64Array;
  /** -1 missing, 0 censored, 1 relapse, 2 competing. */
  status: Int8Array;
}

/** A test of whether row `row` of `column` holds one of `values`. */
export function codedValueMatcher(column: Column, values: readonly CodedValue[]): (row: number) => boolean {
  const texts = new Set(values.map((v) => String(v).trim().toLowerCase()));
  if (isNumericColumn(column)) {
    const numbers = new Set<number>();
    for (const v of values) {
      if (typeof v === 'boolean') numbers.add(v ? 1 : 0);
      else if (typeof v === 'number') numbers.add(v);
      else if (v.trim() !== '' && Number.isFinite(Number(v))) numbers.add(Number(v));
      else if (column.type === 'boolean' && ['true', 'yes'].includes(v.trim().toLowerCase())) numbers.add(1);
      else if (column.type === 'boolean' && ['false', 'no'].includes(v.trim().toLowerCase())) numbers.add(0);
    }
    return (row) => numbers.has(column.values[row]);
  }
  // Coded column: decide once per level.
  const levelMatches = column.levels.map((level) => texts.has(level.trim().toLowerCase()));
  return (row) => {
    const code = column.codes[row];
    return code >= 0 && levelMatches[code];
  };
}

function columnOrThrow(frame: DataFrame, name: string, role: string): Column {
  const column = findColumn(frame, name);
  if (!column) throw new AnalysisError(`${role} column "${name}" is not in the data`);
  return column;
}

function numericValues(column: Column, role: string, wantDate: boolean): Float64Array {
  if (!isNumericColumn(column) || column.type === 'boolean' || (wantDate && column.type !== 'date' && column.type !== 'integer' && column.type !== 'number')) {
    throw new AnalysisError(`${role} column "${column.name}" is ${column.type}, not ${wantDate ? 'a date' : 'a number of days'}`);
  }
  return column.values;
}

/** Follow-up time in days per row (NaN missing). Throws AnalysisError for absent or mistyped columns. */
export function deriveTime(frame: DataFrame, outcome: MappingOutcome): Float64Array {
  const n = frame.nRows;
  if (outcome.time !== undefined) {
    const values = numericValues(columnOrThrow(frame, outcome.time, 'time'), 'time', false);
    const unit = outcome.unit ?? 'days';
    return unit === 'days' ? Float64Array.from(values) : Float64Array.from(values, (v) => toDays(v, unit));
  }
  if (outcome.start === undefined) throw new AnalysisError('the outcome needs a time column or a start date');
  const start = numericValues(columnOrThrow(frame, outcome.start, 'start date'), 'start date', true);
  const end = outcome.end !== undefined ? numericValues(columnOrThrow(frame, outcome.end, 'end (relapse) date'), 'end (relapse) date', true) : null;
  const censorEnd = outcome.censorEnd !== undefined ? numericValues(columnOrThrow(frame, outcome.censorEnd, 'last-contact date'), 'last-contact date', true) : null;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const stop = end !== null && !Number.isNaN(end[i]) ? end[i] : censorEnd !== null ? censorEnd[i] : NaN;
    time[i] = stop - start[i];
  }
  return time;
}

/** Event status per row from the mapping's coding. */
export function deriveStatus(frame: DataFrame, outcome: MappingOutcome): Int8Array {
  const column = columnOrThrow(frame, outcome.event, 'event');
  const isEvent = codedValueMatcher(column, outcome.eventValues);
  const isCompeting = codedValueMatcher(column, outcome.competingValues ?? []);
  const status = new Int8Array(frame.nRows);
  for (let i = 0; i < frame.nRows; i++) {
    status[i] = isMissing(column, i) ? STATUS_MISSING : isEvent(i) ? STATUS_EVENT : isCompeting(i) ? STATUS_COMPETING : STATUS_CENSORED;
  }
  return status;
}

export function deriveOutcome(frame: DataFrame, outcome: MappingOutcome): DerivedOutcome {
  return { time: deriveTime(frame, outcome), status: deriveStatus(frame, outcome) };
}

/**
 * Rows whose event cell is neither a listed event or competing value nor a usual censoring code
 * (0/false/no/censored): the values outside the coding.
 */
export function uncodedEventRows(frame: DataFrame, outcome: MappingOutcome): number[] {
  const column = columnOrThrow(frame, outcome.event, 'event');
  const isEvent = codedValueMatcher(column, outcome.eventValues);
  const isCompeting = codedValueMatcher(column, outcome.competingValues ?? []);
  const rows: number[] = [];
  for (let i = 0; i < frame.nRows; i++) {
    if (isMissing(column, i) || isEvent(i) || isCompeting(i)) continue;
    if (!CENSOR_WORDS.has(cellText(column, i).trim().toLowerCase())) rows.push(i);
  }
  return rows;
}
