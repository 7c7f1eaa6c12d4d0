/**
 * The (start, stop] table from two files, as the CLI's `timeline` builds it: a participants frame (one
 * row each: id, end of follow-up, event status) and a long measures frame (id, time, one column per
 * measure). In R survival's terms (timeline.ts follows tmerge):
 *   base <- tmerge(participants, participants, id, tstop = end, <event> = event(end, <event>))
 *   tmerge(base, measures, id, <m1> = tdc(time, m1), <m2> = cumtdc(time, m2), <m3> = event(time, m3), ...)
 * The table's columns are `id`, `tstart`, `tstop`, the event column, then each measure (a measure named
 * like the event column adds its events to it, as tmerge does with a repeated name).
 *
 * Nothing is dropped silently: rows tmerge would refuse or skip are reported in `problems.dropped`
 * (a participant without an id, a missing end or an end at or before 0; a measure row without an id,
 * with an id that is no participant, without a time, or without the measure's value), and times that
 * are kept but change nothing in `problems.ignored` (after the end; events at or before the start or
 * in a gap; a second value on the same day, which the later row replaces), with tmerge's own `tcount`
 * table per variable. A repeated participant id is refused (tmerge stops), as is a column that is not
 * there or not of a usable type; those throw TimelineInputError with one line naming the file and column.
 * Rows are 1-based data rows of the file.
 */
import { type Column, type DataFrame, cellText, findColumn, isNumericColumn } from './frame';
import { findRepeatedValues } from './repeated-values';
import { addToTimeline, startTimeline, type TimeCounts, TimelineInputError, type TimelineKind } from './timeline';

export type MeasureKind = 'tdc' | 'cumulative' | 'event';

export interface TimelineMeasure {
  /** The measure's column in the measures file; also its name in the table. */
  column: string;
  kind: MeasureKind;
}

export interface TimelineSpec {
  /** Participant id column, in both files. */
  id: string;
  /** End of follow-up (participants file), a number > 0 in the same unit as the measure times. */
  end: string;
  /** Event status at the end (participants file): a number (0 censored). */
  event: string;
  /** Time of each measure row (measures file). */
  time: string;
  measures: TimelineMeasure[];
}

/** How the two files are named in messages (e.g. their file names). */
export interface TimelineFileLabels {
  participants: string;
  measures: string;
}

export type TimelineCell = string | number | null;

export interface TimelineProblem {
  file: 'participants' | 'measures';
  code: string;
  /** The measure (or event column) the problem belongs to, when it is about one. */
  measure?: string;
  count: number;
  /** The first data row concerned (1-based), when there is one. */
  firstRow?: number;
  message: string;
}

export interface TimelineProblems {
  /** Rows not used at all, with the reason. */
  dropped: TimelineProblem[];
  /** Times that were read but change nothing in the table (after the end; events at or before the start; a value replaced by a later row on the same day). */
  ignored: TimelineProblem[];
  /** Times used in a way worth knowing: before the start (they hold, or count, from the start); same-day values of a cumulative measure (added). */
  notes: TimelineProblem[];
  /** tmerge's attr(x, "tcount"): one row per variable (the event first), with the measure's kind. */
  tcount: (TimeCounts & { kind: TimelineKind })[];
}

export interface TimelineTable {
  columns: string[];
  /** One array per (start, stop] row, in `columns` order: id as in the file, numbers, labels of text measures, null for missing. */
  rows: TimelineCell[][];
  participants: number;
  problems: TimelineProblems;
}

const KIND: Record<MeasureKind, TimelineKind> = { tdc: 'tdc', cumulative: 'cumtdc', event: 'event' };
const RESERVED = ['id', 'tstart', 'tstop'];

function requireColumn(frame: DataFrame, name: string, label: string, role: string): Column {
  const column = findColumn(frame, name);
  if (!column) {
    const names = frame.columns.map((c) => c.name);
    const shown = names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '');
    throw new TimelineInputError(`${label}: no column named "${name}" (the ${role}); its columns are ${shown}`);
  }
  return column;
}

/** The first non-missing cell of a coded column, to show why it is not numeric. */
function firstText(column: Column): string {
  if (isNumericColumn(column)) return '';
  for (let r = 0; r < column.codes.length; r++) if (column.codes[r] >= 0) return `data row ${r + 1}: "${column.levels[column.codes[r]]}"`;
  return 'every value is missing';
}

