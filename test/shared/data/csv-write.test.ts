import { describe, expect, it } from 'vitest';
import { csvCell, csvChunks, frameToCsv, isNumberText, toCsv } from '../../../shared/data/csv-write';
import type { DataFrame } from '../../../shared/data/frame';

describe('csv-write', () => {
  it('escapes text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1 555')).toBe(`"'+1 555"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvCell('\n=1+1')).toBe(`"'\n=1+1"`);
    expect(csvCell('plain')).toBe('plain');
  });
  it('escapes as OWASP shows: quote prefix, the field wrapped in quotes, inner quotes doubled', () => {
    // OWASP's two examples (CSV Injection, "Alternatively, apply the following sanitization").
    expect(csvCell('=1+2";=1+2')).toBe(`"'=1+2"";=1+2"`);
    expect(csvCell(`=1+2'" ;,=1+2`)).toBe(`"'=1+2'"" ;,=1+2"`);
    // a delimiter cannot open a new cell that starts with a formula
    expect(toCsv(['a'], [['x,=1+1']])).toBe('a\r\n"x,=1+1"\r\n');
    expect(toCsv(['a'], [['x;=1+1']], ';')).toBe('a\r\n"x;=1+1"\r\n');
  });
  it('a text cell that is one decimal number, as a table shows it, is a number and is not escaped', () => {
    expect(csvCell('-0.35')).toBe('-0.35');
    expect(csvCell('-12')).toBe('-12');
    expect(csvCell('-1.5e-7')).toBe('-1.5e-7');
    expect(csvCell('-.5')).toBe('-.5');
    expect(isNumberText('-0.35')).toBe(true);
    expect(isNumberText('-0.35 (-0.6 to -0.1)')).toBe(false);
    expect(csvCell('-0.35 (-0.6 to -0.1)')).toBe(`"'-0.35 (-0.6 to -0.1)"`);
    expect(csvCell('-1-1')).toBe(`"'-1-1"`);
    expect(csvCell('+5')).toBe(`"'+5"`);
    expect(csvCell('-')).toBe(`"'-"`);
  });
  it('writes numbers as numbers (negative numbers are not escaped) and missing as empty', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(2.5)).toBe('2.5');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(-Infinity)).toBe('');
    expect(csvCell(Infinity)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
  it('quotes delimiters, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(toCsv(['x', 'y'], [[1, 'a'], [null, '=1']])).toBe(`x,y\r\n1,a\r\n,"'=1"\r\n`);
  });
  it('streams a document in chunks of records, with the line end asked for', () => {
    const rows = [[1, 'a'], [2, '@b'], [3, 'c']];
    expect(Array.from(csvChunks(['n', 't'], rows, { chunkRows: 2, lineEnd: '\n' }))).toEqual(['n,t\n', `1,a\n2,"'@b"\n`, '3,c\n']);
    expect(Array.from(csvChunks(['n', 't'], rows, { chunkRows: 2 })).join('')).toBe(toCsv(['n', 't'], rows));
  });
  it('writes a DataFrame with dates as ISO and text escaped', () => {
    const frame: DataFrame = {
      nRows: 2,
      columns: [
        { name: 'n', type: 'number', values: Float64Array.from([-1.5, NaN]) },
        { name: 'd', type: 'date', values: Float64Array.from([0, 19000]) },
        { name: 't', type: 'text', codes: Int32Array.from([0, -1]), levels: ['=cmd'] },
      ],
    };
    expect(frameToCsv(frame)).toBe(`n,d,t\r\n-1.5,1970-01-01,"'=cmd"\r\n,2022-01-08,\r\n`);
  });
});
