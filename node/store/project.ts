/**
 * The project file: one SQLite database (better-sqlite3, WAL) holding datasets as typed column chunks,
 * mappings, analysis runs and an audit log. `openProject` checks that a file is an SQLite database, that
 * `PRAGMA integrity_check` passes, that it carries our application id and a schema version this build
 * knows, then applies pending migrations. Every problem becomes a one-line UserFacingError.
 *
 * Each stored chunk carries a CRC-32 (schema v2), written with it and verified when a dataset is read:
 * a chunk whose bytes changed is refused with one line naming the dataset and column.
 *
 * A project that cannot be written (a read-only file system, a file or folder the user may not write
 * to) is opened read-only: no journal mode change, no migration, no audit entry, and every write is
 * refused with one line (`Project.readOnly`, `readOnlyReason`). An older schema is read as it is when
 * this version can read it (v1: no checksums to verify). Where the folder cannot be written SQLite
 * cannot create the WAL index (-shm) a reader needs, so the file is opened as immutable
 * (`file:…?immutable=1`; URI file names are switched on below, before the first connection loads the
 * SQLite addon); when the folder holds a -wal or -shm, SQLite reads through them as usual.
 */
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Column, ColumnType, DataFrame } from '../../shared/data/frame';
import { UserFacingError } from '../../shared/errors';
import { type ChunkEncoding, decodeChunk, encodeChunk, type LevelList, levelChunksJson } from './column-codec';
export type { LevelList } from './column-codec';
import { APPLICATION_ID, SCHEMA_VERSION, chunkChecksum, migrate } from './migrations';

export interface DatasetSummary {
  name: string;
  rows: number;
  columns: number;
  importedAt: string;
  sha256: string | null;
  fileName: string | null;
  fileSize: number | null;
}

export interface MappingRecord {
  name: string;
  datasetName: string | null;
  mapping: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface AnalysisRunRecord {
  id: number;
  analysis: string;
  datasetName: string | null;
  mappingName: string | null;
  settings: unknown;
  result: unknown;
  createdAt: string;
  durationMs: number | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  details: Record<string, unknown>;
}

export interface RejectedRecord {
  line: number;
  reason: string;
  raw: string;
}

export interface StoredColumn {
  name: string;
  type: ColumnType;
  missing: number;
}


/** Writes one dataset inside one transaction: nothing is visible (or left behind) unless `commit` runs. */
export interface DatasetWriter {
  readonly name: string;
  writeChunk(position: number, chunkIndex: number, nRows: number, data: Float64Array | Int32Array): void;
  /** A chunk `encodeChunk` has already encoded (by the import's column worker). Only a project's writer has it. */
  writeEncodedChunk?(position: number, chunkIndex: number, nRows: number, encoding: ChunkEncoding, bytes: Uint8Array): void;
  writeLevels(position: number, levels: LevelList): void;
  /** The k-th stored chunk of a column's levels, as `levelChunksJson` makes it. Only a project's writer has it. */
  writeLevelsChunk?(position: number, k: number, json: string): void;
  writeRejections(records: readonly RejectedRecord[]): void;
  /**
   * `importedAt` (ISO time) replaces the time the import began, so the dataset and its report agree;
   * `action` names the audit log entry ('import' unless said otherwise, e.g. 'timeline-built').
   */
  commit(final: { nRows: number; columns: readonly StoredColumn[]; sha256: string; report: unknown; audit: Record<string, unknown>; importedAt?: string; action?: string }): void;
  rollback(): void;
}

const SQLITE_HEADER = 'SQLite format 3\0';

// URI file names (for `?immutable=1`): better-sqlite3 reads SQLITE_USE_URI once, when its addon loads at
// the first connection, which comes after this module is loaded.
if (process.env.SQLITE_USE_URI === undefined) process.env.SQLITE_USE_URI = '1';

function now(): string {
  return new Date().toISOString();
}

export class Project {
  readonly path: string;
  private readonly db: Database.Database;
  private writing = false;
  /** Whether the stored chunks carry checksums (schema v2 and later). */
  private readonly checksums: boolean;
  /** This open created the file (there was none): see `closeAndDiscardIfNew`. */
  readonly created: boolean;
  /** Why the project was opened read-only (e.g. "the file system is read-only"), or null. */
  readonly readOnlyReason: string | null;

