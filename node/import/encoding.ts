/**
 * Text encoding of an import file: a byte-order mark decides UTF-8, UTF-16 LE or UTF-16 BE; without one,
 * text that is valid UTF-8 is UTF-8 and anything else is Windows-1252 (a superset of Latin-1 for the
 * printable range, which is what Excel writes on Western systems). Known binary formats (xlsx/zip, xls,
 * gzip, PDF) and files dominated by control bytes are refused with a one-line error.
 */
import { UserFacingError } from '../../shared/errors';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  if (bytes.length < signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[i] !== signature[i]) return false;
  return true;
}

/** Detects the encoding from the first bytes of the file (64 KB or more is plenty). */
export function detectEncoding(head: Uint8Array, file: string): DetectedEncoding {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8-bom', bomLength: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    throw new UserFacingError(`${file}: line 1: this is an Excel workbook (.xlsx) or another zip archive, not a CSV file; open it in Excel and save it as CSV`, { file, line: 1 });
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new UserFacingError(`${file}: line 1: this is an old Excel workbook (.xls), not a CSV file; open it in Excel and save it as CSV`, { file, line: 1 });
  }
  if (startsWith(head, [0x1f, 0x8b])) throw new UserFacingError(`${file}: line 1: this is a gzip-compressed file, not a CSV file; decompress it first`, { file, line: 1 });
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) throw new UserFacingError(`${file}: line 1: this is a PDF document, not a CSV file`, { file, line: 1 });

  // UTF-16 without a byte-order mark shows as a zero in every other byte of ASCII text.
  const n = Math.min(head.length, 65_536);
  let zeroEven = 0;
  let zeroOdd = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    } else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 26) control++;
  }
  const half = n / 2;
  if (n >= 4 && zeroOdd > 0.4 * half && zeroEven < 0.05 * half) return { encoding: 'utf-16le', bomLength: 0 };
  if (n >= 4 && zeroEven > 0.4 * half && zeroOdd < 0.05 * half) return { encoding: 'utf-16be', bomLength: 0 };
  if (n > 0 && (zeroEven + zeroOdd > Math.max(8, 0.01 * n) || control > Math.max(8, 0.05 * n))) {
    const first = head.findIndex((b) => b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 26));
    const line = countLines(head, first);
    throw new UserFacingError(`${file}: line ${line}: this looks like a binary file (control bytes such as NUL), not a CSV text file`, { file, line });
  }
  return { encoding: isValidUtf8(head.subarray(0, utf8SafeEnd(head, head.length))) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 10) line++;
  return line;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    fatalUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Index up to which `bytes[0..end)` ends on a whole UTF-8 sequence (an incomplete tail is held back). */
function utf8SafeEnd(bytes: Uint8Array, end: number): number {
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? end - back : end;
  }
  return end;
}

/**
 * Turns byte chunks into text. UTF-8 is decoded strictly per chunk (an incomplete trailing sequence is
 * carried over); if a chunk turns out not to be valid UTF-8, it and everything after it are read as
 * Windows-1252, and `switchedToWindows1252` records that (the report shows it).
 */
export class ChunkDecoder {
  encoding: TextEncoding;
  switchedToWindows1252 = false;
  private carry: Uint8Array = new Uint8Array(0);
  private readonly streaming: TextDecoder | null;
  private latin: TextDecoder | null = null;

  constructor(encoding: TextEncoding) {
    this.encoding = encoding;
    this.streaming =
      encoding === 'utf-16le' || encoding === 'utf-16be'
        ? new TextDecoder(encoding, { ignoreBOM: true })
        : encoding === 'windows-1252'
          ? new TextDecoder('windows-1252')
          : null;
  }

  /**
   * Whether pure-ASCII bytes would decode to exactly their own characters with nothing pending (UTF-8 with
   * no carried partial sequence, or Windows-1252), so a reader may take such a chunk as bytes undecoded.
   */
  get asciiPassesThrough(): boolean {
    return this.encoding !== 'utf-16le' && this.encoding !== 'utf-16be' && this.carry.length === 0;
  }

  decode(chunk: Uint8Array, final: boolean): string {
    if (this.latin) return this.latin.decode(chunk, { stream: !final });
    if (this.streaming) return this.streaming.decode(chunk, { stream: !final });
    let bytes = chunk;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry, 0);
      bytes.set(chunk, this.carry.length);
    }
    const end = final ? bytes.length : utf8SafeEnd(bytes, bytes.length);
    try {
      const text = fatalUtf8.decode(bytes.subarray(0, end));
      this.carry = bytes.slice(end);
      return text;
    } catch {
      this.latin = new TextDecoder('windows-1252');
      this.switchedToWindows1252 = true;
      this.encoding = 'windows-1252';
      this.carry = new Uint8Array(0);
      return this.latin.decode(bytes, { stream: !final });
    }
  }
}
