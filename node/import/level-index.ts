/**
 * The levels of a categorical or text column and the code of each: an open-addressing hash table keyed by
 * the characters of a cell read in place (`s[start..end)`, or pure-ASCII bytes `b[start..end)`), so a value
 * already seen costs a hash and a comparison and no string. Codes are given in order of first appearance.
 *
 * The levels are kept as characters in byte pages, not as JS strings: each level is a length prefix (a
 * varint of twice its byte length, plus 1 when it is UTF-16LE) and its characters, one byte each when they
 * are all below U+0100 (Latin-1), else two. Pages are allocated as they fill and never copied, so growth
 * leaves no garbage behind. Besides its characters a level costs 1 or 2 bytes of prefix, its position
 * (4 bytes, in pages too) and 1.33 to 2 table slots (5 bytes each: the code, and 7 bits of the hash, so
 * that a probe of another value rarely reads the stored characters); no full hash is kept (the table is
 * rebuilt from the stored characters when it grows), there is no per-string overhead for the garbage
 * collector, and nothing points into the decoded chunks. Strings are made only when levels are read out
 * (`slice`, in runs, so writing them out never holds them all at once).
 */

/** Bytes per page of characters; a level longer than a page gets a page of its own. */
const PAGE_BITS = 20;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
/** Positions (page << PAGE_BITS | offset) must stay below 2^31. */
const MAX_PAGES = 1 << (31 - PAGE_BITS);
/** Level positions per page of positions. */
const POSITION_BITS = 16;
const POSITION_PAGE = 1 << POSITION_BITS;
const POSITION_MASK = POSITION_PAGE - 1;

/** Set by `readPrefix`: where the characters start and how many bytes they take. */
const AT = new Int32Array(3);

export class LevelIndex {
  private pages: Buffer[] = [];
  /** Bytes used in each full page (a level that does not fit starts a new page). */
  private pageEnds: number[] = [];
  /** The page being filled and the next free byte in it. */
  private page: Buffer = Buffer.allocUnsafe(0);
  private pageIndex = -1;
  private offset = 0;
  /** Level k starts at positions[k >> 16][k & 0xffff] (page << 20 | offset of its prefix). */
  private positions: Int32Array[] = [];
  /** Slot → code + 1, 0 when empty. */
  private slots = new Int32Array(64);
  /** Slot → 1 + 7 bits of the level's hash (never 0), 0 when empty. */
  private tags = new Uint8Array(64);
  private count = 0;
  private released = false;

  /**
   * `expectedLevels`: how many levels the column will likely have (an identifier column: about one per
   * row); the table starts large enough for them at 60% full, so that it is not rebuilt on the way (each
   * rebuild reads every stored level again; it is rebuilt at 75%, so a quarter more levels than expected
   * still fit), and no larger (at 5,000,000 identifiers the table is 42 MB, not the 51 MB of a table
   * half full). Codes and levels are the same either way.
   */
  constructor(expectedLevels = 0) {
    if (expectedLevels > 48) {
      const size = Math.ceil(expectedLevels / 0.6);
      this.slots = new Int32Array(size);
      this.tags = new Uint8Array(size);
    }
  }

  /** Number of levels. */
  get length(): number {
    return this.count;
  }

  /** The code of `s[start..end)`, adding it as a new level when unseen. */
  codeAt(s: string, start: number, end: number): number {
    // FNV-1a over the UTF-16 code units
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
    const tags = this.tags;
    const size = tags.length;
    const tag = tagOf(hash);
    const n = end - start;
    for (let slot = slotOf(hash, size); ; slot = slot + 1 === size ? 0 : slot + 1) {
      const t = tags[slot];
      if (t === 0) return this.addText(s, start, end, slot, tag);
      if (t === tag && this.sameText(this.slots[slot] - 1, s, start, n)) return this.slots[slot] - 1;
    }
  }

