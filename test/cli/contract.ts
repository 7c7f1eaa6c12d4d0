/**
 * Helpers shared by the CLI contract tests: compare a CLI document with the R reference field for
 * field (every field of the reference must be present; numbers to a relative difference of 1e-6 with
 * expectClose, null meeting null; strings exactly), collecting every mismatch so a failure lists
 * them all; and the checks every --json run must pass.
 */
import { expect } from 'vitest';
import { expectClose } from '../helpers/compare';
import type { CliRun } from '../helpers/run-cli';

/** Mismatches between `actual` and `expected`, each as "path: message". */
export function documentMismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  if (expected === null || typeof expected === 'number') {
    if (actual !== null && typeof actual !== 'number') return [`${path}: expected ${expected}, got ${JSON.stringify(actual)}`];
    try {
      expectClose(actual as number | null, expected as number | null, path);
      return [];
    } catch (error) {
      return [(error as Error).message.split('\n')[0]];
    }
  }
  if (typeof expected === 'string' || typeof expected === 'boolean') {
    return actual === expected ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array of ${expected.length}, got ${JSON.stringify(actual)?.slice(0, 80)}`];
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((item, i) => documentMismatches(actual[i], item, `${path}[${i}]`));
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)?.slice(0, 80)}`];
    return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
      key in (actual as object) ? documentMismatches((actual as Record<string, unknown>)[key], value, `${path}.${key}`) : [`${path}.${key}: missing`],
    );
  }
  return [`${path}: unexpected reference value ${JSON.stringify(expected)}`];
}

export function expectDocument(actual: unknown, expected: unknown, label: string): void {
  const mismatches = documentMismatches(actual, expected);
  const shown = mismatches.slice(0, 40).join('\n  ');
  const more = mismatches.length > 40 ? `\n  … ${mismatches.length - 40} more` : '';
  expect(mismatches, `${label}: ${mismatches.length} field(s) differ from R\n  ${shown}${more}`).toEqual([]);
}

/** A successful --json run: exit 0, nothing on stderr, one JSON document with non-negative timings. */
export function expectJsonSuccess(run: CliRun, label: string): any {
  expect(run.code, `${label}: exit code (stderr: ${run.stderr.trim()})`).toBe(0);
  expect(run.stderr, `${label}: stderr`).toBe('');
  const document = run.json();
  expect(typeof document.timing?.loadMs, `${label}: timing.loadMs`).toBe('number');
  expect(typeof document.timing?.analysisMs, `${label}: timing.analysisMs`).toBe('number');
  expect(document.timing.loadMs, `${label}: timing.loadMs`).toBeGreaterThanOrEqual(0);
  expect(document.timing.analysisMs, `${label}: timing.analysisMs`).toBeGreaterThanOrEqual(0);
  return document;
}

/** A failed run: non-zero exit (or the given code), exactly one line on stderr, no stack trace, nothing on stdout. */
export function expectOneLineError(run: CliRun, label: string, code?: number): string {
  if (code === undefined) expect(run.code, `${label}: exit code (stderr: ${run.stderr.trim()})`).not.toBe(0);
  else expect(run.code, `${label}: exit code (stderr: ${run.stderr.trim()})`).toBe(code);
  expect(run.code, `${label}: exit code`).not.toBeNull();
  expect(run.stdout, `${label}: stdout must be empty`).toBe('');
  expect(run.stderr, `${label}: stderr must be one line`).toMatch(/^[^\n]+\n?$/);
  expect(run.stderr, `${label}: no stack trace`).not.toMatch(/\n\s+at /);
  expect(run.stderr, `${label}: no stack frame`).not.toMatch(/\bat .+:\d+:\d+/);
  return run.stderr.trim();
}
