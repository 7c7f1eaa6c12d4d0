import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { emptyFieldTable, fieldText, scanFieldBytes, scanFields } from '../../../node/import/field-table';
import { LevelIndex } from '../../../node/import/level-index';

/** Records of a field table as arrays of strings, with their lines. */
function records(text: string, width: number, delimiter: ',' | ';' | '\t' | '|', newline: '\n' | '\r\n' | '\r', bytes = false) {
  const table = emptyFieldTable(width);
  const scanned = bytes
    ? scanFieldBytes(Buffer.from(text, 'latin1'), 0, text.length, delimiter, newline, 1, table)
    : scanFields(text, 0, text.length, delimiter, newline, 1, table);
  const out: { line: number; fields: string[] }[] = [];
  for (let r = 0; r < table.nRows; r++) {
    const fields: string[] = [];
    for (let f = 0; f < width; f++) fields.push(fieldText(table, r, f));
    out.push({ line: table.lines[r], fields });
  }
  scanned.misfits.forEach((fields, k) => out.push({ line: scanned.misfitLines[k], fields }));
  return out.sort((a, b) => a.line - b.line);
}

/** Papaparse's records of the whole text, blank lines left out, with their lines. */
function papaparseRecords(text: string, delimiter: ',' | ';' | '\t' | '|', newline: '\n' | '\r\n' | '\r') {
  const out: { line: number; fields: string[] }[] = [];
  Papa.parse<string[]>(text, { delimiter, newline, quoteChar: '"' }).data.forEach((fields, k) => {
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: k + 1, fields });
  });
  return out;
}

describe('field scanner', () => {
  it('splits quote-free text exactly as papaparse does, with line numbers, blank lines and ragged records', () => {
    // a fixed pseudo-random sequence, so a failure can be reproduced
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = ['a', 'b', '7', '-', '.', ' ', '\t', 'é', ',', ';', '|', '\r', '\n', '\r\n'];
    for (let trial = 0; trial < 300; trial++) {
      const delimiter = ([',', ';', '\t', '|'] as const)[trial % 4];
      const newline = (['\n', '\r\n', '\r'] as const)[trial % 3];
      const width = 1 + (trial % 5);
      const lines: string[] = [];
      for (let l = 0; l < 20; l++) {
        if (random() < 0.1) {
          lines.push('');
          continue;
        }
        const n = random() < 0.8 ? width : 1 + Math.floor(random() * 6);
        const fields: string[] = [];
        for (let f = 0; f < n; f++) {
          let cell = '';
          const length = Math.floor(random() * 4);
          // any character but a quote: stray '\r' or '\n' in a file with another line break, delimiters
          // of other dialects; papaparse's split of the whole text is the reference
          for (let c = 0; c < length; c++) cell += alphabet[Math.floor(random() * alphabet.length)];
          fields.push(cell);
        }
        lines.push(fields.join(delimiter));
      }
      const text = lines.join(newline) + (trial % 2 ? newline : '');
      expect(records(text, width, delimiter, newline), `trial ${trial}`).toEqual(papaparseRecords(text, delimiter, newline));
      // the byte scanner, on the same text made ASCII
      const ascii = text.replaceAll('é', 'e');
      expect(records(ascii, width, delimiter, newline, true), `trial ${trial} (bytes)`).toEqual(papaparseRecords(ascii, delimiter, newline));
    }
  });

  it('reads a last record with no line break at the end of the file', () => {
    for (const bytes of [false, true]) {
      expect(records('a,b\n1,2', 2, ',', '\n', bytes)).toEqual([
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
      ]);
    }
  });
});

describe('level index', () => {
  it('gives codes in order of first appearance for cells read in place, across table growth', () => {
    const index = new LevelIndex();
    const text = Array.from({ length: 5000 }, (_, k) => `v${k % 1777}`).join(',');
    const codes: number[] = [];
    let start = 0;
    for (;;) {
      const end = text.indexOf(',', start);
      codes.push(index.codeAt(text, start, end < 0 ? text.length : end));
      if (end < 0) break;
      start = end + 1;
    }
    expect(index.levels).toHaveLength(1777);
    expect(index.levels.slice(0, 3)).toEqual(['v0', 'v1', 'v2']);
    expect(codes.every((code, k) => code === k % 1777)).toBe(true);
    expect(index.codeOf('v1776')).toBe(1776);
    expect(index.codeOf('')).toBe(1777);
  });
  it('gives a cell read from ASCII bytes the code its text has', () => {
    const index = new LevelIndex();
    const bytes = Buffer.from('alpha,beta,alpha,gamma-delta-epsilon', 'latin1');
    expect(index.codeAtBytes(bytes, 0, 5)).toBe(0);
    expect(index.codeOf('beta')).toBe(1);
    expect(index.codeAtBytes(bytes, 6, 10)).toBe(1);
    expect(index.codeAtBytes(bytes, 11, 16)).toBe(0);
    expect(index.codeAtBytes(bytes, 17, bytes.length)).toBe(2);
    expect(index.codeOf('gamma-delta-epsilon')).toBe(2);
    expect(index.levels).toEqual(['alpha', 'beta', 'gamma-delta-epsilon']);
  });
  it('keeps Latin-1 and wider characters exactly, and reads levels out in runs', () => {
    const index = new LevelIndex();
    const values = ['Zoë', 'Müller', 'Ωmega', '', '日本', 'Zoë', 'zoe', 'Ωmega', 'a'.repeat(5000)];
    const codes = values.map((v) => index.codeOf(v));
    expect(codes).toEqual([0, 1, 2, 3, 4, 0, 5, 2, 6]);
    expect(index.length).toBe(7);
    expect(index.levels).toEqual(['Zoë', 'Müller', 'Ωmega', '', '日本', 'zoe', 'a'.repeat(5000)]);
    expect(index.slice(2, 5)).toEqual(['Ωmega', '', '日本']);
    expect(index.slice(6, 100)).toEqual(['a'.repeat(5000)]);
    // an ASCII byte cell never matches a level with the same code units modulo 256
    expect(index.codeAtBytes(Buffer.from('zoe', 'latin1'), 0, 3)).toBe(5);
    expect(index.codeAtBytes(Buffer.from('\u00a9mega', 'latin1'), 0, 5)).toBe(7);
  });

  it('grows its store and table for many distinct byte cells (a column of unique identifiers)', () => {
    const index = new LevelIndex();
    const ids = Array.from({ length: 20_000 }, (_, k) => `P${String(k).padStart(9, '0')}`);
    const bytes = Buffer.from(ids.join(','), 'latin1');
    let start = 0;
    for (let k = 0; k < ids.length; k++) {
      expect(index.codeAtBytes(bytes, start, start + 10)).toBe(k);
      start += 11;
    }
    expect(index.length).toBe(20_000);
    expect(index.codeOf('P000012345')).toBe(12_345);
    expect(index.slice(19_998, 20_000)).toEqual(['P000019998', 'P000019999']);
  });
  it('keeps its levels readable once the table is released, and refuses to code a cell after that', () => {
    const index = new LevelIndex();
    ['a', 'b', 'a', 'c'].forEach((v) => index.codeOf(v));
    index.releaseTable();
    expect(index.slice(0, 3)).toEqual(['a', 'b', 'c']);
    expect(() => index.codeOf('d')).toThrow(/released/);
  });
});
