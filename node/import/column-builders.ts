/**
 * Typed column builders for the import. Each fills a chunk buffer (Float64 for integer/number/date/boolean
 * with NaN = missing; Int32 codes with -1 = missing for categorical/text) one column at a time over a run
 * of records, so the inner loop is monomorphic. Records come either as arrays of field strings (papaparse)
 * or as a field table (field-table.ts), whose cells are parsed in place, in the decoded text or (for a
 * pure-ASCII chunk) in its bytes, without a string per cell; all give the same values, counts and messages. A value that does not fit the column's type becomes
 * missing and is counted, with the first examples and their line numbers. An integer column that meets a
 * decimal number becomes a number column (same storage, nothing lost).
 */
import type { ColumnType } from '../../shared/data/frame';
import type { FieldTable } from './field-table';
import { LevelIndex } from './level-index';
import {
  type DateOrder,
  type MissingCodes,
  parseBoolean,
  parseBooleanAt,
  parseBooleanBytes,
  parseDate,
  parseDateAt,
  parseDateBytes,
  parseInteger,
  parseIntegerAt,
  parseIntegerBytes,
  parseNumber,
  parseNumberAt,
  parseNumberBytes,
  trimCell,
} from './values';

export interface InvalidExample {
  line: number;
  value: string;
}

export const MAX_INVALID_EXAMPLES = 5;
/** A categorical column with more distinct values than this is text. */
export const CATEGORICAL_LEVEL_LIMIT = 1000;

export abstract class ColumnBuilder {
  missing = 0;
  invalid = 0;
  readonly invalidExamples: InvalidExample[] = [];
  readonly notes: string[] = [];
  constructor(
    readonly name: string,
    public type: ColumnType,
  ) {}
  /** The chunk being filled (the column worker swaps in shared buffers, one per chunk in flight). */
  abstract buffer: Float64Array | Int32Array;
  /** Parses column `column` of rows[from..to) into buffer[offset..]. */
  abstract ingest(rows: readonly string[][], from: number, to: number, column: number, lines: readonly number[], offset: number): void;
  /** Parses field `column` of records [from..to) of a field table into buffer[offset..]. */
  abstract ingestFields(table: FieldTable, from: number, to: number, column: number, offset: number): void;

  protected reject(raw: string, line: number): void {
    this.invalid++;
    this.missing++;
    if (this.invalidExamples.length < MAX_INVALID_EXAMPLES) this.invalidExamples.push({ line, value: raw.length > 100 ? `${raw.slice(0, 100)}…` : raw });
  }
}

export class NumericBuilder extends ColumnBuilder {
  buffer: Float64Array;
  constructor(
    name: string,
    type: 'integer' | 'number' | 'date' | 'boolean',
    chunkRows: number,
    private readonly missingCodes: MissingCodes,
    private readonly decimalComma: boolean,
    private readonly dateFormat: 'ISO' | DateOrder = 'ISO',
  ) {
    super(name, type);
    this.buffer = new Float64Array(chunkRows);
  }

  ingest(rows: readonly string[][], from: number, to: number, column: number, lines: readonly number[], offset: number): void {
    const buffer = this.buffer;
    const missingCodes = this.missingCodes;
    const decimalComma = this.decimalComma;
    let o = offset;
    switch (this.type) {
      case 'integer':
        for (let r = from; r < to; r++, o++) {
          const s = trimCell(rows[r][column]);
          if (missingCodes.isMissing(s)) {
            buffer[o] = NaN;
            this.missing++;
            continue;
          }
          const v = parseInteger(s);
          if (v === v) {
            buffer[o] = v;
            continue;
          }
          const x = parseNumber(s, decimalComma);
          if (x === x) {
            // a decimal value: the column is numeric, not integer (same Float64 storage)
            this.type = 'number';
            this.notes.push(`became a number column at line ${lines[r]} (value ${JSON.stringify(s)})`);
            buffer[o] = x;
            this.ingest(rows, r + 1, to, column, lines, o + 1);
            return;
          }
          buffer[o] = NaN;
          this.reject(s, lines[r]);
        }
        return;
      case 'number':
        for (let r = from; r < to; r++, o++) {
          const s = trimCell(rows[r][column]);
          if (missingCodes.isMissing(s)) {
            buffer[o] = NaN;
            this.missing++;
            continue;
          }
          const v = parseNumber(s, decimalComma);
          buffer[o] = v;
          if (v !== v) this.reject(s, lines[r]);
        }
        return;
      case 'date': {
        const format = this.dateFormat;
        for (let r = from; r < to; r++, o++) {
          const s = trimCell(rows[r][column]);
          if (missingCodes.isMissing(s)) {
            buffer[o] = NaN;
            this.missing++;
            continue;
          }
          const v = parseDate(s, format);
          buffer[o] = v;
          if (v !== v) this.reject(s, lines[r]);
        }
        return;
      }
      case 'boolean':
        for (let r = from; r < to; r++, o++) {
          const s = trimCell(rows[r][column]);
          if (missingCodes.isMissing(s)) {
            buffer[o] = NaN;
            this.missing++;
            continue;
          }
          const v = parseBoolean(s);
          buffer[o] = v;
          if (v !== v) this.reject(s, lines[r]);
        }
        return;
      default:
        throw new Error(`not a numeric type: ${this.type}`);
    }
  }

