/**
 * The levels of a categorical or text column and the code of each: an open-addressing hash table keyed by
 * the characters of a cell read in place (`s[start..end)`, or pure-ASCII bytes `b[start..end)`), so a value
 * already seen costs a hash and a comparison and no string. Codes are given in order of first appearance.
 *
 * The levels are kept as characters in one growing byte store, not as JS strings: one byte per character
 * while every character is below U+0100 (Latin-1); from the first level with a wider character on, the
 * whole store is UTF-16LE. Besides its characters a level costs its start offset (4 bytes) and 1.7 to 3.3
 * table slots (4 bytes each); no hash is kept (the table is rebuilt from the stored characters when it
 * grows), there is no per-string overhead for the garbage collector, and nothing points into the decoded
 * chunks. Strings are made only when levels are read out (`slice`, in runs, so writing them out never
 * holds them all at once).
 */
export class LevelIndex {
  /** The characters of every level, one after the other. */
  private store: Buffer = Buffer.allocUnsafe(4096);
  private used = 0;
  /** 2 once the store holds UTF-16LE code units, else 1 (Latin-1). */
  private unit = 1;
  /** Level k's characters are store[starts[k] .. starts[k + 1]). */
  private starts = new Int32Array(1024);
  /** Slot → code + 1, 0 when empty. */
  private slots = new Int32Array(64);
  private count = 0;

  /** Number of levels. */
  get length(): number {
    return this.count;
  }

  /** The code of `s[start..end)`, adding it as a new level when unseen. */
  codeAt(s: string, start: number, end: number): number {
    // FNV-1a over the UTF-16 code units
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
    const slots = this.slots;
    const size = slots.length;
    const n = end - start;
    for (let slot = slotOf(hash, size); ; slot = slot + 1 === size ? 0 : slot + 1) {
      const code = slots[slot] - 1;
      if (code < 0) return this.addText(s, start, end, slot);
      if (this.sameText(code, s, start, n)) return code;
    }
  }

  /**
   * The code of the pure-ASCII bytes b[start..end): the same code the same characters get as text (the
   * hash runs over the same code units), so text and byte cells of one column share their levels.
   */
  codeAtBytes(b: Uint8Array, start: number, end: number): number {
    if (this.unit === 2) return this.codeAt(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', start, end), 0, end - start);
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ b[i], 0x01000193);
    const slots = this.slots;
    const size = slots.length;
    const n = end - start;
    for (let slot = slotOf(hash, size); ; slot = slot + 1 === size ? 0 : slot + 1) {
      const code = slots[slot] - 1;
      if (code < 0) {
        const at = this.reserve(n); // may replace the store: read it after
        this.store.set(b.subarray(start, end), at);
        return this.add(slot, n);
      }
      const from = this.starts[code];
      if (this.starts[code + 1] - from === n) {
        const store = this.store;
        let i = 0;
        while (i < n && store[from + i] === b[start + i]) i++;
        if (i === n) return code;
      }
    }
  }

  /** The code of a whole string. */
  codeOf(s: string): number {
    return this.codeAt(s, 0, s.length);
  }

  /** Level `code` as a string. */
  level(code: number): string {
    return this.store.toString(this.unit === 2 ? 'utf16le' : 'latin1', this.starts[code], this.starts[code + 1]);
  }

  /** Levels [start, end) as strings (a run of them, for writing out). */
  slice(start = 0, end = this.count): string[] {
    const from = Math.max(0, start);
    const to = Math.min(this.count, end);
    const out: string[] = new Array(Math.max(0, to - from));
    for (let k = from; k < to; k++) out[k - from] = this.level(k);
    return out;
  }

  /** Every level as a string, in code order. */
  get levels(): string[] {
    return this.slice(0, this.count);
  }

