/**
 * Every CSV the product writes goes through the one CSV writer (shared/data/csv-write.ts), and no cell of
 * any of them starts with a formula character unescaped (OWASP "CSV Injection"). The CSVs:
 *   1. the app's "Save as CSV" on every result table (renderer DataTable → tableCsv);
 *   2. a DataFrame as CSV (frameToCsv);
 *   3. the demo cohort: CLI `demo-cohort`, CLI `demo` (its demo-cohort.csv), the app's first run and the
 *      bench all write it with node/files/demo-cohort-file.ts;
 *   4. the HTML report offers no CSV download (the static check below would find one).
 * The static check fails when any other source file grows its own CSV writing (quote doubling, a
 * 'text/csv' blob, records joined with ',' and a line break), so a new export cannot bypass the writer.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tableCsv } from '../../../renderer/src/components/DataTable';
import { frameToCsv, toCsv } from '../../../shared/data/csv-write';
import type { DataFrame } from '../../../shared/data/frame';
import { writeDemoCohortCsv } from '../../../node/files/demo-cohort-file';
import { demoCohortCommand } from '../../../cli/commands/demo-cohort';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Text a spreadsheet would take for a formula (the cells are read back, quotes removed). */
const FORMULA = /^[=+\-@\t\r\n\0]/;
const PLAIN_NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const HOSTILE = ['=1+1', '+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '\n=1', '=HYPERLINK("http://x","y")', 'a,=1+1', 'a;=1', `=1+2'" ;,=1+2`, '-0.35', '-12', 'plain'];

/** RFC 4180 reader: records of cell values (quotes removed), any line end. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/** The cells a spreadsheet would run as formulas. */
function unescapedFormulas(csv: string): string[] {
  return parseCsv(csv)
    .flat()
    .filter((value) => FORMULA.test(value) && !PLAIN_NUMBER.test(value));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'csv-exports-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('no CSV the product writes holds a formula a spreadsheet would run', () => {
  it('the reader used here sees formulas in an unescaped file (the check can fail)', () => {
    expect(unescapedFormulas('a,b\r\n=1+1,"@x"\r\n-0.35,"x\n=2"\r\n')).toEqual(['=1+1', '@x']);
  });

  it('1. a result table saved as CSV, headers and cells alike', () => {
    type Row = { text: string; n: number };
    const rows: Row[] = HOSTILE.map((text, n) => ({ text, n: -n }));
    const columns = [
      { header: '=HEADER()', cell: (r: Row) => r.text },
      { header: '@n', cell: (r: Row) => String(r.n) },
      { header: 'estimate (CI)', cell: (r: Row) => `${r.text} (${r.n})` },
    ];
    const csv = tableCsv(columns, rows);
    expect(unescapedFormulas(csv)).toEqual([]);
    const cells = parseCsv(csv);
    // the escaped cells read back as the text the table showed, behind one quote
    expect(cells[0]).toEqual(["'=HEADER()", "'@n", 'estimate (CI)']);
    expect(cells.slice(1).map((r) => r[0])).toEqual(HOSTILE.map((t) => (FORMULA.test(t) && !PLAIN_NUMBER.test(t) ? `'${t}` : t)));
    expect(cells.slice(1).map((r) => r[1])).toEqual(HOSTILE.map((_, n) => String(-n)));
  });

  it('2. a data frame and a plain table through toCsv', () => {
    const frame: DataFrame = {
      nRows: HOSTILE.length,
      columns: [
        { name: '-site', type: 'text', codes: Int32Array.from(HOSTILE, (_, i) => i), levels: HOSTILE },
        { name: 'x', type: 'number', values: Float64Array.from(HOSTILE, (_, i) => -i - 0.5) },
      ],
    };
    expect(unescapedFormulas(frameToCsv(frame))).toEqual([]);
    expect(unescapedFormulas(toCsv(HOSTILE, [HOSTILE, [-1, -Infinity, NaN]]))).toEqual([]);
  });

  it('3. the demo cohort as the CLI `demo-cohort` writes it, and as the app and `demo` write it', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const cliFile = join(dir, 'cli.csv');
    await demoCohortCommand.run(['--out', cliFile, '--participants', '2000', '--json']);
    const appFile = join(dir, 'app.csv');
    await writeDemoCohortCsv(appFile, 2000);
    const csv = readFileSync(cliFile, 'utf8');
    expect(readFileSync(appFile, 'utf8')).toBe(csv);
    const records = parseCsv(csv);
    expect(records).toHaveLength(2001);
    expect(unescapedFormulas(csv)).toEqual([]);
  });
});

/** Source files of the product (not tests, not the CSV reader of the import). */
function sources(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') out.push(...sources(path));
    } else if (/\.(ts|tsx|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

describe('one CSV writer', () => {
  it('no other source file writes CSV by hand', () => {
    const writer = join('shared', 'data', 'csv-write.ts');
    const csvByHand = [/'""'|"\\"\\""|`""`/, /text\/csv/, /join\((['"`]),\1\)\s*\+\s*['"`](\\r)?\\n/, /join\((['"`])(\\r)?\\n\1\)[^;\n]*join\((['"`]),\3\)/, /join\((['"`]),\1\)[^;\n]*join\((['"`])(\\r)?\\n\2\)/];
    const offenders = ['renderer', 'cli', 'electron', 'shared']
      .flatMap((folder) => sources(join(root, folder)))
      .map((path) => relative(root, path))
      .filter((path) => path !== writer)
      .filter((path) => csvByHand.some((pattern) => pattern.test(readFileSync(join(root, path), 'utf8'))));
    expect(offenders).toEqual([]);
  });

  it('the renderer keeps no CSV writer of its own', async () => {
    const module = await import('../../../renderer/src/components/csv');
    expect(Object.keys(module)).toEqual(['fileNameFor']);
  });
});
