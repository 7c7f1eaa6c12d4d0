/**
 * The first half of every import and of the preview: check the path, read the head of the file, detect
 * encoding, line break and delimiter, read a leading sample of records, decide on the header row and the
 * decimal comma, infer each column's type, and screen for direct identifiers. The record stream is left
 * open after the sample so the import can go on from there without reading the sample twice.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ColumnType } from '../../shared/data/frame';
import { UserFacingError } from '../../shared/errors';
import { type Delimiter, detectDecimalComma, detectDelimiter, detectNewline } from './dialect';
import { ChunkDecoder, type DetectedEncoding, detectEncoding } from './encoding';
import { type FlaggedIdentifier, screenIdentifiers } from './identifiers';
import { type ColumnInference, forceColumnType, inferColumn } from './infer-types';
import { type FieldScanControl, type ReaderProgress, type RecordBatch, readRecords } from './record-reader';
import { DEFAULT_NA_CODES, type DateOrder, MissingCodes, dateParts, parseDate, parseNumber, trimCell } from './values';

export interface PrepareOptions {
  naCodes?: readonly string[];
  dateOrder?: Record<string, DateOrder>;
  /** Force the header decision (default: detected). */
  header?: boolean;
  /** Force the delimiter (default: detected). */
  delimiter?: Delimiter;
  /** Force the decimal comma (default: detected). */
  decimalComma?: boolean;
  signal?: AbortSignal;
  /** The user's type for some columns, in place of the inferred one (see forceColumnType). */
  columnTypes?: Record<string, ColumnType>;
  /** Records used for type inference (default 10,000, fewer for very wide files). */
  sampleRecords?: number;
}

export interface PreparedColumn extends ColumnInference {
  name: string;
  /** The type inferred from the sample (differs from `type` when the user chose another). */
  inferredType: ColumnType;
  /** Position of the field in each record. */
  field: number;
}

export interface PreparedImport {
  file: string;
  label: string;
  fileSize: number;
  encoding: DetectedEncoding;
  delimiter: Delimiter;
  newline: '\r\n' | '\n' | '\r';
  decimalComma: boolean;
  hasHeader: boolean;
  missingCodes: MissingCodes;
  columns: PreparedColumn[];
  headerWarnings: string[];
  flaggedIdentifiers: FlaggedIdentifier[];
  ambiguousDateColumns: string[];
  /** Records already read (data records only: the header is removed). */
  buffered: RecordBatch;
  /** How many of the buffered records were used for inference. */
  sampleSize: number;
  /** The rest of the file. */
  rest: AsyncGenerator<RecordBatch>;
  progress: ReaderProgress;
  /** Set `width` to have the rest of the file split by the field scanner where it has no quotes. */
  fieldScan: FieldScanControl;
  /**
   * Where the first data record starts (byte offset and line), when that is plain from the file's head:
   * the header, if any, is line 1 and has no quote character, and the encoding has one-byte line breaks.
   * Null otherwise. `readDataAgain` needs it.
   */
  dataStart: { offset: number; line: number } | null;
  /** Opens a new read of the file from a record's first byte (the bytes before it hashed, not split). */
  readFrom(start: { offset: number; line: number }, progress: ReaderProgress): AsyncGenerator<RecordBatch>;
}

const HEAD_BYTES = 1024 * 1024;
const SAMPLE_CELLS = 2_000_000;

/**
 * The checks an import makes before anything else, cheap enough to run before a project file is opened
 * or created: the path is a regular, non-empty file that can be opened for reading. Returns its size.
 */
export async function checkImportFile(file: string): Promise<number> {
  const label = basename(file);
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new UserFacingError(`${file}: is a directory, not a CSV file`, { file });
    if (!st.isFile()) throw new UserFacingError(`${file}: is not a regular file`, { file });
    size = st.size;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserFacingError(`${file}: no such file`, { file });
    throw new UserFacingError(`${file}: cannot read the file (${code ?? String(error)})`, { file });
  }
  if (size === 0) throw new UserFacingError(`${label}: the file is empty`, { file });
  const handle = await openForReading(file);
  await handle.close();
  return size;
}

function openForReading(file: string) {
  return open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new UserFacingError(`${file}: cannot open the file (${error.code ?? error.message})`, { file });
  });
}

