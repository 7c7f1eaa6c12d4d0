/**
 * The timeline from a participants frame and a measures frame (shared/data/timeline-frames.ts) against
 * R's tmerge on the same files (test/shared/data/fixtures/timeline.R, the edge cases): the table, the
 * tcount table, the rows left out with their reasons, and the refusals.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DataFrame } from '../../../shared/data/frame';
import { TimelineInputError } from '../../../shared/data/timeline';
import { buildTimelineFromFrames, type TimelineSpec } from '../../../shared/data/timeline-frames';
import { frameFromCsv } from '../../helpers/frame-from-csv';

type Values = (number | string | null)[];
interface Case {
  name: string;
  expected: { columns: string[]; rows: number; values: Record<string, Values>; tcount: Record<string, number | string>[] };
}
const here = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const fixture = JSON.parse(readFileSync(here('timeline.json'), 'utf8')) as { cases: Case[] };
const caseNamed = (name: string) => fixture.cases.find((c) => c.name === name)!;
const participants = frameFromCsv(readFileSync(here('timeline-participants.csv'), 'utf8'));
const measures = frameFromCsv(readFileSync(here('timeline-measures.csv'), 'utf8'));
const LABELS = { participants: 'participants.csv', measures: 'measures.csv' };
const SPEC: TimelineSpec = {
  id: 'id',
  end: 'futime',
  event: 'status',
  time: 'day',
  measures: [
    { column: 'craving', kind: 'tdc' },
    { column: 'aftercare', kind: 'cumulative' },
    { column: 'relapse', kind: 'event' },
    { column: 'housing', kind: 'tdc' },
  ],
};

function expectedRows(c: Case): Values[] {
  return Array.from({ length: c.expected.rows }, (_, r) => c.expected.columns.map((name) => c.expected.values[name][r]));
}
const withoutKind = (tcount: readonly { kind: string }[]) => tcount.map(({ kind: _kind, ...counts }) => counts);

describe('buildTimelineFromFrames', () => {
  it('the CLI edge files: the table and tcount equal tmerge; left-out rows counted with their first data row', () => {
    const table = buildTimelineFromFrames(participants, measures, SPEC, LABELS);
    const r = caseNamed("edge: the CLI's three kinds");
    expect(table.columns).toEqual(r.expected.columns);
    expect(table.rows).toEqual(expectedRows(r));
    expect(withoutKind(table.problems.tcount)).toEqual(r.expected.tcount);
    expect(table.participants).toBe(5);
    expect(table.problems.dropped.map((p) => [p.code, p.measure ?? '', p.count, p.firstRow])).toEqual([
      ['end-missing', '', 1, 6],
      ['end-not-after-start', '', 1, 7],
      ['event-missing', 'status', 1, 5],
      ['measure-id-unknown', '', 1, 12],
      ['participant-left-out', '', 1, 18],
      ['measure-time-missing', '', 1, 9],
      ['measure-value-missing', 'craving', 2, 5],
      ['measure-value-missing', 'aftercare', 1, 16],
      ['measure-value-missing', 'housing', 2, 4],
    ]);
  });

  it('an event measure named like the event column adds to it, 0 included, as tmerge; the replaced status is noted', () => {
    // The measures file's relapse column, named "status": --measure status:event with --event status.
    const renamed: DataFrame = { ...measures, columns: measures.columns.map((c) => (c.name === 'relapse' ? { ...c, name: 'status' } : c)) };
    const table = buildTimelineFromFrames(participants, renamed, { ...SPEC, measures: [{ column: 'status', kind: 'event' }, { column: 'craving', kind: 'tdc' }] }, LABELS);
    const r = caseNamed('edge: events into the event column');
    expect(table.columns).toEqual(['id', 'tstart', 'tstop', 'status', 'craving']);
    expect(table.rows).toEqual(expectedRows(r));
    expect(withoutKind(table.problems.tcount)).toEqual(r.expected.tcount);
    // Participant 1 (data row 2) had status 1; the visit on day 10, its end, has relapse 0.
    expect(table.problems.notes.find((n) => n.code === 'event-status-replaced')).toMatchObject({ count: 1, firstRow: 2 });
  });

  it('refuses, in one line naming file and column: a repeated id, dates as times, text as an end, a measure given twice', () => {
    const repeated = frameFromCsv('id,futime,status\n1,10,1\n2,20,0\n1,12,0\n');
    expect(() => buildTimelineFromFrames(repeated, measures, SPEC, LABELS)).toThrow(/participants\.csv: participant id "1" occurs in data rows 1 and 3/);
    const dated = frameFromCsv('id,futime,status\n1,2024-01-05,1\n');
    expect(() => buildTimelineFromFrames(dated, measures, SPEC, LABELS)).toThrow(/participants\.csv: column "futime" \(the end of follow-up\) holds dates/);
    const text = frameFromCsv('id,futime,status\n1,ten,1\n');
    expect(() => buildTimelineFromFrames(text, measures, SPEC, LABELS)).toThrow(/column "futime" \(the end of follow-up\) must hold numbers \(data row 1: "ten"\)/);
    expect(() => buildTimelineFromFrames(participants, measures, { ...SPEC, measures: [SPEC.measures[0], SPEC.measures[0]] }, LABELS)).toThrow(/"craving" is given twice/);
    expect(() => buildTimelineFromFrames(participants, measures, { ...SPEC, event: 'tstop' }, LABELS)).toThrow(TimelineInputError);
  });

  it('no usable participant at all is refused', () => {
    const none = frameFromCsv('id,futime,status\n1,,1\n2,0,0\n');
    expect(() => buildTimelineFromFrames(none, measures, SPEC, LABELS)).toThrow(/no participant has both an id and an end of follow-up after 0/);
  });
});
