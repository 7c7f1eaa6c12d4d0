import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProject } from '../../../node/store/project';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../../node/store/migrations';
import { decodeChunk, encodeChunk } from '../../../node/store/column-codec';
import { UserFacingError } from '../../../shared/errors';
import { readOnlyWays } from '../../helpers/read-only-place';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeSmallDataset(path: string, name = 'cohort') {
  const project = openProject(path, { create: true });
  const writer = project.beginDatasetImport({ name, chunkRows: 2, sourceFile: 'x.csv', sourceSize: 10 });
  writer.writeChunk(0, 0, 2, Float64Array.from([1.5, NaN]));
  writer.writeChunk(0, 1, 1, Float64Array.from([-3]));
  writer.writeChunk(1, 0, 2, Int32Array.from([0, -1]));
  writer.writeChunk(1, 1, 1, Int32Array.from([1]));
  writer.writeLevels(1, ['a', 'b']);
  writer.writeRejections([{ line: 7, reason: 'line 7: expected 2 fields, found 3', raw: '1,2,3' }]);
  writer.commit({
    nRows: 3,
    columns: [
      { name: 'x', type: 'number', missing: 1 },
      { name: 'g', type: 'categorical', missing: 1 },
    ],
    sha256: 'abc',
    report: { name },
    audit: { dataset: name },
  });
  return project;
}