export async function prepareImport(file: string, options: PrepareOptions = {}): Promise<PreparedImport> {
  const label = basename(file);
  const size = await checkImportFile(file);

  const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
  const handle = await openForReading(file);
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const encoding = detectEncoding(head, label);
  const headText = new ChunkDecoder(encoding.encoding).decode(head.subarray(encoding.bomLength), head.length === size);
  if (headText.trim().length === 0 && size <= HEAD_BYTES) throw new UserFacingError(`${label}: the file is empty (only blank lines)`, { file });
  const newline = detectNewline(headText);
  const delimiter = options.delimiter ?? detectDelimiter(headText);
  const missingCodes = new MissingCodes(options.naCodes ?? DEFAULT_NA_CODES);

  const progress: ReaderProgress = { bytesRead: 0, totalBytes: size, sha256: null, decoder: null };
  const fieldScan: FieldScanControl = { width: 0 };
  const readOptions = { file, label, totalBytes: size, encoding, delimiter, newline, signal: options.signal, fieldScan };
  const rest = readRecords(readOptions, progress);
  const buffered: RecordBatch = { rows: [], lines: [], problems: null };
  let sampleLimit = options.sampleRecords ?? 10_000;
  let widthKnown = false;
  try {
    while (buffered.rows.length < sampleLimit + 1) {
      const next = await rest.next();
      if (next.done) break;
      const batch = next.value;
      if (batch.problems || buffered.problems) {
        buffered.problems ??= new Array(buffered.rows.length);
        for (let r = 0; r < batch.rows.length; r++) buffered.problems.push(batch.problems?.[r]);
      }
      for (let r = 0; r < batch.rows.length; r++) {
        buffered.rows.push(batch.rows[r]);
        buffered.lines.push(batch.lines[r]);
      }
      if (!widthKnown && buffered.rows.length > 0) {
        widthKnown = true;
        const width = buffered.rows[0].length;
        if (options.sampleRecords === undefined) sampleLimit = Math.max(100, Math.min(10_000, Math.floor(SAMPLE_CELLS / Math.max(1, width))));
      }
    }
  } catch (error) {
    await rest.return(undefined);
    throw error;
  }
  if (buffered.rows.length === 0) {
    await rest.return(undefined);
    throw new UserFacingError(`${label}: the file is empty (no records)`, { file });
  }

  const firstProblem = buffered.problems?.[0];
  if (firstProblem) {
    await rest.return(undefined);
    throw new UserFacingError(`${label}: line ${buffered.lines[0]}: the first record cannot be read: ${firstProblem}`, { file, line: buffered.lines[0] });
  }
  const first = buffered.rows[0];
  const width = first.length;
  const good = (from: number, limit: number): string[][] => {
    const out: string[][] = [];
    for (let r = from; r < buffered.rows.length && out.length < limit; r++) {
      if (buffered.rows[r].length === width && !buffered.problems?.[r]) out.push(buffered.rows[r]);
    }
    return out;
  };

  // Decimal comma and types on the records after the first one, then the header decision.
  let sample = good(1, sampleLimit);
  const decimalComma = options.decimalComma ?? detectDecimalComma(sample.length > 0 ? sample : [first], delimiter, missingCodes);
  const inferAll = (rows: string[][], names: string[] | null): ColumnInference[] =>
    Array.from({ length: width }, (_, j) => {
      const name = names?.[j];
      const order = name !== undefined ? options.dateOrder?.[name] : undefined;
      return inferColumn(rows.map((row) => row[j]), missingCodes, decimalComma, order);
    });
  let inferred = inferAll(sample, first.map((s) => s.trim()));
  const hasHeader = options.header ?? looksLikeHeader(first, inferred, missingCodes, decimalComma);

  const headerWarnings: string[] = [];
  let names: string[];
  if (hasHeader) {
    names = uniqueNames(first, headerWarnings, label, buffered.lines[0]);
    if (names.some((n, j) => n !== first[j].trim())) inferred = inferAll(sample, names);
    buffered.rows.shift();
    buffered.lines.shift();
    buffered.problems?.shift();
  } else {
    names = Array.from({ length: width }, (_, j) => `V${j + 1}`);
    sample = good(0, sampleLimit);
    inferred = inferAll(sample, names);
  }
  if (buffered.rows.length === 0) {
    await rest.return(undefined);
    throw new UserFacingError(`${label}: line ${buffered.lines[0] ?? 2}: the file has a header but no data records`, { file });
  }
  for (const column of Object.keys(options.dateOrder ?? {})) {
    if (!names.includes(column)) {
      await rest.return(undefined);
      throw new UserFacingError(`${label}: no column named "${column}" (given a date order)`, { file, column });
    }
  }

  for (const column of Object.keys(options.columnTypes ?? {})) {
    if (!names.includes(column)) {
      await rest.return(undefined);
      throw new UserFacingError(`${label}: no column named "${column}" (given a type)`, { file, column });
    }
  }
  const inferredTypes = inferred.map((inference) => inference.type);
  if (options.columnTypes) {
    try {
      inferred = inferred.map((inference, j) => {
        const type = options.columnTypes![names[j]];
        return type === undefined ? inference : forceColumnType(names[j], sample.map((row) => row[j]), type, inference, missingCodes, decimalComma, options.dateOrder?.[names[j]]);
      });
    } catch (error) {
      await rest.return(undefined);
      if (error instanceof UserFacingError) throw new UserFacingError(`${label}: ${error.message}`, { file });
      throw error;
    }
  }
  const columns: PreparedColumn[] = names.map((name, j) => ({ name, field: j, ...inferred[j], inferredType: inferredTypes[j] }));
  const flaggedIdentifiers = screenIdentifiers(names, sample, columns.map((c) => c.type), missingCodes);
  const dataStart = plainDataStart(head, encoding, newline, hasHeader, buffered.lines[0]);
  // a date column named like a birth date is flagged by name already; a date of birth in content cannot be told apart
  return {
    file,
    label,
    fileSize: size,
    encoding,
    delimiter,
    newline,
    decimalComma,
    hasHeader,
    missingCodes,
    columns,
    headerWarnings,
    flaggedIdentifiers,
    ambiguousDateColumns: columns.filter((c) => c.ambiguousDate).map((c) => c.name),
    buffered,
    sampleSize: sample.length,
    rest,
    progress,
    fieldScan,
    dataStart,
    readFrom: (start, readProgress) => readRecords({ ...readOptions, startAt: start }, readProgress),
  };
}

