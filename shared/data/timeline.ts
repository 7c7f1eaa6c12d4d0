/**
 * The (start, stop] table of time-dependent covariates and events, built as R survival's `tmerge`
 * (survival 3.5, R/tmerge.R and src/tmerge.c; vignette "Using time dependent covariates", section 3).
 *
 * `startTimeline` is tmerge's first call: it sets each participant's range from `stop` (and `start`,
 * else 0). `addToTimeline` is every further call (and the additions of the first): each addition is
 *   - `tdc(time, value)`: the value holds from its time on (last value carried forward); without a value
 *     a 0/1 indicator that switches on at the time. Before the first value: `init`, else `tdcstart`.
 *   - `cumtdc(time, value)`: the running sum of the values (without a value, a count of the times).
 *   - `event(time, value)`: the value (1 without one) on the interval that ends at the time.
 *   - `cumevent(time, value)`: the running sum of the values up to and including that time.
 * Intervals are open on the left and closed on the right: a covariate changes at the start of an
 * interval, an event falls at its end. A time strictly inside an interval splits it there (an event
 * already on that interval stays with the later piece). Each time is classified against the intervals
 * as it stood before the split, as tmerge's `tcount` table does:
 *   early     before the participant's first interval        (tdc: applies from the start; event: ignored)
 *   late      after the last interval                        (ignored by all four)
 *   gap       between two intervals that do not touch        (tdc: applies from the next interval; event: ignored)
 *   within    strictly inside an interval                    (splits it)
 *   boundary  where one interval ends and the next begins
 *   leading   at the start of an interval that follows a gap or opens the range (event: ignored)
 *   trailing  at the end of an interval that no interval follows
 *   tied      a second (third…) time for the same participant at the same time (the last one in the
 *             source's order is the one a tdc or event keeps)
 *   missid    source rows whose participant is not in the table (they are skipped)
 * A missing time is skipped; so is a missing value unless `naRm` is false (then it is carried as missing).
 * `delay` postpones a tdc or cumtdc measured after the participant's first start by that much.
 *
 * Participants are codes 0..n-1 (the caller maps its ids); a source row with code -1 is no participant.
 * Values are numbers, NaN for missing (R's NA). Rows come in tmerge's order: participants in the order
 * the range was given, each participant's intervals in time order.
 */

export type TimelineKind = 'tdc' | 'cumtdc' | 'event' | 'cumevent';

export interface TimelineColumn {
  name: string;
  /** Events keep the censoring value 0 on the earlier pieces of a split interval; covariates are copied. */
  role: 'event' | 'covariate';
  values: Float64Array;
}

export interface Timeline {
  /** Participant code of each row. */
  participant: Int32Array;
  tstart: Float64Array;
  tstop: Float64Array;
  columns: TimelineColumn[];
}

export interface TimelineRange {
  /** Participant code of each interval; every participant 0..participants-1 must have one at least. */
  participant: Int32Array;
  stop: Float64Array;
  /** Start of each interval (0 when absent). */
  start?: Float64Array;
}

export interface TimelineAddition {
  name: string;
  kind: TimelineKind;
  time: Float64Array;
  value?: Float64Array;
  /** Value of a tdc or cumtdc before its first time (tmerge's `init`). */
  init?: number;
}

export interface TimelineSource {
  /** Participant code of each source row; -1 for a row whose id is no participant. */
  participant: Int32Array;
  additions: TimelineAddition[];
}

export interface TimelineOptions {
  /** Skip rows whose value is missing (tmerge's na.rm, default true). */
  naRm?: boolean;
  /** Value of a tdc before its first time (tmerge's tdcstart, default missing). */
  tdcstart?: number;
  /** Days by which a tdc or cumtdc measured after the first start takes effect later (default 0). */
  delay?: number;
}

/** One row of tmerge's `tcount` table: how the times of one addition fell against the intervals. */
export interface TimeCounts {
  name: string;
  early: number;
  late: number;
  gap: number;
  within: number;
  boundary: number;
  leading: number;
  trailing: number;
  tied: number;
  missid: number;
}

export interface TimelineStep {
  timeline: Timeline;
  counts: TimeCounts[];
}

/** A range or source the builder cannot use (tmerge stops on these); the message says why. */
export class TimelineInputError extends Error {
  override name = 'TimelineInputError';
}

