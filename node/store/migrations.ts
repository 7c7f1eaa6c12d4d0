/**
 * Versioned schema of a project file. `PRAGMA user_version` holds the version reached; each migration
 * moves one version up and runs inside the same transaction as the version bump. `PRAGMA application_id`
 * marks the file as a Relapse Workbench project.
 *
 * Datasets are stored column-major: each column is a run of typed-array BLOB chunks (see column-codec.ts:
 * Float64/Int32/Int8 for integer/number/date/boolean, Int32/Int16/Int8 codes for categorical/text), and
 * coded columns keep their levels as JSON arrays in chunks. That keeps import and reload at memcpy speed.
 *
 * v2 adds a CRC-32 (node:zlib `crc32`) to every column chunk (of its `data` bytes) and every levels chunk
 * (of the UTF-8 bytes of `levels_json`), written with the chunk and verified when it is read: a bit flip
 * inside a stored value passes `PRAGMA integrity_check` (the b-tree is intact) but not the checksum.
 * Migrating a v1 project computes the checksums of the chunks as they are then, so damage done before
 * the migration cannot be detected; damage after it can.
 */
import type Database from 'better-sqlite3';
import { crc32 } from 'node:zlib';

/** 'RWB1' as a big-endian 32-bit integer. */
export const APPLICATION_ID = 0x52574231;

/** One step up: SQL, or a function when rows must be computed (run inside the version-bump transaction). */
export type Migration = string | ((db: Database.Database) => void);

export const MIGRATIONS: readonly Migration[] = [
  // v1
  `
  CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    n_rows INTEGER NOT NULL,
    chunk_rows INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    source_file TEXT,
    source_size INTEGER,
    sha256 TEXT,
    report_json TEXT NOT NULL
  );
  CREATE TABLE dataset_columns (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('integer','number','date','boolean','categorical','text')),
    missing INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, position)
  );
  CREATE TABLE column_chunks (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    chunk_index INTEGER NOT NULL,
    n_rows INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE UNIQUE INDEX column_chunks_key ON column_chunks (dataset_id, position, chunk_index);
  CREATE TABLE column_levels (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    chunk_index INTEGER NOT NULL,
    levels_json TEXT NOT NULL
  );
  CREATE UNIQUE INDEX column_levels_key ON column_levels (dataset_id, position, chunk_index);
  CREATE TABLE rejected_records (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    reason TEXT NOT NULL,
    raw TEXT NOT NULL
  );
  CREATE INDEX rejected_records_dataset ON rejected_records (dataset_id, line);
  CREATE TABLE mappings (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    dataset_name TEXT,
    mapping_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE analysis_runs (
    id INTEGER PRIMARY KEY,
    analysis TEXT NOT NULL,
    dataset_name TEXT,
    mapping_name TEXT,
    settings_json TEXT NOT NULL,
    result_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    duration_ms REAL
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    details_json TEXT NOT NULL
  );
  `,
  // v2: per-chunk checksums, computed for the chunks a v1 project already holds
  (db) => {
    db.exec('ALTER TABLE column_chunks ADD COLUMN crc32 INTEGER; ALTER TABLE column_levels ADD COLUMN crc32 INTEGER;');
    for (const [table, value] of [['column_chunks', 'data'], ['column_levels', 'levels_json']] as const) {
      const ids = db.prepare(`SELECT rowid AS id FROM ${table}`).pluck().all() as number[];
      const read = db.prepare(`SELECT ${value} FROM ${table} WHERE rowid = ?`).pluck();
      const write = db.prepare(`UPDATE ${table} SET crc32 = ? WHERE rowid = ?`);
      for (const id of ids) write.run(chunkChecksum(read.get(id) as Buffer | string), id);
    }
  },
];

/** CRC-32 of a stored chunk: the bytes of a column chunk, or the UTF-8 bytes of a levels chunk. */
export function chunkChecksum(value: Uint8Array | string): number {
  return crc32(value);
}

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema from `user_version` up to SCHEMA_VERSION; returns the version it started from. */
export function migrate(db: Database.Database): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  for (let version = from; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      const step = MIGRATIONS[version];
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${version + 1}`);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    })();
  }
  return from;
}