/** A numeric column as numbers (NaN missing); a text column or dates are refused in one line. */
function numbers(column: Column, label: string, role: string): Float64Array {
  if (!isNumericColumn(column)) throw new TimelineInputError(`${label}: column "${column.name}" (the ${role}) must hold numbers (${firstText(column)})`);
  if (column.type === 'date') throw new TimelineInputError(`${label}: column "${column.name}" (the ${role}) holds dates; give it as a number of days (from the start of follow-up)`);
  return column.values;
}

function problem(list: TimelineProblem[], file: TimelineProblem['file'], code: string, rows: number[], message: string, measure?: string): void {
  if (rows.length === 0) return;
  const count = rows.length;
  list.push({ file, code, ...(measure !== undefined ? { measure } : {}), count, firstRow: rows[0] + 1, message: `${count} ${message} (first: data row ${rows[0] + 1})` });
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

export function buildTimelineFromFrames(participantsFrame: DataFrame, measuresFrame: DataFrame, spec: TimelineSpec, labels: TimelineFileLabels): TimelineTable {
  const P = labels.participants;
  const M = labels.measures;
  for (const name of [spec.event, ...spec.measures.map((m) => m.column)]) {
    if (RESERVED.includes(name)) throw new TimelineInputError(`a variable cannot be named "${name}": the table's first columns are id, tstart and tstop`);
  }
  const seen = new Set<string>();
  for (const m of spec.measures) {
    if (seen.has(m.column)) throw new TimelineInputError(`the measure "${m.column}" is given twice; give each measure once`);
    seen.add(m.column);
    if (m.column === spec.event && m.kind !== 'event') throw new TimelineInputError(`the measure "${m.column}" has the event column's name; only an event measure can add to it`);
  }

  // Participants: one row each; a missing id, end, or an end at or before 0 drops the row (reported).
  const pid = requireColumn(participantsFrame, spec.id, P, 'participant id');
  const endColumn = numbers(requireColumn(participantsFrame, spec.end, P, 'end of follow-up'), P, 'end of follow-up');
  const eventColumn = numbers(requireColumn(participantsFrame, spec.event, P, 'event status'), P, 'event status');
  const repeated = findRepeatedValues(pid);
  if (repeated) {
    throw new TimelineInputError(
      `${P}: participant id "${repeated.value}" occurs in data rows ${repeated.rows[0] + 1} and ${repeated.rows[1] + 1}` +
        (repeated.repeatedValues > 1 ? ` (and ${repeated.repeatedValues - 1} more ids repeat)` : '') +
        '; the participants file needs one row per participant',
    );
  }
  const dropped: TimelineProblem[] = [];
  const ignored: TimelineProblem[] = [];
  const notes: TimelineProblem[] = [];
  const noId: number[] = [];
  const noEnd: number[] = [];
  const badEnd: number[] = [];
  const noEvent: number[] = [];
  const keptRows: number[] = [];
  for (let r = 0; r < participantsFrame.nRows; r++) {
    if (cellText(pid, r) === '') noId.push(r);
    else if (Number.isNaN(endColumn[r])) noEnd.push(r);
    else if (endColumn[r] <= 0) badEnd.push(r);
    else {
      keptRows.push(r);
      if (Number.isNaN(eventColumn[r])) noEvent.push(r);
    }
  }
  problem(dropped, 'participants', 'participant-id-missing', noId, `${plural(noId.length, 'participant has', 'participants have')} no id and ${plural(noId.length, 'was', 'were')} left out`);
  problem(dropped, 'participants', 'end-missing', noEnd, `${plural(noEnd.length, 'participant has', 'participants have')} no end of follow-up ("${spec.end}") and ${plural(noEnd.length, 'was', 'were')} left out`);
  problem(dropped, 'participants', 'end-not-after-start', badEnd, `${plural(badEnd.length, 'participant has', 'participants have')} an end of follow-up ("${spec.end}") at or before 0, the start, and ${plural(badEnd.length, 'was', 'were')} left out`);
  problem(dropped, 'participants', 'event-missing', noEvent, `${plural(noEvent.length, 'participant has', 'participants have')} no event status ("${spec.event}"); as in tmerge, the last interval is censored (0)`, spec.event);
  const n = keptRows.length;
  if (n === 0) throw new TimelineInputError(`${P}: no participant has both an id and an end of follow-up after 0`);

  const idText = keptRows.map((r) => cellText(pid, r));
  const code = new Map(idText.map((id, k) => [id, k]));
  const droppedIds = new Set<string>();
  for (const r of [...noEnd, ...badEnd]) droppedIds.add(cellText(pid, r));
  const base = startTimeline({ participant: Int32Array.from({ length: n }, (_, k) => k), stop: Float64Array.from(keptRows, (r) => endColumn[r]) }, n);
  const baseStep = addToTimeline(
    base,
    {
      participant: Int32Array.from({ length: n }, (_, k) => k),
      additions: [{ name: spec.event, kind: 'event', time: Float64Array.from(keptRows, (r) => endColumn[r]), value: Float64Array.from(keptRows, (r) => eventColumn[r]) }],
    },
    n,
  );

  // Measures: rows without an id or with an id that is no (kept) participant are left out.
  const mid = requireColumn(measuresFrame, spec.id, M, 'participant id');
  const timeColumn = numbers(requireColumn(measuresFrame, spec.time, M, 'measure time'), M, 'measure time');
  const measureColumns = spec.measures.map((m) => requireColumn(measuresFrame, m.column, M, `${m.kind} measure`));
  const labelsOf: (string[] | null)[] = [];
  const measureValues = spec.measures.map((m, j) => {
    const column = measureColumns[j];
    if (isNumericColumn(column)) {
      labelsOf.push(null);
      return numbers(column, M, `${m.kind} measure`);
    }
    if (m.kind !== 'tdc') throw new TimelineInputError(`${M}: column "${column.name}" (a ${m.kind} measure) must hold numbers (${firstText(column)})`);
    labelsOf.push(column.levels);
    return Float64Array.from(column.codes, (c) => (c < 0 ? NaN : c));
  });
  const participant = new Int32Array(measuresFrame.nRows);
  const noMeasureId: number[] = [];
  const unknownId: number[] = [];
  const droppedParticipant: number[] = [];
  const noTime: number[] = [];
  for (let r = 0; r < measuresFrame.nRows; r++) {
    const id = cellText(mid, r);
    const k = id === '' ? undefined : code.get(id);
    participant[r] = k ?? -1;
    if (id === '') noMeasureId.push(r);
    else if (k === undefined) (droppedIds.has(id) ? droppedParticipant : unknownId).push(r);
    else if (Number.isNaN(timeColumn[r])) noTime.push(r);
  }
  problem(dropped, 'measures', 'measure-id-missing', noMeasureId, `measure ${plural(noMeasureId.length, 'row has', 'rows have')} no participant id and ${plural(noMeasureId.length, 'was', 'were')} left out`);
  problem(dropped, 'measures', 'measure-id-unknown', unknownId, `measure ${plural(unknownId.length, 'row has', 'rows have')} an id that is not in ${P} and ${plural(unknownId.length, 'was', 'were')} left out`);
  problem(dropped, 'measures', 'participant-left-out', droppedParticipant, `measure ${plural(droppedParticipant.length, 'row belongs', 'rows belong')} to a participant left out above and ${plural(droppedParticipant.length, 'was', 'were')} left out too`);
  problem(dropped, 'measures', 'measure-time-missing', noTime, `measure ${plural(noTime.length, 'row has', 'rows have')} no time ("${spec.time}") and ${plural(noTime.length, 'was', 'were')} left out`);
  // A measure row with a time but without this measure's value is left out of this measure only.
  spec.measures.forEach((m, j) => {
    const rows: number[] = [];
    for (let r = 0; r < measuresFrame.nRows; r++) if (participant[r] >= 0 && !Number.isNaN(timeColumn[r]) && Number.isNaN(measureValues[j][r])) rows.push(r);
    problem(dropped, 'measures', 'measure-value-missing', rows, `measure ${plural(rows.length, 'row has', 'rows have')} a time but no value of "${m.column}" and ${plural(rows.length, 'was', 'were')} left out of it`, m.column);
  });

  const step = addToTimeline(
    baseStep.timeline,
    {
      // Rows without an id are no participant either (tmerge would stop on them; they are reported above).
      participant,
      additions: spec.measures.map((m, j) => ({ name: m.column, kind: KIND[m.kind], time: timeColumn, value: measureValues[j] })),
    },
    n,
  );
  const tcount = [
    { ...baseStep.counts[0], kind: 'event' as TimelineKind },
    ...step.counts.map((c, j) => ({ ...c, missid: c.missid - noMeasureId.length, kind: KIND[spec.measures[j].kind] })),
  ];
  spec.measures.forEach((m, j) => {
    const c = step.counts[j];
    const note = (code: string, count: number, message: string, list = ignored) => {
      if (count > 0) list.push({ file: 'measures', code, measure: m.column, count, message: `${m.column}: ${count} ${message}` });
    };
    note('after-end', c.late, `${plural(c.late, 'time falls', 'times fall')} after the participant's end of follow-up and ${plural(c.late, 'changes', 'change')} nothing`);
    if (m.kind === 'event') {
      note('event-at-or-before-start', c.early + c.leading, `${plural(c.early + c.leading, 'event row falls', 'event rows fall')} at or before the start of follow-up (time 0) and ${plural(c.early + c.leading, 'is', 'are')} not counted: an interval (start, stop] holds events after its start`);
      note('event-in-gap', c.gap, `${plural(c.gap, 'event row falls', 'event rows fall')} between two intervals and ${plural(c.gap, 'is', 'are')} not counted`);
      note('same-time', c.tied, `${plural(c.tied, 'row repeats', 'rows repeat')} a participant's time; the value of the last such row in the file is the one kept`);
    } else if (m.kind === 'tdc') {
      note('same-time', c.tied, `${plural(c.tied, 'row repeats', 'rows repeat')} a participant's time; the value of the last such row in the file is the one kept`);
    } else {
      note('same-time', c.tied, `${plural(c.tied, 'row repeats', 'rows repeat')} a participant's time; their values are all added`, notes);
    }
    if (m.kind !== 'event') note('before-start', c.early, `${plural(c.early, 'time falls', 'times fall')} before the start of follow-up (time 0); ${m.kind === 'tdc' ? 'the last such value holds from the start' : 'they count from the start'}`, notes);
  });

  // The table: id as in the file, times, the event, the measures (text measures as their labels).
  const timeline = step.timeline;
  if (spec.measures.some((m) => m.column === spec.event)) {
    // Events added to the event column replace the value on the interval ending at their time, 0 too (as
    // tmerge): a participant whose status was an event can end censored. Say how many.
    const eventValues = timeline.columns.find((c) => c.name === spec.event)!.values;
    const replaced: number[] = [];
    for (let r = 0; r < timeline.participant.length; r++) {
      const k = timeline.participant[r];
      const last = r + 1 === timeline.participant.length || timeline.participant[r + 1] !== k;
      const status = eventColumn[keptRows[k]];
      if (last && !Number.isNaN(status) && status !== 0 && eventValues[r] === 0) replaced.push(keptRows[k]);
    }
    if (replaced.length > 0) {
      notes.push({
        file: 'participants',
        code: 'event-status-replaced',
        measure: spec.event,
        count: replaced.length,
        firstRow: replaced[0] + 1,
        message: `${replaced.length} ${plural(replaced.length, "participant's event status was", "participants' event statuses were")} replaced by 0 from a measure row at the end of follow-up (an event measure named "${spec.event}" adds to the event column, as tmerge does) (first: data row ${replaced[0] + 1})`,
      });
    }
  }
  const columns = ['id', 'tstart', 'tstop', ...timeline.columns.map((c) => c.name)];
  const numericId = isNumericColumn(pid);
  const idValue = (k: number): TimelineCell => (numericId ? (pid as { values: Float64Array }).values[keptRows[k]] : idText[k]);
  const labelOf = new Map(spec.measures.map((m, j) => [m.column, labelsOf[j]]));
  const rows: TimelineCell[][] = [];
  for (let r = 0; r < timeline.participant.length; r++) {
    const row: TimelineCell[] = [idValue(timeline.participant[r]), timeline.tstart[r], timeline.tstop[r]];
    for (const column of timeline.columns) {
      const v = column.values[r];
      const levels = labelOf.get(column.name);
      row.push(Number.isNaN(v) ? null : levels ? levels[v] : v);
    }
    rows.push(row);
  }
  return { columns, rows, participants: n, problems: { dropped, ignored, notes, tcount } };
}
