/**
 * The timeline builder of the app (issue 13 item 3): a new dataset of (start, stop] rows with
 * time-dependent covariates, built from two datasets of the same project — a participants dataset (one
 * row each: id, end of follow-up, event status) and a long dataset of visits or measurements (id, day,
 * measures) — by the engine the CLI's `timeline` uses (shared/data/timeline-frames.ts, R survival's
 * tmerge). It runs as a job of its own (a worker thread in the app) that opens the project itself, reads
 * only the columns it needs, and writes the table through the store's dataset writer in one transaction
 * (a failure or a cancel leaves the project as it was). The stored report says what it was built from,
 * with the spec and every row left out; the audit log records it as 'timeline-built'.
 *
 * Column types of the new dataset: the id keeps the participants dataset's type; a text measure (a value
 * carried forward) keeps its type; numbers are 'integer' when every value is whole, else 'number', and a
 * yes/no (boolean) column stays one while its values are 0 and 1.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { csvChunks } from '../../shared/data/csv-write';
import type { ColumnType, DataFrame } from '../../shared/data/frame';
import { TimelineInputError } from '../../shared/data/timeline';
import { buildTimelineFromFrames, type TimelineCell, type TimelineProblem, type TimelineProblems, type TimelineSpec } from '../../shared/data/timeline-frames';
import { CancelledError, UserFacingError } from '../../shared/errors';
import type { Project, StoredColumn } from '../store';
import type { ProgressReporter, TimelineJobRequest } from './job';

export interface TimelineJobResult {
  dataset: string;
  rows: number;
  participants: number;
  columns: string[];
  problems: TimelineProblems;
}

/** The stored report of a dataset the timeline builder made (what `datasetReport` gives back). */
export interface TimelineDatasetReport {
  kind: 'timeline';
  name: string;
  builtBy: string;
  /** The two datasets it was built from. */
  from: { participants: string; measures: string };
  spec: TimelineSpec;
  /** What the dataset list shows as its source, and the table as CSV (what `timeline --out` writes): its size and SHA-256. */
  fileName: string;
  fileSize: number;
  sha256: string;
  importedAt: string;
  rows: number;
  rejectedRows: 0;
  participants: number;
  columns: string[];
  problems: TimelineProblems;
  timing: { totalMs: number };
}

const MAX_CHUNK_ROWS = 65_536;
const CHUNK_CELLS = 1_000_000;

/** How a dataset is named in the builder's messages. */
const label = (dataset: string) => `dataset "${dataset}"`;

/** The kinds as the app's users read them (the engine's messages say tdc). */
function plainWords(message: string): string {
  return message.replace(/\bthe participants file\b/g, 'the participants dataset').replace(/\btdc measure\b/g, 'value carried forward').replace(/\bcumulative measure\b/g, 'running total').replace(/\bevent measure\b/g, 'event on that day');
}

/**
 * Refuses, in one line, a dataset that is not in the project or a column it does not have (checked from
 * the stored column list, before any data are read); gives the columns to read from each dataset.
 */
export function checkTimelineRequest(project: Project, request: Pick<TimelineJobRequest, 'participants' | 'measures' | 'spec' | 'measureId'>): { participants: string[]; measures: string[] } {
  const { spec } = request;
  const visitsId = request.measureId ?? spec.id;
  const wanted = {
    participants: [
      [spec.id, 'participant id'],
      [spec.end, 'end of follow-up'],
      [spec.event, 'event status'],
    ],
    measures: [
      [visitsId, 'participant id'],
      [spec.time, 'day of each visit'],
      ...spec.measures.map((m) => [m.column, m.kind === 'tdc' ? 'value carried forward' : m.kind === 'cumulative' ? 'running total' : 'event on that day']),
    ],
  } as const;
  const out = { participants: [] as string[], measures: [] as string[] };
  if (visitsId !== spec.id && [spec.time, ...spec.measures.map((m) => m.column)].includes(spec.id)) {
    throw new UserFacingError(`${label(request.measures)}: the participants' id "${spec.id}" is also a column used from the visits; give the visits' id the same name or choose other columns`);
  }
  for (const role of ['participants', 'measures'] as const) {
    const dataset = request[role];
    if (!project.hasDataset(dataset)) throw new UserFacingError(`${basename(project.path)}: no dataset named "${dataset}"`, { file: project.path });
    const names = project.datasetColumns(dataset).map((c) => c.name);
    for (const [column, what] of wanted[role]) {
      if (!names.includes(column)) {
        const shown = names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '');
        throw new UserFacingError(`${label(dataset)}: no column named "${column}" (the ${what}); its columns are ${shown}`, { column });
      }
      if (!out[role].includes(column)) out[role].push(column);
    }
  }
  return out;
}

