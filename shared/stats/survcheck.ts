/**
 * Data checks of (start, stop] follow-up data with a participant id, as R survival 3.5's
 * `survcheck(Surv(start, stop, event) ~ 1, id = id)` makes them (R/survcheck.R, survcheck2 and
 * src/multicheck.c), with the rows of each problem as data (1-based data rows).
 *
 * R's rule. The rows of each participant are taken in order of stop time (then start time; rows of
 * the same times in data order) and each row after the first is compared with the one before it:
 *   start < previous stop   an overlap (the participant would be at risk twice)   `overlap`
 *   start > previous stop   a gap (out of follow-up between the two intervals)    `gap`
 * The row reported is the later one, as survcheck's `overlap$row` and `gap$row`. Without an initial
 * state (istate) R's `jump` and `teleport` cannot occur, so they are not checked here.
 * Rows whose stop is not after their start take no part in these comparisons: R's Surv() makes them NA
 * and survcheck drops them. They are reported here instead, as R's coxph refuses them:
 *   stop = start   `zero-length` ("interval of length 0")
 *   stop < start   `stop-before-start`
 * Times are compared after R's aeqSurv (timefix) merge of start and stop together, as survcheck does;
 * an interval that the merge makes empty (where R stops with "aeqSurv exception") is `zero-length` too.
 *
 * Beyond R's survcheck, as the analyses need them:
 *   `follow-up-after-event`  a participant's interval starting at or after the stop of one of its
 *                            event intervals: expected for recurrent relapses, but a single-event
 *                            analysis (relapse ends follow-up) cannot use it (a note, not an error);
 *   `repeated-id`            with no start column (one row per participant, follow-up from 0), an id
 *                            that occurs in more than one row: all its rows.
 */
import { aeqSurv } from './timefix';

export type SurvcheckCode = 'overlap' | 'gap' | 'zero-length' | 'stop-before-start' | 'follow-up-after-event' | 'repeated-id';

export interface SurvcheckProblem {
  code: SurvcheckCode;
  /** error: the analyses refuse the data; note: worth knowing, the recurrent analyses accept it. */
  severity: 'error' | 'note';
  /** All rows concerned, 1-based data rows, ascending. */
  rows: number[];
  /** The distinct participants concerned, in order of their first row here. */
  ids: string[];
  message: string;
}

export interface SurvcheckResult {
  /** Distinct participants and rows checked (as survcheck's n: id, observations). */
  participants: number;
  observations: number;
  /** Counts per code, as survcheck's flag (0 when absent). */
  flags: Record<SurvcheckCode, number>;
  problems: SurvcheckProblem[];
}

export interface SurvcheckInput {
  /** Interval starts; null for one row per participant followed from time 0. */
  start: Float64Array | null;
  stop: Float64Array;
  /** 1 event, 0 censored. */
  status: Uint8Array;
  /** Participant codes 0..k-1 and their labels (for the messages and `ids`). */
  id: Int32Array;
  idLabels: readonly string[];
  /** The 0-based data row of each input row (callers that dropped missing rows); default 0..n-1. */
  dataRows?: Int32Array;
  /** Merge near-tied times first, as survcheck(timefix = TRUE). Default true. */
  timefix?: boolean;
}

const SEVERITY: Record<SurvcheckCode, 'error' | 'note'> = {
  overlap: 'error',
  gap: 'note',
  'zero-length': 'error',
  'stop-before-start': 'error',
  'follow-up-after-event': 'note',
  'repeated-id': 'error',
};

const WHAT: Record<SurvcheckCode, string> = {
  overlap: 'an interval starts before the previous interval of the same participant ends (overlapping intervals)',
  gap: 'an interval starts after the previous interval of the same participant ended (a gap in follow-up)',
  'zero-length': 'the interval has length 0 (stop equals start)',
  'stop-before-start': 'the interval stops before it starts',
  'follow-up-after-event': 'follow-up continues after an event of the same participant',
  'repeated-id': 'the participant id occurs in more than one row',
};

