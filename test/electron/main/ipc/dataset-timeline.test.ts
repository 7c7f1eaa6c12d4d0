/**
 * The timeline builder's channel `dataset:timeline` with the real handlers, store, import and worker
 * threads (as the app runs them): two CSVs imported into one project, the (start, stop] table built from
 * them and stored as a new dataset. The stored rows equal R survival's tmerge on the same data
 * (test/shared/data/fixtures/timeline.R: the hand-made edge files — visits at time 0, before the start, at
 * and after the end, two on one day, a participant without visits, missing days and values, an id that is
 * no participant, two participants tmerge refuses — and the timedep vignette's pbc + pbcseq) and the
 * engine's table (shared/data/timeline-frames.ts); every row left out is returned, stored with the dataset
 * and in the audit log. Refusals are one line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { createHandlers, type Dialogs } from '../../../../electron/main/ipc/handlers';
import { InlineJobRunner } from '../../../../node/jobs/inline-runner';
import { WorkerJobRunner } from '../../../../node/jobs/runner';
import { openProject } from '../../../../node/store';
import { isNumericColumn, type DataFrame } from '../../../../shared/data/frame';
import { buildTimelineFromFrames } from '../../../../shared/data/timeline-frames';
import type { JobProgressEvent } from '../../../../shared/ipc/contract';
import { frameFromCsv } from '../../../helpers/frame-from-csv';
import { readOnlyWays } from '../../../helpers/read-only-place';
import { TYPESCRIPT_EXEC_ARGV } from '../../../helpers/typescript-exec-argv';

type Values = (number | string | null)[];
interface Case {
  name: string;
  tables: Record<string, Record<string, Values>>;
  expected: { columns: string[]; rows: number; values: Record<string, Values>; tcount: Record<string, number | string>[] };
}
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const FIXTURES = join(root, 'test/shared/data/fixtures');
const PARTICIPANTS_CSV = join(FIXTURES, 'timeline-participants.csv');
const MEASURES_CSV = join(FIXTURES, 'timeline-measures.csv');
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'timeline.json'), 'utf8')) as { cases: Case[] };
const caseNamed = (name: string) => fixture.cases.find((c) => c.name === name)!;
const expectedRows = (c: Case): Values[] => Array.from({ length: c.expected.rows }, (_, r) => c.expected.columns.map((name) => c.expected.values[name][r]));

const noDialogs: Dialogs = { openCsv: async () => null, openProject: async () => null, openMapping: async () => null, saveFile: async () => null };

/** A stored dataset as rows of cells: numbers, text labels, null for missing. */
function cells(frame: DataFrame): Values[] {
  return Array.from({ length: frame.nRows }, (_, r) =>
    frame.columns.map((c) => {
      if (isNumericColumn(c)) return Number.isNaN(c.values[r]) ? null : c.values[r];
      return c.codes[r] < 0 ? null : c.levels[c.codes[r]];
    }),
  );
}

/** The CLI's three kinds on the edge files (as the CLI test runs them). */
const EDGE = {
  participants: 'participants',
  measures: 'visits',
  id: 'id',
  end: 'futime',
  event: 'status',
  measureTime: 'day',
  measureColumns: [
    { column: 'craving', kind: 'tdc' },
    { column: 'aftercare', kind: 'cumulative' },
    { column: 'relapse', kind: 'event' },
    { column: 'housing', kind: 'tdc' },
  ],
  name: 'intervals',
} as const;