interface StoredImportReport {
  rejectedRows?: number;
  rejections?: { examples?: { line: number; reason: string }[] };
  columns?: { name: string; type: string; invalid: number; invalidExamples?: { line: number; value: string }[] }[];
}

/**
 * What the import of a dataset could not read, for the columns used (as the CLI's `timeline` reports it
 * for its files): records not imported at all, and cells that were not of their column's type and were
 * read as missing. A dataset the builder made itself has no such report and adds nothing.
 */
function importProblems(project: Project, dataset: string, used: readonly string[], file: TimelineProblem['file']): TimelineProblem[] {
  let report: StoredImportReport;
  try {
    report = project.datasetReport(dataset) as StoredImportReport;
  } catch {
    return [];
  }
  const out: TimelineProblem[] = [];
  const rejected = typeof report.rejectedRows === 'number' ? report.rejectedRows : 0;
  if (rejected > 0) {
    const first = report.rejections?.examples?.[0];
    const where = first ? ` (first: line ${first.line}: ${first.reason.replace(/^line \d+:\s*/, '')})` : '';
    out.push({ file, code: 'record-unreadable', count: rejected, message: `${rejected} record${rejected === 1 ? '' : 's'} of the file imported as ${label(dataset)} could not be read and ${rejected === 1 ? 'was' : 'were'} not imported${where}` });
  }
  for (const c of report.columns ?? []) {
    if (!used.includes(c.name) || !(c.invalid > 0)) continue;
    const first = c.invalidExamples?.[0];
    const where = first ? ` (first: line ${first.line}: "${first.value}")` : '';
    out.push({
      file,
      code: 'value-unreadable',
      measure: c.name,
      count: c.invalid,
      message: `${label(dataset)}: ${c.invalid} value${c.invalid === 1 ? '' : 's'} of column "${c.name}" ${c.invalid === 1 ? 'is' : 'are'} not ${c.type === 'date' ? 'a date' : 'a number'} and ${c.invalid === 1 ? 'was' : 'were'} read as missing when imported${where}`,
    });
  }
  return out;
}

/** Whether the cells of column j are text (then the column is stored coded). */
function isTextColumn(rows: readonly TimelineCell[][], j: number): boolean {
  for (const row of rows) if (typeof row[j] === 'string') return true;
  return false;
}

interface BuiltColumn {
  stored: StoredColumn;
  data: Float64Array | Int32Array;
  levels?: string[];
}

function buildColumn(name: string, rows: readonly TimelineCell[][], j: number, sourceType: ColumnType | undefined): BuiltColumn {
  const n = rows.length;
  let missing = 0;
  if (isTextColumn(rows, j) || sourceType === 'categorical' || sourceType === 'text') {
    const codes = new Int32Array(n);
    const levels: string[] = [];
    const index = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const cell = rows[r][j];
      if (cell === null) {
        codes[r] = -1;
        missing++;
        continue;
      }
      const text = String(cell);
      let code = index.get(text);
      if (code === undefined) {
        code = levels.length;
        levels.push(text);
        index.set(text, code);
      }
      codes[r] = code;
    }
    const type: ColumnType = sourceType === 'text' ? 'text' : 'categorical';
    return { stored: { name, type, missing }, data: codes, levels };
  }
  const values = new Float64Array(n);
  let whole = true;
  let zeroOne = true;
  for (let r = 0; r < n; r++) {
    const cell = rows[r][j];
    const v = cell === null ? NaN : (cell as number);
    values[r] = v;
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (!Number.isInteger(v)) whole = false;
    if (v !== 0 && v !== 1) zeroOne = false;
  }
  let type: ColumnType = whole ? 'integer' : 'number';
  if (sourceType === 'boolean' && zeroOne) type = 'boolean';
  // the id keeps its own type (a date or a number used as an id)
  if (sourceType === 'date' || (sourceType === 'number' && j === 0)) type = sourceType;
  return { stored: { name, type, missing }, data: values };
}

/** SHA-256 and size of the table as CSV, the bytes `timeline --out` writes. */
function csvDigest(columns: readonly string[], rows: readonly TimelineCell[][]): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of csvChunks(columns, rows)) {
    hash.update(chunk, 'utf8');
    bytes += Buffer.byteLength(chunk, 'utf8');
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Lets a cancel message through (the worker handles it between phases), then stops if it came. */
async function checkCancelled(signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal.aborted) throw new CancelledError('building the timeline was cancelled; nothing was changed');
}