  /**
   * The code of the pure-ASCII bytes b[start..end): the same code the same characters get as text (the
   * hash runs over the same code units), so text and byte cells of one column share their levels.
   */
  codeAtBytes(b: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ b[i], 0x01000193);
    const tags = this.tags;
    const size = tags.length;
    const tag = tagOf(hash);
    const n = end - start;
    for (let slot = slotOf(hash, size); ; slot = slot + 1 === size ? 0 : slot + 1) {
      const t = tags[slot];
      if (t === 0) {
        const at = this.reserve(n, 0);
        const page = this.page;
        for (let i = 0; i < n; i++) page[at + i] = b[start + i];
        return this.add(slot, tag);
      }
      if (t !== tag) continue;
      const code = this.slots[slot] - 1;
      const page = this.readPrefix(code);
      // a UTF-16 level holds a character above U+00FF: never equal to ASCII bytes
      if (AT[2] === 0 && AT[1] === n) {
        const from = AT[0];
        let i = 0;
        while (i < n && page[from + i] === b[start + i]) i++;
        if (i === n) return code;
      }
    }
  }

  /** The code of a whole string. */
  codeOf(s: string): number {
    return this.codeAt(s, 0, s.length);
  }

  /**
   * Lets go of the hash table once every cell has been coded, so that writing the levels out does not hold
   * it too; the levels stay readable, and coding a cell afterwards is an error.
   */
  releaseTable(): void {
    this.slots = new Int32Array(1);
    this.tags = new Uint8Array(1);
    this.released = true;
  }

  /** Level `code` as a string. */
  level(code: number): string {
    const page = this.readPrefix(code);
    return page.toString(AT[2] === 1 ? 'utf16le' : 'latin1', AT[0], AT[0] + AT[1]);
  }

  /** Levels [start, end) as strings (a run of them, for writing out). */
  slice(start = 0, end = this.count): string[] {
    const from = Math.max(0, start);
    const to = Math.min(this.count, end);
    const out: string[] = new Array(Math.max(0, to - from));
    for (let k = from; k < to; k++) out[k - from] = this.level(k);
    return out;
  }

  /**
   * `JSON.stringify(this.slice(start, end))`, the same text, made from the stored bytes without a string
   * per level when every level of the run is Latin-1 without characters JSON escapes (below U+0020, `"`
   * and `\`); otherwise through the strings.
   */
  json(start = 0, end = this.count): string {
    const from = Math.max(0, start);
    const to = Math.min(this.count, end);
    let length = 2 + Math.max(0, to - from - 1);
    for (let k = from; k < to; k++) {
      const page = this.readPrefix(k);
      if (AT[2] === 1) return JSON.stringify(this.slice(from, to));
      for (let p = AT[0], stop = AT[0] + AT[1]; p < stop; p++) {
        const c = page[p];
        if (c < 0x20 || c === 0x22 || c === 0x5c) return JSON.stringify(this.slice(from, to));
      }
      length += AT[1] + 2;
    }
    const out = Buffer.allocUnsafe(length);
    let o = 0;
    out[o++] = 0x5b;
    for (let k = from; k < to; k++) {
      if (k > from) out[o++] = 0x2c;
      out[o++] = 0x22;
      const page = this.readPrefix(k);
      for (let p = AT[0], stop = AT[0] + AT[1]; p < stop; p++) out[o++] = page[p];
      out[o++] = 0x22;
    }
    out[o++] = 0x5d;
    return out.toString('latin1', 0, o);
  }

  /** Every level as a string, in code order. */
  get levels(): string[] {
    return this.slice(0, this.count);
  }

  /** The page holding level `code`; AT = [start of its characters, their byte length, 1 if UTF-16LE]. */
  private readPrefix(code: number): Buffer {
    const position = this.positions[code >>> POSITION_BITS][code & POSITION_MASK];
    const page = this.pages[position >>> PAGE_BITS];
    let p = position & PAGE_MASK;
    const first = page[p];
    if (first < 0x80) {
      // a level of fewer than 64 bytes: a one-byte prefix
      AT[0] = p + 1;
      AT[1] = first >>> 1;
      AT[2] = first & 1;
      return page;
    }
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = page[p++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
      shift += 7;
    }
    AT[0] = p;
    AT[1] = Math.floor(value / 2);
    AT[2] = value % 2;
    return page;
  }

  private sameText(code: number, s: string, start: number, n: number): boolean {
    const page = this.readPrefix(code);
    const from = AT[0];
    if (AT[2] === 0) {
      if (AT[1] !== n) return false;
      for (let i = 0; i < n; i++) if (page[from + i] !== s.charCodeAt(start + i)) return false;
      return true;
    }
    if (AT[1] !== 2 * n) return false;
    for (let i = 0, p = from; i < n; i++, p += 2) if ((page[p] | (page[p + 1] << 8)) !== s.charCodeAt(start + i)) return false;
    return true;
  }

  private addText(s: string, start: number, end: number, slot: number, tag: number): number {
    let wide = 0;
    for (let i = start; i < end; i++) {
      if (s.charCodeAt(i) > 0xff) {
        wide = 1;
        break;
      }
    }
    const n = end - start;
    const at = this.reserve(wide ? 2 * n : n, wide);
    const page = this.page;
    if (wide) {
      for (let i = 0, p = at; i < n; i++, p += 2) {
        const c = s.charCodeAt(start + i);
        page[p] = c & 0xff;
        page[p + 1] = c >>> 8;
      }
    } else {
      for (let i = 0; i < n; i++) page[at + i] = s.charCodeAt(start + i);
    }
    return this.add(slot, tag);
  }

  /**
   * Writes the prefix of a new level of `bytes` bytes of characters at the end of the current page (or of
   * a new one), records the level's position, and gives where its characters go.
   */
  private reserve(bytes: number, wide: number): number {
    if (this.released) throw new Error('level index: a cell was coded after the table was released');
    let value = bytes * 2 + wide;
    let prefix = 1;
    for (let v = value; v >= 0x80; v = Math.floor(v / 128)) prefix++;
    if (this.offset + prefix + bytes > this.page.length) {
      if (this.pageIndex + 1 >= MAX_PAGES) throw new Error(`level index: more than ${MAX_PAGES} MB of distinct values in one column`);
      if (this.pageIndex >= 0) this.pageEnds.push(this.offset);
      this.page = Buffer.allocUnsafe(Math.max(PAGE_SIZE, prefix + bytes));
      this.pages.push(this.page);
      this.pageIndex++;
      this.offset = 0;
    }
    const code = this.count;
    if ((code & POSITION_MASK) === 0) this.positions.push(new Int32Array(POSITION_PAGE));
    this.positions[code >>> POSITION_BITS][code & POSITION_MASK] = (this.pageIndex << PAGE_BITS) | this.offset;
    const page = this.page;
    let p = this.offset;
    while (value >= 0x80) {
      page[p++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    page[p++] = value;
    this.offset = p + bytes;
    return p;
  }

  /** Counts the level `reserve` just placed and puts it in the table. */
  private add(slot: number, tag: number): number {
    const code = this.count;
    this.count = code + 1;
    this.slots[slot] = code + 1;
    this.tags[slot] = tag;
    // at most 75% full (the tags keep long probes cheap: they are bytes side by side); rebuilt at 50%, so
    // that the old and new tables together, while it is rebuilt, stay small
    if (this.count * 4 > this.slots.length * 3) this.rebuild(Math.ceil(this.count / 0.5));
    return code;
  }

  /**
   * A table of `size` slots, the levels' hashes computed again from their stored characters, read page by
   * page in code order (levels are stored one after the other).
   */
  private rebuild(size: number): void {
    const slots = new Int32Array(size);
    const tags = new Uint8Array(size);
    let code = 0;
    for (let k = 0; k < this.pages.length; k++) {
      const page = this.pages[k];
      const end = k < this.pageEnds.length ? this.pageEnds[k] : this.offset;
      let p = 0;
      while (p < end) {
        let value = 0;
        let scale = 1;
        for (;;) {
          const byte = page[p++];
          value += (byte & 0x7f) * scale;
          if (byte < 0x80) break;
          scale *= 128;
        }
        const to = p + Math.floor(value / 2);
        let hash = 0x811c9dc5 | 0;
        if (value % 2 === 0) for (; p < to; p++) hash = Math.imul(hash ^ page[p], 0x01000193);
        else for (; p < to; p += 2) hash = Math.imul(hash ^ (page[p] | (page[p + 1] << 8)), 0x01000193);
        let slot = slotOf(hash, size);
        while (tags[slot] !== 0) slot = slot + 1 === size ? 0 : slot + 1;
        code++;
        slots[slot] = code;
        tags[slot] = tagOf(hash);
      }
    }
    if (code !== this.count) throw new Error(`level index: ${code} levels found in the store, ${this.count} expected`);
    this.slots = slots;
    this.tags = tags;
  }
}

/** 1 + the hash's low 7 bits (the slot comes from its mixed high bits): never 0, which marks an empty slot. */
function tagOf(hash: number): number {
  return 1 + (hash & 0x7f);
}

/** The hash's slot in a table of `size` slots: mixed (murmur3's finaliser), then scaled to the size. */
function slotOf(hash: number, size: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return Math.floor(((h >>> 0) * size) / 4294967296);
}