/** tmerge's first call: one or more (start, stop] intervals per participant, in the order given. */
export function startTimeline(range: TimelineRange, participants: number): Timeline {
  const n = range.participant.length;
  if (range.stop.length !== n || (range.start && range.start.length !== n)) throw new TimelineInputError('participant, start and stop must have the same length');
  const start = range.start ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = range.participant[i];
    if (!(p >= 0 && p < participants)) throw new TimelineInputError(`range row ${i + 1}: participant code ${p} is not among the ${participants} participants`);
    if (Number.isNaN(range.stop[i])) throw new TimelineInputError(`range row ${i + 1}: the end time is missing`);
    if (!range.start && range.stop[i] <= 0) throw new TimelineInputError(`range row ${i + 1}: an end time of ${range.stop[i]} is not after the start time 0`);
    if (!(start[i] < range.stop[i])) throw new TimelineInputError(`range row ${i + 1}: the start (${start[i]}) must be before the end (${range.stop[i]})`);
  }
  // Participants in order of first appearance, each one's intervals by stop time (tmerge's order(indx1, tstop)).
  const rank = new Int32Array(participants).fill(-1);
  let ranked = 0;
  for (let i = 0; i < n; i++) if (rank[range.participant[i]] < 0) rank[range.participant[i]] = ranked++;
  if (ranked < participants) {
    const missing = rank.indexOf(-1);
    throw new TimelineInputError(`participant code ${missing} has no interval in the range`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rank[range.participant[a]] - rank[range.participant[b]] || range.stop[a] - range.stop[b]);
  const timeline: Timeline = {
    participant: Int32Array.from(order, (i) => range.participant[i]),
    tstart: Float64Array.from(order, (i) => start[i]),
    tstop: Float64Array.from(order, (i) => range.stop[i]),
    columns: [],
  };
  for (let r = 1; r < n; r++) {
    if (timeline.participant[r] === timeline.participant[r - 1] && timeline.tstop[r - 1] > timeline.tstart[r]) {
      throw new TimelineInputError(`participant code ${timeline.participant[r]}: the intervals overlap or repeat ((${timeline.tstart[r - 1]}, ${timeline.tstop[r - 1]}] and (${timeline.tstart[r]}, ${timeline.tstop[r]}])`);
    }
  }
  return timeline;
}

/** First row and one past the last row of each participant (rows of a participant are contiguous). */
function rowRanges(timeline: Timeline, participants: number): { first: Int32Array; end: Int32Array } {
  const first = new Int32Array(participants).fill(-1);
  const end = new Int32Array(participants).fill(-1);
  const p = timeline.participant;
  for (let r = 0; r < p.length; r++) {
    if (first[p[r]] < 0) first[p[r]] = r;
    end[p[r]] = r + 1;
  }
  return { first, end };
}

/**
 * neardate(best = "prior") on the starts and neardate(best = "after") on the stops: the participant's
 * last row starting at or before t, and its first row ending at or after t (-1 when there is none).
 */
function nearestRows(timeline: Timeline, first: number, end: number, t: number): [number, number] {
  let lo = first;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeline.tstart[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  const prior = lo - 1 >= first ? lo - 1 : -1;
  lo = first;
  hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeline.tstop[mid] >= t) hi = mid;
    else lo = mid + 1;
  }
  const after = lo < end ? lo : -1;
  return [prior, after];
}

const EARLY = 1;
const LATE = 2;
const GAP = 3;
const WITHIN = 4;
const BOUNDARY = 6;
const LEADING = 7;
const TRAILING = 8;

/** tmerge's itype + subtype of one time, from its prior and after rows. */
function classify(timeline: Timeline, t: number, prior: number, after: number): number {
  if (prior < 0) return EARLY;
  if (after < 0) return LATE;
  if (after > prior) return GAP;
  if (t === timeline.tstart[prior] || t === timeline.tstop[after]) {
    if (prior === after + 1) return BOUNDARY;
    return t === timeline.tstart[prior] ? LEADING : TRAILING;
  }
  return WITHIN;
}

/** Splits each row at the given times strictly inside it; events stay on the last piece. */
function splitRows(timeline: Timeline, cuts: Map<number, number[]>): Timeline {
  const n = timeline.participant.length;
  let added = 0;
  for (const times of cuts.values()) added += times.length;
  const size = n + added;
  const participant = new Int32Array(size);
  const tstart = new Float64Array(size);
  const tstop = new Float64Array(size);
  const source = new Int32Array(size);
  const lastPiece = new Uint8Array(size);
  let k = 0;
  for (let r = 0; r < n; r++) {
    const times = cuts.get(r) ?? [];
    let from = timeline.tstart[r];
    for (const t of times) {
      participant[k] = timeline.participant[r];
      tstart[k] = from;
      tstop[k] = t;
      source[k] = r;
      from = t;
      k++;
    }
    participant[k] = timeline.participant[r];
    tstart[k] = from;
    tstop[k] = timeline.tstop[r];
    source[k] = r;
    lastPiece[k] = 1;
    k++;
  }
  const columns = timeline.columns.map((column) => {
    const values = new Float64Array(size);
    for (let i = 0; i < size; i++) values[i] = column.role === 'event' && !lastPiece[i] ? 0 : column.values[source[i]];
    return { ...column, values };
  });
  return { participant, tstart, tstop, columns };
}

