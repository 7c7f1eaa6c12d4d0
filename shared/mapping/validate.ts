/**
 * Checks a mapping against the data before any analysis, listing the offending rows of each problem
 * (1-based data rows, the first ROWS_SHOWN of them, with the total count).
 *
 * Errors: a mapped column that is not in the data or has the wrong type; an end date before the start
 * date; a negative time; an event value outside the coding (neither an event nor a competing value
 * nor a usual censoring code 0/false/no/censored); a duplicated participant id; a constant column
 * (a factor item, also after coding its riskValues, or the event column), which cannot be standardised
 * or carries no information.
 * Several rows per participant (`outcome.intervalStart`): a repeated id is expected, not an error; the id
 * must be mapped, the interval start must hold numbers, and each row's (start, stop] interval must have
 * its stop after its start with no two intervals of one participant overlapping (R's survcheck, through
 * shared/stats/survcheck.ts), the rows named.
 * Warnings: missing time, missing event, missing id, no relapse at all, a column used by two factors.
 *
 * Rows the user left out (`excludeRows`, exclude.ts) are checked first (each must be in the data and have
 * its reason), then left out of every other check; the rows named stay the dataset's own row numbers.
 * The end-before-start and missing-time issues carry the offer to leave their rows out (`exclusion`: every
 * row, and the values of the first ROWS_SHOWN), which the Mapping step shows as 'Leave these rows out'.
 */
import { type Column, type DataFrame, cellText, findColumn, isMissing, isNumericColumn } from '../data/frame';
import { SEVERAL_ROWS_ADVICE } from '../data/repeated-values';
import { FACTOR_IDS } from '../factors/ids';
import { survcheck } from '../stats/survcheck';
import { type ExclusionReason, type Mapping, MAX_EXCLUDED_ROWS } from './format';
import { checkExcludedRows, withoutExcludedRows } from './exclude';
import { codedValueMatcher, deriveStatus, deriveTime, STATUS_CENSORED, STATUS_EVENT, uncodedEventRows } from './outcome';

export type ValidationCode =
  | 'column-missing'
  | 'column-type'
  | 'end-before-start'
  | 'negative-time'
  | 'missing-time'
  | 'censored-without-end'
  | 'event-uncoded'
  | 'missing-event'
  | 'no-events'
  | 'duplicate-id'
  | 'missing-id'
  | 'constant-column'
  | 'column-reused'
  | 'id-required'
  | 'interval-not-after-start'
  | 'intervals-overlap'
  | 'excluded-rows-stale';

export interface ValidationIssue {
  code: ValidationCode;
  severity: 'error' | 'warning';
  message: string;
  /** The column concerned, or null for a problem of the whole mapping. */
  column: string | null;
  /** The first offending rows, 1-based data rows (at most ROWS_SHOWN). */
  rows: number[];
  /** How many rows are affected in all. */
  count: number;
  /**
   * The rows can be left out of the analyses (end before start, follow-up missing): every row (1-based,
   * at most MAX_EXCLUDED_ROWS) and, for the first ROWS_SHOWN, the values of the outcome columns.
   */
  exclusion?: { reason: ExclusionReason; rows: number[]; values: { row: number; cells: { column: string; value: string }[] }[] };
}

export const ROWS_SHOWN = 20;

/** While rows are left out: each checked row's 0-based row in the dataset (so issues name the dataset's rows). */
let dataRowOf: Int32Array | null = null;
const dataRow = (r: number): number => (dataRowOf ? dataRowOf[r] : r);

function issue(code: ValidationCode, severity: ValidationIssue['severity'], column: string | null, message: string, zeroBasedRows: number[] = []): ValidationIssue {
  return { code, severity, message, column, rows: zeroBasedRows.slice(0, ROWS_SHOWN).map((r) => dataRow(r) + 1), count: zeroBasedRows.length };
}

/** The offer to leave an issue's rows out, with the values of the outcome columns in the first rows. */
function offerExclusion(target: ValidationIssue, frame: DataFrame, mapping: Mapping, reason: ExclusionReason, zeroBasedRows: number[]): ValidationIssue {
  if (zeroBasedRows.length === 0 || zeroBasedRows.length > MAX_EXCLUDED_ROWS) return target;
  const o = mapping.outcome;
  const names = [mapping.id, o.time, o.start, o.end, o.censorEnd, o.event].filter((n): n is string => n !== undefined && n !== '');
  const columns = [...new Set(names)].map((n) => findColumn(frame, n)).filter((c): c is Column => c !== undefined);
  const values = zeroBasedRows.slice(0, ROWS_SHOWN).map((r) => ({ row: dataRow(r) + 1, cells: columns.map((c) => ({ column: c.name, value: isMissing(c, r) ? 'missing' : cellText(c, r) })) }));
  return { ...target, exclusion: { reason, rows: zeroBasedRows.map((r) => dataRow(r) + 1), values } };
}

