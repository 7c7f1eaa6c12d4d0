/**
 * The import's column worker, seen from the import's thread: a worker thread (column-worker-thread.ts)
 * parses the cells into the columns' typed chunks and levels, and encodes the chunks, while this thread
 * reads, hashes and splits the file and writes the chunks to SQLite, so that a large import uses two cores. The
 * stored chunks, levels and report are exactly those of `InlineColumns` (column-sink.ts).
 *
 * Both ways go through shared memory (SharedArrayBuffer), so that nothing is allocated per batch
 * (allocating and filling fresh memory for every 256 KB of the file cost more than copying it):
 * - a field table is copied into one of MAX_BATCHES_IN_FLIGHT table slots (its bytes, bounds and lines),
 *   which the worker hands back with its acknowledgement; at most that many batches wait for the worker,
 *   so memory stays bounded however fast the file is read;
 * - the worker fills one of CHUNK_SETS sets of chunk buffers (one array per column) and names it when it
 *   is full, each chunk encoded; this thread stores it (`writeEncodedChunk`) and marks it free in a shared state
 *   array, which the worker waits on (Atomics.wait) before filling a set again.
 * At the end the worker sends the coded columns' levels as their stored JSON chunks, at most
 * MAX_LEVELS_IN_FLIGHT at a time (an identifier column of 5,000,000 rows has some 55 MB of them), and each
 * column's counts and notes. A failure in the worker (or in storing what it sends) fails the import with its
 * first line; `close` terminates the worker (a cancelled or failed import).
 */
import { Worker } from 'node:worker_threads';
import type { ChunkEncoding } from '../store/column-codec';
import type { DatasetWriter } from '../store/project';
import type { ColumnOutcome, ColumnSpec } from './column-chunks';
import type { ColumnSink } from './column-sink';
import type { FieldTable } from './field-table';

/** The column worker's script and how to run it (the built column-worker-thread.js, or the .ts under tsx). */
export interface ColumnWorkerSpec {
  script: string | URL;
  execArgv?: readonly string[];
  /** Files smaller than this are imported on the import's own thread (default COLUMN_WORKER_MIN_BYTES). */
  minBytes?: number;
}

/** Below this file size starting a thread costs more than it saves. */
export const COLUMN_WORKER_MIN_BYTES = 8 * 1024 * 1024;
const MAX_BATCHES_IN_FLIGHT = 4;
/** Sets of chunk buffers: one being filled by the worker, the others being stored here. */
export const CHUNK_SETS = 2;
/** Index in the shared state of the number of levels chunks sent and not yet stored. */
export const LEVELS_IN_FLIGHT = CHUNK_SETS;
/** At most this many levels chunks (up to 65,536 levels each) wait to be stored. */
export const MAX_LEVELS_IN_FLIGHT = 2;

/**
 * Rough CPU cost per record, in nanoseconds, of the import's two threads (measured on the bench's 1M demo
 * file, 2-core machine): the import's thread reads, hashes and splits every byte and stores every cell;
 * building a column costs by its kind, an identifier (a text column with about one level per row) most,
 * as nearly every cell is a new entry of its level table, and encoding its chunks costs the same for all.
 * A column is encoded on the thread that builds it.
 */
const COST = { perByte: 3, perStoredCell: 4, encode: 8, identifier: 300, coded: 45, date: 35, numeric: 20 };

function buildCost(spec: ColumnSpec): number {
  const build = spec.type === 'categorical' || spec.type === 'text' ? (spec.expectedLevels > 0 ? COST.identifier : COST.coded) : spec.type === 'date' ? COST.date : COST.numeric;
  return build + COST.encode;
}

/**
 * Which columns the worker builds and which the import's own thread builds, so that both have about as
 * much to do: the worker takes them all, then the import's thread takes numeric columns, the last ones
 * first, while that still brings the two closer. Where a column is built changes nothing in what is
 * stored.
 */
export function shareColumns(specs: readonly ColumnSpec[], bytesPerRecord: number): { worker: ColumnSpec[]; inline: ColumnSpec[] } {
  let inlineCost = COST.perByte * bytesPerRecord + COST.perStoredCell * specs.length;
  let workerCost = specs.reduce((sum, spec) => sum + buildCost(spec), 0);
  const inline = new Set<ColumnSpec>();
  for (let k = specs.length - 1; k >= 0 && inline.size < specs.length - 1; k--) {
    const spec = specs[k];
    if (spec.type === 'categorical' || spec.type === 'text') continue;
    const cost = buildCost(spec);
    if (inlineCost + cost > workerCost - cost) break;
    inline.add(spec);
    inlineCost += cost;
    workerCost -= cost;
  }
  return { worker: specs.filter((spec) => !inline.has(spec)), inline: specs.filter((spec) => inline.has(spec)) };
}

