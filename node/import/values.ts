/**
 * Cell parsers for the import: numbers (decimal point or decimal comma), dates (ISO, D/M/Y, M/D/Y) and
 * booleans, plus the missing-value codes. Written by hand for speed (no per-cell regex, no Date objects)
 * and so that a value is either parsed exactly or reported as not fitting.
 *
 * Each parser reads the cell `s[start..end)` in place (the import scans fields straight out of the decoded
 * chunk, so no substring is made per cell); the one-argument forms read a whole string. The `...Bytes`
 * forms read a cell from pure-ASCII bytes (a chunk that was never decoded) and give exactly what the
 * string form gives for the same characters: the common shapes are parsed from the bytes, anything rarer
 * (long digit strings, exponents) goes through the string form of that one cell.
 *
 * Numbers: a mantissa of at most 15 digits and an exponent-free scale k give m / 10^k, which is the
 * correctly rounded double (both operands are exact doubles and IEEE division rounds correctly); any
 * longer or exponent form goes through Number(), which also rounds correctly.
 */

export const DEFAULT_NA_CODES: readonly string[] = ['', 'NA', 'N/A', '.', '-99', '-999'];

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Trims ASCII spaces and tabs only when there are any (no allocation otherwise). */
export function trimCell(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  if (a !== 32 && a !== 9 && b !== 32 && b !== 9) return s;
  return s.trim();
}

/** Missing-value codes, compared after trimming. A first-character table avoids hashing most cells. */
export class MissingCodes {
  private readonly codes: Set<string>;
  private readonly firstChar = new Uint8Array(65536);
  private readonly maxLength: number;
  /** The codes grouped by length, for the in-place comparison. */
  private readonly byLength: string[][] = [];
  readonly includesEmpty: boolean;
  constructor(codes: readonly string[]) {
    this.codes = new Set(codes.map((c) => c.trim()));
    this.includesEmpty = true; // an empty cell is always missing
    this.codes.delete('');
    let maxLength = 0;
    for (const c of this.codes) {
      this.firstChar[c.charCodeAt(0)] = 1;
      if (c.length > maxLength) maxLength = c.length;
      (this.byLength[c.length] ??= []).push(c);
    }
    this.maxLength = maxLength;
  }
  /** `s` must already be trimmed. */
  isMissing(s: string): boolean {
    if (s.length === 0) return true;
    if (s.length > this.maxLength || this.firstChar[s.charCodeAt(0)] === 0) return false;
    return this.codes.has(s);
  }
  /** Whether `s[start..end)` (already trimmed) is a missing code, without taking a substring. */
  isMissingAt(s: string, start: number, end: number): boolean {
    const n = end - start;
    if (n === 0) return true;
    if (n > this.maxLength || this.firstChar[s.charCodeAt(start)] === 0) return false;
    const byLength = this.byLength[n];
    if (byLength === undefined) return false;
    next: for (let k = 0; k < byLength.length; k++) {
      const code = byLength[k];
      for (let i = 0; i < n; i++) if (code.charCodeAt(i) !== s.charCodeAt(start + i)) continue next;
      return true;
    }
    return false;
  }
  /** `isMissingAt` for a cell of pure-ASCII bytes. */
  isMissingBytes(b: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (n === 0) return true;
    if (n > this.maxLength || this.firstChar[b[start]] === 0) return false;
    const byLength = this.byLength[n];
    if (byLength === undefined) return false;
    next: for (let k = 0; k < byLength.length; k++) {
      const code = byLength[k];
      for (let i = 0; i < n; i++) if (code.charCodeAt(i) !== b[start + i]) continue next;
      return true;
    }
    return false;
  }
  list(): string[] {
    return ['', ...this.codes];
  }
}

/** Integer with optional sign (no decimal part, no exponent); NaN when it does not fit. */
export function parseInteger(s: string): number {
  return parseIntegerAt(s, 0, s.length);
}

/** `parseInteger` of `s[start..end)`. */
export function parseIntegerAt(s: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  const c0 = s.charCodeAt(start);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    negative = c0 === 45;
    i++;
  }
  if (i >= end || end - i > 15) return end - i > 15 ? parseLongInteger(s.substring(start, end)) : NaN;
  let value = 0;
  for (; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

function parseLongInteger(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) return NaN;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : NaN;
}

