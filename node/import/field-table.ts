/**
 * The import's fast path for text without quote characters: the records of a decoded chunk are split
 * into fields by scanning character codes once, and only the field bounds are kept (one Int32 per field),
 * not an array per record or a string per cell. The column builders then read each cell in place.
 *
 * It splits exactly as papaparse does on quote-free input (its "fast mode"), which stays the parser of
 * record for everything else: records end at the file's line break (the exact '\r\n', '\n' or '\r'
 * sequence), fields at the delimiter, blank lines are skipped, and a record with the wrong number of
 * fields is handed back as a plain array of its fields so the import rejects it with its reason.
 *
 * `scanFieldBytes` is the same scan over the chunk's raw bytes, for chunks that are pure ASCII (then byte
 * and character offsets coincide): the table then points into the bytes themselves (`bytes`), the chunk
 * is never decoded into a string, and the builders parse each cell from its bytes.
 */
import type { Delimiter } from './dialect';

export interface FieldTable {
  /** The decoded text the bounds point into (empty when `bytes` is set). */
  text: string;
  /** The pure-ASCII bytes the bounds point into, for a table from `scanFieldBytes`; null for text. */
  bytes: Buffer | null;
  /** Fields per record. */
  width: number;
  /**
   * For record r, field f starts at bounds[r * (width + 1) + f] and ends one character before
   * bounds[r * (width + 1) + f + 1] (the delimiter or, for the last field, the line break).
   */
  bounds: Int32Array;
  /** Line of the file each record is on (1-based). */
  lines: Int32Array;
  /** Records in the table. */
  nRows: number;
}

export interface ScanResult {
  /** Records whose number of fields is not `width`, split into their fields, with their lines. */
  misfits: string[][];
  misfitLines: number[];
  /** Line number of the first line after the scanned text. */
  nextLine: number;
}

/** A reusable table: its arrays grow as needed and are overwritten by the next scan. */
export function emptyFieldTable(width: number): FieldTable {
  return { text: '', bytes: null, width, bounds: new Int32Array(1024 * (width + 1)), lines: new Int32Array(1024), nRows: 0 };
}

/** The text of field f of record r. */
export function fieldText(table: FieldTable, r: number, f: number): string {
  const at = r * (table.width + 1) + f;
  const start = table.bounds[at];
  const end = table.bounds[at + 1] - 1;
  return table.bytes ? table.bytes.toString('latin1', start, end) : table.text.substring(start, end);
}

/**
 * Scans text[start..end) (whole records: `start` is where a record begins, `end` is just past a line
 * break or the end of the file) into `table`, starting from file line `firstLine`.
 */
export function scanFields(text: string, start: number, end: number, delimiter: Delimiter, newline: '\r\n' | '\n' | '\r', firstLine: number, table: FieldTable): ScanResult {
  const width = table.width;
  const stride = width + 1;
  const delimiterCode = delimiter.charCodeAt(0);
  const breakCode = newline.charCodeAt(0);
  const crlf = newline.length === 2;
  let bounds = table.bounds;
  let lines = table.lines;
  const misfits: string[][] = [];
  const misfitLines: number[] = [];
  let row = 0;
  let line = firstLine;
  let pos = start;
  while (pos < end) {
    if ((row + 1) * stride > bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
      const grownLines = new Int32Array(lines.length * 2);
      grownLines.set(lines);
      lines = grownLines;
    }
    const base = row * stride;
    bounds[base] = pos;
    let fields = 1;
    let i = pos;
    let lineEnd = end;
    let next = end;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === delimiterCode) {
        if (fields < stride) bounds[base + fields] = i + 1;
        fields++;
      } else if (c === breakCode && (!crlf || text.charCodeAt(i + 1) === 10)) {
        lineEnd = i;
        next = i + newline.length;
        break;
      }
    }
    if (lineEnd === pos) {
      // a blank line: skipped, it only counts for line numbers
    } else if (fields === width) {
      bounds[base + width] = lineEnd + 1;
      lines[row] = line;
      row++;
    } else {
      misfits.push(text.substring(pos, lineEnd).split(delimiter));
      misfitLines.push(line);
    }
    line++;
    pos = next;
  }
  table.text = text;
  table.bytes = null;
  table.bounds = bounds;
  table.lines = lines;
  table.nRows = row;
  return { misfits, misfitLines, nextLine: line };
}

/**
 * `scanFields` over pure-ASCII `bytes` (so that `bytes[i]` is the code of the i-th character); the bounds
 * point into the bytes, which the table keeps (valid as long as the caller does not reuse the buffer).
 */
export function scanFieldBytes(
  bytes: Buffer,
  start: number,
  end: number,
  delimiter: Delimiter,
  newline: '\r\n' | '\n' | '\r',
  firstLine: number,
  table: FieldTable,
): ScanResult {
  const width = table.width;
  const stride = width + 1;
  const delimiterCode = delimiter.charCodeAt(0);
  const breakCode = newline.charCodeAt(0);
  const crlf = newline.length === 2;
  let bounds = table.bounds;
  let lines = table.lines;
  const misfits: string[][] = [];
  const misfitLines: number[] = [];
  let row = 0;
  let line = firstLine;
  let pos = start;
  while (pos < end) {
    if ((row + 1) * stride > bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
      const grownLines = new Int32Array(lines.length * 2);
      grownLines.set(lines);
      lines = grownLines;
    }
    const base = row * stride;
    bounds[base] = pos;
    let fields = 1;
    let i = pos;
    let lineEnd = end;
    let next = end;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c === delimiterCode) {
        if (fields < stride) bounds[base + fields] = i + 1;
        fields++;
      } else if (c === breakCode && (!crlf || bytes[i + 1] === 10)) {
        lineEnd = i;
        next = i + newline.length;
        break;
      }
    }
    if (lineEnd === pos) {
      // a blank line: skipped, it only counts for line numbers
    } else if (fields === width) {
      bounds[base + width] = lineEnd + 1;
      lines[row] = line;
      row++;
    } else {
      misfits.push(bytes.toString('latin1', pos, lineEnd).split(delimiter));
      misfitLines.push(line);
    }
    line++;
    pos = next;
  }
  table.text = '';
  table.bytes = bytes;
  table.bounds = bounds;
  table.lines = lines;
  table.nRows = row;
  return { misfits, misfitLines, nextLine: line };
}