export interface ColumnWorkerSetup {
  specs: ColumnSpec[];
  chunkRows: number;
  naCodes: string[];
  decimalComma: boolean;
  /** CHUNK_SETS sets of one shared chunk buffer per column. */
  sets: (Float64Array | Int32Array)[][];
  /**
   * Per set and column, shared bytes (4 per row) the worker encodes a chunk into (`encodeChunk`'s
   * scratch) when its encoding is narrower than the buffer's own type (f64 and c32 chunks are stored as
   * the buffer's bytes).
   */
  encoded: Uint8Array[][];
  /**
   * Shared: per set, 1 while the worker's chunk in it waits to be stored, else 0; then (LEVELS_IN_FLIGHT)
   * the number of levels chunks sent and not yet stored.
   */
  setState: Int32Array;
}

/** Shared memory a field table is copied into; the worker keeps the slots it is sent, by index. */
export interface TableSlot {
  bytes: Uint8Array;
  bounds: Int32Array;
  lines: Int32Array;
}

/** Messages to the worker. */
export type ToColumnWorker =
  | { type: 'start'; setup: ColumnWorkerSetup }
  | { type: 'slot'; index: number; slot: TableSlot }
  /** A field table in slot `slot` (its bytes; or `text`, then the slot's bytes are not used). */
  | { type: 'table'; slot: number; ascii: boolean; text: string; width: number; nRows: number }
  | { type: 'rows'; rows: string[][]; lines: number[] }
  | { type: 'end' };

/** Messages from the worker. */
export type FromColumnWorker =
  /** A batch has been read; its slot (-1 for none) is free again. */
  | { type: 'ack'; slot: number }
  /**
   * Set `set` holds chunk `chunkIndex` (nRows rows) of every column, encoded: column k's bytes are the
   * first byteLengths[k] of its chunk buffer (encodings f64, c32) or of its `encoded` bytes (the others).
   */
  | { type: 'chunk'; set: number; chunkIndex: number; nRows: number; encodings: ChunkEncoding[]; byteLengths: number[] }
  /** Chunk k of the levels of the worker's column `column` (an index into its specs). */
  | { type: 'levels'; column: number; k: number; json: string }
  | { type: 'done'; rows: number; outcomes: ColumnOutcome[] }
  | { type: 'error'; message: string };

export class ColumnWorker implements ColumnSink {
  private readonly worker: Worker;
  private inFlight = 0;
  private readonly slots: TableSlot[] = [];
  private readonly freeSlots: number[] = [];
  private failure: Error | null = null;
  /** Resolves the wait for a free place in the queue (or for the end), settled on ack, done or failure. */
  private waiter: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private done: { rows: number; outcomes: ColumnOutcome[] } | null = null;
  private closed = false;

  private out: DatasetWriter | null = null;
  private specs: ColumnSpec[] = [];
  private sets: (Float64Array | Int32Array)[][] = [];
  private encoded: Uint8Array[][] = [];
  private setState: Int32Array = new Int32Array(0);