  private sameText(code: number, s: string, start: number, n: number): boolean {
    const store = this.store;
    const from = this.starts[code];
    if (this.unit === 1) {
      if (this.starts[code + 1] - from !== n) return false;
      for (let i = 0; i < n; i++) if (store[from + i] !== s.charCodeAt(start + i)) return false;
      return true;
    }
    if (this.starts[code + 1] - from !== 2 * n) return false;
    for (let i = 0, p = from; i < n; i++, p += 2) if ((store[p] | (store[p + 1] << 8)) !== s.charCodeAt(start + i)) return false;
    return true;
  }

  private addText(s: string, start: number, end: number, slot: number): number {
    if (this.unit === 1) {
      for (let i = start; i < end; i++) {
        if (s.charCodeAt(i) > 0xff) {
          this.widen();
          return this.codeAt(s, start, end); // the table was not changed: the same slot is found again
        }
      }
    }
    const n = end - start;
    const at = this.reserve(n * this.unit);
    const store = this.store;
    if (this.unit === 2) {
      for (let i = 0, p = at; i < n; i++, p += 2) {
        const c = s.charCodeAt(start + i);
        store[p] = c & 0xff;
        store[p + 1] = c >>> 8;
      }
    } else {
      for (let i = 0; i < n; i++) store[at + i] = s.charCodeAt(start + i);
    }
    return this.add(slot, n * this.unit);
  }

  /** From Latin-1 to UTF-16LE: each stored byte becomes a code unit (offsets double). */
  private widen(): void {
    const wide = Buffer.allocUnsafe(Math.max(4096, this.used * 3));
    for (let i = 0; i < this.used; i++) {
      wide[2 * i] = this.store[i];
      wide[2 * i + 1] = 0;
    }
    this.store = wide;
    this.used *= 2;
    for (let k = 0; k <= this.count; k++) this.starts[k] *= 2;
    this.unit = 2;
  }

  /** Room for `bytes` more bytes of characters; gives where they go (the end of the store). */
  private reserve(bytes: number): number {
    if (this.used + bytes > this.store.length) {
      const grown = Buffer.allocUnsafe(Math.max(Math.ceil(this.store.length * 1.5), this.used + bytes));
      this.store.copy(grown, 0, 0, this.used);
      this.store = grown;
    }
    return this.used;
  }

  /** Records the level whose `bytes` bytes were just written at the end of the store (`reserve`). */
  private add(slot: number, bytes: number): number {
    const code = this.count;
    if (code + 2 > this.starts.length) {
      const starts = new Int32Array(Math.ceil(this.starts.length * 1.5));
      starts.set(this.starts);
      this.starts = starts;
    }
    this.starts[code] = this.used;
    this.used += bytes;
    this.starts[code + 1] = this.used;
    this.count = code + 1;
    this.slots[slot] = code + 1;
    // at most 60% full; rebuilt at 30%
    if (this.count * 5 > this.slots.length * 3) this.rebuild(Math.ceil(this.count / 0.3));
    return code;
  }

  /** A table of `size` slots, the levels' hashes computed again from their stored characters. */
  private rebuild(size: number): void {
    const slots = new Int32Array(size);
    const store = this.store;
    const starts = this.starts;
    for (let code = 0; code < this.count; code++) {
      let hash = 0x811c9dc5 | 0;
      const to = starts[code + 1];
      if (this.unit === 1) for (let p = starts[code]; p < to; p++) hash = Math.imul(hash ^ store[p], 0x01000193);
      else for (let p = starts[code]; p < to; p += 2) hash = Math.imul(hash ^ (store[p] | (store[p + 1] << 8)), 0x01000193);
      let slot = slotOf(hash, size);
      while (slots[slot] !== 0) slot = slot + 1 === size ? 0 : slot + 1;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }
}

/** The hash's slot in a table of `size` slots: mixed (murmur3's finaliser), then scaled to the size. */
function slotOf(hash: number, size: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return Math.floor(((h >>> 0) * size) / 4294967296);
}
