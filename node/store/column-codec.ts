/**
 * Byte encodings of one column chunk, and the JSON chunks a column's levels are stored as. Numeric chunks (Float64, NaN = missing) whose values are all whole
 * numbers are stored as Int8 or Int32 with the type's minimum as the missing marker; coded chunks (Int32,
 * -1 = missing) as Int8, Int16 or Int32 by their largest code. Decoding gives back exactly the same
 * values; it only makes the file (and the write) smaller. Little-endian throughout.
 */
/** Levels per stored levels chunk (one JSON array each). */
export const LEVELS_PER_CHUNK = 65_536;

/** Levels in code order: a string array, or the import's level index, which makes the strings a run at a time. */
export interface LevelList {
  readonly length: number;
  slice(start: number, end: number): string[];
  /** `JSON.stringify(slice(start, end))`, when the list can make it more cheaply (the import's level index). */
  json?(start: number, end: number): string;
}

/** The stored chunks of a column's levels, in order: the JSON array of each run of LEVELS_PER_CHUNK levels (one, empty, for none). */
export function* levelChunksJson(levels: LevelList): Generator<string> {
  for (let start = 0, k = 0; start < levels.length || k === 0; start += LEVELS_PER_CHUNK, k++) {
    yield levels.json ? levels.json(start, start + LEVELS_PER_CHUNK) : JSON.stringify(levels.slice(start, start + LEVELS_PER_CHUNK));
  }
}

export type ChunkEncoding = 'f64' | 'i32' | 'i8' | 'c32' | 'c16' | 'c8';

const I32_MISSING = -2147483648;
const I8_MISSING = -128;

/**
 * Encodes the first n values of a chunk. The bytes are a view of `data` (f64, c32) or of new memory, or,
 * given `scratch` (at least 4 * n bytes), of the scratch: then they are valid only until the next call
 * with the same scratch (the project's writer stores them at once, and fresh memory for every chunk of
 * every column cost more than the encoding itself).
 */
export function encodeChunk(data: Float64Array | Int32Array, n: number, scratch?: ArrayBufferLike): { encoding: ChunkEncoding; bytes: Buffer } {
  if (scratch && scratch.byteLength < 4 * n) throw new Error(`encodeChunk: a scratch of ${scratch.byteLength} bytes for ${n} values`);
  if (data instanceof Int32Array) {
    let max = -1;
    for (let i = 0; i < n; i++) if (data[i] > max) max = data[i];
    // TypedArray#set converts element by element natively (TypedArray.from would go through the iterator)
    if (max < 127) return { encoding: 'c8', bytes: narrowed(scratch ? new Int8Array(scratch, 0, n) : new Int8Array(n), data, n) };
    if (max < 32767) return { encoding: 'c16', bytes: narrowed(scratch ? new Int16Array(scratch, 0, n) : new Int16Array(n), data, n) };
    return { encoding: 'c32', bytes: Buffer.from(data.buffer, data.byteOffset, n * 4) };
  }
  // first pass: every value a whole Int32 (and which range), without writing anything
  let small = true;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v !== v) continue;
    const k = v | 0;
    // not a whole Int32 (or I32_MISSING itself), or -0, which would come back as 0: keep Float64
    if (k !== v || k === I32_MISSING || (k === 0 && 1 / v < 0)) {
      return { encoding: 'f64', bytes: Buffer.from(data.buffer, data.byteOffset, n * 8) };
    }
    if (k <= I8_MISSING || k > 127) small = false;
  }
  // second pass: straight into the narrowest array (the only allocation, none with a scratch)
  if (small) {
    const out = scratch ? new Int8Array(scratch, 0, n) : new Int8Array(n);
    for (let i = 0; i < n; i++) {
      const v = data[i];
      out[i] = v !== v ? I8_MISSING : v;
    }
    return { encoding: 'i8', bytes: Buffer.from(out.buffer, 0, n) };
  }
  const whole = scratch ? new Int32Array(scratch, 0, n) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = data[i];
    whole[i] = v !== v ? I32_MISSING : v;
  }
  return { encoding: 'i32', bytes: Buffer.from(whole.buffer, 0, 4 * n) };
}

function narrowed(out: Int8Array | Int16Array, data: Int32Array, n: number): Buffer {
  out.set(data.subarray(0, n));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

function view<T>(Ctor: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, bytes: Uint8Array, n: number): T {
  // copy into an aligned buffer (SQLite blobs come back at arbitrary offsets)
  const aligned = new Uint8Array(n * Ctor.BYTES_PER_ELEMENT);
  aligned.set(bytes.subarray(0, aligned.length));
  return new Ctor(aligned.buffer, 0, n);
}

/** Writes the n values of an encoded chunk into `target` from `offset`. */
export function decodeChunk(encoding: ChunkEncoding, bytes: Uint8Array, n: number, target: Float64Array | Int32Array, offset: number): void {
  switch (encoding) {
    case 'f64':
      target.set(view(Float64Array, bytes, n), offset);
      return;
    case 'c32':
      target.set(view(Int32Array, bytes, n), offset);
      return;
    case 'c16':
      target.set(view(Int16Array, bytes, n), offset);
      return;
    case 'c8':
      target.set(view(Int8Array, bytes, n), offset);
      return;
    case 'i32': {
      const values = view(Int32Array, bytes, n);
      for (let i = 0; i < n; i++) target[offset + i] = values[i] === I32_MISSING ? NaN : values[i];
      return;
    }
    case 'i8': {
      const values = view(Int8Array, bytes, n);
      for (let i = 0; i < n; i++) target[offset + i] = values[i] === I8_MISSING ? NaN : values[i];
      return;
    }
    default:
      throw new Error(`unknown chunk encoding ${String(encoding)}`);
  }
}
