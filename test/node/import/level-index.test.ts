/**
 * The level index's expected size (an identifier column: about one level per row) only spares the table
 * its rebuilds: codes and levels are those of an index that grows from the smallest table. Its JSON text of
 * a run of levels is JSON.stringify's.
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

describe('LevelIndex.json', () => {
  it('is JSON.stringify of the levels, for any run, whatever the characters', () => {
    const plain = new LevelIndex();
    for (const v of ['P0000001', 'north', '', 'Zoë', 'ÿ\u007f\u0080', 'x'.repeat(200)]) plain.codeOf(v);
    for (const [start, end] of [[0, 6], [1, 4], [3, 3], [5, 6], [0, 99]] as const) expect(plain.json(start, end)).toBe(JSON.stringify(plain.slice(start, end)));
    expect(plain.json()).toBe('["P0000001","north","","Zoë","ÿ\u007f\u0080","' + 'x'.repeat(200) + '"]');
    // characters JSON escapes, and a wide one, make the run go through the strings
    for (const odd of ['say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', '\u0001', '日本']) {
      const index = new LevelIndex();
      for (const v of ['a', odd, 'b']) index.codeOf(v);
      expect(index.json()).toBe(JSON.stringify(['a', odd, 'b']));
      expect(JSON.parse(index.json(1, 2))).toEqual([odd]);
    }
  });
});

