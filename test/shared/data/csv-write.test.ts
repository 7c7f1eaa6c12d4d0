import { describe, expect, it } from 'vitest';
import { csvCell, frameToCsv, toCsv } from '../../../shared/data/csv-write';
import type { DataFrame } from '../../../shared/data/frame';

describe('csv-write', () => {
  it('escapes text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('plain')).toBe('plain');
  });
  it('writes numbers as numbers (negative numbers are not escaped) and missing as empty', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(2.5)).toBe('2.5');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
  it('quotes delimiters, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(toCsv(['x', 'y'], [[1, 'a'], [null, '=1']])).toBe("x,y\r\n1,a\r\n,'=1\r\n");
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
    expect(frameToCsv(frame)).toBe("n,d,t\r\n-1.5,1970-01-01,'=cmd\r\n,2022-01-08,\r\n");
  });
});