describe('dataset:timeline with worker threads and a real project', () => {
  let folder: string;
  let handlers: ReturnType<typeof createHandlers>;
  let jobs: WorkerJobRunner;
  const events: JobProgressEvent[] = [];
  const projectPath = () => join(folder, 'p.sqlite');
  const call = async (channel: string, args: unknown) => {
    const reply = await dispatch(handlers, channel, args);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as any;
  };
  /** The reply's error, which must be one line. */
  const refusal = async (args: unknown): Promise<string> => {
    const reply = await dispatch(handlers, 'dataset:timeline', args);
    expect(reply.ok).toBe(false);
    const error = (reply as { error: string }).error;
    expect(error).not.toMatch(/\n|\s{2}at /);
    return error;
  };
  const stored = (name: string) => {
    const project = openProject(projectPath());
    try {
      return { frame: project.readDataset(name), columns: project.datasetColumns(name), report: project.datasetReport(name) as any, audit: project.auditLog() };
    } finally {
      project.close();
    }
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rw-timeline-handler-'));
    jobs = new WorkerJobRunner({ script: join(root, 'node/jobs/worker.ts'), execArgv: [...TYPESCRIPT_EXEC_ARGV] });
    handlers = createHandlers({ appVersion: '0.0.0-test', userDataDir: folder, jobs, dialogs: noDialogs, emit: (e) => events.push(e), log: () => {} });
    await call('project:open', { path: projectPath(), create: true });
    await call('dataset:import', { path: PARTICIPANTS_CSV, name: 'participants' });
    await call('dataset:import', { path: MEASURES_CSV, name: 'visits' });
  }, 60_000);

  afterAll(async () => {
    handlers.close();
    await jobs.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it("edge files: the stored dataset equals tmerge row for row and the engine's table; the problems are returned and stored", async () => {
    const built = await call('dataset:timeline', EDGE);
    const r = caseNamed("edge: the CLI's three kinds");
    const columns = ['id', 'tstart', 'tstop', 'status', 'craving', 'aftercare', 'relapse', 'housing'];
    expect(built.dataset).toBe('intervals');
    expect(built.columns).toEqual(columns);
    expect(r.expected.columns).toEqual(columns);
    expect(built.rows).toBe(10);
    expect(built.participants).toBe(5);
    expect(built.project.datasets.map((d: { name: string; rows: number }) => [d.name, d.rows])).toEqual([
      ['participants', 7],
      ['visits', 19],
      ['intervals', 10],
    ]);
    expect(events.some((e) => e.kind === 'timeline')).toBe(true);

    const { frame, columns: storedColumns, report, audit } = stored('intervals');
    expect(frame.columns.map((c) => c.name)).toEqual(columns);
    expect(cells(frame)).toEqual(expectedRows(r));
    // The engine on the same files (read by the test's own CSV reader) gives the same table.
    const engine = buildTimelineFromFrames(
      frameFromCsv(readFileSync(PARTICIPANTS_CSV, 'utf8')),
      frameFromCsv(readFileSync(MEASURES_CSV, 'utf8')),
      { id: 'id', end: 'futime', event: 'status', time: 'day', measures: EDGE.measureColumns.map((m) => ({ ...m })) },
      { participants: 'dataset "participants"', measures: 'dataset "visits"' },
    );
    expect(cells(frame)).toEqual(engine.rows);
    // Types: whole numbers stay whole, the text measure stays text (categorical); missing counted as in R's table.
    const missingInR = (column: string) => r.expected.values[column].filter((v) => v === null).length;
    expect(storedColumns.map((c) => [c.name, c.type, c.missing])).toEqual(
      columns.map((c) => [c, c === 'housing' ? 'categorical' : 'integer', missingInR(c)]),
    );

    // Every row left out, as the CLI reports it (first data row of each), returned and stored.
    const dropped = built.problems.dropped.map((p: { code: string; measure?: string; count: number; firstRow?: number }) => [p.code, p.measure ?? '', p.count, p.firstRow]);
    expect(dropped).toEqual([
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
    expect(built.problems.dropped[0].message).toBe('1 participant has no end of follow-up ("futime") and was left out (first: data row 6)');
    expect(built.problems).toEqual(engine.problems);
    expect(built.problems.tcount.map(({ kind: _kind, ...counts }: Record<string, unknown>) => counts)).toEqual(r.expected.tcount);
    expect(report).toMatchObject({
      kind: 'timeline',
      from: { participants: 'participants', measures: 'visits' },
      spec: { id: 'id', end: 'futime', event: 'status', time: 'day', measures: EDGE.measureColumns },
      rows: 10,
      participants: 5,
      problems: engine.problems,
    });
    expect(report.builtBy).toMatch(/timeline builder .* from datasets "participants" \(participants\) and "visits" \(visits\)/);
    const entry = audit.find((e) => e.action === 'timeline-built')!;
    expect(entry.details).toMatchObject({ dataset: 'intervals', from: { participants: 'participants', measures: 'visits' }, rows: 10, participants: 5 });
    expect((entry.details.dropped as unknown[]).length).toBe(9);
    // The dataset is analysable like any other: its column summary reads.
    expect((await call('dataset:summary', { dataset: 'intervals' })).rows).toBe(10);
  });

  it('pbc + pbcseq (the timedep vignette): 312 participants, the same 1807 rows and values as tmerge', async () => {
    const r = caseNamed('pbc');
    const toCsvText = (table: Record<string, Values>, names: string[], header = names) =>
      [header.join(','), ...table[names[0]].map((_, i) => names.map((n) => table[n][i] ?? '').join(','))].join('\n') + '\n';
    writeFileSync(join(folder, 'pbc.csv'), toCsvText(r.tables.participants, ['id', 'time', 'status'], ['id', 'time', 'death']));
    writeFileSync(join(folder, 'pbcseq.csv'), toCsvText(r.tables.measures, ['id', 'day', 'ascites', 'bili', 'albumin', 'protime', 'alk.phos']));
    await call('dataset:import', { path: join(folder, 'pbc.csv'), name: 'pbc' });
    await call('dataset:import', { path: join(folder, 'pbcseq.csv'), name: 'pbcseq' });
    const built = await call('dataset:timeline', {
      participants: 'pbc',
      measures: 'pbcseq',
      id: 'id',
      end: 'time',
      event: 'death',
      measureTime: 'day',
      measureColumns: ['ascites', 'bili', 'albumin', 'protime', 'alk.phos'].map((column) => ({ column, kind: 'tdc' })),
      name: 'pbc timeline',
    });
    expect(built.participants).toBe(312);
    expect(built.rows).toBe(1807);
    const { frame } = stored('pbc timeline');
    expect(frame.columns.map((c) => c.name)).toEqual(r.expected.columns);
    expect(cells(frame)).toEqual(expectedRows(r));
    expect(built.problems.tcount.map(({ kind: _kind, ...counts }: Record<string, unknown>) => counts)).toEqual(r.expected.tcount);
    // Visits after a participant's end (R's tcount 'late': 131 of ascites) are said, not silently dropped.
    expect(built.problems.ignored.find((p: { code: string; measure: string }) => p.code === 'after-end' && p.measure === 'ascites')).toMatchObject({ count: r.expected.tcount[1].late });
  });

  it("a visits dataset whose id column has another name: the same table as tmerge's", async () => {
    const lines = readFileSync(MEASURES_CSV, 'utf8').split('\n');
    writeFileSync(join(folder, 'visits-person.csv'), [lines[0].replace('"id"', '"person"'), ...lines.slice(1)].join('\n'));
    await call('dataset:import', { path: join(folder, 'visits-person.csv'), name: 'visits by person' });
    const built = await call('dataset:timeline', { ...EDGE, measures: 'visits by person', measureId: 'person', name: 'intervals by person' });
    expect(built.columns).toEqual(['id', 'tstart', 'tstop', 'status', 'craving', 'aftercare', 'relapse', 'housing']);
    expect(cells(stored('intervals by person').frame)).toEqual(expectedRows(caseNamed("edge: the CLI's three kinds")));
    expect(await refusal({ ...EDGE, measures: 'visits by person', name: 'x' })).toMatch(/^dataset "visits by person": no column named "id" \(the participant id\); its columns are person, day/);
  });

  it("what the import could not read is among the rows left out, as the CLI says it; the table is still tmerge's", async () => {
    // The edge visits plus 150 visits of id 6 (no participant), one with craving "high" (read as missing
    // when imported: 1 misfit in 170 keeps the column numeric) and one record with a field too many.
    const lines = readFileSync(MEASURES_CSV, 'utf8').trim().split('\n');
    const extra = Array.from({ length: 150 }, (_, i) => (i === 10 ? '6,3,high,1,0,"stable"' : '6,3,4,1,0,"stable"'));
    writeFileSync(join(folder, 'visits-messy.csv'), [...lines, ...extra, '6,3,4,1,0,"stable",9'].join('\n') + '\n');
    await call('dataset:import', { path: join(folder, 'visits-messy.csv'), name: 'messy visits' });
    const built = await call('dataset:timeline', { ...EDGE, measures: 'messy visits', name: 'intervals from messy visits' });
    expect(cells(stored('intervals from messy visits').frame)).toEqual(expectedRows(caseNamed("edge: the CLI's three kinds")));
    const [unreadable, invalid] = built.problems.dropped;
    expect(unreadable).toMatchObject({ file: 'measures', code: 'record-unreadable', count: 1 });
    expect(unreadable.message).toBe('1 record of the file imported as dataset "messy visits" could not be read and was not imported (first: line 171: expected 6 fields, found 7)');
    expect(invalid).toEqual({
      file: 'measures',
      code: 'value-unreadable',
      measure: 'craving',
      count: 1,
      message: 'dataset "messy visits": 1 value of column "craving" is not a number and was read as missing when imported (first: line 31: "high")',
    });
    expect(built.problems.dropped.find((p: { code: string }) => p.code === 'measure-id-unknown')).toMatchObject({ count: 151, firstRow: 12 });
  });

  it('refuses in one line: a taken name, a dataset or a column that is not there, a repeated participant id, a text running total', async () => {
    expect(await refusal(EDGE)).toBe('p.sqlite: a dataset named "intervals" already exists; choose another name');
    expect(await refusal({ ...EDGE, name: '   ' })).toBe('the new dataset needs a name');
    expect(await refusal({ ...EDGE, measures: 'nothing', name: 'x' })).toBe('p.sqlite: no dataset named "nothing"');
    expect(await refusal({ ...EDGE, end: 'fu', name: 'x' })).toBe('dataset "participants": no column named "fu" (the end of follow-up); its columns are id, futime, status');
    expect(await refusal({ ...EDGE, measureTime: 'visit day', name: 'x' })).toMatch(/^dataset "visits": no column named "visit day" \(the day of each visit\); its columns are id, day, craving/);
    expect(await refusal({ ...EDGE, measureColumns: [{ column: 'housing', kind: 'cumulative' }], name: 'x' })).toBe(
      'dataset "visits": column "housing" (a running total) must hold numbers (data row 1: "stable")',
    );
    writeFileSync(join(folder, 'repeated.csv'), 'id,futime,status\n1,10,1\n2,20,0\n1,12,0\n');
    await call('dataset:import', { path: join(folder, 'repeated.csv'), name: 'repeated' });
    expect(await refusal({ ...EDGE, participants: 'repeated', name: 'x' })).toBe(
      'dataset "repeated": participant id "1" occurs in data rows 1 and 3; the participants dataset needs one row per participant',
    );
    // Nothing was stored by a refusal.
    expect((await call('dataset:list', {})).map((d: { name: string }) => d.name)).not.toContain('x');
  });
});

const ways = readOnlyWays();

describe.runIf(ways.length > 0)('dataset:timeline in a read-only project', () => {
  it('is refused in one line and nothing is written', async () => {
    const way = ways[0];
    const place = way.make();
    const userData = mkdtempSync(join(tmpdir(), 'rw-timeline-ro-'));
    const handlers = createHandlers({ appVersion: '0', userDataDir: userData, jobs: new InlineJobRunner(), dialogs: noDialogs, emit: () => {}, log: () => {} });
    try {
      const path = join(place.folder, 'p.sqlite');
      expect((await dispatch(handlers, 'project:open', { path, create: true })).ok).toBe(true);
      expect((await dispatch(handlers, 'dataset:import', { path: PARTICIPANTS_CSV, name: 'participants' })).ok).toBe(true);
      expect((await dispatch(handlers, 'dataset:import', { path: MEASURES_CSV, name: 'visits' })).ok).toBe(true);
      handlers.close();
      place.lock();
      const opened = await dispatch(handlers, 'project:open', { path, create: false });
      expect(opened.ok && (opened.value as { readOnly: boolean }).readOnly).toBe(true);
      const reply = await dispatch(handlers, 'dataset:timeline', EDGE);
      expect(reply.ok).toBe(false);
      expect((reply as { error: string }).error).toMatch(new RegExp(`^p\\.sqlite: the project is open read-only \\(${way.reason.source}\\); cannot build the dataset "intervals" in it$`));
    } finally {
      handlers.close();
      place.release();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