export function survcheck(input: SurvcheckInput): SurvcheckResult {
  const { stop, status, id, idLabels } = input;
  const n = stop.length;
  if (status.length !== n || id.length !== n || (input.start && input.start.length !== n)) throw new Error('survcheck: inputs differ in length');
  const dataRow = (i: number): number => (input.dataRows ? input.dataRows[i] : i) + 1;
  const found = new Map<SurvcheckCode, number[]>();
  const add = (code: SurvcheckCode, i: number): void => {
    const list = found.get(code);
    if (list) list.push(i);
    else found.set(code, [i]);
  };

  let participants = 0;
  const seenId = new Uint8Array(idLabels.length);
  for (let i = 0; i < n; i++) {
    if (seenId[id[i]] === 0) {
      seenId[id[i]] = 1;
      participants++;
    }
  }

  if (input.start === null) {
    // One row per participant: every row of an id that occurs twice.
    const count = new Int32Array(idLabels.length);
    for (let i = 0; i < n; i++) count[id[i]]++;
    for (let i = 0; i < n; i++) if (count[id[i]] > 1) add('repeated-id', i);
  } else {
    const rawStart = input.start;
    // Rows with stop <= start leave first (R's Surv makes them NA), then aeqSurv over the others.
    const valid: number[] = [];
    for (let i = 0; i < n; i++) {
      if (stop[i] === rawStart[i]) add('zero-length', i);
      else if (stop[i] < rawStart[i]) add('stop-before-start', i);
      else valid.push(i);
    }
    const start = new Float64Array(n);
    const stopTimes = new Float64Array(n);
    start.set(rawStart);
    stopTimes.set(stop);
    if (input.timefix !== false) {
      const pooled = new Float64Array(2 * valid.length);
      valid.forEach((i, k) => {
        pooled[k] = rawStart[i];
        pooled[valid.length + k] = stop[i];
      });
      const fixed = aeqSurv(pooled);
      valid.forEach((i, k) => {
        start[i] = fixed[k];
        stopTimes[i] = fixed[valid.length + k];
      });
    }
    // An interval that the merge of near-tied times makes empty (R: "aeqSurv exception").
    for (let k = valid.length - 1; k >= 0; k--) {
      if (start[valid[k]] === stopTimes[valid[k]]) {
        add('zero-length', valid[k]);
        valid.splice(k, 1);
      }
    }
    // Order within participant by stop, then start, then data order (R: order(id, stop, start)).
    valid.sort((a, b) => id[a] - id[b] || stopTimes[a] - stopTimes[b] || start[a] - start[b] || a - b);
    // firstEventStop: the stop of the participant's first event interval so far (Infinity before it).
    let firstEventStop = Infinity;
    for (let k = 0; k < valid.length; k++) {
      const i = valid[k];
      const previous = k > 0 && id[valid[k - 1]] === id[i] ? valid[k - 1] : -1;
      if (previous < 0) firstEventStop = Infinity;
      else {
        const difference = start[i] - stopTimes[previous];
        if (difference < 0) add('overlap', i);
        else if (difference > 0) add('gap', i);
        if (start[i] >= firstEventStop) add('follow-up-after-event', i);
      }
      if (status[i] === 1 && firstEventStop === Infinity) firstEventStop = stopTimes[i];
    }
  }

  const flags: Record<SurvcheckCode, number> = { overlap: 0, gap: 0, 'zero-length': 0, 'stop-before-start': 0, 'follow-up-after-event': 0, 'repeated-id': 0 };
  const problems: SurvcheckProblem[] = [];
  for (const code of Object.keys(flags) as SurvcheckCode[]) {
    const rows = found.get(code);
    if (!rows) continue;
    rows.sort((a, b) => a - b);
    flags[code] = rows.length;
    const ids: string[] = [];
    const listed = new Set<number>();
    for (const i of rows) {
      if (!listed.has(id[i])) {
        listed.add(id[i]);
        ids.push(idLabels[id[i]]);
      }
    }
    const dataRows = rows.map(dataRow);
    const shown = dataRows.slice(0, 5).join(', ') + (dataRows.length > 5 ? `, … (${dataRows.length} rows)` : '');
    const who = ids.length === 1 ? `participant ${ids[0]}` : `${ids.length} participants`;
    problems.push({ code, severity: SEVERITY[code], rows: dataRows, ids, message: `${WHAT[code]}: ${who}, data row${dataRows.length === 1 ? '' : 's'} ${shown}` });
  }
  return { participants, observations: n, flags, problems };
}
