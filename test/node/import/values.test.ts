import { describe, expect, it } from 'vitest';
import {
  daysFromCivil,
  MissingCodes,
  parseBoolean,
  parseBooleanBytes,
  parseDate,
  parseDateBytes,
  parseInteger,
  parseIntegerBytes,
  parseNumber,
  parseNumberBytes,
} from '../../../node/import/values';

describe('cell parsers', () => {
  it('parses numbers exactly as Number() does (correct rounding), with a decimal point or comma', () => {
    const samples = ['0.1', '-3.14159', '123456789.123456', '1e-7', '2.5E3', '+7', '0.000001', '99999999999999999999', '1234567890123456789.5', '.5', '5.'];
    for (const s of samples) expect(parseNumber(s, false)).toBe(Number(s));
    for (let k = 0; k < 2000; k++) {
      const s = (Math.random() * 10 ** (k % 12)).toFixed(k % 9);
      expect(parseNumber(s, false)).toBe(Number(s));
      expect(parseNumber(s.replace('.', ','), true)).toBe(Number(s));
    }
    for (const bad of ['', '-', '1.2.3', '1,5', 'abc', '1e', '0x10', 'Infinity', '1 000', '--1']) expect(parseNumber(bad, false)).toBeNaN();
    expect(parseNumber('1.5', true)).toBeNaN();
  });
  it('parses integers and refuses decimals and unsafe magnitudes', () => {
    expect(parseInteger('-42')).toBe(-42);
    expect(parseInteger('9007199254740991')).toBe(9007199254740991);
    expect(parseInteger('9007199254740993')).toBeNaN();
    expect(parseInteger('4.0')).toBeNaN();
  });
  it('parses real calendar dates only', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 2, 29)).toBe(Date.UTC(2000, 1, 29) / 864e5);
    expect(daysFromCivil(1900, 2, 29)).toBeNaN();
    expect(parseDate('1969-12-31', 'ISO')).toBe(-1);
    expect(parseDate('31.12.2020', 'DMY')).toBe(Date.UTC(2020, 11, 31) / 864e5);
    expect(parseDate('12/31/2020', 'MDY')).toBe(Date.UTC(2020, 11, 31) / 864e5);
    expect(parseDate('31/12/2020', 'MDY')).toBeNaN();
    expect(parseDate('2020-13-01', 'ISO')).toBeNaN();
  });
  it('reads booleans and missing codes', () => {
    expect(['TRUE', 'yes', 'Y', 't', 'False', 'no', 'N', 'f'].map(parseBoolean)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(parseBoolean('1')).toBeNaN();
    const m = new MissingCodes(['NA', '-99', '.']);
    expect(['', 'NA', '-99', '.', '-9', 'N', '0'].map((s) => m.isMissing(s))).toEqual([true, true, true, true, false, false, false]);
  });
  it('reads a cell from ASCII bytes exactly as from its text (the import\'s undecoded chunks)', () => {
    const cells = ['', '0', '-0', '+7', '-42', '42.', '.5', '1.2.3', '1,5', '2,5', '1e-7', '2.5E3', '1e', 'abc', 'NA', '-99', '-', '+',
      '9007199254740991', '9007199254740993', '99999999999999999999', '1234567890123456789.5', '0.000001', '12345678901234567',
      '2021-02-28', '2021-02-30', '2020-2-29', '13/01/2020', '01/13/2020', '1.2.2020', '2020/01/05', '20200105', '2020-01-5x',
      'y', 'N', 'yes', 'YES', 'no', 'True', 'false', 'FALSE', 'maybe', 'ye', 'nope', 't', 'f', 'x'];
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let k = 0; k < 3000; k++) {
      let cell = '';
      const length = Math.floor(random() * 12);
      for (let c = 0; c < length; c++) cell += '0123456789.,-+eE/ aNy'[Math.floor(random() * 21)];
      cells.push(cell);
    }
    const missing = new MissingCodes(['NA', '-99', '.', 'N/A']);
    for (const cell of cells) {
      // the cell in the middle of a chunk, between delimiters, as the field scanner leaves it
      const bytes = Buffer.from(`x,${cell},y`, 'latin1');
      const start = 2;
      const end = 2 + cell.length;
      const same = (a: number, b: number) => expect(Object.is(a, b), JSON.stringify(cell)).toBe(true);
      same(parseIntegerBytes(bytes, start, end), parseInteger(cell));
      same(parseNumberBytes(bytes, start, end, false), parseNumber(cell, false));
      same(parseNumberBytes(bytes, start, end, true), parseNumber(cell, true));
      for (const order of ['ISO', 'DMY', 'MDY'] as const) same(parseDateBytes(bytes, start, end, order), parseDate(cell, order));
      same(parseBooleanBytes(bytes, start, end), parseBoolean(cell));
      expect(missing.isMissingBytes(bytes, start, end), JSON.stringify(cell)).toBe(missing.isMissing(cell));
    }
  });
});
