/**
 * Where the import sends the good records of each batch: the columns built on the import's own thread
 * (`InlineColumns`, here), or in the column worker (`ColumnWorker`, column-worker.ts). Either stores each
 * full chunk of every column and, at the end, the levels of the coded columns, through the dataset writer.
 */
import type { DatasetWriter } from '../store/project';
import { CodedBuilder } from './column-builders';
import { ColumnChunks, type ColumnOutcome, type ColumnSpec } from './column-chunks';
import type { FieldTable } from './field-table';
import type { MissingCodes } from './values';

export interface ColumnSink {
  /** The records of a field table (valid only until this returns or its promise settles). */
  ingestTable(table: FieldTable): void | Promise<void>;
  /** Good records as arrays of field strings, with their lines. */
  ingestRows(rows: string[][], lines: number[]): void | Promise<void>;
  /** Stores the last chunk and the levels; `rows` is the number of records sent, which it checks. */
  end(rows: number): Promise<ColumnOutcome[]>;
  /** Stops at once (a failed or cancelled import); nothing more is written. */
  close(): void;
}

export class InlineColumns implements ColumnSink {
  private readonly chunks: ColumnChunks;

  constructor(
    specs: readonly ColumnSpec[],
    chunkRows: number,
    missingCodes: MissingCodes,
    decimalComma: boolean,
    private readonly out: DatasetWriter,
  ) {
    this.chunks = new ColumnChunks(specs, chunkRows, missingCodes, decimalComma, (chunkIndex, nRows, builders) => {
      builders.forEach((b, position) => out.writeChunk(position, chunkIndex, nRows, b.buffer));
    });
  }

  ingestTable(table: FieldTable): void {
    this.chunks.ingestTable(table);
  }

  ingestRows(rows: string[][], lines: number[]): void {
    this.chunks.ingestRows(rows, lines);
  }

  async end(rows: number): Promise<ColumnOutcome[]> {
    const chunks = this.chunks;
    chunks.flush();
    chunks.finish();
    if (chunks.rows !== rows) throw new Error(`${chunks.rows} records stored of ${rows}`);
    chunks.builders.forEach((b, position) => {
      if (b instanceof CodedBuilder) this.out.writeLevels(position, b.levels);
    });
    return chunks.outcomes();
  }

  close(): void {}
}