function rowList(zeroBasedRows: number[]): string {
  const shown = zeroBasedRows.slice(0, 5).map((r) => dataRow(r) + 1).join(', ');
  return zeroBasedRows.length > 5 ? `${shown}, … (${zeroBasedRows.length} rows)` : shown;
}

function isDateLike(column: Column): boolean {
  return isNumericColumn(column) && column.type !== 'boolean';
}

/** Distinct non-missing values of a column (stops at 2): constant when exactly one, empty when none. */
function distinctCount(column: Column): number {
  const seen = new Set<number>();
  for (let i = 0; i < (isNumericColumn(column) ? column.values.length : column.codes.length); i++) {
    if (isMissing(column, i)) continue;
    seen.add(isNumericColumn(column) ? column.values[i] : column.codes[i]);
    if (seen.size > 1) return 2;
  }
  return seen.size;
}

export function validateMapping(frame: DataFrame, mapping: Mapping): ValidationIssue[] {
  if (!mapping.excludeRows || mapping.excludeRows.length === 0) return validateRows(frame, mapping);
  const problems = checkExcludedRows(frame, mapping);
  if (problems.length > 0) {
    // the exclusion does not fit these data: say so, and check the data as they are
    const stale = problems.map((p) => issue('excluded-rows-stale', 'error', null, p.message, p.rows.map((r) => r - 1)));
    return [...stale, ...validateRows(frame, { ...mapping, excludeRows: undefined })];
  }
  const kept = withoutExcludedRows(frame, mapping);
  dataRowOf = kept.dataRows;
  try {
    return validateRows(kept.frame, mapping);
  } finally {
    dataRowOf = null;
  }
}

