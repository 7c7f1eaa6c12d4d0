/**
 * The CLI contract of `timeline` (issue 13, item 3): the (start, stop] table written with --out and
 * printed with --json ({rows, columns, problems}) equals R survival's tmerge on the same files
 * (test/shared/data/fixtures/timeline.R: the vignette's pbc + pbcseq, and the hand-made edge files with a
 * visit at time 0, before the start, at and after the end, two on one day, a participant without visits,
 * missing times and values, an id that is no participant, and two participants tmerge refuses); every
 * row left out is counted with its reason; bad input is one line on stderr.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectOneLineError } from './contract';

type Values = (number | string | null)[];
interface Case {
  name: string;
  tables: Record<string, Record<string, Values>>;
  expected: { columns: string[]; rows: number; values: Record<string, Values>; tcount: Record<string, number | string>[] };
}
const FIXTURES = 'test/shared/data/fixtures';
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'timeline.json'), 'utf8')) as { cases: Case[] };
const caseNamed = (name: string) => fixture.cases.find((c) => c.name === name)!;

const dir = mkdtempSync(join(tmpdir(), 'rw-timeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** R's expected table as rows of cells, in its column order. */
function expectedRows(c: Case, columns: string[]): Values[] {
  return Array.from({ length: c.expected.rows }, (_, r) => columns.map((name) => c.expected.values[name][r]));
}