/** The times of one addition that are used: kept rows sorted by participant (table order) and time. */
interface SortedTimes {
  participant: Int32Array;
  time: Float64Array;
  value: Float64Array | null;
}

function sortedTimes(timeline: Timeline, firstRow: Int32Array, source: TimelineSource, addition: TimelineAddition, naRm: boolean): SortedTimes {
  const kept: number[] = [];
  for (let i = 0; i < source.participant.length; i++) {
    if (source.participant[i] < 0 || Number.isNaN(addition.time[i])) continue;
    if (addition.value && naRm && Number.isNaN(addition.value[i])) continue;
    kept.push(i);
  }
  // A stable sort, as R's order(): rows with the same participant and time keep the source's order.
  kept.sort((a, b) => firstRow[source.participant[a]] - firstRow[source.participant[b]] || addition.time[a] - addition.time[b]);
  return {
    participant: Int32Array.from(kept, (i) => source.participant[i]),
    time: Float64Array.from(kept, (i) => addition.time[i]),
    value: addition.value ? Float64Array.from(kept, (i) => addition.value![i]) : null,
  };
}

function countTimes(name: string, type: Int32Array, times: SortedTimes, missid: number): TimeCounts {
  const counts: TimeCounts = { name, early: 0, late: 0, gap: 0, within: 0, boundary: 0, leading: 0, trailing: 0, tied: 0, missid };
  for (const t of type) {
    if (t === EARLY) counts.early++;
    else if (t === LATE) counts.late++;
    else if (t === GAP) counts.gap++;
    else if (t === WITHIN) counts.within++;
    else if (t === BOUNDARY) counts.boundary++;
    else if (t === LEADING) counts.leading++;
    else counts.trailing++;
  }
  for (let i = 1; i < times.time.length; i++) {
    if (times.participant[i] === times.participant[i - 1] && times.time[i] === times.time[i - 1]) counts.tied++;
  }
  return counts;
}

/** Where each participant's times begin and end in the sorted times (begin = end when it has none). */
function timeRanges(times: SortedTimes, participants: number): { begin: Int32Array; end: Int32Array } {
  const begin = new Int32Array(participants);
  const end = new Int32Array(participants);
  for (let i = times.participant.length - 1; i >= 0; i--) begin[times.participant[i]] = i;
  for (let i = 0; i < times.participant.length; i++) end[times.participant[i]] = i + 1;
  return { begin, end };
}

/**
 * tdc: for each row, the last time (in sorted order) at or before the row's start, or -1 (tmerge2 in
 * src/tmerge.c: last value carried forward, taking effect at the start of an interval).
 */
function lastTimeAtOrBeforeStart(timeline: Timeline, times: SortedTimes, participants: number): Int32Array {
  const index = new Int32Array(timeline.participant.length).fill(-1);
  const { begin, end } = timeRanges(times, participants);
  let j = 0;
  for (let r = 0; r < index.length; r++) {
    const p = timeline.participant[r];
    if (r === 0 || p !== timeline.participant[r - 1]) j = begin[p];
    while (j < end[p] && times.time[j] <= timeline.tstart[r]) j++;
    if (j > begin[p]) index[r] = j - 1;
  }
  return index;
}

/**
 * cumtdc: each row's running sum of the increments at or before its start, added to the value it had
 * (a missing value is replaced); rows before the participant's first time keep their value. Times after
 * the last interval never count (tmerge in src/tmerge.c).
 */
function runningSums(timeline: Timeline, times: SortedTimes, type: Int32Array, increment: Float64Array, values: Float64Array, participants: number): void {
  const { begin, end } = timeRanges(times, participants);
  let j = 0;
  let sum = 0;
  let any = false;
  for (let r = 0; r < values.length; r++) {
    const p = timeline.participant[r];
    if (r === 0 || p !== timeline.participant[r - 1]) {
      j = begin[p];
      sum = 0;
      any = false;
    }
    for (; j < end[p] && times.time[j] <= timeline.tstart[r]; j++) {
      if (type[j] === LATE) continue;
      sum += increment[j];
      any = true;
    }
    if (any) values[r] = Number.isNaN(values[r]) ? sum : values[r] + sum;
  }
}