function validateRows(frame: DataFrame, mapping: Mapping): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const n = frame.nRows;
  const present = (name: string | undefined, role: string): Column | null => {
    if (name === undefined) return null;
    const column = findColumn(frame, name);
    if (!column) issues.push(issue('column-missing', 'error', name, `${role} column "${name}" is not in the data: choose one of this dataset's columns`));
    return column ?? null;
  };

  // Participant id: present and unique.
  const idColumn = present(mapping.id, 'id');
  if (idColumn) {
    const firstRow = new Map<string, number>();
    const duplicated: number[] = [];
    const missing: number[] = [];
    const firstOfDuplicate = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (isMissing(idColumn, i)) {
        missing.push(i);
        continue;
      }
      const key = cellText(idColumn, i);
      const first = firstRow.get(key);
      if (first === undefined) firstRow.set(key, i);
      else {
        firstOfDuplicate.add(first);
        duplicated.push(i);
      }
    }
    if (duplicated.length > 0 && mapping.outcome.intervalStart === undefined) {
      const rows = [...firstOfDuplicate, ...duplicated].sort((a, b) => a - b);
      issues.push(issue('duplicate-id', 'error', idColumn.name, `id column "${idColumn.name}": ${firstOfDuplicate.size} id(s) occur more than once (data rows ${rowList(rows)}); the analyses of a mapping take one row per participant; ${SEVERAL_ROWS_ADVICE}`, rows));
    }
    if (missing.length > 0) issues.push(issue('missing-id', 'warning', idColumn.name, `id column "${idColumn.name}" is empty in data rows ${rowList(missing)}: give each participant a code in the file`, missing));
  }

  // Time: duration column or dates.
  const o = mapping.outcome;
  let timeUsable = true;
  if (o.time !== undefined) {
    const column = present(o.time, 'time');
    if (!column) timeUsable = false;
    else if (!isNumericColumn(column) || column.type === 'boolean' || column.type === 'date') {
      issues.push(issue('column-type', 'error', column.name, `time column "${column.name}" is ${column.type}; it must hold a number of ${o.unit ?? 'days'} (or map start and end dates instead)`));
      timeUsable = false;
    } else {
      const negative: number[] = [];
      for (let i = 0; i < n; i++) if (column.values[i] < 0) negative.push(i);
      if (negative.length > 0) issues.push(issue('negative-time', 'error', column.name, `time column "${column.name}" is negative in data rows ${rowList(negative)}: correct these times in the file, or choose the column that holds the follow-up`, negative));
    }
  } else {
    const start = present(o.start, 'start date');
    const ends = [
      { column: present(o.end, 'end (relapse) date'), role: 'end (relapse) date' },
      { column: present(o.censorEnd, 'last-contact date'), role: 'last-contact date' },
    ];
    if (!start || (o.end !== undefined && !ends[0].column) || (o.censorEnd !== undefined && !ends[1].column)) timeUsable = false;
    for (const { column, role } of [{ column: start, role: 'start date' }, ...ends]) {
      if (column && !isDateLike(column)) {
        issues.push(issue('column-type', 'error', column.name, `${role} column "${column.name}" is ${column.type}, not a date: choose a date column, or import the file again with this column read as a date`));
        timeUsable = false;
      }
    }
    if (timeUsable && start && isNumericColumn(start)) {
      for (const { column, role } of ends) {
        if (!column || !isNumericColumn(column)) continue;
        const before: number[] = [];
        for (let i = 0; i < n; i++) if (column.values[i] < start.values[i]) before.push(i);
        if (before.length > 0) {
          const found = issue('end-before-start', 'error', column.name, `${role} "${column.name}" is before the start date "${start.name}" in data rows ${rowList(before)}: correct the dates in the file and import it again, or leave these rows out`, before);
          issues.push(offerExclusion(found, frame, mapping, 'end-before-start', before));
        }
      }
    }
  }
  let time: Float64Array | null = null;
  if (timeUsable) {
    time = deriveTime(frame, o);
    const missing: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isNaN(time[i])) missing.push(i);
    if (missing.length > 0) {
      const source = o.time !== undefined ? `"${o.time}"` : `from the dates`;
      const found = issue('missing-time', 'warning', o.time ?? o.start ?? null, `follow-up time ${source} is missing in data rows ${rowList(missing)}; these rows are left out of every analysis: fill in the follow-up in the file, or leave them out here to record it`, missing);
      issues.push(offerExclusion(found, frame, mapping, 'missing-time', missing));
    }
  }

  // Event coding.
  const eventColumn = present(o.event, 'event');
  if (eventColumn) {
    const uncoded = uncodedEventRows(frame, o);
    if (uncoded.length > 0) {
      const values = Array.from(new Set(uncoded.map((r) => cellText(eventColumn, r)))).slice(0, 5).map((v) => JSON.stringify(v)).join(', ');
      issues.push(issue('event-uncoded', 'error', eventColumn.name, `event column "${eventColumn.name}" has values outside the coding (${values}) in data rows ${rowList(uncoded)}: add them to the values meaning relapse or the values meaning a competing end, or recode them as censored (0)`, uncoded));
    }
    const status = deriveStatus(frame, o);
    const missing: number[] = [];
    let events = 0;
    for (let i = 0; i < n; i++) {
      if (status[i] < 0) missing.push(i);
      else if (status[i] === STATUS_EVENT) events++;
    }
    if (missing.length > 0) issues.push(issue('missing-event', 'warning', eventColumn.name, `event column "${eventColumn.name}" is empty in data rows ${rowList(missing)}; these rows are left out: fill in how their follow-up ended in the file to keep them`, missing));
    // Dates mode without a last-contact date: a participant without a relapse has no end of follow-up.
    // When that leaves out every one of them, the analysis would see relapses only: an error, not a warning.
    if (time && o.time === undefined && o.censorEnd === undefined) {
      const censoredWithoutEnd: number[] = [];
      let censored = 0;
      for (let i = 0; i < n; i++) {
        if (status[i] !== STATUS_CENSORED) continue;
        censored++;
        if (Number.isNaN(time[i])) censoredWithoutEnd.push(i);
      }
      if (censored > 0 && censoredWithoutEnd.length === censored) {
        issues.push(
          issue(
            'censored-without-end',
            'error',
            o.end ?? o.start ?? null,
            `no last-contact date is mapped, so none of the ${censored} participants without a relapse has an end of follow-up and all would be left out (data rows ${rowList(censoredWithoutEnd)}); map the column holding the date of last contact`,
            censoredWithoutEnd,
          ),
        );
      }
    }
    if (distinctCount(eventColumn) <= 1) {
      issues.push(issue('constant-column', 'error', eventColumn.name, `event column "${eventColumn.name}" ${distinctCount(eventColumn) === 0 ? 'is empty' : `has one value only ("${cellText(eventColumn, firstPresent(eventColumn))}")`}: choose the column that records relapse or censoring`));
    } else if (events === 0) {
      issues.push(issue('no-events', 'warning', eventColumn.name, `no row of "${eventColumn.name}" has an event value (${o.eventValues.map((v) => JSON.stringify(v)).join(', ')}): there is no relapse to analyse: check the values meaning relapse`));
    }
  }

  if (o.intervalStart !== undefined) issues.push(...intervalIssues(frame, mapping, time, idColumn));

  // Groups.
  for (const group of mapping.groups) present(group, 'group');

  // Factor items.
  const usedBy = new Map<string, string>();
  for (const factor of FACTOR_IDS) {
    for (const item of mapping.factors[factor] ?? []) {
      const column = present(item.column, `${factor} item`);
      if (!column) continue;
      const other = usedBy.get(item.column);
      if (other !== undefined && other !== factor) issues.push(issue('column-reused', 'warning', item.column, `column "${item.column}" is mapped to both ${other} and ${factor}: keep it under one factor`));
      usedBy.set(item.column, factor);
      if (item.riskValues && item.riskValues.length > 0) {
        const isRisk = codedValueMatcher(column, item.riskValues);
        let risk = 0;
        let other = 0;
        for (let i = 0; i < n; i++) {
          if (isMissing(column, i)) continue;
          if (isRisk(i)) risk++;
          else other++;
        }
        if (risk === 0 || other === 0) {
          issues.push(issue('constant-column', 'error', column.name, `${factor} item "${column.name}" is constant once its risk values ${JSON.stringify(item.riskValues)} are coded: ${risk === 0 ? 'no row has a risk value' : 'every row has a risk value'}: list the values that mean risk, or remove the column`));
        }
        continue;
      }
      if (!isNumericColumn(column) && column.levels.some((level) => !Number.isFinite(Number(level)) || level.trim() === '')) {
        issues.push(issue('column-type', 'error', column.name, `${factor} item "${column.name}" is categorical; list the categories that mean risk in its risk values`));
        continue;
      }
      const distinct = distinctCount(column);
      if (distinct <= 1) {
        issues.push(issue('constant-column', 'error', column.name, `${factor} item "${column.name}" ${distinct === 0 ? 'is empty' : `has one value only (${cellText(column, firstPresent(column))})`}: it cannot be standardised; remove it from the factor or choose another column`));
      }
    }
  }
  return issues;
}