/** A CSV written by the CLI, read back: numbers as numbers, empty as null. */
function readCsv(path: string): { header: string[]; rows: Values[] } {
  const parsed = Papa.parse<string[]>(readFileSync(path, 'utf8').trim(), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  return { header, rows: rows.map((row) => row.map((cell) => (cell === '' ? null : Number.isFinite(Number(cell)) ? Number(cell) : cell))) };
}

const EDGE = [
  'timeline', '--participants', join(FIXTURES, 'timeline-participants.csv'), '--id', 'id', '--end', 'futime', '--event', 'status',
  '--measures', join(FIXTURES, 'timeline-measures.csv'), '--measure-time', 'day',
  '--measure', 'craving', '--measure', 'aftercare:cumulative', '--measure', 'relapse:event', '--measure', 'housing:tdc',
];

describe('timeline', () => {
  it('edge files: --out CSV and --json rows equal tmerge row for row; tcount equals R; every row left out is counted', async () => {
    const r = caseNamed("edge: the CLI's three kinds");
    const out = join(dir, 'edge.csv');
    const run = await runCli([...EDGE, '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const doc = run.json();
    const columns = ['id', 'tstart', 'tstop', 'status', 'craving', 'aftercare', 'relapse', 'housing'];
    expect(doc.columns).toEqual(columns);
    expect(r.expected.columns).toEqual(columns);
    const expected = expectedRows(r, columns);
    expect(doc.rows.map((row: Record<string, unknown>) => columns.map((c) => row[c]))).toEqual(expected);
    const csv = readCsv(out);
    expect(csv.header).toEqual(columns);
    expect(csv.rows).toEqual(expected);
    expect(doc.participants).toBe(5);
    // tmerge's tcount (R ran without participants 8 and 9, whose rows tmerge refuses; the measure row
    // of 8 then counts in missid as R counts it).
    expect(doc.problems.tcount.map(({ kind: _kind, ...counts }: Record<string, unknown>) => counts)).toEqual(r.expected.tcount);
    expect(doc.problems.tcount.map((t: { kind: string }) => t.kind)).toEqual(['event', 'tdc', 'cumtdc', 'event', 'tdc']);
    const dropped = Object.fromEntries(doc.problems.dropped.map((p: { code: string; measure?: string; count: number; firstRow?: number }) => [`${p.code}${p.measure ? `:${p.measure}` : ''}`, [p.count, p.firstRow]]));
    // The files (timeline.R): participants 8 (row 6, no end) and 9 (row 7, end 0) left out, 4 (row 5) without status;
    // measures: id 6 (row 12) no participant, id 8 (row 18) left out with its participant, row 9 without a day,
    // craving missing on rows 5 and 19, aftercare on row 16, housing on rows 4 and 14.
    expect(dropped).toEqual({
      'end-missing': [1, 6],
      'end-not-after-start': [1, 7],
      'event-missing:status': [1, 5],
      'measure-id-unknown': [1, 12],
      'participant-left-out': [1, 18],
      'measure-time-missing': [1, 9],
      'measure-value-missing:craving': [2, 5],
      'measure-value-missing:aftercare': [1, 16],
      'measure-value-missing:housing': [2, 4],
    });
    const ignored = Object.fromEntries(doc.problems.ignored.map((p: { code: string; measure: string; count: number }) => [`${p.code}:${p.measure}`, p.count]));
    expect(ignored).toMatchObject({ 'after-end:craving': r.expected.tcount[1].late, 'event-at-or-before-start:relapse': Number(r.expected.tcount[3].early) + Number(r.expected.tcount[3].leading) });
  });

  it('writes the same table as text output, with each problem as a note line', async () => {
    const out = join(dir, 'edge-text.csv');
    const run = await runCli([...EDGE, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*edge-text\.csv \(10 intervals of 5 participants; columns id, tstart, tstop, status, craving, aftercare, relapse, housing\)/);
    expect(run.stdout).toMatch(/note: 1 participant has no end of follow-up \("futime"\) and was left out \(first: data row 6\)/);
    expect(readCsv(out).rows.length).toBe(10);
  });

  it('pbc + pbcseq (the vignette): 312 participants, the same 1807 rows and values as tmerge', async () => {
    const r = caseNamed('pbc');
    const participants = join(dir, 'pbc.csv');
    const measures = join(dir, 'pbcseq.csv');
    const toCsvText = (table: Record<string, Values>, names: string[], header = names) =>
      [header.join(','), ...table[names[0]].map((_, i) => names.map((n) => table[n][i] ?? '').join(','))].join('\n') + '\n';
    writeFileSync(participants, toCsvText(r.tables.participants, ['id', 'time', 'status'], ['id', 'time', 'death']));
    const measureNames = ['id', 'day', 'ascites', 'bili', 'albumin', 'protime', 'alk.phos'];
    writeFileSync(measures, toCsvText(r.tables.measures, measureNames));
    const out = join(dir, 'pbc-timeline.csv');
    const run = await runCli([
      'timeline', '--participants', participants, '--id', 'id', '--end', 'time', '--event', 'death', '--measures', measures, '--measure-time', 'day',
      '--measure', 'ascites', '--measure', 'bili:tdc', '--measure', 'albumin', '--measure', 'protime', '--measure', 'alk.phos', '--out', out, '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const doc = run.json();
    expect(doc.participants).toBe(312);
    expect(doc.columns).toEqual(r.expected.columns);
    const expected = expectedRows(r, r.expected.columns);
    expect(expected.length).toBe(1807);
    expect(readCsv(out).rows).toEqual(expected);
    expect(doc.rows.map((row: Record<string, unknown>) => r.expected.columns.map((c) => row[c]))).toEqual(expected);
    // pbcseq's visits of participants 313-418 are not in the participants file: R's tmerge counts them in missid.
    expect(doc.problems.tcount.map(({ kind: _kind, ...counts }: Record<string, unknown>) => counts)).toEqual(r.expected.tcount);
  });

  describe('bad input: one line on stderr, nothing on stdout', () => {
    /** The edge run with one argument value swapped for another. */
    const swap = (from: string, to: string) => [...EDGE, '--json'].map((a) => (a === from ? to : a));
    const cases: { label: string; args: () => string[]; code?: number; says: RegExp }[] = [
      { label: 'a measure column that is not in the file', args: () => swap('craving', 'cravings'), says: /timeline-measures\.csv: no column named "cravings"/ },
      { label: 'an end column that is not in the file', args: () => swap('futime', 'fu'), says: /timeline-participants\.csv: no column named "fu" \(the end of follow-up\)/ },
      { label: 'a text column as a cumulative measure', args: () => swap('housing:tdc', 'housing:cumulative'), says: /column "housing" \(a cumulative measure\) must hold numbers \(data row 1: "stable"\)/ },
      { label: 'an unknown kind', args: () => swap('craving', 'craving:mean'), code: 2, says: /--measure "craving:mean": the kind after ":" must be tdc, cumulative or event/ },
      { label: 'no --out and no --json', args: () => EDGE, code: 2, says: /--out T\.csv is required/ },
      { label: 'a tdc named like the event column', args: () => swap('craving', 'status:tdc'), says: /"status" has the event column's name/ },
      { label: 'a participants file that does not exist', args: () => swap(join(FIXTURES, 'timeline-participants.csv'), join(dir, 'none.csv')), says: /none\.csv: cannot read the participants file \(no such file\)/ },
    ];
    for (const c of cases) {
      it(c.label, async () => {
        const line = expectOneLineError(await runCli(c.args()), c.label, c.code);
        expect(line).toMatch(c.says);
      });
    }

    it('a repeated participant id names both rows', async () => {
      const file = join(dir, 'repeated.csv');
      writeFileSync(file, 'id,futime,status\n1,10,1\n2,20,0\n1,12,0\n');
      const line = expectOneLineError(await runCli(swap(join(FIXTURES, 'timeline-participants.csv'), file)), 'repeated id');
      expect(line).toMatch(/repeated\.csv: participant id "1" occurs in data rows 1 and 3; the participants file needs one row per participant/);
    });
  });
});
