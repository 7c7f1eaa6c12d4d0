/**
 * Typed column builders for the import. Each fills a chunk buffer (Float64 for integer/number/date/boolean
 * with NaN = missing; Int32 codes with -1 = missing for categorical/text) one column at a time over a run
 * of records, so the inner loop is monomorphic. A value that does not fit the column's type becomes
 * missing and is counted, with the first examples and their line numbers. An integer column that meets a
 * decimal number becomes a number column (same storage, nothing lost).
 */
import type { ColumnType } from '../../../shared/data/frame';
import { type DateOrder, type MissingCodes, parseBoolean, parseDate, parseInteger, parseNumber, trimCell } from './values';

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
  abstract readonly buffer: Float64Array | Int32Array;
  /** Parses column `column` of rows[from..to) into buffer[offset..]. */
  abstract ingest(rows: readonly string[][], from: number, to: number, column: number, lines: readonly number[], offset: number): void;

  protected reject(raw: string, line: number): void {
    this.invalid++;
    this.missing++;
    if (this.invalidExamples.length < MAX_INVALID_EXAMPLES) this.invalidExamples.push({ line, value: raw.length > 100 ? `${raw.slice(0, 100)}…` : raw });
  }
}

export class NumericBuilder extends ColumnBuilder {
  readonly buffer: Float64Array;
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
}

export class CodedBuilder extends ColumnBuilder {
  readonly buffer: Int32Array;
  readonly levels: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(
    name: string,
    type: 'categorical' | 'text',
    chunkRows: number,
    private readonly missingCodes: MissingCodes,
  ) {
    super(name, type);
    this.buffer = new Int32Array(chunkRows);
  }

  ingest(rows: readonly string[][], from: number, to: number, column: number, lines: readonly number[], offset: number): void {
    const buffer = this.buffer;
    const missingCodes = this.missingCodes;
    const index = this.index;
    const levels = this.levels;
    let o = offset;
    for (let r = from; r < to; r++, o++) {
      const s = trimCell(rows[r][column]);
      if (missingCodes.isMissing(s)) {
        buffer[o] = -1;
        this.missing++;
        continue;
      }
      let code = index.get(s);
      if (code === undefined) {
        code = levels.length;
        levels.push(s);
        index.set(s, code);
      }
      buffer[o] = code;
    }
    if (this.type === 'categorical' && levels.length > CATEGORICAL_LEVEL_LIMIT) {
      this.type = 'text';
      this.notes.push(`has more than ${CATEGORICAL_LEVEL_LIMIT} distinct values, so it is text, not categorical (by line ${lines[to - 1]})`);
    }
  }
}