/**
 * Several rows per participant: the id is mapped, the interval start holds numbers, and the (start, stop]
 * rows pass R's survcheck (stop after start, no overlap within a participant); rows missing the start,
 * the stop, the event or the id take no part (the analysis leaves them out).
 */
function intervalIssues(frame: DataFrame, mapping: Mapping, stop: Float64Array | null, idColumn: Column | null): ValidationIssue[] {
  const o = mapping.outcome;
  const issues: ValidationIssue[] = [];
  if (mapping.id === undefined) {
    issues.push(issue('id-required', 'error', o.intervalStart ?? null, 'several rows per participant need the participant id column, to know which intervals belong to whom'));
  }
  const startColumn = findColumn(frame, o.intervalStart!);
  if (!startColumn) {
    issues.push(issue('column-missing', 'error', o.intervalStart!, `interval start column "${o.intervalStart}" is not in the data`));
    return issues;
  }
  if (!isNumericColumn(startColumn) || startColumn.type === 'boolean' || startColumn.type === 'date') {
    issues.push(issue('column-type', 'error', startColumn.name, `interval start column "${startColumn.name}" is ${startColumn.type}; it must hold a number of days`));
    return issues;
  }
  if (!stop || !idColumn) return issues;
  const status = deriveStatus(frame, o);
  const rows: number[] = [];
  for (let i = 0; i < frame.nRows; i++) {
    if (!Number.isNaN(startColumn.values[i]) && !Number.isNaN(stop[i]) && status[i] >= 0 && !isMissing(idColumn, i)) rows.push(i);
  }
  const labels = new Map<string, number>();
  const id = Int32Array.from(rows, (r) => {
    const key = cellText(idColumn, r);
    let code = labels.get(key);
    if (code === undefined) labels.set(key, (code = labels.size));
    return code;
  });
  const checked = survcheck({
    start: Float64Array.from(rows, (r) => startColumn.values[r]),
    stop: Float64Array.from(rows, (r) => stop[r]),
    status: Uint8Array.from(rows, (r) => (status[r] === STATUS_EVENT ? 1 : 0)),
    id,
    idLabels: [...labels.keys()],
    dataRows: Int32Array.from(rows),
  });
  for (const problem of checked.problems) {
    if (problem.severity !== 'error') continue;
    const zeroBased = problem.rows.map((r) => r - 1);
    if (problem.code === 'overlap') {
      issues.push(issue('intervals-overlap', 'error', startColumn.name, `intervals of one participant overlap (participants ${problem.ids.slice(0, 5).join(', ')}${problem.ids.length > 5 ? ', …' : ''}; data rows ${rowList(zeroBased)}): a participant cannot be at risk twice at once`, zeroBased));
    } else if (problem.code === 'zero-length' || problem.code === 'stop-before-start') {
      issues.push(issue('interval-not-after-start', 'error', o.time ?? startColumn.name, `the interval stop "${o.time}" is not after the interval start "${startColumn.name}" in data rows ${rowList(zeroBased)}`, zeroBased));
    }
  }
  return issues;
}

function firstPresent(column: Column): number {
  const n = isNumericColumn(column) ? column.values.length : column.codes.length;
  for (let i = 0; i < n; i++) if (!isMissing(column, i)) return i;
  return 0;
}
