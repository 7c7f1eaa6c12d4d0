/**
 * Comparison against reference values written by R. R's NA (and non-finite values) arrive in the
 * JSON as null; the engine reports null for them too (NaN inside its typed arrays), so null must meet
 * null or NaN. A missing field (undefined) never meets anything: a result that lacks a field R gives,
 * even as NA, fails (issue 12 item 5). A number where R has NA, or NaN where R has a number, fails.
 */
import { expect } from 'vitest';

export const REL_TOL = 1e-6;

/** Relative difference |a - b| / max(|b|, tiny); exact zero must meet (near) exact zero. */
export function relativeDifference(actual: number, expected: number): number {
  if (actual === expected) return 0;
  const scale = Math.max(Math.abs(expected), 1e-300);
  return Math.abs(actual - expected) / scale;
}

/**
 * Assert that actual equals expected to REL_TOL, where expected comes from R. An absolute floor
 * (default 1e-10) covers values R computes as zero up to rounding (e.g. a score of 1e-17).
 */
export function expectClose(actual: number | null | undefined, expected: number | null | undefined, label = '', absFloor = 1e-10): void {
  // A missing field (undefined) never matches, not even R's NA.
  expect(actual, `${label}: the field is missing`).not.toBeUndefined();
  const norm = (v: number | null | undefined) => (v === undefined || v === null || !Number.isFinite(v) ? null : v);
  const a = norm(actual);
  const e = norm(expected);
  if (e === null || a === null) {
    expect(a, `${label}: expected ${e}, got ${a}`).toBe(e);
    return;
  }
  const ok = Math.abs(a - e) <= absFloor || relativeDifference(a, e) <= REL_TOL;
  expect(ok, `${label}: expected ${e}, got ${a} (rel diff ${relativeDifference(a, e).toExponential(2)})`).toBe(true);
}

/** Element-wise expectClose over two arrays of the same length. */
export function expectAllClose(actual: ArrayLike<number | null>, expected: ArrayLike<number | null>, label = ''): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${label}[${i}]`);
}
