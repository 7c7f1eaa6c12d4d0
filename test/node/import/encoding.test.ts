/**
 * Encoding detection and chunked decoding on their own (node/import/encoding.ts): byte-order marks,
 * UTF-16 without one, UTF-8 against Windows-1252, the binary formats refused in one line naming the
 * file and line, and a UTF-8 character split between two chunks (the import reads 64 KB at a time).
 */
import { describe, expect, it } from 'vitest';
import { ChunkDecoder, detectEncoding } from '../../../node/import/encoding';
import { UserFacingError } from '../../../shared/errors';

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);
function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal, got none');
}

describe('detectEncoding', () => {
  it('a byte-order mark decides, and its length is skipped', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61), 'f.csv')).toEqual({ encoding: 'utf-8-bom', bomLength: 3 });
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0), 'f.csv')).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(bytes(0xfe, 0xff, 0, 0x61), 'f.csv')).toEqual({ encoding: 'utf-16be', bomLength: 2 });
  });

  it('UTF-16 without a mark, by the zero bytes of ASCII text', () => {
    expect(detectEncoding(utf16('id,time\n1,10\n', true), 'f.csv')).toEqual({ encoding: 'utf-16le', bomLength: 0 });
    expect(detectEncoding(utf16('id,time\n1,10\n', false), 'f.csv')).toEqual({ encoding: 'utf-16be', bomLength: 0 });
  });

  it('valid UTF-8 is UTF-8; a Latin-1 byte makes it Windows-1252', () => {
    expect(detectEncoding(utf8('name,site\nZoë,Málaga\n'), 'f.csv').encoding).toBe('utf-8');
    expect(detectEncoding(bytes(...utf8('name\nZo'), 0xeb, 0x0a), 'f.csv').encoding).toBe('windows-1252');
  });

  it('a head cut in the middle of a UTF-8 character is still UTF-8', () => {
    const text = utf8('site\nMálaga\n');
    const cut = text.subarray(0, text.indexOf(0xc3) + 1); // the lead byte of á, without its continuation
    expect(detectEncoding(cut, 'f.csv').encoding).toBe('utf-8');
  });

  it.each([
    ['an xlsx (zip) file', [0x50, 0x4b, 0x03, 0x04, 0x14, 0], 'f.csv: line 1: this is an Excel workbook (.xlsx) or another zip archive, not a CSV file; open it in Excel and save it as CSV'],
    ['an old xls file', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'f.csv: line 1: this is an old Excel workbook (.xls), not a CSV file; open it in Excel and save it as CSV'],
    ['a gzip file', [0x1f, 0x8b, 8, 0], 'f.csv: line 1: this is a gzip-compressed file, not a CSV file; decompress it first'],
    ['a PDF', [0x25, 0x50, 0x44, 0x46, 0x2d], 'f.csv: line 1: this is a PDF document, not a CSV file'],
  ])('refuses %s in one line', (_label, head, message) => {
    const error = thrown(() => detectEncoding(Uint8Array.from(head), 'f.csv'));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.message).toBe(message);
    expect((error as UserFacingError).location).toEqual({ file: 'f.csv', line: 1 });
  });

  it('refuses a file of control bytes, naming the line of the first one', () => {
    const head = bytes(...utf8('id,time\n1,10\n'), ...new Array(40).fill(0).map((_, i) => (i % 3 === 0 ? 1 : 0x41)));
    const error = thrown(() => detectEncoding(head, 'data.csv'));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.message).toBe('data.csv: line 3: this looks like a binary file (control bytes such as NUL), not a CSV text file');
    expect((error as UserFacingError).location).toEqual({ file: 'data.csv', line: 3 });
  });

  it('tabs, line breaks, form feeds and a trailing Ctrl-Z are text', () => {
    expect(detectEncoding(bytes(...utf8('a\tb\r\nc\fd\n'), 0x1a), 'f.csv').encoding).toBe('utf-8');
  });
});

describe('ChunkDecoder', () => {
  it('joins a UTF-8 character split between two chunks', () => {
    const all = utf8('site\nMálaga,Zürich\n');
    const split = all.indexOf(0xc3) + 1;
    const decoder = new ChunkDecoder('utf-8');
    const first = decoder.decode(all.subarray(0, split), false);
    expect(decoder.asciiPassesThrough).toBe(false); // a partial character is held back
    const text = first + decoder.decode(all.subarray(split), true);
    expect(text).toBe('site\nMálaga,Zürich\n');
    expect(decoder.switchedToWindows1252).toBe(false);
  });

  it('switches to Windows-1252 at the first chunk that is not UTF-8, and says so', () => {
    const decoder = new ChunkDecoder('utf-8');
    expect(decoder.decode(utf8('name\nAnn\n'), false)).toBe('name\nAnn\n');
    expect(decoder.decode(bytes(0x5a, 0x6f, 0xeb, 0x0a), false)).toBe('Zoë\n');
    expect(decoder.decode(bytes(0x80, 0x0a), true)).toBe('€\n');
    expect(decoder.switchedToWindows1252).toBe(true);
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('decodes UTF-16 split at an odd byte', () => {
    const all = utf16('a,ü\n', true);
    const decoder = new ChunkDecoder('utf-16le');
    expect(decoder.asciiPassesThrough).toBe(false);
    expect(decoder.decode(all.subarray(0, 3), false) + decoder.decode(all.subarray(3), true)).toBe('a,ü\n');
  });
});
