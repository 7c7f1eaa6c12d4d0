/**
 * Every source file has a mirrored test or a line in docs/architecture.md naming the test that covers
 * it (issue 12 item 5).
 *
 * Source files: *.ts, *.tsx, *.mjs and *.js (not *.d.ts) under shared/, node/, presentation/,
 * electron/, renderer/, cli/, scripts/ and bin/. A file is mirrored when test/<its path without the
 * extension>.test.ts(x) exists, or a test named after it in the mirrored folder
 * (test/<its folder>/<its name up to the first dot>*.test.ts(x): test/shared/analyses/cox-start-stop.test.ts
 * counts for shared/analyses/cox.ts, and test/shared/analyses/km.test.ts for km.ts and km.run.ts).
 *
 * Every other file needs a row in the table under "## Tests that cover files without a mirror" in
 * docs/architecture.md: | `source file` | `test file`, … | what the tests check of it |. The table
 * cannot rot: each row's source file must exist and have no mirror, and each named test file must exist
 * and reach the source file, through its imports (relative imports, followed from file to file) or by
 * naming its path in a string (a worker script, a built entry). Two helpers run built code:
 * test/helpers/run-cli.ts runs bin/relapse-workbench.js, which runs the build of cli/main.ts, and
 * test/e2e/run.ts drives the build of renderer/index.html (renderer/src/main.tsx).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCE_FOLDERS = ['shared', 'node', 'presentation', 'electron', 'renderer', 'cli', 'scripts', 'bin'];
const SOURCE_FILE = /\.(ts|tsx|mjs|js)$/;
const DOC = 'docs/architecture.md';
const SECTION = '## Tests that cover files without a mirror';
/** Files that run a build rather than import it: the build's entry counts as reached. */
const RUNS_BUILT = new Map<string, string[]>([
  ['test/helpers/run-cli.ts', ['bin/relapse-workbench.js', 'cli/main.ts']],
  ['test/e2e/run.ts', ['renderer/src/main.tsx']],
]);

const THIS_FILE = 'test/lint/mirrored-tests.test.ts';
const posix = (path: string) => path.split(sep).join('/');

function walk(folder: string): string[] {
  const out: string[] = [];
  const full = join(ROOT, folder);
  if (!existsSync(full)) return out;
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(path));
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The source files, as paths from the project root with '/'. */
function sourceFiles(): string[] {
  return SOURCE_FOLDERS.flatMap(walk).sort();
}

/** The mirrored tests of a source file (empty when it has none). */
function mirroredTests(source: string): string[] {
  const slash = source.lastIndexOf('/');
  const folder = `test/${source.slice(0, slash)}`;
  const name = source.slice(slash + 1).split('.')[0];
  if (!existsSync(join(ROOT, folder))) return [];
  return readdirSync(join(ROOT, folder))
    .filter((file) => file.startsWith(name) && /\.test\.tsx?$/.test(file))
    .map((file) => `${folder}/${file}`);
}

interface CoverageRow {
  line: number;
  source: string;
  tests: string[];
  why: string;
}

/** The rows of the table under SECTION (up to the next heading). */
function coverageTable(markdown: string): CoverageRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === SECTION);
  if (start < 0) return [];
  const rows: CoverageRow[] = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith('#'); i++) {
    const line = lines[i].trim();
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((cell) => cell.trim());
    const paths = (cell: string) => Array.from(cell.matchAll(/`([^`]+)`/g), (m) => m[1]);
    const [source] = paths(cells[0] ?? '');
    if (source === undefined) continue; // the header row
    rows.push({ line: i + 1, source, tests: paths(cells[1] ?? ''), why: cells[2] ?? '' });
  }
  return rows;
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.tsx'];

function resolveFile(candidate: string): string | undefined {
  for (const ext of EXTENSIONS) {
    const path = candidate + ext;
    if (existsSync(path) && statSync(path).isFile()) return posix(relative(ROOT, path));
  }
  return undefined;
}

/** The project files a file names: its relative imports and any string that is a path to a file. */
function namedFiles(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const here = dirname(join(ROOT, file));
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolveFile(resolve(here, m[1]));
    if (target) out.add(target);
  }
  for (const m of text.matchAll(/['"`]((?:\.{1,2}\/)*[\w@.-]+(?:\/[\w@.-]+)+\.(?:ts|tsx|mjs|js))['"`]/g)) {
    for (const base of [here, ROOT]) {
      const target = resolveFile(resolve(base, m[1]));
      if (target) out.add(target);
    }
  }
  for (const built of RUNS_BUILT.get(file) ?? []) out.add(built);
  return [...out];
}

/** Every project file reached from `start` through namedFiles, start included. */
function reachedFrom(start: string, cache = new Map<string, string[]>()): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (!SOURCE_FILE.test(file)) continue;
    let next = cache.get(file);
    if (!next) cache.set(file, (next = namedFiles(file)));
    for (const target of next) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

function whatToAdd(source: string): string {
  const mirror = `test/${source.replace(SOURCE_FILE, source.endsWith('x') ? '.test.tsx' : '.test.ts')}`;
  return `${source}: add ${mirror}, or the row | \`${source}\` | \`test/….test.ts\` | what that test checks of it |`;
}

describe('every source file has a mirrored test or a line in docs/architecture.md', () => {
  const sources = sourceFiles();
  const sourceSet = new Set(sources);
  const rows = coverageTable(readFileSync(join(ROOT, DOC), 'utf8'));
  const listed = new Set(rows.map((row) => row.source));

  it('finds the source files and the table', () => {
    expect(sources).toContain('shared/stats/cox.ts');
    expect(sources).toContain('bin/relapse-workbench.js');
    expect(sources.some((file) => file.endsWith('.d.ts'))).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('each source file has a mirrored test or a row in the table', () => {
    const missing = sources.filter((source) => mirroredTests(source).length === 0 && !listed.has(source));
    const how = `${missing.length} source file(s) have no mirrored test: write one (a test of the file on its own), or add a row to the table under "${SECTION}" in ${DOC} naming the existing test that covers the file`;
    expect(missing.map(whatToAdd), how).toEqual([]);
  });

  it('each row of the table names an existing source file without a mirror, once, and says why', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const at = `${DOC}:${row.line} (${row.source})`;
      if (!sourceSet.has(row.source)) problems.push(`${at}: no such source file; remove the row`);
      else if (mirroredTests(row.source).length > 0) problems.push(`${at}: mirrored by ${mirroredTests(row.source).join(', ')}; remove the row`);
      if (seen.has(row.source)) problems.push(`${at}: listed twice`);
      seen.add(row.source);
      if (row.tests.length === 0) problems.push(`${at}: names no test file`);
      if (row.why === '') problems.push(`${at}: says nothing of what the tests check`);
    }
    expect(problems).toEqual([]);
  });

  it('each test named in the table exists and reaches its source file', () => {
    const problems: string[] = [];
    const cache = new Map<string, string[]>();
    for (const row of rows) {
      for (const test of row.tests) {
        const at = `${DOC}:${row.line} (${row.source})`;
        if (!test.startsWith('test/') || !existsSync(join(ROOT, test))) problems.push(`${at}: ${test} does not exist`);
        else if (test === THIS_FILE) problems.push(`${at}: names this check, which covers no file`);
        else if (!reachedFrom(test, cache).has(row.source)) problems.push(`${at}: ${test} neither imports ${row.source} (directly or through other files) nor names its path`);
      }
    }
    expect(problems).toEqual([]);
  });
});
