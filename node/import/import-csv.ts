/**
 * The import: prepare (detect, sample, infer, screen), then stream every record into typed column chunks
 * written to the project inside one transaction. Every record ends up imported or rejected with a reason
 * (rows + rejectedRows = records in the file). Cancel (AbortSignal), a failure or a killed process leave
 * the project exactly as it was. `loadCsv` does the same into a frame kept in memory (frame-target.ts).
 * The columns are built on this thread or, for a large file given `columnWorker`, in a worker thread
 * while this one reads the file (column-sink.ts, column-worker.ts): the same values either way.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ColumnType, DataFrame } from '../../shared/data/frame';
import { CancelledError, UserFacingError } from '../../shared/errors';
import type { Project, RejectedRecord } from '../store/project';
import type { InvalidExample } from './column-builders';
import type { ColumnSpec } from './column-chunks';
import { type ColumnSink, InlineColumns, SplitColumns } from './column-sink';
import { COLUMN_WORKER_MIN_BYTES, ColumnWorker, type ColumnWorkerSpec, shareColumns } from './column-worker';
import type { Delimiter } from './dialect';
import type { TextEncoding } from './encoding';
import type { FlaggedIdentifier } from './identifiers';
import { type PreparedColumn, type PrepareOptions, prepareImport, readDataAgain } from './prepare';
import { FrameTarget } from './frame-target';
import type { RecordBatch } from './record-reader';
import type { DateOrder } from './values';

export interface ImportOptions {
  name?: string;
  naCodes?: string[];
  dropColumns?: string[];
  /**
   * Given the file's column names, the columns to read (null or none: all of them); the others are left
   * out as `dropColumns` are. A command that uses a few columns of a large file (a report on a CSV) then
   * builds only those.
   */
  keepColumns?: (names: string[]) => readonly string[] | null;
  confirmIdentifiers?: string[];
  dateOrder?: Record<string, DateOrder>;
  /** The user's type for some columns (the preview's type menu, `--type col=date`). */
  columnTypes?: Record<string, ColumnType>;
  header?: boolean;
  delimiter?: Delimiter;
  decimalComma?: boolean;
  onProgress?: (p: { bytes: number; totalBytes: number; rows: number }) => void;
  signal?: AbortSignal;
  /**
   * Builds the columns of a large file in this worker (column-worker.ts) while the file is read on the
   * calling thread; without it, or for a small file, all is done on the calling thread. Into a project only.
   */
  columnWorker?: ColumnWorkerSpec;
}

export type IdentifierDecision = 'dropped' | 'confirmed' | 'undecided';

export interface ImportedColumnReport {
  name: string;
  type: ColumnType;
  missing: number;
  invalid: number;
  invalidExamples: InvalidExample[];
  dateFormat?: string;
  notes: string[];
}

export interface ImportReport {
  name: string;
  fileName: string;
  fileSize: number;
  sha256: string;
  importedAt: string;
  encoding: TextEncoding;
  delimiter: Delimiter;
  decimalComma: boolean;
  hasHeader: boolean;
  naCodes: string[];
  rows: number;
  rejectedRows: number;
  columns: ImportedColumnReport[];
  droppedColumns: string[];
  flaggedIdentifiers: (FlaggedIdentifier & { decision: IdentifierDecision })[];
  ambiguousDateColumns: string[];
  decisions: { droppedColumns: string[]; confirmedIdentifiers: string[]; dateOrder: Record<string, DateOrder>; columnTypes?: Record<string, ColumnType> };
  rejections: { total: number; byReason: { reason: string; count: number }[]; examples: RejectedRecord[] };
  warnings: string[];
  timing: { totalMs: number };
}

const MAX_CHUNK_ROWS = 65_536;
/** Cells per chunk of all columns together: small enough that the chunk buffers (and their encoded copies) stay a few MB. */
const CHUNK_CELLS = 1_000_000;
const REPORT_REJECTION_EXAMPLES = 20;
const RAW_TEXT_LIMIT = 200;