export function addToTimeline(timeline: Timeline, source: TimelineSource, participants: number, options: TimelineOptions = {}): TimelineStep {
  const naRm = options.naRm ?? true;
  const tdcstart = options.tdcstart ?? NaN;
  const delay = options.delay ?? 0;
  if (!(delay >= 0)) throw new TimelineInputError('the delay must be a number of 0 or more');
  const nSource = source.participant.length;
  let missid = 0;
  for (let i = 0; i < nSource; i++) {
    const p = source.participant[i];
    if (p === -1) missid++;
    else if (!(p >= 0 && p < participants)) throw new TimelineInputError(`source row ${i + 1}: participant code ${p} is not among the ${participants} participants`);
  }
  const counts: TimeCounts[] = [];
  let current = timeline;
  for (const addition of source.additions) {
    if (addition.time.length !== nSource || (addition.value && addition.value.length !== nSource)) {
      throw new TimelineInputError(`${addition.name}: the times and values must have one entry per source row`);
    }
    let ranges = rowRanges(current, participants);
    const times = sortedTimes(current, ranges.first, source, addition, naRm);
    const m = times.time.length;
    if (delay > 0 && (addition.kind === 'tdc' || addition.kind === 'cumtdc')) {
      for (let i = 0; i < m; i++) {
        const firstStart = current.tstart[ranges.first[times.participant[i]]];
        if (times.time[i] > firstStart) times.time[i] += delay;
      }
    }
    // Classify every time against the intervals as they stand, then split at the times within one.
    const type = new Int32Array(m);
    const cuts = new Map<number, number[]>();
    for (let i = 0; i < m; i++) {
      const p = times.participant[i];
      const [prior, after] = nearestRows(current, ranges.first[p], ranges.end[p], times.time[i]);
      type[i] = classify(current, times.time[i], prior, after);
      if (type[i] === WITHIN) {
        const list = cuts.get(prior) ?? [];
        if (list.length === 0 || list[list.length - 1] !== times.time[i]) list.push(times.time[i]);
        cuts.set(prior, list);
      }
    }
    counts.push(countTimes(addition.name, type, times, missid));
    if (cuts.size > 0) {
      current = splitRows(current, cuts);
      ranges = rowRanges(current, participants);
      for (let i = 0; i < m; i++) if (type[i] === WITHIN) type[i] = BOUNDARY;
    }
    const existing = current.columns.find((c) => c.name === addition.name);
    const nRows = current.participant.length;
    let values: Float64Array;
    let role: TimelineColumn['role'];

    if (addition.kind === 'tdc') {
      if (existing?.role === 'event') throw new TimelineInputError(`${addition.name}: an event variable cannot become a time-dependent covariate`);
      role = 'covariate';
      const index = lastTimeAtOrBeforeStart(current, times, participants);
      const before = addition.init ?? tdcstart;
      if (!existing) {
        values = new Float64Array(nRows);
        for (let r = 0; r < nRows; r++) {
          if (times.value === null) values[r] = index[r] < 0 ? 0 : 1;
          else values[r] = index[r] < 0 ? before : times.value[index[r]];
        }
      } else {
        values = Float64Array.from(existing.values);
        if (times.value === null && values.some((v) => !Number.isNaN(v) && v !== 0 && v !== 1)) {
          throw new TimelineInputError(`${addition.name}: a tdc without values (0/1) cannot update a variable holding other values`);
        }
        for (let r = 0; r < nRows; r++) if (index[r] >= 0) values[r] = times.value === null ? 1 : times.value[index[r]];
      }
    } else if (addition.kind === 'cumtdc') {
      if (existing?.role === 'event') throw new TimelineInputError(`${addition.name}: an event variable cannot become a cumulative covariate`);
      role = 'covariate';
      const increment = times.value ?? new Float64Array(m).fill(1);
      const before = addition.init ?? tdcstart;
      values = existing ? Float64Array.from(existing.values) : new Float64Array(nRows).fill(times.value === null ? 0 : before);
      runningSums(current, times, type, increment, values, participants);
    } else {
      if (existing?.role === 'event') values = Float64Array.from(existing.values);
      else values = new Float64Array(nRows);
      role = 'event';
      let increment = times.value ?? new Float64Array(m).fill(1);
      let counted: Uint8Array | null = null;
      if (addition.kind === 'cumevent') {
        counted = Uint8Array.from(increment, (v) => (v !== 0 ? 1 : 0));
        const running = new Float64Array(m);
        for (let i = 0; i < m; i++) running[i] = (i > 0 && times.participant[i] === times.participant[i - 1] ? running[i - 1] : 0) + increment[i];
        increment = running;
      }
      // The value goes on the row that ends at the time (after the split, every time within a row is on a boundary).
      for (let i = 0; i < m; i++) {
        if (type[i] !== BOUNDARY && type[i] !== TRAILING) continue;
        if (counted && !counted[i]) continue;
        const p = times.participant[i];
        const [, after] = nearestRows(current, ranges.first[p], ranges.end[p], times.time[i]);
        values[after] = increment[i];
      }
    }
    const column: TimelineColumn = { name: addition.name, role, values };
    current = { ...current, columns: existing ? current.columns.map((c) => (c === existing ? column : c)) : [...current.columns, column] };
  }
  return { timeline: current, counts };
}