/**
 * Decimal number: [sign] digits [sep digits] [e|E [sign] digits], where sep is '.' or, with
 * `decimalComma`, ','. At least one digit is required. NaN when it does not fit.
 */
export function parseNumber(s: string, decimalComma: boolean): number {
  return parseNumberAt(s, 0, s.length, decimalComma);
}

/** `parseNumber` of `s[start..end)`. */
export function parseNumberAt(s: string, start: number, end: number, decimalComma: boolean): number {
  if (end <= start) return NaN;
  const sep = decimalComma ? 44 : 46;
  let i = start;
  let negative = false;
  const c0 = s.charCodeAt(start);
  if (c0 === 45 || c0 === 43) {
    negative = c0 === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenSep = false;
  let significant = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      digits++;
      if (significant > 0 || d !== 0) significant++;
      mantissa = mantissa * 10 + d;
      if (seenSep) scale++;
    } else if (c === sep && !seenSep) {
      seenSep = true;
    } else if (c === 101 || c === 69) {
      break;
    } else {
      return NaN;
    }
  }
  if (digits === 0) return NaN;
  if (i < end) {
    // exponent part: validate, then let Number() round it
    let j = i + 1;
    const e0 = s.charCodeAt(j);
    if (e0 === 45 || e0 === 43) j++;
    if (j >= end) return NaN;
    for (; j < end; j++) {
      const d = s.charCodeAt(j) - 48;
      if (d < 0 || d > 9) return NaN;
    }
    return numberOf(s.substring(start, end), decimalComma);
  }
  if (significant > 15 || scale > 22) return numberOf(s.substring(start, end), decimalComma);
  const value = scale === 0 ? mantissa : mantissa / POW10[scale];
  return negative ? -value : value;
}

function numberOf(cell: string, decimalComma: boolean): number {
  return Number(decimalComma ? cell.replace(',', '.') : cell);
}

/** Whether a number written as `s` has no decimal separator and no exponent (an integer literal). */
export function looksInteger(s: string): boolean {
  return !Number.isNaN(parseInteger(s));
}

export type DateOrder = 'DMY' | 'MDY';

/** Shape of a date cell, before the order of day and month is known. */
export const enum DateShape {
  None = 0,
  Iso = 1,
  /** a/b/yyyy with / . or - */
  Slashed = 2,
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), NaN if not a real date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1) return NaN;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthLength = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (day > monthLength) return NaN;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Reads up to `max` digits from s at i; returns value or -1. Writes the end index into END[0]. */
const END = new Int32Array(1);
function readDigits(s: string, i: number, end: number, min: number, max: number): number {
  let value = 0;
  let k = 0;
  while (i + k < end && k < max) {
    const d = s.charCodeAt(i + k) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    k++;
  }
  END[0] = i + k;
  return k >= min ? value : -1;
}

/** Parsed parts of a date cell; `first`/`second` are the a and b of a/b/yyyy (or month/day of ISO). */
export interface DateParts {
  shape: DateShape;
  year: number;
  first: number;
  second: number;
}

const PARTS: DateParts = { shape: DateShape.None, year: 0, first: 0, second: 0 };

/** Splits a date cell into parts (shared object, copy what you keep). shape None when it is not a date. */
export function dateParts(s: string): DateParts {
  return datePartsAt(s, 0, s.length);
}

