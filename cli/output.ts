/**
 * CLI output. With --json: exactly one JSON document on stdout and nothing else. Without it: the same
 * result model rendered as plain-text tables (numbers formatted here, never in the engine). Output files
 * are written atomically (writeOutputFile) into folders created level by level (makeOutputFolder).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserFacingError } from '../shared/errors';
import type { AnalysisPresentation, PresentationContext } from '../shared/analyses/presentation';
import { alignedTable, declaredText } from '../presentation/declared';
import { writeError, writeFileAtomicSync, writeProblem } from '../node/files/atomic-write';

export { writeError };

export function writeJson(document: unknown): void {
  process.stdout.write(JSON.stringify(document, jsonReplacer) + '\n');
}

/** Typed arrays become plain arrays; non-finite numbers become null (JSON has no NaN or Infinity). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'NA';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    const abs = Math.abs(value);
    return abs !== 0 && (abs < 1e-4 || abs >= 1e7) ? value.toExponential(3) : value.toPrecision(5).replace(/\.?0+$/, '');
  }
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value, jsonReplacer);
  return String(value);
}

function isFlatRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x !== 'object')));
}

function table(rows: Record<string, unknown>[], maxRows: number): string {
  const columns = Array.from(new Set(rows.flatMap((r) => Object.keys(r))));
  const shown = rows.slice(0, maxRows);
  const cells = shown.map((r) => columns.map((c) => formatValue(r[c])));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => row[j].length)));
  const line = (values: string[]) => values.map((v, j) => v.padStart(widths[j])).join('  ');
  const more = rows.length > shown.length ? `\n  … ${rows.length - shown.length} more rows (use --json for all)` : '';
  return [line(columns), ...cells.map(line)].map((l) => '  ' + l).join('\n') + more;
}

/** Renders a result document as readable text: scalars as "key: value", arrays of records as tables. */
export function renderText(document: unknown, title = '', depth = 0, maxRows = 30): string {
  const out: string[] = [];
  const heading = (text: string) => (depth === 0 ? `${text}\n${'='.repeat(text.length)}` : `${'#'.repeat(Math.min(depth, 3))} ${text}`);
  if (title) out.push(heading(title));
  if (Array.isArray(document)) {
    if (document.every(isFlatRecord)) out.push(table(document as Record<string, unknown>[], maxRows));
    else document.forEach((item, i) => out.push(renderText(item, `${title || 'item'} ${i + 1}`, depth + 1, maxRows)));
    return out.join('\n');
  }
  if (typeof document === 'object' && document !== null) {
    const scalars: string[] = [];
    const nested: string[] = [];
    for (const [key, value] of Object.entries(document)) {
      if (value === null || typeof value !== 'object' || (Array.isArray(value) && value.every((x) => typeof x !== 'object'))) scalars.push(`  ${key}: ${formatValue(value)}`);
      else if (isFlatRecord(value)) scalars.push(`  ${key}: ${Object.entries(value).map(([k, v]) => `${k} ${formatValue(v)}`).join(', ')}`);
      else nested.push(renderText(value, key, depth + 1, maxRows));
    }
    out.push(...scalars, ...nested);
    return out.join('\n');
  }
  out.push(`  ${formatValue(document)}`);
  return out.join('\n');
}

/**
 * A result whose declaration has a presentation (shared/analyses/presentation.ts), as text: its tables with
 * aligned columns and its sentences, written as the app writes them (presentation/declared.ts), then the
 * methods, the rows left out, the warnings and the timing. `document` is the --json document (result,
 * rejectedRows, warnings, timing); the --json output itself is not touched.
 */
export function renderDeclaredText<Options, Result>(
  title: string,
  presentation: AnalysisPresentation<Options, Result>,
  document: Record<string, unknown>,
  options: Options,
  context: PresentationContext = {},
): string {
  const text = declaredText(presentation, document as Result, options, context);
  const out: string[] = [`${title}\n${'='.repeat(title.length)}`];
  for (const table of text.tables) {
    out.push('', `${table.title}\n${'-'.repeat(table.title.length)}`, alignedTable(table));
    if (table.note) out.push(`  ${table.note}`);
  }
  if (text.sentences.length > 0) out.push('', ...text.sentences.map((sentence) => `  ${sentence}`));
  if (text.methods) out.push('', `Methods: ${text.methods}`);
  const counts: string[] = [];
  if (typeof document.excluded === 'number') counts.push(`Rows left out for a missing value: ${formatValue(document.excluded)}`);
  if (typeof document.rejectedRows === 'number' && document.rejectedRows > 0) counts.push(`Records of the file that could not be read: ${formatValue(document.rejectedRows)}`);
  if (counts.length > 0) out.push('', ...counts);
  const warnings = Array.isArray(document.warnings) ? (document.warnings as { code: string; message: string }[]) : [];
  if (warnings.length > 0) out.push('', 'Please check:', ...warnings.map((w) => `  - ${w.message} (${w.code})`));
  const timing = document.timing as { loadMs?: number; analysisMs?: number } | undefined;
  if (timing) out.push('', `Read in ${formatValue(Math.round(timing.loadMs ?? 0))} ms, computed in ${formatValue(Math.round(timing.analysisMs ?? 0))} ms (--json for every number).`);
  return out.join('\n');
}

/**
 * Writes a file the user asked for, atomically (node/files/atomic-write.ts: a temporary file
 * beside it, fsync, rename), so a kill or a full disk never leaves a truncated file where a good one was;
 * a failure is one user-facing line naming the file, never a stack.
 */
export function writeOutputFile(path: string, content: string | Uint8Array, what: string): void {
  writeFileAtomicSync(path, content, { what });
}

/**
 * Creates an output folder and its missing parents, one level at a time. (Node's own
 * mkdirSync(path, { recursive: true }) spins forever on some paths, e.g. under /proc; a CLI must
 * never hang.) A failure is one user-facing line.
 */
export function makeOutputFolder(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      throw new UserFacingError(`${path}: cannot create the output folder (${writeProblem(error)})`, { file: path });
    }
  }
  if (!statSync(path).isDirectory()) throw new UserFacingError(`${path}: is a file, not a folder`, { file: path });
}