/** What an import writes to: a project, or (for `loadCsv`) a frame kept in memory. */
type ImportTarget = Pick<Project, 'path' | 'hasDataset' | 'uniqueDatasetName' | 'beginDatasetImport'> & { expectRows?(rows: number): void };

export async function importCsv(project: Project, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importInto(project, file, options, 'project');
}

async function importInto(project: ImportTarget, file: string, options: ImportOptions, target: 'project' | 'frame'): Promise<ImportReport> {
  const started = performance.now();
  const prepareOptions: PrepareOptions = {
    naCodes: options.naCodes,
    dateOrder: options.dateOrder,
    columnTypes: options.columnTypes,
    header: options.header,
    delimiter: options.delimiter,
    decimalComma: options.decimalComma,
    signal: options.signal,
  };
  // a large file's column worker starts now, its start-up alongside the reading of the file's head
  const worker = target === 'project' ? options.columnWorker : undefined;
  const fileSize = worker ? await stat(file).then((s) => s.size, () => 0) : 0;
  const spawned = worker && fileSize >= (worker.minBytes ?? COLUMN_WORKER_MIN_BYTES) ? new ColumnWorker(worker) : null;
  let prepared: Awaited<ReturnType<typeof prepareImport>>;
  try {
    prepared = await prepareImport(file, prepareOptions);
  } catch (error) {
    spawned?.close();
    throw error;
  }
  let writer: ReturnType<Project['beginDatasetImport']> | null = null;
  let sink: ColumnSink | null = spawned;
  try {
    const { label } = prepared;
    const names = prepared.columns.map((c) => c.name);
    for (const column of [...(options.dropColumns ?? []), ...(options.confirmIdentifiers ?? [])]) {
      if (!names.includes(column)) throw new UserFacingError(`${label}: no column named "${column}"`, { file, column });
    }
    const dropped = new Set(options.dropColumns ?? []);
    const keepOnly = options.keepColumns?.(names);
    if (keepOnly && keepOnly.length > 0) for (const column of names) if (!keepOnly.includes(column)) dropped.add(column);
    const confirmed = new Set(options.confirmIdentifiers ?? []);
    const kept = prepared.columns.filter((c) => !dropped.has(c.name));
    if (kept.length === 0) throw new UserFacingError(`${label}: every column was dropped; nothing to import`, { file });

    const baseName = (options.name ?? basename(file, extname(file))).trim() || 'dataset';
    let name: string;
    if (options.name !== undefined) {
      if (project.hasDataset(baseName)) throw new UserFacingError(`${basename(project.path)}: a dataset named "${baseName}" already exists; choose another --name`, { file: project.path });
      name = baseName;
    } else {
      name = project.uniqueDatasetName(baseName);
    }

    const chunkRows = Math.max(1024, Math.min(MAX_CHUNK_ROWS, Math.floor(CHUNK_CELLS / kept.length)));
    // records to expect, from the bytes per record so far (the sample, read in whole chunks)
    const bytesPerRecord = prepared.progress.bytesRead / Math.max(1, prepared.buffered.rows.length + (prepared.hasHeader ? 1 : 0));
    const expectedRows = prepared.progress.bytesRead >= prepared.fileSize ? prepared.buffered.rows.length : (prepared.fileSize / bytesPerRecord) * 1.02 + 1024;
    // a text column whose sampled values are (nearly) all distinct, an identifier, gets about one level per row
    const expectedLevels = (c: PreparedColumn) => (c.type === 'text' && c.nonMissing >= 1000 && c.distinct >= 0.9 * c.nonMissing ? Math.round((expectedRows * c.distinct) / c.nonMissing) : 0);
    const specs: ColumnSpec[] = kept.map((c, position) => ({ position, name: c.name, type: c.type, field: c.field, dateFormat: c.dateFormat, expectedLevels: expectedLevels(c) }));
    project.expectRows?.(expectedRows);
    writer = project.beginDatasetImport({ name, chunkRows, sourceFile: label, sourceSize: prepared.fileSize });
    const out = writer;
    let columns: ColumnSink;
    if (spawned) {
      // the worker builds most columns; this thread, which also reads and stores, the rest
      const share = shareColumns(specs, bytesPerRecord);
      spawned.start({ specs: share.worker, chunkRows, naCodes: prepared.missingCodes.list(), decimalComma: prepared.decimalComma }, out);
      columns = share.inline.length > 0 ? new SplitColumns([spawned, new InlineColumns(share.inline, chunkRows, prepared.missingCodes, prepared.decimalComma, out)]) : spawned;
    } else columns = new InlineColumns(specs, chunkRows, prepared.missingCodes, prepared.decimalComma, out);
    sink = columns;

    const width = prepared.columns.length;
    let rows = 0;
    let rejected = 0;
    const rejectionCounts = new Map<string, number>();
    const rejectionExamples: RejectedRecord[] = [];
    let pendingRejections: RejectedRecord[] = [];
    const reject = (line: number, reason: string, kind: string, record: string[]) => {
      rejected++;
      rejectionCounts.set(kind, (rejectionCounts.get(kind) ?? 0) + 1);
      let raw = record.join(prepared.delimiter);
      if (raw.length > RAW_TEXT_LIMIT) raw = `${raw.slice(0, RAW_TEXT_LIMIT)}…`;
      raw = raw.replace(/\u0000/g, '\\0');
      const entry = { line, reason: `line ${line}: ${reason}`, raw };
      if (rejectionExamples.length < REPORT_REJECTION_EXAMPLES) rejectionExamples.push(entry);
      pendingRejections.push(entry);
      if (pendingRejections.length >= 10_000) {
        out.writeRejections(pendingRejections);
        pendingRejections = [];
      }
    };
    const ingest = async (batch: RecordBatch) => {
      if (batch.fields) {
        // the scanner hands back only the records with the wrong number of fields as arrays
        for (let r = 0; r < batch.rows.length; r++) {
          reject(batch.lines[r], `expected ${width} fields, found ${batch.rows[r].length}`, 'wrong number of fields', batch.rows[r]);
        }
        rows += batch.fields.nRows;
        await columns.ingestTable(batch.fields);
        return;
      }
      let good: string[][] = batch.rows;
      let goodLines: number[] = batch.lines;
      let clean = !batch.problems;
      if (clean) for (let r = 0; r < batch.rows.length; r++) if (batch.rows[r].length !== width) { clean = false; break; }
      if (!clean) {
        good = [];
        goodLines = [];
        for (let r = 0; r < batch.rows.length; r++) {
          const record = batch.rows[r];
          const problem = batch.problems?.[r];
          if (problem) reject(batch.lines[r], problem, problem.split(':')[0].replace(/ in field \d+$/, ''), record);
          else if (record.length !== width) reject(batch.lines[r], `expected ${width} fields, found ${record.length}`, 'wrong number of fields', record);
          else {
            good.push(record);
            goodLines.push(batch.lines[r]);
          }
        }
      }
      rows += good.length;
      if (good.length > 0) await columns.ingestRows(good, goodLines);
    };

    const progress = () => options.onProgress?.({ bytes: prepared.progress.bytesRead, totalBytes: prepared.fileSize, rows });
    prepared.fieldScan.width = width;
    // A file longer than the sample is read again from its first data record, now by the field scanner,
    // rather than handing the sample's 10,000 records on as strings (slower to build, and slower still
    // to send to the column worker). A file the sample read whole is taken from the sample.
    const readAgain = prepared.progress.bytesRead < prepared.fileSize && (await readDataAgain(prepared));
    if (!readAgain) {
      await ingest(prepared.buffered);
      prepared.buffered.rows = [];
      progress();
    }
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError(`${label}: import cancelled`, { file });
      const next = await prepared.rest.next();
      if (next.done) break;
      await ingest(next.value);
      progress();
      // let cancel and progress events through between chunks
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (options.signal?.aborted) throw new CancelledError(`${label}: import cancelled`, { file });
    if (rows === 0 && rejected === 0) throw new UserFacingError(`${label}: the file has a header but no data records`, { file });
    const outcomes = await columns.end(rows);
    if (pendingRejections.length > 0) out.writeRejections(pendingRejections);

    const warnings = [...prepared.headerWarnings];
    if (prepared.progress.decoder?.switchedToWindows1252) {
      warnings.push(`${label}: the file is not valid UTF-8 throughout; it was read as Windows-1252 from the first invalid chunk on`);
    }
    for (const column of prepared.ambiguousDateColumns) {
      if (!dropped.has(column)) {
        warnings.push(`${label}: column "${column}" holds dates where day and month cannot be told apart; it was kept as text: choose D/M/Y or M/D/Y to read it as dates`);
      }
    }
    const report: ImportReport = {
      name,
      fileName: label,
      fileSize: prepared.fileSize,
      sha256: prepared.progress.sha256 ?? '',
      importedAt: new Date().toISOString(),
      encoding: prepared.encoding.encoding,
      delimiter: prepared.delimiter,
      decimalComma: prepared.decimalComma,
      hasHeader: prepared.hasHeader,
      naCodes: prepared.missingCodes.list(),
      rows,
      rejectedRows: rejected,
      columns: outcomes.map((b, k) => ({
        name: b.name,
        type: b.type,
        missing: b.missing,
        invalid: b.invalid,
        invalidExamples: b.invalidExamples,
        ...(kept[k].type === 'date' ? { dateFormat: kept[k].dateFormat } : {}),
        notes: b.notes,
      })),
      droppedColumns: prepared.columns.filter((c) => dropped.has(c.name)).map((c) => c.name),
      flaggedIdentifiers: prepared.flaggedIdentifiers.map((f) => ({
        ...f,
        decision: dropped.has(f.column) ? 'dropped' : confirmed.has(f.column) ? 'confirmed' : 'undecided',
      })),
      ambiguousDateColumns: prepared.ambiguousDateColumns,
      decisions: {
        droppedColumns: [...dropped],
        confirmedIdentifiers: [...confirmed],
        dateOrder: { ...(options.dateOrder ?? {}) },
        ...(options.columnTypes && Object.keys(options.columnTypes).length > 0 ? { columnTypes: { ...options.columnTypes } } : {}),
      },
      rejections: {
        total: rejected,
        byReason: [...rejectionCounts].map(([reason, count]) => ({ reason, count })),
        examples: rejectionExamples,
      },
      warnings,
      timing: { totalMs: performance.now() - started },
    };
    out.commit({
      nRows: rows,
      columns: outcomes.map((b) => ({ name: b.name, type: b.type, missing: b.missing })),
      sha256: report.sha256,
      report,
      importedAt: report.importedAt,
      audit: {
        dataset: name,
        file: label,
        fileSize: report.fileSize,
        sha256: report.sha256,
        rows,
        rejectedRows: rejected,
        droppedColumns: report.droppedColumns,
        flaggedIdentifiers: report.flaggedIdentifiers.map((f) => ({ column: f.column, kind: f.kind, decision: f.decision })),
        exclusions: report.rejections.byReason,
        invalidValues: report.columns.filter((c) => c.invalid > 0).map((c) => ({ column: c.name, invalid: c.invalid })),
        ...(report.decisions.columnTypes ? { columnTypes: report.decisions.columnTypes } : {}),
      },
    });
    writer = null;
    report.timing.totalMs = performance.now() - started;
    return report;
  } catch (error) {
    sink?.close();
    writer?.rollback();
    await prepared.rest.return(undefined).catch(() => undefined);
    if (error instanceof UserFacingError) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserFacingError(`${prepared.label}: import failed: ${message}`, { file });
  }
}

/**
 * Imports and hands back the data (the `analyze --csv` path), with the same checks and report as an
 * import into a project; the frame is the one built during the import, not a copy read back.
 */
export async function loadCsv(file: string, options: ImportOptions = {}): Promise<{ frame: DataFrame; report: ImportReport }> {
  const target = new FrameTarget();
  const report = await importInto(target, file, options, 'frame');
  return { frame: target.result(), report };
}
