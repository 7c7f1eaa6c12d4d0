/**
 * The imported columns filled a chunk of rows at a time: one typed builder per kept column
 * (column-builders.ts), fed the good records of each batch (a field table, or arrays of field strings),
 * and handed to `onChunk` each time `chunkRows` rows are filled (and once more, for the last rows, by
 * `flush`). The import runs it on its own thread, or in the column worker (column-worker.ts) while its
 * own thread reads and splits the file; both give the same chunks, levels, counts and notes.
 */
import type { ColumnType } from '../../shared/data/frame';
import { CodedBuilder, type ColumnBuilder, type InvalidExample, NumericBuilder } from './column-builders';
import type { FieldTable } from './field-table';
import type { DateOrder, MissingCodes } from './values';

/** What a builder needs to know about its column (plain data: it is also sent to the column worker). */
export interface ColumnSpec {
  /** Where the column is stored: its position among the dataset's columns. */
  position: number;
  name: string;
  type: ColumnType;
  /** Position of the column's field in each record. */
  field: number;
  dateFormat?: 'ISO' | DateOrder;
  /** LevelIndex's hint for a text column (an identifier: about one level per row). */
  expectedLevels: number;
}

/** A column's counts and notes once every row has been read, as the import report gives them. */
export interface ColumnOutcome {
  position: number;
  name: string;
  type: ColumnType;
  missing: number;
  invalid: number;
  invalidExamples: InvalidExample[];
  notes: string[];
}

export class ColumnChunks {
  readonly builders: ColumnBuilder[];
  /** The stored position of each builder's column. */
  readonly positions: number[];
  private readonly fields: number[];
  private filled = 0;
  private chunkIndex = 0;
  /** Rows ingested so far. */
  rows = 0;

  constructor(
    specs: readonly ColumnSpec[],
    private readonly chunkRows: number,
    missingCodes: MissingCodes,
    decimalComma: boolean,
    /** Called with each full chunk (and the last, partial one); the builders' buffers are reused after it returns. */
    private readonly onChunk: (chunkIndex: number, nRows: number, builders: readonly ColumnBuilder[]) => void,
    /** The first chunk's buffers (see `useBuffers`); by default each builder allocates its own. */
    buffers?: readonly (Float64Array | Int32Array)[],
  ) {
    // with buffers given, the builders' own are not allocated (an empty array until useBuffers)
    const rowsOwn = buffers ? 0 : chunkRows;
    this.builders = specs.map((c) =>
      c.type === 'categorical' || c.type === 'text'
        ? new CodedBuilder(c.name, c.type, rowsOwn, missingCodes, c.expectedLevels)
        : new NumericBuilder(c.name, c.type, rowsOwn, missingCodes, decimalComma, c.dateFormat),
    );
    this.fields = specs.map((c) => c.field);
    this.positions = specs.map((c) => c.position);
    if (buffers) this.useBuffers(buffers);
  }

  /** Every record of a field table (the scanner keeps only records of the right width in it). */
  ingestTable(table: FieldTable): void {
    const builders = this.builders;
    for (let from = 0; from < table.nRows; ) {
      const to = Math.min(table.nRows, from + (this.chunkRows - this.filled));
      for (let k = 0; k < builders.length; k++) builders[k].ingestFields(table, from, to, this.fields[k], this.filled);
      this.advance(to - from);
      from = to;
    }
  }

  /** Good records as arrays of field strings, with their lines. */
  ingestRows(rows: readonly string[][], lines: readonly number[]): void {
    const builders = this.builders;
    for (let from = 0; from < rows.length; ) {
      const to = Math.min(rows.length, from + (this.chunkRows - this.filled));
      for (let k = 0; k < builders.length; k++) builders[k].ingest(rows, from, to, this.fields[k], lines, this.filled);
      this.advance(to - from);
      from = to;
    }
  }

  /** Hands over the rows filled since the last chunk. */
  flush(): void {
    if (this.filled === 0) return;
    this.onChunk(this.chunkIndex, this.filled, this.builders);
    this.chunkIndex++;
    this.filled = 0;
  }

  /**
   * The arrays the next rows are written into, one per column (a Float64Array for a numeric column, an
   * Int32Array for a coded one, each of at least `chunkRows`), in place of the builders' own.
   */
  useBuffers(buffers: readonly (Float64Array | Int32Array)[]): void {
    this.builders.forEach((b, k) => {
      const buffer = buffers[k];
      if (buffer.length < this.chunkRows) throw new Error(`column "${b.name}": a chunk buffer of ${buffer.length} values for ${this.chunkRows} rows`);
      if (b instanceof NumericBuilder && buffer instanceof Float64Array) b.buffer = buffer;
      else if (b instanceof CodedBuilder && buffer instanceof Int32Array) b.buffer = buffer;
      else throw new Error(`column "${b.name}": a chunk buffer of the wrong type`);
    });
  }

  /** After the last flush: lets the level tables go (the levels stay readable). */
  finish(): void {
    for (const b of this.builders) if (b instanceof CodedBuilder) b.finish();
  }

  outcomes(): ColumnOutcome[] {
    return this.builders.map((b, k) => ({ position: this.positions[k], name: b.name, type: b.type, missing: b.missing, invalid: b.invalid, invalidExamples: b.invalidExamples, notes: b.notes }));
  }

  private advance(n: number): void {
    this.filled += n;
    this.rows += n;
    if (this.filled === this.chunkRows) this.flush();
  }
}
