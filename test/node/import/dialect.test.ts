/**
 * CSV dialect detection on its own (node/import/dialect.ts): the line break, the delimiter by its
 * consistent count per line (quoted text not counted), and the decimal comma, with the edge cases the
 * whole-file import tests do not isolate: delimiters inside quotes, a line break inside quotes, ties,
 * a one-column file, a head cut in the middle of a line.
 */
import { describe, expect, it } from 'vitest';
import { detectDecimalComma, detectDelimiter, detectNewline } from '../../../node/import/dialect';
import { DEFAULT_NA_CODES, MissingCodes } from '../../../node/import/values';

describe('detectNewline', () => {
  it('finds the first line break: CRLF, LF or CR', () => {
    expect(detectNewline('a,b\r\n1,2\r\n')).toBe('\r\n');
    expect(detectNewline('a,b\n1,2\n')).toBe('\n');
    expect(detectNewline('a,b\r1,2\r')).toBe('\r');
  });
  it('skips line breaks inside quotes', () => {
    expect(detectNewline('"note\non two lines",b\r\n1,2')).toBe('\r\n');
    expect(detectNewline('"a\r\nb"\nc')).toBe('\n');
  });
  it("is '\\n' for text with no line break, and for a CR that ends the text", () => {
    expect(detectNewline('a,b')).toBe('\n');
    expect(detectNewline('a,b\r')).toBe('\n');
  });
});

describe('detectDelimiter', () => {
  it.each([
    [',', 'id,time,status\n1,10,1\n2,20,0\n'],
    [';', 'id;time;status\n1;10,5;1\n2;20,25;0\n'],
    ['\t', 'id\ttime\tstatus\n1\t10\t1\n2\t20\t0\n'],
    ['|', 'id|time|status\n1|10|1\n2|20|0\n'],
  ])('detects %j', (delimiter, text) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('ignores delimiters inside quotes: commas in quoted notes do not beat a consistent ;', () => {
    const text = 'id;note;dose\n1;"late, then early, then late";50\n2;"a, b";60\n3;"none";70\n';
    expect(detectDelimiter(text)).toBe(';');
  });

  it('takes the count shared by the most lines, not the most frequent character', () => {
    // Commas: 0, 5, 0, 1 per line; semicolons: 2 on every line.
    const text = 'a;b;c\n1,2,3,4,5,6;x;y\n7;8;9\n10,5;11;12\n';
    expect(detectDelimiter(text)).toBe(';');
  });

  it('on equal line counts, the delimiter with more per line wins; on a full tie, the order , ; tab |', () => {
    expect(detectDelimiter('a;b;c,d\n1;2;3,4\n')).toBe(';');
    expect(detectDelimiter('a,b;c\n1,2;3\n')).toBe(',');
  });

  it('a file with none of them is one column, read with a comma', () => {
    expect(detectDelimiter('time\n10\n20\n')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });

  it('counts a last line cut off by the end of the head only when it is the only line', () => {
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    // Whole lines: one with ';', one with ','; a tie, which ',' wins. Counted, the cut line 'r;s'
    // would give ';' two lines.
    expect(detectDelimiter('x;y\np,q\nr;s')).toBe(',');
    expect(detectDelimiter('x;y\np,q\nr;s\n')).toBe(';');
  });

  it('reads only the first maxLines lines', () => {
    const text = `${'a;b\n'.repeat(3)}${'1,2,3\n'.repeat(10)}`;
    expect(detectDelimiter(text, 3)).toBe(';');
    expect(detectDelimiter(text)).toBe(',');
  });
});

describe('detectDecimalComma', () => {
  const missing = new MissingCodes(DEFAULT_NA_CODES);
  it('never with a comma delimiter', () => {
    expect(detectDecimalComma([['3,5', '2,25']], ',', missing)).toBe(false);
  });
  it('when values like 3,5 occur and values like 3.5 do not outnumber them', () => {
    expect(detectDecimalComma([['3,5', '12'], ['-0,25', 'NA'], [',5', '']], ';', missing)).toBe(true);
    expect(detectDecimalComma([['3,5', '1.5']], ';', missing)).toBe(true);
    expect(detectDecimalComma([['3,5', '1.5', '2.5']], ';', missing)).toBe(false);
  });
  it('not for whole numbers alone, thousands-like text or missing codes', () => {
    expect(detectDecimalComma([['12', '40'], ['7', 'NA']], ';', missing)).toBe(false);
    expect(detectDecimalComma([['1,2,3', 'a,b']], '\t', missing)).toBe(false);
  });
});
