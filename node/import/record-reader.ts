/**
 * Streams the records of a delimited text file: bytes are read in chunks (the file is never loaded
 * whole), hashed (SHA-256), decoded, and split into records by papaparse's parser. Once the import knows
 * the number of fields (`fieldScan.width`), a chunk without quote characters or NUL bytes is split by the
 * field scanner instead (field-table.ts), which keeps field bounds rather than strings; a pure-ASCII such
 * chunk is not decoded at all: its bytes are scanned and the builders parse cells from them. The next chunk is
 * read while the current one is parsed. A record cut by a chunk boundary is carried into the next chunk. Each record
 * comes with the line it starts on; blank lines are skipped (counted for line numbers only); records
 * with malformed quotes or NUL bytes carry the reason they must be rejected.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { CancelledError, UserFacingError } from '../../shared/errors';
import type { Delimiter } from './dialect';
import { ChunkDecoder, type DetectedEncoding } from './encoding';
import { type FieldTable, emptyFieldTable, scanFieldBytes, scanFields } from './field-table';

export interface RecordBatch {
  /** Records (arrays of raw field text), blank lines left out. */
  rows: string[][];
  /** Line of the file each record starts on (1-based). */
  lines: number[];
  /** Why a record is malformed and must be rejected (sparse; undefined for good records). */
  problems: (string | undefined)[] | null;
  /**
   * Records split by the field scanner (all with `fieldScan.width` fields; those with another count are
   * in `rows`). Valid until the next batch is asked for: its arrays are reused.
   */
  fields?: FieldTable;
}

/** Switches the reader to the field scanner for the chunks read after `width` is set (> 0). */
export interface FieldScanControl {
  width: number;
}

export interface ReaderProgress {
  bytesRead: number;
  totalBytes: number;
  /** Lowercase hex SHA-256 of the whole file, set once the last byte has been read. */
  sha256: string | null;
  decoder: ChunkDecoder | null;
}

export interface ReadOptions {
  file: string;
  label: string;
  totalBytes: number;
  encoding: DetectedEncoding;
  delimiter: Delimiter;
  newline: '\r\n' | '\n' | '\r';
  signal?: AbortSignal;
  chunkBytes?: number;
  fieldScan?: FieldScanControl;
  /**
   * Start at this byte (a record's first, on line `line`) instead of the file's start: the bytes before it
   * are still read and hashed, but not split into records (the import's second read, after the sample).
   */
  startAt?: { offset: number; line: number };
}

