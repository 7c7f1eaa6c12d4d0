/**
 * The column worker's thread (see column-worker.ts): builds the imported columns from the batches it is
 * sent (column-chunks.ts, as the import's own thread would), into shared sets of chunk buffers: when a
 * set is full it encodes each chunk (column-codec.ts) and names the set to the import's thread, which stores it, and the next set is filled once that
 * thread has marked it free (Atomics.wait on the shared state). At the end it sends the levels of the
 * coded columns as their stored JSON chunks (a few at a time, as they are stored) and each column's
 * counts and notes. Each batch is
 * acknowledged once read (its shared slot is then free again), so the sender keeps a bounded number in
 * flight. Any error is sent back as one line, and the thread stops reading.
 */
import { parentPort } from 'node:worker_threads';
import { type ChunkEncoding, encodeChunk, levelChunksJson } from '../store/column-codec';
import { CodedBuilder } from './column-builders';
import { ColumnChunks } from './column-chunks';
import { type FromColumnWorker, LEVELS_IN_FLIGHT, MAX_LEVELS_IN_FLIGHT, type TableSlot, type ToColumnWorker } from './column-worker';
import { MissingCodes } from './values';

const port = parentPort;
if (!port) throw new Error('column-worker-thread.ts runs as a worker thread');
let chunks: ColumnChunks | null = null;
let state: Int32Array | null = null;
const slots: TableSlot[] = [];
let failed = false;

const send = (message: FromColumnWorker) => port.postMessage(message);

port.on('message', (message: ToColumnWorker) => {
  if (failed) return;
  try {
    handle(message);
  } catch (error) {
    failed = true;
    send({ type: 'error', message: error instanceof Error ? error.message.split('\n')[0] : String(error) });
  }
});

function handle(message: ToColumnWorker): void {
  switch (message.type) {
    case 'start': {
      const { specs, chunkRows, naCodes, decimalComma, sets, encoded, setState } = message.setup;
      const columns = new ColumnChunks(specs, chunkRows, new MissingCodes(naCodes), decimalComma, (chunkIndex, nRows) => {
        const set = chunkIndex % sets.length;
        // encoded here, so that the import's thread, which also reads, splits and stores, only stores
        const encodings: ChunkEncoding[] = [];
        const byteLengths: number[] = [];
        sets[set].forEach((data, k) => {
          const { encoding, bytes } = encodeChunk(data, nRows, encoded[set][k].buffer);
          encodings.push(encoding);
          byteLengths.push(bytes.byteLength);
        });
        Atomics.store(setState, set, 1);
        send({ type: 'chunk', set, chunkIndex, nRows, encodings, byteLengths });
        // the next set, once the import's thread has stored what it held
        const next = (chunkIndex + 1) % sets.length;
        while (Atomics.load(setState, next) !== 0) Atomics.wait(setState, next, 1);
        columns.useBuffers(sets[next]);
      }, sets[0]);
      chunks = columns;
      state = setState;
      return;
    }
    case 'slot': {
      const { bytes, bounds, lines } = message.slot;
      // the builders read cells as a Buffer's (toString('latin1') for a value they report)
      slots[message.index] = { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bounds, lines };
      return;
    }
    case 'table': {
      const slot = slots[message.slot];
      started().ingestTable({ text: message.text, bytes: message.ascii ? (slot.bytes as Buffer) : null, width: message.width, bounds: slot.bounds, lines: slot.lines, nRows: message.nRows });
      send({ type: 'ack', slot: message.slot });
      return;
    }
    case 'rows':
      started().ingestRows(message.rows, message.lines);
      send({ type: 'ack', slot: -1 });
      return;
    case 'end': {
      const columns = started();
      columns.flush();
      columns.finish();
      columns.builders.forEach((b, column) => {
        if (!(b instanceof CodedBuilder)) return;
        let k = 0;
        for (const json of levelChunksJson(b.levels)) {
          // a few at a time: the import's thread stores each before more are made
          for (let n; (n = Atomics.load(state!, LEVELS_IN_FLIGHT)) >= MAX_LEVELS_IN_FLIGHT; ) Atomics.wait(state!, LEVELS_IN_FLIGHT, n);
          Atomics.add(state!, LEVELS_IN_FLIGHT, 1);
          send({ type: 'levels', column, k: k++, json });
        }
      });
      send({ type: 'done', rows: columns.rows, outcomes: columns.outcomes() });
      return;
    }
  }
}

function started(): ColumnChunks {
  if (!chunks) throw new Error('the column worker was sent records before its columns');
  return chunks;
}
