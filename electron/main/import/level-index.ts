/**
 * The levels of a categorical or text column and the code of each: an open-addressing hash table keyed by
 * the characters of a cell read in place (`s[start..end)`), so a value already seen costs a hash and one
 * comparison and no string. Codes are given in order of first appearance.
 */
export class LevelIndex {
  readonly levels: string[] = [];
  /** Hash of each level, kept for growing the table. */
  private hashes = new Int32Array(64);
  /** Slot → code, -1 when empty. */
  private slots = new Int32Array(128).fill(-1);
  private mask = 127;

  /** The code of `s[start..end)`, adding it as a new level when unseen. */
  codeAt(s: string, start: number, end: number): number {
    // FNV-1a over the UTF-16 code units
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
    const slots = this.slots;
    const mask = this.mask;
    const n = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const code = slots[slot];
      if (code < 0) return this.add(ownCopy(s, start, end), hash, slot);
      if (this.hashes[code] === hash) {
        const level = this.levels[code];
        if (level.length === n && sameAt(level, s, start, n)) return code;
      }
    }
  }

  /**
   * The code of the pure-ASCII bytes b[start..end): the same code the same characters get as text (the
   * hash runs over the same code units), so text and byte cells of one column share their levels.
   */
  codeAtBytes(b: Buffer, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ b[i], 0x01000193);
    const slots = this.slots;
    const mask = this.mask;
    const n = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const code = slots[slot];
      // toString('latin1') copies the bytes into a string of its own (never a view of the chunk)
      if (code < 0) return this.add(b.toString('latin1', start, end), hash, slot);
      if (this.hashes[code] === hash) {
        const level = this.levels[code];
        if (level.length === n && sameBytes(level, b, start, n)) return code;
      }
    }
  }

  /** The code of a whole string. */
  codeOf(s: string): number {
    return this.codeAt(s, 0, s.length);
  }

  private add(level: string, hash: number, slot: number): number {
    const code = this.levels.length;
    this.levels.push(level);
    if (code >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[code] = hash;
    this.slots[slot] = code;
    // keep the table at most half full
    if ((code + 1) * 2 > this.slots.length) this.grow();
    return code;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let code = 0; code < this.levels.length; code++) {
      let slot = this.hashes[code] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = code;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * `s[start..end)` as a string of its own. V8 makes a substring of 13 or more characters a view of its
 * parent, which would keep the whole decoded chunk alive for as long as the level lives (a long unique
 * identifier column would keep the whole file in memory). Joining it to one character and slicing that
 * off makes V8 flatten the join into a fresh string, so the level holds only its own characters.
 */
function ownCopy(s: string, start: number, end: number): string {
  const value = s.substring(start, end);
  return value.length < 13 ? value : (' ' + value).slice(1);
}

function sameAt(level: string, s: string, start: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (level.charCodeAt(i) !== s.charCodeAt(start + i)) return false;
  return true;
}

function sameBytes(level: string, b: Uint8Array, start: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (level.charCodeAt(i) !== b[start + i]) return false;
  return true;
}
