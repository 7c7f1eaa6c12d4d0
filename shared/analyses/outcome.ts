/**
 * The survival outcome shared by every survival analysis: --time COL --event COL [--event-value V].
 *
 * Event coding follows R's Surv(time, status == V): with an event value V, a row whose event cell
 * equals V is an event and any other non-missing value is censored. Without one, 1/true/yes mean an
 * event and 0/false/no mean censored; any other value is an error that names the row.
 * A row missing its time or its event is dropped and counted (listwise deletion).
 */
import { type Column, type DataFrame, cellText, findColumn, isNumericColumn } from '../data/frame';
import { AnalysisError, type OptionSpec } from './declaration';
import type { OptionsOf } from './options-schema';

export const timeSpec = { kind: 'column', name: 'time', flag: 'time', label: 'Time to event', help: 'Follow-up time (days) from the start date to relapse or last contact.', accepts: 'numeric', required: true } as const satisfies OptionSpec;
export const eventSpec = { kind: 'column', name: 'event', flag: 'event', label: 'Event indicator', help: 'Column that records whether the follow-up ended in relapse.', accepts: 'any', required: true } as const satisfies OptionSpec;
export const eventValueSpec = { kind: 'text', name: 'eventValue', flag: 'event-value', label: 'Value meaning relapse', help: 'Event value that marks a relapse; any other non-missing value is censored. Default: 1/true/yes.' } as const satisfies OptionSpec;

export const outcomeOptionSpecs = [timeSpec, eventSpec, eventValueSpec] as const;
export type OutcomeOptions = OptionsOf<typeof outcomeOptionSpecs>;

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

function uncodedEvent(column: Column, row: number, text: string): AnalysisError {
  return new AnalysisError(
    `event column "${column.name}", data row ${row + 1}: value "${text}" is neither an event (1/true/yes) nor censored (0/false/no); name the event value with --event-value`,
  );
}

/**
 * A per-row event classifier built once per column (1 event, 0 censored, NaN missing); it throws for
 * an uncoded value. Coded columns are decided once per level, numeric columns by comparing numbers.
 */
function eventClassifier(column: Column, eventValue: string | undefined): (row: number) => number {
  const wanted = eventValue?.trim();
  if (isNumericColumn(column)) {
    const values = column.values;
    let target: number | undefined;
    if (wanted !== undefined) {
      const word = wanted.toLowerCase();
      if (column.type === 'boolean') target = TRUE_WORDS.has(word) ? 1 : FALSE_WORDS.has(word) ? 0 : undefined;
      else if (word !== '' && Number.isFinite(Number(word))) target = Number(word);
      if (target === undefined) {
        throw new AnalysisError(`event value "${eventValue}" cannot occur in the ${column.type} event column "${column.name}"`);
      }
      const eventCode = target;
      return (row) => {
        const x = values[row];
        return Number.isNaN(x) ? NaN : x === eventCode ? 1 : 0;
      };
    }
    return (row) => {
      const x = values[row];
      if (Number.isNaN(x) || x === 1 || x === 0) return x;
      throw uncodedEvent(column, row, cellText(column, row));
    };
  }
  const UNCODED = -1;
  const perLevel = column.levels.map((level) => {
    if (wanted !== undefined) return level.trim() === wanted ? 1 : 0;
    const word = level.trim().toLowerCase();
    return TRUE_WORDS.has(word) ? 1 : FALSE_WORDS.has(word) ? 0 : UNCODED;
  });
  return (row) => {
    const code = column.codes[row];
    if (code < 0) return NaN;
    const status = perLevel[code];
    if (status === UNCODED) throw uncodedEvent(column, row, column.levels[code]);
    return status;
  };
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
  const eventStatus = eventClassifier(eventColumn, outcome.eventValue);
  // Rows missing any extra column, marked column by column (one tight loop each, not a check per cell).
  const incomplete = new Uint8Array(n);
  for (const column of extraColumns) {
    if (isNumericColumn(column)) {
      const values = column.values;
      for (let i = 0; i < n; i++) incomplete[i] |= values[i] === values[i] ? 0 : 1;
    } else {
      const codes = column.codes;
      for (let i = 0; i < n; i++) incomplete[i] |= codes[i] < 0 ? 1 : 0;
    }
  }
  for (let i = 0; i < n; i++) {
    const t = timeColumn.values[i];
    const s = eventStatus(i);
    if (Number.isNaN(t) || Number.isNaN(s)) continue;
    if (incomplete[i] === 1) continue;
    if (t < 0) throw new AnalysisError(`time column "${outcome.time}", data row ${i + 1}: negative time ${t}`);
    keep[kept] = i;
    time[kept] = t;
    status[kept] = s;
    kept++;
  }
  return { rows: keep.slice(0, kept), time: time.slice(0, kept), status: status.slice(0, kept), droppedMissing: n - kept };
}

/** Groups of a grouping column and their order: see group-levels.ts. */
export { groupCodes } from './group-levels';