  constructor(path: string, db: Database.Database, options: { created?: boolean; readOnlyReason?: string | null } = {}) {
    this.path = path;
    this.db = db;
    this.created = options.created === true;
    this.readOnlyReason = options.readOnlyReason ?? null;
    this.checksums = (db.pragma('user_version', { simple: true }) as number) >= 2;
  }

  close(): void {
    if (this.db.open) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.db.close();
    }
  }

  /** Opened read-only: reading works, every write is refused. */
  get readOnly(): boolean {
    return this.readOnlyReason !== null;
  }

  /** Throws the one-line refusal of a write (`action`: "save the mapping") when the project is read-only. */
  assertWritable(action: string): void {
    if (this.readOnlyReason !== null) {
      throw new UserFacingError(`${basename(this.path)}: the project is open read-only (${this.readOnlyReason}); cannot ${action}`, { file: this.path });
    }
  }

  /** Nothing stored yet: no dataset, mapping or analysis run. */
  isEmpty(): boolean {
    const row = this.db.prepare('SELECT (SELECT COUNT(*) FROM datasets) + (SELECT COUNT(*) FROM mappings) + (SELECT COUNT(*) FROM analysis_runs) AS n').get() as { n: number };
    return row.n === 0;
  }

  /** The underlying connection, for tests and maintenance only. */
  get database(): Database.Database {
    return this.db;
  }

  // ---- datasets ----------------------------------------------------------------------------------

  hasDataset(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined;
  }

  /** `base`, or `base (2)`, `base (3)`, … whichever is free. */
  uniqueDatasetName(base: string): string {
    if (!this.hasDataset(base)) return base;
    for (let k = 2; ; k++) if (!this.hasDataset(`${base} (${k})`)) return `${base} (${k})`;
  }

  listDatasets(): DatasetSummary[] {
    const rows = this.db
      .prepare(
        `SELECT d.name, d.n_rows, d.imported_at, d.sha256, d.source_file, d.source_size,
                (SELECT COUNT(*) FROM dataset_columns c WHERE c.dataset_id = d.id) AS n_columns
         FROM datasets d ORDER BY d.id`,
      )
      .all() as { name: string; n_rows: number; imported_at: string; sha256: string | null; source_file: string | null; source_size: number | null; n_columns: number }[];
    return rows.map((r) => ({
      name: r.name,
      rows: r.n_rows,
      columns: r.n_columns,
      importedAt: r.imported_at,
      sha256: r.sha256,
      fileName: r.source_file,
      fileSize: r.source_size,
    }));
  }

  private datasetRow(name: string): { id: number; n_rows: number; report_json: string } {
    const row = this.db.prepare('SELECT id, n_rows, report_json FROM datasets WHERE name = ?').get(name) as
      | { id: number; n_rows: number; report_json: string }
      | undefined;
    if (!row) throw new UserFacingError(`${basename(this.path)}: no dataset named "${name}"`, { file: this.path });
    return row;
  }

  /** The import report stored with the dataset. */
  datasetReport(name: string): unknown {
    return JSON.parse(this.datasetRow(name).report_json);
  }