  /**
   * Starts the thread; `start` gives it its columns. The import starts it before it reads the head of
   * the file, so that the thread's start-up (a Node environment and its modules) overlaps that work.
   */
  constructor(spec: ColumnWorkerSpec) {
    this.worker = new Worker(spec.script, { execArgv: spec.execArgv ? [...spec.execArgv] : undefined });
    this.worker.on('message', (message: FromColumnWorker) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closed && !this.done) this.fail(new Error(`the column worker stopped (exit code ${code})`));
    });
  }

  /** The columns to build and where to store them (a project's writer: it has `writeLevelsChunk`). */
  start(setup: Omit<ColumnWorkerSetup, 'sets' | 'encoded' | 'setState'>, out: DatasetWriter): void {
    if (!out.writeLevelsChunk || !out.writeEncodedChunk) throw new Error('the column worker needs a project to write to');
    this.out = out;
    this.specs = setup.specs;
    this.sets = Array.from({ length: CHUNK_SETS }, () =>
      setup.specs.map((c) =>
        c.type === 'categorical' || c.type === 'text'
          ? new Int32Array(new SharedArrayBuffer(4 * setup.chunkRows))
          : new Float64Array(new SharedArrayBuffer(8 * setup.chunkRows)),
      ),
    );
    this.encoded = Array.from({ length: CHUNK_SETS }, () => setup.specs.map(() => new Uint8Array(new SharedArrayBuffer(4 * setup.chunkRows))));
    this.setState = new Int32Array(new SharedArrayBuffer(4 * (CHUNK_SETS + 1)));
    this.post({ type: 'start', setup: { ...setup, sets: this.sets, encoded: this.encoded, setState: this.setState } });
  }

  private receive(message: FromColumnWorker): void {
    if (this.closed || this.failure) return;
    const out = this.out;
    const setState = this.setState;
    try {
      if (!out) throw new Error('the column worker answered before it was started');
      switch (message.type) {
        case 'ack':
          this.inFlight--;
          if (message.slot >= 0) this.freeSlots.push(message.slot);
          break;
        case 'chunk':
          this.sets[message.set].forEach((buffer, k) => {
            const encoding = message.encodings[k];
            const bytes = encoding === 'f64' || encoding === 'c32' ? new Uint8Array(buffer.buffer, buffer.byteOffset, message.byteLengths[k]) : this.encoded[message.set][k].subarray(0, message.byteLengths[k]);
            out.writeEncodedChunk!(this.specs[k].position, message.chunkIndex, message.nRows, encoding, bytes);
          });
          Atomics.store(setState, message.set, 0);
          Atomics.notify(setState, message.set);
          return;
        case 'levels':
          out.writeLevelsChunk!(this.specs[message.column].position, message.k, message.json);
          Atomics.sub(setState, LEVELS_IN_FLIGHT, 1);
          Atomics.notify(setState, LEVELS_IN_FLIGHT);
          return;
        case 'done':
          this.done = { rows: message.rows, outcomes: message.outcomes };
          break;
        case 'error':
          this.fail(new Error(message.message));
          return;
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.resolve();
  }

  async ingestTable(table: FieldTable): Promise<void> {
    await this.ready();
    if (this.slots.length < MAX_BATCHES_IN_FLIGHT && this.freeSlots.length === 0) this.freeSlots.push(this.slots.length);
    const index = this.freeSlots.pop();
    if (index === undefined) throw new Error('column worker: no free slot');
    const nBounds = table.nRows * (table.width + 1);
    const nBytes = table.bytes ? table.bytes.length : 0;
    let slot = this.slots[index];
    if (!slot || slot.bytes.length < nBytes || slot.bounds.length < nBounds || slot.lines.length < table.nRows) {
      // a new slot, or one too small for this table: sized with room to spare, and sent to the worker once
      const size = (n: number, old: number) => Math.max(n + (n >> 2), old);
      slot = {
        bytes: new Uint8Array(new SharedArrayBuffer(size(nBytes, slot?.bytes.length ?? 0))),
        bounds: new Int32Array(new SharedArrayBuffer(4 * size(nBounds, slot?.bounds.length ?? 0))),
        lines: new Int32Array(new SharedArrayBuffer(4 * size(table.nRows, slot?.lines.length ?? 0))),
      };
      this.slots[index] = slot;
      this.post({ type: 'slot', index, slot });
    }
    // the reader reuses its buffers: the worker reads a copy
    if (table.bytes) slot.bytes.set(table.bytes);
    slot.bounds.set(table.bounds.subarray(0, nBounds));
    slot.lines.set(table.lines.subarray(0, table.nRows));
    this.inFlight++;
    this.post({ type: 'table', slot: index, ascii: table.bytes !== null, text: table.text, width: table.width, nRows: table.nRows });
  }

  async ingestRows(rows: string[][], lines: number[]): Promise<void> {
    await this.ready();
    this.inFlight++;
    this.post({ type: 'rows', rows, lines });
  }

  async end(rows: number): Promise<ColumnOutcome[]> {
    this.post({ type: 'end' });
    while (!this.done) await this.wait();
    this.close();
    if (this.done.rows !== rows) throw new Error(`${this.done.rows} records stored of ${rows}`);
    return this.done.outcomes;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }

  /** Until fewer than MAX_BATCHES_IN_FLIGHT batches wait for the worker. */
  private async ready(): Promise<void> {
    while (this.inFlight >= MAX_BATCHES_IN_FLIGHT) await this.wait();
  }

  private post(message: ToColumnWorker): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage(message);
  }

  private wait(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private fail(error: Error): void {
    if (this.failure || this.closed) return;
    this.failure = error;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }
}