/**
 * The first data record's byte offset, when it can be read off the head without parsing: no header and
 * the first record on line 1 (offset: after the BOM), or a header on line 1 without a quote character,
 * the first record on line 2 (offset: after the header's line break). Only for encodings whose line
 * break is one byte (UTF-8, Windows-1252); null otherwise.
 */
function plainDataStart(
  head: Buffer,
  encoding: DetectedEncoding,
  newline: '\r\n' | '\n' | '\r',
  hasHeader: boolean,
  firstDataLine: number | undefined,
): { offset: number; line: number } | null {
  if (encoding.encoding === 'utf-16le' || encoding.encoding === 'utf-16be') return null;
  if (!hasHeader) return firstDataLine === 1 ? { offset: encoding.bomLength, line: 1 } : null;
  if (firstDataLine !== 2) return null;
  const at = newline === '\r\n' ? head.indexOf('\r\n', encoding.bomLength, 'latin1') : head.indexOf(newline.charCodeAt(0), encoding.bomLength);
  if (at < 0 || head.subarray(encoding.bomLength, at).includes(34)) return null;
  return { offset: at + newline.length, line: 2 };
}

/**
 * Lets the import read the data records again from the file, from the first one on, instead of taking
 * the sample's records as strings: once the field scanner is on (`fieldScan.width` set), the second
 * read splits the sample's bytes as fast as the rest of the file, and its records come out exactly as
 * the first read's did (the same reader, the same line numbers). Replaces `rest` and `progress` and
 * empties `buffered`; false (nothing changed) when the data's start is not plain or the first read had
 * to switch to Windows-1252 part-way.
 */
export async function readDataAgain(prepared: PreparedImport): Promise<boolean> {
  if (!prepared.dataStart || prepared.progress.decoder?.switchedToWindows1252) return false;
  await prepared.rest.return(undefined);
  const progress: ReaderProgress = { bytesRead: 0, totalBytes: prepared.fileSize, sha256: null, decoder: null };
  prepared.progress = progress;
  prepared.rest = prepared.readFrom(prepared.dataStart, progress);
  prepared.buffered = { rows: [], lines: [], problems: null };
  return true;
}

/**
 * The first record is a header unless it reads as data: one of its fields fits the (numeric, date or
 * boolean) type of its column and none of them is a plain word sitting over a typed column.
 */
function looksLikeHeader(first: readonly string[], inferred: readonly ColumnInference[], missing: MissingCodes, decimalComma: boolean): boolean {
  let dataEvidence = 0;
  let headerEvidence = 0;
  first.forEach((raw, j) => {
    const s = trimCell(raw);
    const type = inferred[j].type;
    if (missing.isMissing(s)) return;
    let fits: boolean | null = null;
    if (type === 'integer' || type === 'number') fits = !Number.isNaN(parseNumber(s, decimalComma));
    else if (type === 'date') fits = !Number.isNaN(parseDate(s, inferred[j].dateFormat ?? 'ISO'));
    else if (inferred[j].ambiguousDate) fits = dateParts(s).shape !== 0;
    if (fits === true) dataEvidence++;
    else if (fits === false) headerEvidence++;
  });
  if (headerEvidence > 0) return true;
  return dataEvidence === 0;
}

function uniqueNames(first: readonly string[], warnings: string[], label: string, line: number): string[] {
  const used = new Set<string>();
  const names = first.map((raw, j) => {
    let name = raw.trim();
    if (name.length === 0) {
      name = `V${j + 1}`;
      warnings.push(`${label}: line ${line}, column ${j + 1}: blank header, named "${name}"`);
    }
    return name;
  });
  return names.map((name, j) => {
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
    let k = 2;
    while (used.has(`${name}_${k}`) || names.includes(`${name}_${k}`)) k++;
    const renamed = `${name}_${k}`;
    used.add(renamed);
    warnings.push(`${label}: line ${line}, column ${j + 1}: duplicate header "${name}", renamed "${renamed}"`);
    return renamed;
  });
}

export type { ColumnType };
