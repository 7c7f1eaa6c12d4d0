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
 * is whole (counts: 238, not 238.00). Negative zero after rounding prints as 0.
 */
export function formatNumber(value: number | null | undefined, digits?: number): string {
  if (!isFiniteNumber(value)) return MISSING_TEXT;
  if (digits === undefined && Number.isInteger(value)) return String(value);
  const text = value.toFixed(digits ?? 2);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
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
