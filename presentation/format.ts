/**
 * Number formatting for display (charts, tables, report). The engine never formats; this is the only place
 * numbers become strings. null, NaN and ±Infinity (R's NA/NaN/Inf) print as "NA".
 */

export const MISSING_TEXT = 'NA';

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A number with `digits` decimals (default 2). Integers stay integers when `digits` is omitted and the value
 * is whole (counts: 238, not 238.00). Negative zero after rounding prints as 0. From 1,000 on, the whole part
 * carries thousands separators (1,234; 12,345.6), as R's format(x, big.mark = ","): on screen and in the
 * report only; CSV exports keep the plain number (see `plainNumberText`).
 */
export function formatNumber(value: number | null | undefined, digits?: number): string {
  if (!isFiniteNumber(value)) return MISSING_TEXT;
  const text = digits === undefined && Number.isInteger(value) ? String(value) : value.toFixed(digits ?? 2);
  return groupThousands(/^-0(\.0*)?$/.test(text) ? text.slice(1) : text);
}

/** Thousands separators in the whole part of a plain decimal text ("-12345.67" to "-12,345.67"). */
function groupThousands(text: string): string {
  const match = /^(-?)(\d+)(\.\d*)?$/.exec(text);
  if (!match || match[2].length <= 3) return text;
  return `${match[1]}${match[2].replace(/\B(?=(\d{3})+$)/g, ',')}${match[3] ?? ''}`;
}

/**
 * An axis tick: the number as written in JavaScript (0.25, 2.5, 1200), with thousands separators from 1,000 on
 * (1,200), so ticks read like the tables and the at-risk counts under them.
 */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return MISSING_TEXT;
  return groupThousands(Object.is(value, -0) ? '0' : String(value));
}

/**
 * A number written by formatNumber, back without its thousands separators ("1,234.5" to "1234.5"), for CSV
 * exports, which carry plain numbers; any other text is returned unchanged (e.g. "(0.12–0.34)", "<0.001", "NA").
 */
export function plainNumberText(text: string): string {
  return /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
}

/**
 * A p-value: "<0.001" below 0.001, three decimals below 0.1 (0.012), two above (0.45), "1" at 1.
 * Rounding never makes a p below 0.001 look like 0.001: 0.00095 prints "<0.001".
 */
export function formatP(p: number | null | undefined): string {
  if (!isFiniteNumber(p)) return MISSING_TEXT;
  if (p < 0.001) return '<0.001';
  if (p >= 1) return '1';
  if (p < 0.1) return p.toFixed(3);
  return p.toFixed(2);
}

/** A confidence interval "(lower–upper)" with an en dash, each end with `digits` decimals (default 2). */
export function formatCI(lower: number | null | undefined, upper: number | null | undefined, digits = 2): string {
  return `(${formatNumber(lower, digits)}\u2013${formatNumber(upper, digits)})`;
}
