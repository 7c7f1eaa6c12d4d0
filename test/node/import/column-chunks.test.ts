import { describe, expect, it } from 'vitest';
import { type ColumnSpec, ColumnChunks } from '../../../node/import/column-chunks';
import { emptyFieldTable, scanFieldBytes } from '../../../node/import/field-table';
import { MissingCodes } from '../../../node/import/values';

const SPECS: ColumnSpec[] = [
  { position: 0, name: 'id', type: 'text', field: 0, expectedLevels: 0 },
  { position: 1, name: 'score', type: 'integer', field: 2, expectedLevels: 0 },
];
const missing = new MissingCodes(['', 'NA']);

/** Records "P<i>,x,<score>" of a field table over bytes. */
function table(first: number, n: number) {
  const text = Array.from({ length: n }, (_, k) => `P${first + k},x,${(first + k) % 7 === 0 ? 'NA' : first + k}\n`).join('');
  const t = emptyFieldTable(3);
  scanFieldBytes(Buffer.from(text, 'latin1'), 0, text.length, ',', '\n', first + 1, t);
  return t;
}

describe('ColumnChunks', () => {
  it('hands over full chunks of chunkRows rows, then the last one on flush, with the values of every record', () => {
    const seen: { chunkIndex: number; nRows: number; ids: number[]; scores: number[] }[] = [];
    const chunks = new ColumnChunks(SPECS, 4, missing, false, (chunkIndex, nRows, builders) => {
      seen.push({ chunkIndex, nRows, ids: Array.from(builders[0].buffer.subarray(0, nRows)), scores: Array.from(builders[1].buffer.subarray(0, nRows)) });
    });
    chunks.ingestTable(table(1, 3));
    chunks.ingestRows([['P4', 'x', '4'], ['P5', 'x', ' 5 ']], [5, 6]);
    chunks.ingestTable(table(6, 4));
    expect(seen.map((s) => [s.chunkIndex, s.nRows])).toEqual([[0, 4], [1, 4]]);
    chunks.flush();
    chunks.flush(); // nothing left: no empty chunk
    expect(seen.map((s) => [s.chunkIndex, s.nRows])).toEqual([[0, 4], [1, 4], [2, 1]]);
    expect(seen.flatMap((s) => s.ids)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.flatMap((s) => s.scores)).toEqual([1, 2, 3, 4, 5, 6, NaN, 8, 9]);
    expect(chunks.rows).toBe(9);
    chunks.finish();
    expect(chunks.outcomes()).toEqual([
      { position: 0, name: 'id', type: 'text', missing: 0, invalid: 0, invalidExamples: [], notes: [] },
      { position: 1, name: 'score', type: 'integer', missing: 1, invalid: 0, invalidExamples: [], notes: [] },
    ]);
  });

  it('writes into the buffers it is given, and refuses a buffer of the wrong type or size', () => {
    const sets = [0, 1].map(() => [new Int32Array(4), new Float64Array(4)]);
    const used: number[] = [];
    const chunks = new ColumnChunks(
      SPECS,
      4,
      missing,
      false,
      (chunkIndex, nRows, builders) => {
        used.push(builders[1].buffer === sets[chunkIndex % 2][1] ? chunkIndex % 2 : -1);
        chunks.useBuffers(sets[(chunkIndex + 1) % 2]);
      },
      sets[0],
    );
    chunks.ingestTable(table(1, 6));
    chunks.flush();
    expect(used).toEqual([0, 1]);
    expect(Array.from(sets[0][1])).toEqual([1, 2, 3, 4]);
    expect(Array.from(sets[1][1].subarray(0, 2))).toEqual([5, 6]);
    expect(() => chunks.useBuffers([new Float64Array(4), new Float64Array(4)])).toThrow('column "id": a chunk buffer of the wrong type');
    expect(() => chunks.useBuffers([new Int32Array(3), new Float64Array(4)])).toThrow('column "id": a chunk buffer of 3 values for 4 rows');
  });
});