export async function runTimelineJob(project: Project, request: TimelineJobRequest, progress: ProgressReporter, signal: AbortSignal): Promise<TimelineJobResult> {
  const started = performance.now();
  const name = request.name.trim();
  project.assertWritable(`build the dataset "${name}" in it`);
  if (name === '') throw new UserFacingError(`${basename(project.path)}: a dataset name cannot be empty`, { file: project.path });
  if (project.hasDataset(name)) throw new UserFacingError(`${basename(project.path)}: a dataset named "${name}" already exists; choose another name`, { file: project.path });
  const read = checkTimelineRequest(project, request);
  progress(null, 'reading the two datasets');
  const participants: DataFrame = project.readDataset(request.participants, { columns: read.participants });
  const visitsId = request.measureId ?? request.spec.id;
  let measures: DataFrame =
    request.measures === request.participants
      ? project.readDataset(request.measures, { columns: [...new Set([...read.participants, ...read.measures])] })
      : project.readDataset(request.measures, { columns: read.measures });
  if (visitsId !== request.spec.id) {
    // the visits' id column under the participants' id name, as the engine takes one id name for both
    const renamed = measures.columns.filter((c) => c.name !== request.spec.id).map((c) => (c.name === visitsId ? { ...c, name: request.spec.id } : c));
    measures = { nRows: measures.nRows, columns: renamed };
  }
  await checkCancelled(signal);
  progress(null, 'building the intervals');
  let table: ReturnType<typeof buildTimelineFromFrames>;
  try {
    table = buildTimelineFromFrames(participants, measures, request.spec, { participants: label(request.participants), measures: label(request.measures) });
  } catch (error) {
    if (error instanceof TimelineInputError) throw new UserFacingError(plainWords(error.message));
    throw error;
  }
  // as the CLI: what the import could not read comes first among the rows left out
  table.problems.dropped.unshift(
    ...importProblems(project, request.participants, read.participants, 'participants'),
    ...(request.measures === request.participants ? [] : importProblems(project, request.measures, read.measures, 'measures')),
  );
  await checkCancelled(signal);
  progress(null, `writing ${table.rows.length.toLocaleString('en')} intervals`);

  const sourceTypes = new Map<string, ColumnType>();
  const idColumn = participants.columns.find((c) => c.name === request.spec.id);
  const eventColumn = participants.columns.find((c) => c.name === request.spec.event);
  for (const c of measures.columns) sourceTypes.set(c.name, c.type);
  const typeOf = (column: string, j: number): ColumnType | undefined => {
    if (j === 0) return idColumn?.type;
    if (j <= 2) return undefined;
    if (column === request.spec.event) return eventColumn?.type;
    return request.spec.measures.some((m) => m.column === column) ? sourceTypes.get(column) : undefined;
  };
  const built = table.columns.map((column, j) => buildColumn(column, table.rows, j, typeOf(column, j)));
  const digest = csvDigest(table.columns, table.rows);
  const importedAt = new Date().toISOString();
  const fileName = `timeline of "${request.participants}" and "${request.measures}"`;
  const nRows = table.rows.length;
  const chunkRows = Math.max(1024, Math.min(MAX_CHUNK_ROWS, Math.floor(CHUNK_CELLS / built.length)));
  const writer = project.beginDatasetImport({ name, chunkRows, sourceFile: fileName, sourceSize: digest.bytes });
  try {
    built.forEach((column, position) => {
      for (let from = 0, k = 0; from < nRows || (k === 0 && nRows === 0); from += chunkRows, k++) {
        const to = Math.min(nRows, from + chunkRows);
        writer.writeChunk(position, k, to - from, column.data.subarray(from, to));
        if (nRows === 0) break;
      }
      if (column.levels) writer.writeLevels(position, column.levels);
    });
    await checkCancelled(signal);
    const report: TimelineDatasetReport = {
      kind: 'timeline',
      name,
      builtBy: `the timeline builder (R survival's tmerge) from datasets "${request.participants}" (participants) and "${request.measures}" (visits)`,
      from: { participants: request.participants, measures: request.measures },
      spec: request.spec,
      fileName,
      fileSize: digest.bytes,
      sha256: digest.sha256,
      importedAt,
      rows: nRows,
      rejectedRows: 0,
      participants: table.participants,
      columns: table.columns,
      problems: table.problems,
      timing: { totalMs: performance.now() - started },
    };
    writer.commit({
      nRows,
      columns: built.map((c) => c.stored),
      sha256: digest.sha256,
      report,
      importedAt,
      action: 'timeline-built',
      audit: {
        dataset: name,
        from: report.from,
        spec: request.spec,
        rows: nRows,
        participants: table.participants,
        sha256: digest.sha256,
        dropped: table.problems.dropped.map((p) => ({ file: p.file, code: p.code, ...(p.measure ? { measure: p.measure } : {}), count: p.count })),
        ignored: table.problems.ignored.map((p) => ({ code: p.code, measure: p.measure, count: p.count })),
      },
    });
  } catch (error) {
    writer.rollback();
    throw error;
  }
  return { dataset: name, rows: nRows, participants: table.participants, columns: table.columns, problems: table.problems };
}