  ingestFields(table: FieldTable, from: number, to: number, column: number, offset: number): void {
    if (table.bytes) {
      this.ingestBytes(table, table.bytes, from, to, column, offset);
      return;
    }
    const buffer = this.buffer;
    const missingCodes = this.missingCodes;
    const decimalComma = this.decimalComma;
    const { text, bounds, lines } = table;
    const stride = table.width + 1;
    const type = this.type;
    const format = this.dateFormat;
    let o = offset;
    for (let r = from; r < to; r++, o++) {
      const at = r * stride + column;
      let cell = text;
      let start = bounds[at];
      let end = bounds[at + 1] - 1;
      if (end > start) {
        const first = text.charCodeAt(start);
        const last = text.charCodeAt(end - 1);
        if (first === 32 || first === 9 || last === 32 || last === 9) {
          // padded cell (rare): trim it as a string, exactly as trimCell does
          cell = text.substring(start, end).trim();
          start = 0;
          end = cell.length;
        }
      }
      if (missingCodes.isMissingAt(cell, start, end)) {
        buffer[o] = NaN;
        this.missing++;
        continue;
      }
      let v: number;
      if (type === 'integer') {
        v = parseIntegerAt(cell, start, end);
        if (v !== v) {
          const x = parseNumberAt(cell, start, end, decimalComma);
          if (x === x) {
            // a decimal value: the column is numeric, not integer (same Float64 storage)
            this.type = 'number';
            this.notes.push(`became a number column at line ${lines[r]} (value ${JSON.stringify(cell.substring(start, end))})`);
            buffer[o] = x;
            this.ingestFields(table, r + 1, to, column, o + 1);
            return;
          }
        }
      } else if (type === 'number') v = parseNumberAt(cell, start, end, decimalComma);
      else if (type === 'date') v = parseDateAt(cell, start, end, format);
      else v = parseBooleanAt(cell, start, end);
      buffer[o] = v;
      if (v !== v) this.reject(cell.substring(start, end), lines[r]);
    }
  }

  /** `ingestFields` for a table over pure-ASCII bytes: each cell is parsed from its bytes. */
  private ingestBytes(table: FieldTable, bytes: Buffer, from: number, to: number, column: number, offset: number): void {
    const buffer = this.buffer;
    const missingCodes = this.missingCodes;
    const decimalComma = this.decimalComma;
    const { bounds, lines } = table;
    const stride = table.width + 1;
    const format = this.dateFormat;
    let type = this.type;
    let o = offset;
    for (let r = from; r < to; r++, o++) {
      const at = r * stride + column;
      const start = bounds[at];
      const end = bounds[at + 1] - 1;
      if (end > start) {
        const first = bytes[start];
        const last = bytes[end - 1];
        if (first === 32 || first === 9 || last === 32 || last === 9) {
          // padded cell (rare): read it as the other paths do, from its trimmed text
          this.ingest([[bytes.toString('latin1', start, end)]], 0, 1, 0, [lines[r]], o);
          type = this.type;
          continue;
        }
      }
      if (missingCodes.isMissingBytes(bytes, start, end)) {
        buffer[o] = NaN;
        this.missing++;
        continue;
      }
      let v: number;
      if (type === 'integer') {
        v = parseIntegerBytes(bytes, start, end);
        if (v !== v) {
          const x = parseNumberBytes(bytes, start, end, decimalComma);
          if (x === x) {
            // a decimal value: the column is numeric, not integer (same Float64 storage)
            this.type = type = 'number';
            this.notes.push(`became a number column at line ${lines[r]} (value ${JSON.stringify(bytes.toString('latin1', start, end))})`);
            buffer[o] = x;
            continue;
          }
        }
      } else if (type === 'number') v = parseNumberBytes(bytes, start, end, decimalComma);
      else if (type === 'date') v = parseDateBytes(bytes, start, end, format);
      else v = parseBooleanBytes(bytes, start, end);
      buffer[o] = v;
      if (v !== v) this.reject(bytes.toString('latin1', start, end), lines[r]);
    }
  }
}