describe('project store', () => {
  it('creates a project, stores a dataset column-major and reads it back exactly', () => {
    const path = join(dir, 'p.sqlite');
    writeSmallDataset(path).close();
    const project = openProject(path);
    const frame = project.readDataset('cohort');
    expect(frame.nRows).toBe(3);
    const [x, g] = frame.columns;
    expect(x.type === 'number' && Array.from(x.values)).toEqual([1.5, NaN, -3]);
    expect(g.type === 'categorical' && Array.from(g.codes)).toEqual([0, -1, 1]);
    expect(g.type === 'categorical' && g.levels).toEqual(['a', 'b']);
    expect(project.listDatasets()).toMatchObject([{ name: 'cohort', rows: 3, sha256: 'abc', fileName: 'x.csv', columns: 2 }]);
    expect(project.rejectedRecords('cohort')).toEqual([{ line: 7, reason: 'line 7: expected 2 fields, found 3', raw: '1,2,3' }]);
    expect(project.auditLog().map((e) => e.action)).toEqual(['project-created', 'import']);
    expect(project.database.pragma('journal_mode', { simple: true })).toBe('wal');
    project.close();
  });

  it('keeps mappings and analysis runs', () => {
    const project = openProject(':memory:');
    project.saveMapping('m1', { roles: { time: 'days' } }, 'cohort');
    project.saveMapping('m1', { roles: { time: 'days2' } }, 'cohort');
    expect(project.listMappings()).toHaveLength(1);
    expect(project.getMapping('m1')?.mapping).toEqual({ roles: { time: 'days2' } });
    expect(project.getMapping('none')).toBeUndefined();
    const id = project.saveAnalysisRun({ analysis: 'km', datasetName: 'cohort', settings: { a: 1 }, result: { median: 3 }, durationMs: 5 });
    expect(project.listAnalysisRuns()).toMatchObject([{ id, analysis: 'km', settings: { a: 1 }, result: { median: 3 }, durationMs: 5 }]);
    expect(project.auditLog().map((e) => e.action)).toEqual(['mapping-saved', 'mapping-saved', 'analysis-run']);
    project.close();
  });

  it('writes a new project\'s first dataset with the rollback journal, then returns to WAL', () => {
    const path = join(dir, 'p.sqlite');
    const project = openProject(path, { create: true });
    const modes: string[] = [];
    const writer = project.beginDatasetImport({ name: 'first', chunkRows: 2, sourceFile: 'x.csv', sourceSize: 1 });
    modes.push(project.database.pragma('journal_mode', { simple: true }) as string);
    writer.writeChunk(0, 0, 1, Float64Array.from([4.25]));
    // the pages go straight into the file: no -wal file while the import writes
    expect(readdirSync(dir).sort()).toEqual(['p.sqlite', 'p.sqlite-journal']);
    writer.commit({ nRows: 1, columns: [{ name: 'x', type: 'number', missing: 0 }], sha256: 'abc', report: {}, audit: {} });
    modes.push(project.database.pragma('journal_mode', { simple: true }) as string);
    // a second import (the project is no longer empty) goes through the WAL
    const second = project.beginDatasetImport({ name: 'second', chunkRows: 2, sourceFile: 'y.csv', sourceSize: 1 });
    modes.push(project.database.pragma('journal_mode', { simple: true }) as string);
    second.rollback();
    expect(modes).toEqual(['delete', 'wal', 'wal']);
    project.close();
    const reopened = openProject(path);
    const [x] = reopened.readDataset('first').columns;
    expect(x.type === 'number' && Array.from(x.values)).toEqual([4.25]);
    expect(reopened.listDatasets().map((d) => d.name)).toEqual(['first']);
    reopened.close();
  });

  it('keeps a new project in WAL for its first import while another connection has it open, without waiting', () => {
    const path = join(dir, 'p.sqlite');
    const project = openProject(path, { create: true });
    const reader = new Database(path, { readonly: true });
    reader.prepare('SELECT COUNT(*) FROM datasets').get();
    const started = Date.now();
    const writer = project.beginDatasetImport({ name: 'first', chunkRows: 2, sourceFile: 'x.csv', sourceSize: 1 });
    // the switch is refused at once (busy timeout 0), not after better-sqlite3's 5 s default
    expect(Date.now() - started).toBeLessThan(4000);
    expect(project.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(project.database.pragma('busy_timeout', { simple: true })).toBe(5000);
    writer.writeChunk(0, 0, 1, Float64Array.from([1]));
    writer.commit({ nRows: 1, columns: [{ name: 'x', type: 'number', missing: 0 }], sha256: 'abc', report: {}, audit: {} });
    reader.close();
    expect(project.listDatasets().map((d) => d.name)).toEqual(['first']);
    project.close();
  });

  it('rollback leaves nothing behind', () => {
    const path = join(dir, 'p.sqlite');
    const project = writeSmallDataset(path);
    const writer = project.beginDatasetImport({ name: 'second', chunkRows: 2, sourceFile: 'y.csv', sourceSize: 1 });
    writer.writeChunk(0, 0, 1, Float64Array.from([1]));
    writer.rollback();
    expect(project.listDatasets().map((d) => d.name)).toEqual(['cohort']);
    expect(project.auditLog()).toHaveLength(2);
    project.close();
  });

  it('round-trips every chunk encoding exactly', () => {
    const cases: (Float64Array | Int32Array)[] = [
      Float64Array.from([1, NaN, -127, 127]),
      Float64Array.from([1, NaN, -200000, 2147483647]),
      Float64Array.from([0.5, NaN, 1e300]),
      Float64Array.from([-0, 1]),
      Float64Array.from([2147483648]),
      Float64Array.from([-2147483648, 1]), // the Int32 missing marker itself
      Float64Array.from([-2147483649, 4294967296, 1]),
      Int32Array.from([0, -1, 126]),
      Int32Array.from([0, -1, 30000]),
      Int32Array.from([0, -1, 70000]),
    ];
    for (const data of cases) {
      const { encoding, bytes } = encodeChunk(data, data.length);
      const target = data instanceof Int32Array ? new Int32Array(data.length + 1) : new Float64Array(data.length + 1);
      decodeChunk(encoding, bytes, data.length, target, 1);
      expect(Array.from(target.subarray(1)).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(Array.from(data).map((v) => (Object.is(v, -0) ? '-0' : v)));
    }
    expect(encodeChunk(Float64Array.from([1, NaN]), 2).encoding).toBe('i8');
    expect(encodeChunk(Float64Array.from([0.5]), 1).encoding).toBe('f64');
    expect(encodeChunk(Float64Array.from([-2147483648, 1]), 2).encoding).toBe('f64');
    expect(encodeChunk(Float64Array.from([-128, 1]), 2).encoding).toBe('i32');
  });

  it('gives one-line errors for a missing, a directory, a non-project, a corrupt and a newer project file', () => {
    const expectError = (fn: () => unknown, pattern: RegExp) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(UserFacingError);
        expect((error as Error).message).toMatch(pattern);
        expect((error as Error).message).not.toContain('\n');
        return;
      }
      throw new Error('expected an error');
    };
    expectError(() => openProject(join(dir, 'nope.sqlite')), /nope\.sqlite: no project file here/);
    mkdirSync(join(dir, 'd.sqlite'));
    expectError(() => openProject(join(dir, 'd.sqlite'), { create: true }), /is a directory/);
    writeFileSync(join(dir, 'text.sqlite'), 'id,age\n1,2\n');
    expectError(() => openProject(join(dir, 'text.sqlite'), { create: true }), /not a Relapse Workbench project \(not an SQLite database\)/);
    const other = new Database(join(dir, 'other.sqlite'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    expectError(() => openProject(join(dir, 'other.sqlite'), { create: true }), /an SQLite database but not a Relapse Workbench project/);

    const newer = join(dir, 'newer.sqlite');
    openProject(newer, { create: true }).close();
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expectError(() => openProject(newer), /newer version of Relapse Workbench \(project schema v3; this version reads up to v2\)/);

    const corrupt = join(dir, 'corrupt.sqlite');
    const p = writeSmallDataset(corrupt);
    p.database.pragma('wal_checkpoint(TRUNCATE)');
    p.close();
    const bytes = readFileSync(corrupt);
    // damage pages after the header page (the schema and data b-trees)
    for (let i = 4096 + 100; i < bytes.length; i += 7) bytes[i] = 0xa5;
    writeFileSync(corrupt, bytes);
    expectError(() => openProject(corrupt), /corrupt\.sqlite: the project file is damaged/);
  });

  it('refuses a second dataset with the same name and offers a free one', () => {
    const project = writeSmallDataset(':memory:');
    expect(() => project.beginDatasetImport({ name: 'cohort', chunkRows: 1, sourceFile: 'x', sourceSize: 1 })).toThrow(/already exists/);
    expect(project.uniqueDatasetName('cohort')).toBe('cohort (2)');
    expect(() => project.readDataset('missing')).toThrow(/no dataset named "missing"/);
    project.close();
  });

  it('refuses a stored chunk whose bytes changed, naming the dataset and the column', () => {
    const path = join(dir, 'p.sqlite');
    writeSmallDataset(path).close();
    // a bit flip inside the stored blob of column "x", chunk 0 (the file stays a valid database)
    const raw = new Database(path);
    const { data } = raw.prepare('SELECT data FROM column_chunks WHERE position = 0 AND chunk_index = 0').get() as { data: Buffer };
    const flipped = Buffer.from(data);
    flipped[flipped.length - 2] ^= 0x10;
    raw.prepare('UPDATE column_chunks SET data = ? WHERE position = 0 AND chunk_index = 0').run(flipped);
    // and one in the levels of column "g"
    raw.prepare("UPDATE column_levels SET levels_json = '[\"a\",\"c\"]' WHERE position = 1").run();
    raw.close();
    const project = openProject(path);
    expect(project.database.pragma('integrity_check', { simple: true })).toBe('ok');
    let message = '';
    try {
      project.readDataset('cohort');
    } catch (error) {
      expect(error).toBeInstanceOf(UserFacingError);
      message = (error as Error).message;
    }
    expect(message).toBe('p.sqlite: dataset "cohort", column "x": stored data does not match its checksum (chunk 1); the project file is damaged');
    project.close();
    // the levels are checked too
    const again = new Database(path);
    again.prepare('UPDATE column_chunks SET data = ? WHERE position = 0 AND chunk_index = 0').run(data);
    again.close();
    const reopened = openProject(path);
    expect(() => reopened.readDataset('cohort')).toThrow('p.sqlite: dataset "cohort", column "g": stored levels do not match their checksum (chunk 1); the project file is damaged');
    reopened.close();
  });

  it('migrates a v1 project: checksums of the stored chunks are computed and then verified', () => {
    const path = join(dir, 'v1.sqlite');
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0] as string);
    raw.pragma('user_version = 1');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.prepare("INSERT INTO datasets (id, name, n_rows, chunk_rows, imported_at, report_json) VALUES (1, 'old', 2, 2, '2025-01-01T00:00:00Z', '{}')").run();
    raw.prepare("INSERT INTO dataset_columns VALUES (1, 0, 'x', 'number', 0)").run();
    const bytes = Buffer.from(Float64Array.from([2.5, 7]).buffer);
    raw.prepare("INSERT INTO column_chunks (dataset_id, position, chunk_index, n_rows, encoding, data) VALUES (1, 0, 0, 2, 'f64', ?)").run(bytes);
    raw.close();
    const project = openProject(path);
    expect(project.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(project.database.prepare('SELECT crc32 FROM column_chunks').get()).toEqual({ crc32: crc32(bytes) });
    expect(project.auditLog().map((e) => [e.action, e.details])).toEqual([['project-migrated', { from: 1, to: SCHEMA_VERSION }]]);
    const x = project.readDataset('old').columns[0];
    expect(x.type === 'number' && Array.from(x.values)).toEqual([2.5, 7]);
    project.database.prepare('UPDATE column_chunks SET data = ?').run(Buffer.from(Float64Array.from([2.5, 8]).buffer));
    expect(() => project.readDataset('old')).toThrow(/dataset "old", column "x": stored data does not match its checksum/);
    project.close();
  });
});

const ways = readOnlyWays();

describe.runIf(ways.length > 0).each(ways)('a project in a read-only place ($name)', (way) => {
  it('opens read-only: reads the datasets and mappings, writes nothing, refuses every write with one line', () => {
    const place = way.make();
    try {
      const path = join(place.folder, 'p.sqlite');
      const project = writeSmallDataset(path);
      project.saveMapping('m1', { roles: { time: 'x' } }, 'cohort');
      project.close();
      place.lock();
      const before = readFileSync(path);
      const files = readdirSync(place.folder);

      const readOnly = openProject(path);
      expect(readOnly.readOnly).toBe(true);
      expect(readOnly.readOnlyReason).toMatch(way.reason);
      const frame = readOnly.readDataset('cohort');
      const [x, g] = frame.columns;
      expect(x.type === 'number' && Array.from(x.values)).toEqual([1.5, NaN, -3]);
      expect(g.type === 'categorical' && g.levels).toEqual(['a', 'b']);
      expect(readOnly.listDatasets().map((d) => d.name)).toEqual(['cohort']);
      expect(readOnly.getMapping('m1')?.mapping).toEqual({ roles: { time: 'x' } });
      expect(readOnly.auditLog().map((e) => e.action)).toEqual(['project-created', 'import', 'mapping-saved']);
      const refusal = (fn: () => unknown, action: string) => {
        expect(fn).toThrow(UserFacingError);
        expect(fn).toThrow(new RegExp(`^p\\.sqlite: the project is open read-only \\(${way.reason.source}\\); cannot ${action}$`));
      };
      refusal(() => readOnly.saveMapping('m2', {}), 'save the mapping "m2"');
      refusal(() => readOnly.beginDatasetImport({ name: 'second', chunkRows: 1, sourceFile: 'y.csv', sourceSize: 1 }), 'import a dataset into it');
      refusal(() => readOnly.saveAnalysisRun({ analysis: 'km', settings: {}, result: {} }), 'save the analysis run');
      refusal(() => readOnly.deleteDataset('cohort'), 'delete the dataset "cohort"');
      readOnly.close();

      expect(readFileSync(path).equals(before)).toBe(true);
      expect(readdirSync(place.folder)).toEqual(files);
      expect(() => openProject(join(place.folder, 'new.sqlite'), { create: true })).toThrow(new RegExp(`new\\.sqlite: cannot create a project file here \\(${way.reason.source}\\)`));
    } finally {
      place.release();
    }
  });

  it('reads changes still in the -wal through its -shm, and refuses a -wal with content but no -shm in one line', () => {
    const place = way.make();
    const writable = mkdtempSync(join(tmpdir(), 'store-wal-'));
    try {
      // a writer still open: its dataset is in p.sqlite-wal, not yet in p.sqlite (the project exists before
      // the import: a new project's first import writes straight into the file)
      openProject(join(writable, 'p.sqlite'), { create: true }).close();
      const writer = writeSmallDataset(join(writable, 'p.sqlite'));
      mkdirSync(join(place.folder, 'with-shm'));
      mkdirSync(join(place.folder, 'no-shm'));
      for (const suffix of ['', '-wal', '-shm']) writeFileSync(join(place.folder, 'with-shm', `p.sqlite${suffix}`), readFileSync(join(writable, `p.sqlite${suffix}`)));
      for (const suffix of ['', '-wal']) writeFileSync(join(place.folder, 'no-shm', `p.sqlite${suffix}`), readFileSync(join(writable, `p.sqlite${suffix}`)));
      writer.close();
      place.lock();

      const project = openProject(join(place.folder, 'with-shm', 'p.sqlite'));
      expect(project.readOnly).toBe(true);
      const x = project.readDataset('cohort').columns[0];
      expect(x.type === 'number' && Array.from(x.values)).toEqual([1.5, NaN, -3]);
      project.close();

      expect(() => openProject(join(place.folder, 'no-shm', 'p.sqlite'))).toThrow(
        /no-shm\/p\.sqlite: has changes not yet written into the file \(p\.sqlite-wal\) and cannot be read where it cannot be written; open it once in a writable folder$/,
      );
    } finally {
      place.release();
      rmSync(writable, { recursive: true, force: true });
    }
  });

  it('reads a v1 project as it is (no migration, no checksums to verify)', () => {
    const place = way.make();
    try {
      const path = join(place.folder, 'v1.sqlite');
      const raw = new Database(path);
      raw.exec(MIGRATIONS[0] as string);
      raw.pragma('user_version = 1');
      raw.pragma(`application_id = ${APPLICATION_ID}`);
      raw.prepare("INSERT INTO datasets (id, name, n_rows, chunk_rows, imported_at, report_json) VALUES (1, 'old', 2, 2, '2025-01-01T00:00:00Z', '{}')").run();
      raw.prepare("INSERT INTO dataset_columns VALUES (1, 0, 'x', 'number', 0)").run();
      raw.prepare("INSERT INTO column_chunks (dataset_id, position, chunk_index, n_rows, encoding, data) VALUES (1, 0, 0, 2, 'f64', ?)").run(Buffer.from(Float64Array.from([2.5, 7]).buffer));
      raw.close();
      place.lock();
      const project = openProject(path);
      expect(project.readOnly).toBe(true);
      expect(project.database.pragma('user_version', { simple: true })).toBe(1);
      const x = project.readDataset('old').columns[0];
      expect(x.type === 'number' && Array.from(x.values)).toEqual([2.5, 7]);
      project.close();
    } finally {
      place.release();
    }
  });
});

describe.skipIf(ways.length > 0)('a project in a read-only place', () => {
  it.skip('needs a way to make a folder read-only on this machine (tmpfs remount or chattr as root, chmod otherwise)', () => {});
});
