/**
 * The level index's expected size (an identifier column: about one level per row) only spares the table
 * its rebuilds: codes and levels are those of an index that grows from the smallest table.
 */
import { describe, expect, it } from 'vitest';
import { LevelIndex } from '../../../node/import/level-index';

function codesOf(index: LevelIndex, values: readonly string[]): number[] {
  return values.map((v, k) => (k % 2 === 0 ? index.codeOf(v) : index.codeAtBytes(Buffer.from(v, 'latin1'), 0, v.length)));
}

describe('LevelIndex with an expected number of levels', () => {
  // ASCII ids (read as text and as bytes) with repeats and the empty string, then a Latin-1 and a wide level
  const ids = Array.from({ length: 30_000 }, (_, k) => `p${(k * 7919) % 20_011}`);
  const values = [...ids, 'Zoë', '日本', '', 'p1', '日本'];
  const ascii = (v: string) => /^[\x00-\x7f]*$/.test(v);

  for (const expected of [0, 100, 20_011, 50_000]) {
    it(`gives the codes and levels of a growing index when told ${expected.toLocaleString('en')} levels`, () => {
      const growing = new LevelIndex();
      const sized = new LevelIndex(expected);
      expect(codesOf(sized, values.filter(ascii))).toEqual(codesOf(growing, values.filter(ascii)));
      expect(['Zoë', '日本', 'Zoë'].map((v) => sized.codeOf(v))).toEqual(['Zoë', '日本', 'Zoë'].map((v) => growing.codeOf(v)));
      expect(sized.length).toBe(20_011 + 3);
      expect(sized.slice()).toEqual(growing.slice());
    });
  }
});