export class CodedBuilder extends ColumnBuilder {
  buffer: Int32Array;
  private readonly index: LevelIndex;
  /** `expectedLevels`: LevelIndex's hint (an identifier column: about one level per row). */
  constructor(
    name: string,
    type: 'categorical' | 'text',
    chunkRows: number,
    private readonly missingCodes: MissingCodes,
    expectedLevels = 0,
  ) {
    super(name, type);
    this.buffer = new Int32Array(chunkRows);
    this.index = new LevelIndex(expectedLevels);
  }

  ingest(rows: readonly string[][], from: number, to: number, column: number, lines: readonly number[], offset: number): void {
    const buffer = this.buffer;
    const missingCodes = this.missingCodes;
    const index = this.index;
    let o = offset;
    for (let r = from; r < to; r++, o++) {
      const s = trimCell(rows[r][column]);
      if (missingCodes.isMissing(s)) {
        buffer[o] = -1;
        this.missing++;
        continue;
      }
      buffer[o] = index.codeOf(s);
    }
    this.checkLevels(lines[to - 1]);
  }

  ingestFields(table: FieldTable, from: number, to: number, column: number, offset: number): void {
    if (table.bytes) {
      this.ingestBytes(table, table.bytes, from, to, column, offset);
      return;
    }
    const buffer = this.buffer;
    const missingCodes = this.missingCodes;
    const index = this.index;
    const { text, bounds } = table;
    const stride = table.width + 1;
    let o = offset;
    for (let r = from; r < to; r++, o++) {
      const at = r * stride + column;
      let cell = text;
      let start = bounds[at];
      let end = bounds[at + 1] - 1;
      if (end > start) {
        const first = text.charCodeAt(start);
        const last = text.charCodeAt(end - 1);
        if (first === 32 || first === 9 || last === 32 || last === 9) {
          cell = text.substring(start, end).trim();
          start = 0;
          end = cell.length;
        }
      }
      if (missingCodes.isMissingAt(cell, start, end)) {
        buffer[o] = -1;
        this.missing++;
        continue;
      }
      buffer[o] = index.codeAt(cell, start, end);
    }
    if (to > from) this.checkLevels(table.lines[to - 1]);
  }

  /** `ingestFields` for a table over pure-ASCII bytes. */
  private ingestBytes(table: FieldTable, bytes: Buffer, from: number, to: number, column: number, offset: number): void {
    const buffer = this.buffer;
    const missingCodes = this.missingCodes;
    const index = this.index;
    const bounds = table.bounds;
    const stride = table.width + 1;
    let o = offset;
    for (let r = from; r < to; r++, o++) {
      const at = r * stride + column;
      const start = bounds[at];
      const end = bounds[at + 1] - 1;
      if (end > start) {
        const first = bytes[start];
        const last = bytes[end - 1];
        if (first === 32 || first === 9 || last === 32 || last === 9) {
          const cell = bytes.toString('latin1', start, end).trim();
          if (missingCodes.isMissing(cell)) {
            buffer[o] = -1;
            this.missing++;
          } else buffer[o] = index.codeOf(cell);
          continue;
        }
      }
      if (missingCodes.isMissingBytes(bytes, start, end)) {
        buffer[o] = -1;
        this.missing++;
        continue;
      }
      buffer[o] = index.codeAtBytes(bytes, start, end);
    }
    if (to > from) this.checkLevels(table.lines[to - 1]);
  }

  /** Every cell has been read: the level table can go (the levels stay). */
  finish(): void {
    this.index.releaseTable();
  }

  /** Distinct values in order of first appearance. */
  get levels(): LevelIndex {
    return this.index;
  }

  private checkLevels(line: number): void {
    if (this.type === 'categorical' && this.index.length > CATEGORICAL_LEVEL_LIMIT) {
      this.type = 'text';
      this.notes.push(`has more than ${CATEGORICAL_LEVEL_LIMIT} distinct values, so it is text, not categorical (by line ${line})`);
    }
  }
}