/** A record still open after this many characters is taken to be an unbalanced quote. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

interface PapaParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
}

export async function* readRecords(options: ReadOptions, progress: ReaderProgress): AsyncGenerator<RecordBatch> {
  const { file, label, signal } = options;
  const chunkBytes = options.chunkBytes ?? 256 * 1024;
  const decoder = new ChunkDecoder(options.encoding.encoding);
  progress.decoder = decoder;
  const hash = createHash('sha256');
  const parser = new (Papa as unknown as { Parser: new (config: Papa.ParseConfig) => PapaParser }).Parser({
    delimiter: options.delimiter,
    newline: options.newline,
    quoteChar: '"',
  });
  const newlineChar = options.newline === '\r' ? 13 : 10;
  const handle = await open(file, 'r');
  let table: FieldTable | null = null;
  let boundaryTable: FieldTable | null = null;
  let pending: Promise<{ bytesRead: number }> | null = null;
  try {
    // two buffers in turn: the next chunk is read into one while the bytes of this one are scanned
    const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    let readBuffer = buffers[0];
    let partial = '';
    let nextLine = 1;
    let skipBom = options.encoding.bomLength;
    if (options.startAt) {
      // hash the bytes before the start; the reads below go on from where these end
      for (let left = options.startAt.offset; left > 0; ) {
        const { bytesRead } = await handle.read(readBuffer, 0, Math.min(chunkBytes, left), null);
        if (bytesRead === 0) throw new Error(`the file ended before byte ${options.startAt.offset}`);
        hash.update(readBuffer.subarray(0, bytesRead));
        progress.bytesRead += bytesRead;
        left -= bytesRead;
      }
      nextLine = options.startAt.line;
      skipBom = 0;
    }
    pending = handle.read(readBuffer, 0, chunkBytes, null);
    for (;;) {
      const buffer = readBuffer;
      if (signal?.aborted) throw new CancelledError(`${label}: import cancelled`, { file });
      const { bytesRead } = await (pending as Promise<{ bytesRead: number }>);
      const eof = bytesRead === 0;
      if (!eof) {
        hash.update(buffer.subarray(0, bytesRead));
        progress.bytesRead += bytesRead;
      } else {
        progress.sha256 = hash.digest('hex');
      }
      let bytes = buffer.subarray(0, bytesRead);
      if (skipBom > 0) {
        const skip = Math.min(skipBom, bytes.length);
        bytes = bytes.subarray(skip);
        skipBom -= skip;
      }
      const width = options.fieldScan?.width ?? 0;
      // pure ASCII without quotes or NUL bytes, and the decoder would give the same characters: scan the bytes
      const asciiScan =
        width > 0 &&
        !eof &&
        bytes.length > 0 &&
        decoder.asciiPassesThrough &&
        isAscii(bytes) &&
        bytes.indexOf(34) === -1 &&
        bytes.indexOf(0) === -1 &&
        quoteFree(partial);
      const text = asciiScan ? '' : decoder.decode(bytes, eof);
      // read the next chunk (into the other buffer) while this one is parsed
      if (!eof) {
        readBuffer = buffer === buffers[0] ? buffers[1] : buffers[0];
        pending = handle.read(readBuffer, 0, chunkBytes, null);
      }
      if (asciiScan) {
        const newline = options.newline;
        const breakCode = newline.charCodeAt(0);
        let start = 0;
        if (partial.length > 0) {
          // the record cut by the chunk boundary: joined as text and read as a batch of its own
          let headEnd: number;
          if (newline.length === 2 && partial.charCodeAt(partial.length - 1) === 13 && bytes[0] === 10) headEnd = 1;
          else {
            const at = newline.length === 1 ? bytes.indexOf(breakCode) : bytes.indexOf(newline, 0, 'latin1');
            headEnd = at < 0 ? -1 : at + newline.length;
          }
          if (headEnd < 0) {
            partial += bytes.toString('latin1', 0, bytes.length);
            checkRecordLength(partial.length, label, file, nextLine);
            continue;
          }
          const head = partial + bytes.toString('latin1', 0, headEnd);
          start = headEnd;
          partial = '';
          if (boundaryTable === null || boundaryTable.width !== width) boundaryTable = emptyFieldTable(width);
          const scanned = scanFields(head, 0, head.length, options.delimiter, newline, nextLine, boundaryTable);
          nextLine = scanned.nextLine;
          if (boundaryTable.nRows > 0 || scanned.misfits.length > 0) yield { rows: scanned.misfits, lines: scanned.misfitLines, problems: null, fields: boundaryTable };
        }
        const lastBreak = newline.length === 1 ? bytes.lastIndexOf(breakCode) : bytes.lastIndexOf(newline, bytes.length, 'latin1');
        const cut = lastBreak < 0 || lastBreak + newline.length <= start ? start : lastBreak + newline.length;
        if (cut > start) {
          if (table === null || table.width !== width) table = emptyFieldTable(width);
          const scanned = scanFieldBytes(bytes, start, cut, options.delimiter, newline, nextLine, table);
          nextLine = scanned.nextLine;
          if (table.nRows > 0 || scanned.misfits.length > 0) yield { rows: scanned.misfits, lines: scanned.misfitLines, problems: null, fields: table };
        }
        partial = cut < bytes.length ? bytes.toString('latin1', cut, bytes.length) : '';
        checkRecordLength(partial.length, label, file, nextLine);
        continue;
      }
      if (width > 0 && quoteFree(text) && quoteFree(partial)) {
        // Scan the decoded chunk itself (a flat string: reading characters out of a concatenation is
        // slower); only the record cut by the chunk boundary is joined, and read as a batch of its own.
        const newline = options.newline;
        let start = 0;
        if (partial.length > 0) {
          const joined = partial + text;
          const at = joined.indexOf(newline, Math.max(0, partial.length - newline.length + 1));
          if (at < 0 && !eof) {
            partial = joined;
            checkRecordLength(partial.length, label, file, nextLine);
            continue;
          }
          const headEnd = at < 0 ? joined.length : at + newline.length;
          const head = joined.substring(0, headEnd);
          start = headEnd - partial.length;
          partial = '';
          if (boundaryTable === null || boundaryTable.width !== width) boundaryTable = emptyFieldTable(width);
          const scanned = scanFields(head, 0, head.length, options.delimiter, newline, nextLine, boundaryTable);
          nextLine = scanned.nextLine;
          if (boundaryTable.nRows > 0 || scanned.misfits.length > 0) yield { rows: scanned.misfits, lines: scanned.misfitLines, problems: null, fields: boundaryTable };
        }
        const lastBreak = eof ? -1 : text.lastIndexOf(newline);
        const cut = eof ? text.length : lastBreak < 0 || lastBreak + newline.length <= start ? start : lastBreak + newline.length;
        if (cut > start) {
          if (table === null || table.width !== width) table = emptyFieldTable(width);
          const scanned = scanFields(text, start, cut, options.delimiter, newline, nextLine, table);
          nextLine = scanned.nextLine;
          if (table.nRows > 0 || scanned.misfits.length > 0) yield { rows: scanned.misfits, lines: scanned.misfitLines, problems: null, fields: table };
        }
        partial = cut < text.length ? text.substring(cut) : '';
        checkRecordLength(partial.length, label, file, nextLine);
        if (eof) return;
        continue;
      }
      const aggregate = partial.length > 0 ? partial + text : text;
      if (aggregate.length === 0) {
        if (eof) return;
        continue;
      }
      const hasQuotes = aggregate.indexOf('"') !== -1;
      const hasNul = aggregate.indexOf('\u0000') !== -1;
      const result = parser.parse(aggregate, 0, !eof);
      partial = eof ? '' : aggregate.substring(result.meta.cursor);
      checkRecordLength(partial.length, label, file, nextLine);
      const data = result.data;
      let problems: (string | undefined)[] | null = null;
      for (const error of result.errors) {
        if (error.row === undefined || error.row < 0 || error.row >= data.length) continue;
        problems ??= new Array(data.length);
        problems[error.row] ??=
          error.code === 'MissingQuotes'
            ? 'unbalanced quote: a quoted field is never closed (the rest of the file was read into it)'
            : 'malformed quotes: text follows a closing quote';
      }
      const rows: string[][] = [];
      const lines: number[] = [];
      const outProblems: (string | undefined)[] | null = problems || hasNul ? [] : null;
      for (let r = 0; r < data.length; r++) {
        const row = data[r];
        const line = nextLine;
        let extraLines = 0;
        if (hasQuotes) {
          for (let f = 0; f < row.length; f++) {
            const field = row[f];
            if (field.length === 0) continue;
            let at = field.indexOf(newlineChar === 10 ? '\n' : '\r');
            while (at !== -1) {
              extraLines++;
              at = field.indexOf(newlineChar === 10 ? '\n' : '\r', at + 1);
            }
          }
        }
        nextLine += 1 + extraLines;
        if (row.length === 1 && row[0].length === 0 && !problems?.[r]) continue; // blank line
        rows.push(row);
        lines.push(line);
        if (outProblems) {
          let problem = problems?.[r];
          if (!problem && hasNul) {
            const column = row.findIndex((field) => field.indexOf('\u0000') !== -1);
            if (column >= 0) problem = `NUL byte in field ${column + 1}`;
          }
          outProblems.push(problem);
        }
      }
      if (rows.length > 0) yield { rows, lines, problems: outProblems };
      if (eof) return;
    }
  } finally {
    // a read still under way must finish before the handle closes
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

/** No quote character and no NUL byte: the field scanner can split it. */
function quoteFree(text: string): boolean {
  return text.indexOf('"') === -1 && text.indexOf('\u0000') === -1;
}

function checkRecordLength(length: number, label: string, file: string, line: number): void {
  if (length > MAX_RECORD_CHARS) {
    throw new UserFacingError(`${label}: line ${line}: a record longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB starts here (a quote that is never closed?)`, {
      file,
      line,
    });
  }
}