/** `dateParts` of `s[start..end)`. */
export function datePartsAt(s: string, start: number, end: number): DateParts {
  PARTS.shape = DateShape.None;
  const n = end - start;
  if (n < 8 || n > 10) return PARTS;
  const a = readDigits(s, start, end, 1, 4);
  let i = END[0];
  if (a < 0 || i >= end) return PARTS;
  const sep = s.charCodeAt(i);
  if (sep !== 45 && sep !== 47 && sep !== 46) return PARTS;
  if (i - start === 4) {
    // yyyy-mm-dd (or yyyy/mm/dd)
    const m = readDigits(s, i + 1, end, 1, 2);
    i = END[0];
    if (m < 0 || i >= end || s.charCodeAt(i) !== sep) return PARTS;
    const d = readDigits(s, i + 1, end, 1, 2);
    if (d < 0 || END[0] !== end) return PARTS;
    PARTS.shape = DateShape.Iso;
    PARTS.year = a;
    PARTS.first = m;
    PARTS.second = d;
    return PARTS;
  }
  if (i - start > 2) return PARTS;
  const b = readDigits(s, i + 1, end, 1, 2);
  i = END[0];
  if (b < 0 || i >= end || s.charCodeAt(i) !== sep) return PARTS;
  const y = readDigits(s, i + 1, end, 4, 4);
  if (y < 0 || END[0] !== end) return PARTS;
  PARTS.shape = DateShape.Slashed;
  PARTS.year = y;
  PARTS.first = a;
  PARTS.second = b;
  return PARTS;
}

/** Days since 1970-01-01 for an ISO date or a slashed date in the given order; NaN when not a real date. */
export function parseDate(s: string, order: DateOrder | 'ISO'): number {
  return parseDateAt(s, 0, s.length, order);
}

/** `parseDate` of `s[start..end)`. */
export function parseDateAt(s: string, start: number, end: number, order: DateOrder | 'ISO'): number {
  const p = datePartsAt(s, start, end);
  if (p.shape === DateShape.None) return NaN;
  if (order === 'ISO') return p.shape === DateShape.Iso ? daysFromCivil(p.year, p.first, p.second) : NaN;
  if (p.shape !== DateShape.Slashed) return NaN;
  return order === 'DMY' ? daysFromCivil(p.year, p.second, p.first) : daysFromCivil(p.year, p.first, p.second);
}

/** 1, 0, or NaN for a cell that is not a boolean word. */
export function parseBoolean(s: string): number {
  return parseBooleanAt(s, 0, s.length);
}

const TRUE_WORDS = ['yes', 'true'];
const FALSE_WORDS = ['no', 'false'];

/** `parseBoolean` of `s[start..end)`: t/y/yes/true or f/n/no/false in any letter case. */
export function parseBooleanAt(s: string, start: number, end: number): number {
  const n = end - start;
  if (n === 1) {
    const c = s.charCodeAt(start) | 32;
    return c === 116 || c === 121 ? 1 : c === 102 || c === 110 ? 0 : NaN; // t y / f n
  }
  if (n === 3 || n === 4) return wordAt(s, start, n, TRUE_WORDS[n - 3]) ? 1 : NaN;
  if (n === 2 || n === 5) return wordAt(s, start, n, FALSE_WORDS[n === 2 ? 0 : 1]) ? 0 : NaN;
  return NaN;
}

/** Whether s[start..start+n) is `word` (lowercase ASCII) in any letter case. */
function wordAt(s: string, start: number, n: number, word: string): boolean {
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(start + i);
    // only ASCII letters fold; `| 32` would also map other characters onto letters
    const folded = c >= 65 && c <= 90 ? c | 32 : c;
    if (folded !== word.charCodeAt(i)) return false;
  }
  return true;
}

// ---- the same parsers over a cell of pure-ASCII bytes ---------------------------------------------