  datasetColumns(name: string): StoredColumn[] {
    const { id } = this.datasetRow(name);
    return this.db.prepare('SELECT name, type, missing FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(id) as StoredColumn[];
  }

  rejectedRecords(name: string, limit = 1000): RejectedRecord[] {
    const { id } = this.datasetRow(name);
    return this.db.prepare('SELECT line, reason, raw FROM rejected_records WHERE dataset_id = ? ORDER BY line LIMIT ?').all(id, limit) as RejectedRecord[];
  }

  /**
   * The dataset as a frame; with `columns`, only those columns (in stored order), so that an analysis of
   * 3 columns of 5,000,000 rows does not hold the other 26 in memory.
   */
  readDataset(name: string, options: { columns?: readonly string[] } = {}): DataFrame {
    return this.readFrame(name, options.columns, true);
  }

  /** `readDataset`; without `withLevels`, coded columns come with no level strings (for `readColumnCodes`). */
  private readFrame(name: string, only: readonly string[] | undefined, withLevels: boolean): DataFrame {
    const { id, n_rows: nRows } = this.datasetRow(name);
    const wanted = only ? new Set(only) : null;
    const columns = (
      this.db.prepare('SELECT position, name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(id) as {
        position: number;
        name: string;
        type: ColumnType;
      }[]
    ).filter((c) => wanted === null || wanted.has(c.name));
    // a v1 project opened read-only (not migrated) has no checksums to verify
    const crc = this.checksums ? 'crc32' : 'NULL AS crc32';
    const chunkQuery = this.db.prepare(`SELECT chunk_index, n_rows, encoding, data, ${crc} FROM column_chunks WHERE dataset_id = ? AND position = ? ORDER BY chunk_index`);
    const levelQuery = this.db.prepare(`SELECT chunk_index, levels_json, ${crc} FROM column_levels WHERE dataset_id = ? AND position = ? ORDER BY chunk_index`);
    const damaged = (column: string, what: string, chunkIndex: number) =>
      new UserFacingError(`${basename(this.path)}: dataset "${name}", column "${column}": ${what} (chunk ${chunkIndex + 1}); the project file is damaged`, {
        file: this.path,
        column,
      });
    const out: Column[] = columns.map((c) => {
      const coded = c.type === 'categorical' || c.type === 'text';
      const target = coded ? new Int32Array(nRows) : new Float64Array(nRows);
      let offset = 0;
      for (const chunk of chunkQuery.iterate(id, c.position) as Iterable<{ chunk_index: number; n_rows: number; encoding: ChunkEncoding; data: Buffer; crc32: number | null }>) {
        if (chunk.crc32 !== null && chunkChecksum(chunk.data) !== chunk.crc32) throw damaged(c.name, 'stored data does not match its checksum', chunk.chunk_index);
        if (offset + chunk.n_rows > nRows) break;
        decodeChunk(chunk.encoding, chunk.data, chunk.n_rows, target, offset);
        offset += chunk.n_rows;
      }
      if (offset !== nRows) {
        throw new UserFacingError(`${basename(this.path)}: dataset "${name}", column "${c.name}" is incomplete (${offset} of ${nRows} rows)`, { file: this.path, column: c.name });
      }
      if (coded) {
        const levels: string[] = [];
        if (!withLevels) return { name: c.name, type: c.type as 'categorical' | 'text', codes: target as Int32Array, levels };
        for (const l of levelQuery.iterate(id, c.position) as Iterable<{ chunk_index: number; levels_json: string; crc32: number | null }>) {
          if (l.crc32 !== null && chunkChecksum(l.levels_json) !== l.crc32) throw damaged(c.name, 'stored levels do not match their checksum', l.chunk_index);
          for (const v of JSON.parse(l.levels_json) as string[]) levels.push(v);
        }
        return { name: c.name, type: c.type as 'categorical' | 'text', codes: target as Int32Array, levels };
      }
      return { name: c.name, type: c.type as 'integer' | 'number' | 'date' | 'boolean', values: target as Float64Array };
    });
    return { nRows, columns: out };
  }

  /**
   * The codes of one coded (categorical or text) column without its level strings (a text id column of
   * 5,000,000 rows has 5,000,000 of them); `level(code)` reads one, parsing the stored levels a chunk at a
   * time. Every writer stores each level once, so two rows share a value exactly when they share a code.
   * Checksums are verified as in `readDataset`. Null when the column is numeric or absent.
   */
  readColumnCodes(name: string, column: string): { codes: Int32Array; level: (code: number) => string } | null {
    const { id } = this.datasetRow(name);
    const stored = this.db.prepare('SELECT position, type FROM dataset_columns WHERE dataset_id = ? AND name = ?').get(id, column) as { position: number; type: ColumnType } | undefined;
    if (!stored || (stored.type !== 'categorical' && stored.type !== 'text')) return null;
    const codes = (this.readFrame(name, [column], false).columns[0] as { codes: Int32Array }).codes;
    const crc = this.checksums ? 'crc32' : 'NULL AS crc32';
    const levelQuery = this.db.prepare(`SELECT chunk_index, levels_json, ${crc} FROM column_levels WHERE dataset_id = ? AND position = ? ORDER BY chunk_index`);
    const level = (code: number): string => {
      let start = 0;
      for (const chunk of levelQuery.iterate(id, stored.position) as Iterable<{ chunk_index: number; levels_json: string; crc32: number | null }>) {
        this.checkLevels(name, column, chunk);
        const levels = JSON.parse(chunk.levels_json) as string[];
        if (code < start + levels.length) return levels[code - start];
        start += levels.length;
      }
      throw new UserFacingError(`${basename(this.path)}: dataset "${name}", column "${column}": level ${code + 1} is not stored; the project file is damaged`, { file: this.path, column });
    };
    return { codes, level };
  }

  private checkLevels(name: string, column: string, chunk: { chunk_index: number; levels_json: string; crc32: number | null }): void {
    if (chunk.crc32 !== null && chunkChecksum(chunk.levels_json) !== chunk.crc32) {
      throw new UserFacingError(`${basename(this.path)}: dataset "${name}", column "${column}": stored levels do not match their checksum (chunk ${chunk.chunk_index + 1}); the project file is damaged`, {
        file: this.path,
        column,
      });
    }
  }

  /**
   * Renames a dataset; the mappings saved for it and the analyses run on it follow the new name. The new
   * name must be free; leading and trailing spaces are dropped.
   */
  renameDataset(name: string, newName: string): void {
    this.assertWritable(`rename the dataset "${name}"`);
    const { id } = this.datasetRow(name);
    const to = newName.trim();
    if (to === '') throw new UserFacingError(`${basename(this.path)}: a dataset name cannot be empty`, { file: this.path });
    if (to === name) return;
    if (this.hasDataset(to)) throw new UserFacingError(`${basename(this.path)}: a dataset named "${to}" already exists; choose another name`, { file: this.path });
    this.db.transaction(() => {
      this.db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(to, id);
      this.db.prepare('UPDATE mappings SET dataset_name = ? WHERE dataset_name = ?').run(to, name);
      this.db.prepare('UPDATE analysis_runs SET dataset_name = ? WHERE dataset_name = ?').run(to, name);
      this.appendAudit('dataset-renamed', { from: name, to });
    })();
  }

  deleteDataset(name: string): void {
    this.assertWritable(`delete the dataset "${name}"`);
    const { id } = this.datasetRow(name);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
      this.appendAudit('dataset-deleted', { name });
    })();
  }

  /**
   * Starts writing a dataset in one transaction (BEGIN IMMEDIATE). Until `commit`, a crash, a kill or
   * `rollback` leaves the project exactly as it was (WAL discards the uncommitted frames; with the
   * rollback journal of a new project's first import, the next open rolls the hot journal back).
   */
  beginDatasetImport(meta: { name: string; chunkRows: number; sourceFile: string; sourceSize: number }): DatasetWriter {
    this.assertWritable('import a dataset into it');
    if (this.writing) throw new UserFacingError(`${basename(this.path)}: another import into this project is still running`);
    if (this.hasDataset(meta.name)) throw new UserFacingError(`${basename(this.path)}: a dataset named "${meta.name}" already exists`, { file: this.path });
    const db = this.db;
    const direct = this.created && this.listDatasets().length === 0 && this.useRollbackJournal();
    db.exec('BEGIN IMMEDIATE');
    this.writing = true;
    let open = true;
    const finish = () => {
      open = false;
      this.writing = false;
      if (direct) this.useWal();
    };
    try {
      const info = db
        .prepare(`INSERT INTO datasets (name, n_rows, chunk_rows, imported_at, source_file, source_size, sha256, report_json) VALUES (?, 0, ?, ?, ?, ?, NULL, '{}')`)
        .run(meta.name, meta.chunkRows, now(), meta.sourceFile, meta.sourceSize);
      const datasetId = Number(info.lastInsertRowid);
      const insertChunk = db.prepare('INSERT INTO column_chunks (dataset_id, position, chunk_index, n_rows, encoding, data, crc32) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const insertLevels = db.prepare('INSERT INTO column_levels (dataset_id, position, chunk_index, levels_json, crc32) VALUES (?, ?, ?, ?, ?)');
      const insertRejection = db.prepare('INSERT INTO rejected_records (dataset_id, line, reason, raw) VALUES (?, ?, ?, ?)');
      const insertColumn = db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, type, missing) VALUES (?, ?, ?, ?, ?)');
      const appendAudit = this.appendAudit.bind(this);
      let scratch = new ArrayBuffer(4 * meta.chunkRows);
      const writer: DatasetWriter = {
        name: meta.name,
        writeChunk(position, chunkIndex, nRows, data) {
          if (scratch.byteLength < 4 * nRows) scratch = new ArrayBuffer(4 * nRows);
          // the bytes are bound (copied by SQLite) before the scratch is used again
          const { encoding, bytes } = encodeChunk(data, nRows, scratch);
          insertChunk.run(datasetId, position, chunkIndex, nRows, encoding, bytes, chunkChecksum(bytes));
        },
        writeEncodedChunk(position, chunkIndex, nRows, encoding, bytes) {
          insertChunk.run(datasetId, position, chunkIndex, nRows, encoding, bytes, chunkChecksum(bytes));
        },
        writeLevels(position, levels) {
          let k = 0;
          for (const json of levelChunksJson(levels)) insertLevels.run(datasetId, position, k++, json, chunkChecksum(json));
        },
        writeLevelsChunk(position, k, json) {
          insertLevels.run(datasetId, position, k, json, chunkChecksum(json));
        },
        writeRejections(records) {
          for (const r of records) insertRejection.run(datasetId, r.line, r.reason, r.raw);
        },
        commit(final) {
          if (!open) throw new Error('dataset writer already closed');
          try {
            final.columns.forEach((c, position) => insertColumn.run(datasetId, position, c.name, c.type, c.missing));
            db.prepare('UPDATE datasets SET n_rows = ?, sha256 = ?, report_json = ?, imported_at = COALESCE(?, imported_at) WHERE id = ?').run(
              final.nRows,
              final.sha256,
              JSON.stringify(final.report),
              final.importedAt ?? null,
              datasetId,
            );
            appendAudit(final.action ?? 'import', final.audit);
            db.exec('COMMIT');
          } catch (error) {
            if (db.inTransaction) db.exec('ROLLBACK');
            throw error;
          } finally {
            finish();
          }
        },
        rollback() {
          if (!open) return;
          try {
            if (db.open && db.inTransaction) db.exec('ROLLBACK');
          } finally {
            finish();
          }
        },
      };
      return writer;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      finish();
      throw error;
    }
  }

  /**
   * A project this open created, before its first dataset: the import writes its pages with a rollback
   * journal, straight into the file, rather than into the WAL, from which the checkpoint at commit would
   * copy every page into the file a second time (0.2 s of a 55 MB import). Leaving WAL needs the only
   * connection to the file: with another one open it is refused at once (no busy wait), and the import
   * goes through the WAL as any other. True when the journal is now the rollback journal.
   */
  private useRollbackJournal(): boolean {
    const db = this.db;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    try {
      db.pragma('busy_timeout = 0');
      return db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
    } catch {
      return false;
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** Back to WAL after a direct import (committed or rolled back); the next open would set it too. */
  private useWal(): void {
    try {
      if (!this.db.open || this.db.inTransaction) return;
      this.db.pragma('journal_mode = WAL');
      // a first read opens the WAL; until then SQLite refuses a checkpoint on this connection as "locked"
      this.db.prepare('SELECT COUNT(*) FROM datasets').get();
    } catch {
      // left with the rollback journal: openProject sets WAL again
    }
  }

  // ---- mappings ----------------------------------------------------------------------------------

  saveMapping(name: string, mapping: unknown, datasetName: string | null = null): void {
    this.assertWritable(`save the mapping "${name}"`);
    const at = now();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO mappings (name, dataset_name, mapping_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET dataset_name = excluded.dataset_name, mapping_json = excluded.mapping_json, updated_at = excluded.updated_at`,
        )
        .run(name, datasetName, JSON.stringify(mapping), at, at);
      this.appendAudit('mapping-saved', { name, datasetName });
    })();
  }

  listMappings(): MappingRecord[] {
    return (this.db.prepare('SELECT name, dataset_name, mapping_json, created_at, updated_at FROM mappings ORDER BY id').all() as MappingRow[]).map(toMapping);
  }

  getMapping(name: string): MappingRecord | undefined {
    const row = this.db.prepare('SELECT name, dataset_name, mapping_json, created_at, updated_at FROM mappings WHERE name = ?').get(name) as MappingRow | undefined;
    return row ? toMapping(row) : undefined;
  }

  // ---- analysis runs -----------------------------------------------------------------------------

  saveAnalysisRun(run: { analysis: string; datasetName?: string | null; mappingName?: string | null; settings: unknown; result: unknown; durationMs?: number | null }): number {
    this.assertWritable('save the analysis run');
    return this.db.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO analysis_runs (analysis, dataset_name, mapping_name, settings_json, result_json, created_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(run.analysis, run.datasetName ?? null, run.mappingName ?? null, JSON.stringify(run.settings), JSON.stringify(run.result), now(), run.durationMs ?? null);
      const id = Number(info.lastInsertRowid);
      this.appendAudit('analysis-run', { id, analysis: run.analysis, datasetName: run.datasetName ?? null, mappingName: run.mappingName ?? null });
      return id;
    })();
  }

  listAnalysisRuns(): AnalysisRunRecord[] {
    const rows = this.db.prepare('SELECT * FROM analysis_runs ORDER BY id').all() as {
      id: number;
      analysis: string;
      dataset_name: string | null;
      mapping_name: string | null;
      settings_json: string;
      result_json: string;
      created_at: string;
      duration_ms: number | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      analysis: r.analysis,
      datasetName: r.dataset_name,
      mappingName: r.mapping_name,
      settings: JSON.parse(r.settings_json),
      result: JSON.parse(r.result_json),
      createdAt: r.created_at,
      durationMs: r.duration_ms,
    }));
  }

  // ---- audit log ---------------------------------------------------------------------------------

  auditLog(): AuditEntry[] {
    return (this.db.prepare('SELECT id, at, action, details_json FROM audit_log ORDER BY id').all() as { id: number; at: string; action: string; details_json: string }[]).map(
      (r) => ({ id: r.id, at: r.at, action: r.action, details: JSON.parse(r.details_json) }),
    );
  }

  appendAudit(action: string, details: Record<string, unknown>): void {
    this.assertWritable('add to the audit log');
    this.db.prepare('INSERT INTO audit_log (at, action, details_json) VALUES (?, ?, ?)').run(now(), action, JSON.stringify(details));
  }
}

interface MappingRow {
  name: string;
  dataset_name: string | null;
  mapping_json: string;
  created_at: string;
  updated_at: string;
}

function toMapping(r: MappingRow): MappingRecord {
  return { name: r.name, datasetName: r.dataset_name, mapping: JSON.parse(r.mapping_json), createdAt: r.created_at, updatedAt: r.updated_at };
}

/**
 * Opens (or with `create`, creates) a project file. ':memory:' gives a throw-away in-memory project.
 */
export function openProject(path: string, options: { create?: boolean } = {}): Project {
  if (path === ':memory:') {
    const db = new Database(':memory:');
    migrate(db);
    return new Project(path, db);
  }
  const label = basename(path);
  let exists = false;
  let size = 0;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserFacingError(`${path}: is a directory, not a project file`, { file: path });
    exists = true;
    size = st.size;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserFacingError(`${path}: cannot read the project file (${(error as NodeJS.ErrnoException).code})`, { file: path });
  }
  if (!exists && !options.create) throw new UserFacingError(`${path}: no project file here`, { file: path });
  const readOnlyReason = whyNotWritable(path, exists);
  if (readOnlyReason !== null && !exists) throw new UserFacingError(`${path}: cannot create a project file here (${readOnlyReason})`, { file: path });
  if (exists && size > 0) {
    const head = Buffer.alloc(16);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
    if (head.toString('latin1') !== SQLITE_HEADER) {
      throw new UserFacingError(`${path}: is not a Relapse Workbench project (not an SQLite database)`, { file: path });
    }
  }
  let db: Database.Database;
  try {
    db = readOnlyReason === null ? new Database(path, { fileMustExist: exists }) : openReadOnly(path);
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(`${path}: cannot open the project file${readOnlyReason === null ? '' : ` read-only (${readOnlyReason})`} (${oneLine(error)})`, { file: path });
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') {
      throw new UserFacingError(`${path}: the project file is damaged (integrity check: ${integrity.slice(0, 3).map((r) => r.integrity_check).join('; ')})`, { file: path });
    }
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const tableCount = (db.prepare("SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
    if (applicationId !== APPLICATION_ID) {
      if (applicationId !== 0 || tableCount > 0 || version !== 0) {
        throw new UserFacingError(`${path}: is an SQLite database but not a Relapse Workbench project`, { file: path });
      }
      if (!options.create || readOnlyReason !== null) throw new UserFacingError(`${path}: is an empty database, not a Relapse Workbench project`, { file: path });
    }
    if (version > SCHEMA_VERSION) {
      throw new UserFacingError(
        `${path}: was written by a newer version of Relapse Workbench (project schema v${version}; this version reads up to v${SCHEMA_VERSION})`,
        { file: path },
      );
    }
    if (readOnlyReason !== null) {
      // read as it is: no journal mode change, no migration, no audit entry
      if (version < 1) throw new UserFacingError(`${path}: project schema v${version} cannot be read without upgrading it, and the project is read-only (${readOnlyReason})`, { file: path });
      return new Project(path, db, { readOnlyReason });
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const from = migrate(db);
    const project = new Project(path, db, { created: !exists });
    if (from === 0) project.appendAudit('project-created', { file: label, schemaVersion: SCHEMA_VERSION });
    else if (from < SCHEMA_VERSION) project.appendAudit('project-migrated', { from, to: SCHEMA_VERSION });
    return project;
  } catch (error) {
    db.close();
    if (!exists) removeProjectFiles(path); // this open created it: leave nothing behind
    if (error instanceof UserFacingError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      throw new UserFacingError(`${path}: the project file is damaged (${oneLine(error)})`, { file: path });
    }
    throw new UserFacingError(`${path}: cannot open the project file (${oneLine(error)})`, { file: path });
  }
}

/**
 * Closes a project and, when this open created its file and nothing has been stored in it, removes the
 * file (and its -wal, -shm and -journal): an import that failed or was cancelled leaves no empty project
 * behind. An existing project, or one that holds anything, is only closed.
 */
export function closeAndDiscardIfNew(project: Project): void {
  let discard = false;
  if (project.created && project.path !== ':memory:') {
    try {
      discard = project.isEmpty();
    } catch {
      discard = false; // cannot tell: keep the file
    }
  }
  project.close();
  if (discard) removeProjectFiles(project.path);
}

const NOT_WRITABLE: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'no permission to write',
  EPERM: 'writing is not permitted',
};

/**
 * Why the project cannot be written here, or null when it can: the file (if it exists) and its folder
 * (where SQLite keeps the -wal and -shm files beside it) must both be writable.
 */
function whyNotWritable(path: string, exists: boolean): string | null {
  const probe = (target: string, what: string): string | null => {
    try {
      accessSync(target, constants.W_OK);
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EROFS') return NOT_WRITABLE.EROFS;
      return code in NOT_WRITABLE ? `${NOT_WRITABLE[code]} to the ${what}` : null;
    }
  };
  return (exists ? probe(path, 'file') : null) ?? probe(dirname(resolve(path)), 'folder');
}

/**
 * A read-only connection. Without a -wal or -shm beside the file, a reader would have to create the
 * -shm, which a folder that cannot be written refuses, so the file is opened as immutable (nothing can
 * change it there). A -wal with content and no -shm cannot be read that way: refused with one line.
 */
function openReadOnly(path: string): Database.Database {
  const absolute = resolve(path);
  const wal = `${absolute}-wal`;
  if (existsSync(wal) || existsSync(`${absolute}-shm`)) {
    if (!existsSync(`${absolute}-shm`) && statSync(wal).size > 0) {
      throw new UserFacingError(`${path}: has changes not yet written into the file (${basename(wal)}) and cannot be read where it cannot be written; open it once in a writable folder`, { file: path });
    }
    if (existsSync(`${absolute}-shm`)) return new Database(absolute, { readonly: true, fileMustExist: true });
  }
  return new Database(`${pathToFileURL(absolute).href}?immutable=1`, { readonly: true, fileMustExist: true });
}

function removeProjectFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
