/**
 * Cell parsers for the import: numbers (decimal point or decimal comma), dates (ISO, D/M/Y, M/D/Y) and
 * booleans, plus the missing-value codes. Written by hand for speed (no per-cell regex, no Date objects)
 * and so that a value is either parsed exactly or reported as not fitting.
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
  readonly includesEmpty: boolean;
  constructor(codes: readonly string[]) {
    this.codes = new Set(codes.map((c) => c.trim()));
    this.includesEmpty = true; // an empty cell is always missing
    this.codes.delete('');
    let maxLength = 0;
    for (const c of this.codes) {
      this.firstChar[c.charCodeAt(0)] = 1;
      if (c.length > maxLength) maxLength = c.length;
    }
    this.maxLength = maxLength;
  }
  /** `s` must already be trimmed. */
  isMissing(s: string): boolean {
    if (s.length === 0) return true;
    if (s.length > this.maxLength || this.firstChar[s.charCodeAt(0)] === 0) return false;
    return this.codes.has(s);
  }
  list(): string[] {
    return ['', ...this.codes];
  }
}

/** Integer with optional sign (no decimal part, no exponent); NaN when it does not fit. */
export function parseInteger(s: string): number {
  const n = s.length;
  let i = 0;
  let negative = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    negative = c0 === 45;
    i = 1;
  }
  if (i >= n || n - i > 15) return n - i > 15 ? parseLongInteger(s) : NaN;
  let value = 0;
  for (; i < n; i++) {
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
  const n = s.length;
  if (n === 0) return NaN;
  const sep = decimalComma ? 44 : 46;
  let i = 0;
  let negative = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) {
    negative = c0 === 45;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenSep = false;
  let significant = 0;
  for (; i < n; i++) {
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
  if (i < n) {
    // exponent part: validate, then let Number() round it
    let j = i + 1;
    const e0 = s.charCodeAt(j);
    if (e0 === 45 || e0 === 43) j++;
    if (j >= n) return NaN;
    for (; j < n; j++) {
      const d = s.charCodeAt(j) - 48;
      if (d < 0 || d > 9) return NaN;
    }
    return Number(decimalComma ? s.replace(',', '.') : s);
  }
  if (significant > 15 || scale > 22) return Number(decimalComma ? s.replace(',', '.') : s);
  const value = scale === 0 ? mantissa : mantissa / POW10[scale];
  return negative ? -value : value;
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
function readDigits(s: string, i: number, min: number, max: number): number {
  let value = 0;
  let k = 0;
  while (i + k < s.length && k < max) {
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
  PARTS.shape = DateShape.None;
  const n = s.length;
  if (n < 8 || n > 10) return PARTS;
  const a = readDigits(s, 0, 1, 4);
  let i = END[0];
  if (a < 0 || i >= n) return PARTS;
  const sep = s.charCodeAt(i);
  if (sep !== 45 && sep !== 47 && sep !== 46) return PARTS;
  if (i === 4) {
    // yyyy-mm-dd (or yyyy/mm/dd)
    const m = readDigits(s, 5, 1, 2);
    i = END[0];
    if (m < 0 || s.charCodeAt(i) !== sep) return PARTS;
    const d = readDigits(s, i + 1, 1, 2);
    if (d < 0 || END[0] !== n) return PARTS;
    PARTS.shape = DateShape.Iso;
    PARTS.year = a;
    PARTS.first = m;
    PARTS.second = d;
    return PARTS;
  }
  if (i > 2) return PARTS;
  const b = readDigits(s, i + 1, 1, 2);
  i = END[0];
  if (b < 0 || s.charCodeAt(i) !== sep) return PARTS;
  const y = readDigits(s, i + 1, 4, 4);
  if (y < 0 || END[0] !== n) return PARTS;
  PARTS.shape = DateShape.Slashed;
  PARTS.year = y;
  PARTS.first = a;
  PARTS.second = b;
  return PARTS;
}

/** Days since 1970-01-01 for an ISO date or a slashed date in the given order; NaN when not a real date. */
export function parseDate(s: string, order: DateOrder | 'ISO'): number {
  const p = dateParts(s);
  if (p.shape === DateShape.None) return NaN;
  if (order === 'ISO') return p.shape === DateShape.Iso ? daysFromCivil(p.year, p.first, p.second) : NaN;
  if (p.shape !== DateShape.Slashed) return NaN;
  return order === 'DMY' ? daysFromCivil(p.year, p.second, p.first) : daysFromCivil(p.year, p.first, p.second);
}

/** 1, 0, or NaN for a cell that is not a boolean word. */
export function parseBoolean(s: string): number {
  switch (s.length) {
    case 1: {
      const c = s.charCodeAt(0) | 32;
      return c === 116 || c === 121 ? 1 : c === 102 || c === 110 ? 0 : NaN; // t y / f n
    }
    case 2:
      return s.toLowerCase() === 'no' ? 0 : NaN;
    case 3:
      return s.toLowerCase() === 'yes' ? 1 : NaN;
    case 4:
      return s.toLowerCase() === 'true' ? 1 : NaN;
    case 5:
      return s.toLowerCase() === 'false' ? 0 : NaN;
    default:
      return NaN;
  }
}