/** `parseIntegerAt` of the ASCII bytes b[start..end). */
export function parseIntegerBytes(b: Buffer, start: number, end: number): number {
  if (end <= start) return NaN;
  let i = start;
  let negative = false;
  const c0 = b[start];
  if (c0 === 45 || c0 === 43) {
    negative = c0 === 45;
    i++;
  }
  if (i >= end) return NaN;
  if (end - i > 15) return parseIntegerAt(b.toString('latin1', start, end), 0, end - start);
  let value = 0;
  for (; i < end; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

/** `parseNumberAt` of the ASCII bytes b[start..end). */
export function parseNumberBytes(b: Buffer, start: number, end: number, decimalComma: boolean): number {
  if (end <= start) return NaN;
  const sep = decimalComma ? 44 : 46;
  let i = start;
  let negative = false;
  const c0 = b[start];
  if (c0 === 45 || c0 === 43) {
    negative = c0 === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenSep = false;
  let significant = 0;
  for (; i < end; i++) {
    const c = b[i];
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      digits++;
      if (significant > 0 || d !== 0) significant++;
      mantissa = mantissa * 10 + d;
      if (seenSep) scale++;
    } else if (c === sep && !seenSep) {
      seenSep = true;
    } else if (c === 101 || c === 69) {
      // an exponent: the string form validates and rounds it
      return parseNumberAt(b.toString('latin1', start, end), 0, end - start, decimalComma);
    } else {
      return NaN;
    }
  }
  if (digits === 0) return NaN;
  if (significant > 15 || scale > 22) return parseNumberAt(b.toString('latin1', start, end), 0, end - start, decimalComma);
  const value = scale === 0 ? mantissa : mantissa / POW10[scale];
  return negative ? -value : value;
}

function readDigitsBytes(b: Uint8Array, i: number, end: number, min: number, max: number): number {
  let value = 0;
  let k = 0;
  while (i + k < end && k < max) {
    const d = b[i + k] - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    k++;
  }
  END[0] = i + k;
  return k >= min ? value : -1;
}

/** `datePartsAt` of the ASCII bytes b[start..end) (the same shared object). */
export function datePartsBytes(b: Uint8Array, start: number, end: number): DateParts {
  PARTS.shape = DateShape.None;
  const n = end - start;
  if (n < 8 || n > 10) return PARTS;
  const a = readDigitsBytes(b, start, end, 1, 4);
  let i = END[0];
  if (a < 0 || i >= end) return PARTS;
  const sep = b[i];
  if (sep !== 45 && sep !== 47 && sep !== 46) return PARTS;
  if (i - start === 4) {
    const m = readDigitsBytes(b, i + 1, end, 1, 2);
    i = END[0];
    if (m < 0 || i >= end || b[i] !== sep) return PARTS;
    const d = readDigitsBytes(b, i + 1, end, 1, 2);
    if (d < 0 || END[0] !== end) return PARTS;
    PARTS.shape = DateShape.Iso;
    PARTS.year = a;
    PARTS.first = m;
    PARTS.second = d;
    return PARTS;
  }
  if (i - start > 2) return PARTS;
  const second = readDigitsBytes(b, i + 1, end, 1, 2);
  i = END[0];
  if (second < 0 || i >= end || b[i] !== sep) return PARTS;
  const y = readDigitsBytes(b, i + 1, end, 4, 4);
  if (y < 0 || END[0] !== end) return PARTS;
  PARTS.shape = DateShape.Slashed;
  PARTS.year = y;
  PARTS.first = a;
  PARTS.second = second;
  return PARTS;
}

/** `parseDateAt` of the ASCII bytes b[start..end). */
export function parseDateBytes(b: Uint8Array, start: number, end: number, order: DateOrder | 'ISO'): number {
  const p = datePartsBytes(b, start, end);
  if (p.shape === DateShape.None) return NaN;
  if (order === 'ISO') return p.shape === DateShape.Iso ? daysFromCivil(p.year, p.first, p.second) : NaN;
  if (p.shape !== DateShape.Slashed) return NaN;
  return order === 'DMY' ? daysFromCivil(p.year, p.second, p.first) : daysFromCivil(p.year, p.first, p.second);
}

/** `parseBooleanAt` of the ASCII bytes b[start..end). */
export function parseBooleanBytes(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 1) {
    const c = b[start] | 32;
    return c === 116 || c === 121 ? 1 : c === 102 || c === 110 ? 0 : NaN;
  }
  if (n === 3 || n === 4) return wordBytes(b, start, n, TRUE_WORDS[n - 3]) ? 1 : NaN;
  if (n === 2 || n === 5) return wordBytes(b, start, n, FALSE_WORDS[n === 2 ? 0 : 1]) ? 0 : NaN;
  return NaN;
}

function wordBytes(b: Uint8Array, start: number, n: number, word: string): boolean {
  for (let i = 0; i < n; i++) {
    const c = b[start + i];
    const folded = c >= 65 && c <= 90 ? c | 32 : c;
    if (folded !== word.charCodeAt(i)) return false;
  }
  return true;
}
