/**
 * Where the import sends the good records of each batch: the columns built on the import's own thread
 * (`InlineColumns`, here), in the column worker (`ColumnWorker`, column-worker.ts), or some in each
 * (`SplitColumns`, here). Each stores every full chunk of its columns and, at the end, the levels of its
 * coded columns, through the dataset writer, at the columns' stored positions.
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
      builders.forEach((b, k) => out.writeChunk(specs[k].position, chunkIndex, nRows, b.buffer));
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
    chunks.builders.forEach((b, k) => {
      if (b instanceof CodedBuilder) this.out.writeLevels(chunks.positions[k], b.levels);
    });
    return chunks.outcomes();
  }

  close(): void {}
}

/**
 * Some columns built by one sink and the rest by another (the column worker and the import's own thread,
 * so that both threads have about as much to do): each batch goes to both, the worker's first so that it
 * works while this thread builds its share; the outcomes come back in stored order.
 */
export class SplitColumns implements ColumnSink {
  constructor(private readonly parts: readonly ColumnSink[]) {}

  async ingestTable(table: FieldTable): Promise<void> {
    for (const part of this.parts) await part.ingestTable(table);
  }

  async ingestRows(rows: string[][], lines: number[]): Promise<void> {
    for (const part of this.parts) await part.ingestRows(rows, lines);
  }

  async end(rows: number): Promise<ColumnOutcome[]> {
    const outcomes: ColumnOutcome[] = [];
    for (const part of [...this.parts].reverse()) outcomes.push(...(await part.end(rows)));
    return outcomes.sort((a, b) => a.position - b.position);
  }

  close(): void {
    for (const part of this.parts) part.close();
  }
}
