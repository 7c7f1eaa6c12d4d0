/**
 * The timeline builder against R survival's tmerge (test/shared/data/fixtures/timeline.R): each case's
 * calls replayed on the same inputs must give the same rows in the same order with the same values
 * (exactly: no arithmetic beyond sums of the inputs), and the same tcount table.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addToTimeline, startTimeline, TimelineInputError, type TimeCounts, type Timeline, type TimelineKind } from '../../../shared/data/timeline';

type Values = (number | string | null)[];
interface Call {
  data: string;
  start?: string;
  stop?: string;
  options?: { 'na.rm'?: boolean; tdcstart?: number; delay?: number };
  additions: { name: string; kind: TimelineKind; time: string; value?: string; init?: number }[];
}
interface Case {
  name: string;
  note: string;
  base: { id: number[] };
  tables: Record<string, Record<string, Values>>;
  calls: Call[];
  expected: { columns: string[]; rows: number; values: Record<string, Values>; tcount: TimeCounts[] };
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/timeline.json', import.meta.url)), 'utf8')) as { cases: Case[] };

const numbers = (values: Values) => Float64Array.from(values, (v) => (v === null ? NaN : (v as number)));
const plain = (values: ArrayLike<number>, labels?: string[]) => Array.from(values, (v) => (Number.isNaN(v) ? null : labels ? labels[v] : v));

/** A text column as codes in order of first appearance (as the CSV reader codes it), with its labels. */
function coded(values: Values): { codes: Float64Array; labels: string[] } | null {
  if (!values.some((v) => typeof v === 'string')) return null;
  const labels = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
  return { codes: Float64Array.from(values, (v) => (v === null ? NaN : labels.indexOf(v as string))), labels };
}

/** Replays a case's tmerge calls; returns the final table and the tcount rows of every call. */
function replay(c: Case): { timeline: Timeline; counts: TimeCounts[]; labels: Map<string, string[]> } {
  const labels = new Map<string, string[]>();
  const code = new Map(c.base.id.map((id, k) => [id, k]));
  const participants = c.base.id.length;
  let timeline: Timeline | null = null;
  const counts: TimeCounts[] = [];
  for (const call of c.calls) {
    const table = c.tables[call.data];
    const participant = Int32Array.from(table.id, (id) => code.get(id as number) ?? -1);
    if (call.stop) {
      timeline = startTimeline({ participant, stop: numbers(table[call.stop]), start: call.start ? numbers(table[call.start]) : undefined }, participants);
    }
    const additions = call.additions.map((a) => {
      const text = a.value ? coded(table[a.value]) : null;
      if (text) labels.set(a.name, text.labels);
      return { name: a.name, kind: a.kind, time: numbers(table[a.time]), value: text ? text.codes : a.value ? numbers(table[a.value]) : undefined, init: a.init };
    });
    const step = addToTimeline(timeline!, { participant, additions }, participants, {
      naRm: call.options?.['na.rm'],
      tdcstart: call.options?.tdcstart,
      delay: call.options?.delay,
    });
    timeline = step.timeline;
    counts.push(...step.counts);
  }
  return { timeline: timeline!, counts, labels };
}

describe('timeline (tmerge): rows, order, values and tcount equal R survival 3.5', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: ${c.note}`, () => {
      const { timeline, counts, labels } = replay(c);
      expect(timeline.participant.length, 'rows').toBe(c.expected.rows);
      const actual: Record<string, Values> = {
        id: Array.from(timeline.participant, (p) => c.base.id[p]),
        tstart: plain(timeline.tstart),
        tstop: plain(timeline.tstop),
      };
      for (const column of timeline.columns) actual[column.name] = plain(column.values, labels.get(column.name));
      expect(Object.keys(actual)).toEqual(c.expected.columns);
      for (const name of c.expected.columns) expect(actual[name], name).toEqual(c.expected.values[name]);
      expect(counts).toEqual(c.expected.tcount);
    });
  }

  it('the pbc case is the vignette example: 312 participants, 1807 rows', () => {
    const pbc = fixture.cases.find((c) => c.name === 'pbc')!;
    expect(pbc.base.id.length).toBe(312);
    expect(replay(pbc).timeline.participant.length).toBe(1807);
  });
});

describe('timeline: the range tmerge refuses', () => {
  const one = Int32Array.of(0);
  it('a missing end, an end at or before 0, a start not before the end', () => {
    expect(() => startTimeline({ participant: one, stop: Float64Array.of(NaN) }, 1)).toThrow(/row 1: the end time is missing/);
    expect(() => startTimeline({ participant: one, stop: Float64Array.of(0) }, 1)).toThrow(/row 1: an end time of 0 is not after the start time 0/);
    expect(() => startTimeline({ participant: one, stop: Float64Array.of(5), start: Float64Array.of(5) }, 1)).toThrow(/start \(5\) must be before the end \(5\)/);
  });
  it('a participant without an interval, and overlapping intervals', () => {
    expect(() => startTimeline({ participant: one, stop: Float64Array.of(5) }, 2)).toThrow(TimelineInputError);
    expect(() => startTimeline({ participant: Int32Array.of(0, 0), stop: Float64Array.of(5, 8), start: Float64Array.of(0, 4) }, 1)).toThrow(/overlap/);
  });
  it('an event variable cannot be turned into a tdc (tmerge stops too)', () => {
    const timeline = startTimeline({ participant: one, stop: Float64Array.of(5) }, 1);
    const withEvent = addToTimeline(timeline, { participant: one, additions: [{ name: 'status', kind: 'event', time: Float64Array.of(5) }] }, 1).timeline;
    expect(() => addToTimeline(withEvent, { participant: one, additions: [{ name: 'status', kind: 'tdc', time: Float64Array.of(2) }] }, 1)).toThrow(/event variable/);
  });
});
