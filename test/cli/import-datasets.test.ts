/**
 * `import FILE --project P --json`, `datasets --project P --json` and `analyze … --project P --dataset D`
 * as a user runs them: the import report's contract fields checked against the file itself (rows,
 * empty cells per column, SHA-256), and the stored dataset giving the same analysis as the CSV.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli, type CliRun } from '../helpers/run-cli';
import { expectDocument, expectJsonSuccess } from './contract';

const TYPE_NAMES = ['integer', 'number', 'date', 'boolean', 'categorical', 'text'];
const FILES = { addicts: 'test/fixtures/data/addicts.csv', pharmacoSmoking: 'test/fixtures/data/pharmacoSmoking.csv', pbc: 'test/fixtures/data/pbc.csv' };
type Name = keyof typeof FILES;

interface FileFacts {
  rows: number;
  columns: { name: string; empty: number; numeric: boolean; integer: boolean }[];
  sha256: string;
}

/** What the file itself says: data rows, empty cells per column, whether each column is numeric, its SHA-256. */
function factsOf(path: string): FileFacts {
  const bytes = readFileSync(join(PROJECT_ROOT, path));
  const [header, ...rows] = Papa.parse<string[]>(bytes.toString('utf8').trim(), { header: false }).data;
  return {
    rows: rows.length,
    columns: header.map((name, j) => {
      const cells = rows.map((r) => r[j]);
      const present = cells.filter((c) => c !== '');
      return {
        name,
        empty: cells.length - present.length,
        numeric: present.every((c) => Number.isFinite(Number(c))),
        integer: present.every((c) => Number.isInteger(Number(c))),
      };
    }),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

let dir: string;
let project: string;
const imports = {} as Record<Name, CliRun>;
let listing: CliRun;
let startedAt: number;

beforeAll(async () => {
  startedAt = Date.now();
  dir = mkdtempSync(join(tmpdir(), 'relapse-cli-'));
  project = join(dir, 'cohorts.sqlite');
  // One project file: the imports run one after the other.
  for (const name of Object.keys(FILES) as Name[]) imports[name] = await runCli(['import', FILES[name], '--project', project, '--json']);
  listing = await runCli(['datasets', '--project', project, '--json']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import --json', () => {
  for (const name of Object.keys(FILES) as Name[]) {
    it(`${name}: name, rows, rejected rows, column types and missing counts as in the file`, () => {
      const document = expectJsonSuccess(imports[name], `import ${name}`);
      const facts = factsOf(FILES[name]);
      const dataset = document.dataset;
      expect(dataset.name).toBe(name);
      expect(dataset.rows).toBe(facts.rows);
      expect(dataset.rejectedRows).toBe(0);
      expect(Array.isArray(dataset.flaggedIdentifiers)).toBe(true);
      expect(dataset.columns.map((c: { name: string }) => c.name)).toEqual(facts.columns.map((c) => c.name));
      dataset.columns.forEach((column: { name: string; type: string; missing: number }, j: number) => {
        const fact = facts.columns[j];
        expect(TYPE_NAMES, `${name}.${column.name} type`).toContain(column.type);
        const expectedTypes = fact.integer ? ['integer'] : fact.numeric ? ['number'] : ['categorical', 'text'];
        expect(expectedTypes, `${name}.${column.name} type`).toContain(column.type);
        expect(column.missing, `${name}.${column.name} missing`).toBe(fact.empty);
      });
    });
  }

  it('addicts has 238 rows and pbc has empty cells counted per column', () => {
    expect(imports.addicts.json().dataset.rows).toBe(238);
    const pbc = imports.pbc.json().dataset.columns as { name: string; missing: number }[];
    expect(pbc.find((c) => c.name === 'trt')!.missing).toBe(106);
    expect(pbc.find((c) => c.name === 'chol')!.missing).toBe(134);
  });
});

describe('datasets --json', () => {
  it('lists every imported dataset with its rows, ISO import time and the SHA-256 of the file', () => {
    expect(listing.code, listing.stderr).toBe(0);
    expect(listing.stderr).toBe('');
    const { datasets } = listing.json();
    expect(datasets.map((d: { name: string }) => d.name).sort()).toEqual(Object.keys(FILES).sort());
    for (const name of Object.keys(FILES) as Name[]) {
      const entry = datasets.find((d: { name: string }) => d.name === name);
      const facts = factsOf(FILES[name]);
      expect(entry.rows, name).toBe(facts.rows);
      expect(entry.sha256, name).toBe(facts.sha256);
      expect(entry.importedAt, name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
      // Imported during this test run.
      expect(Date.parse(entry.importedAt), name).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(Date.parse(entry.importedAt), name).toBeLessThanOrEqual(Date.now());
    }
  });

  it('gives the same importedAt and sha256 as the import report of each dataset', () => {
    const { datasets } = listing.json();
    for (const name of Object.keys(FILES) as Name[]) {
      const report = imports[name].json().dataset;
      const entry = datasets.find((d: { name: string }) => d.name === name);
      expect(entry.sha256, `${name} sha256`).toBe(report.sha256);
      expect(entry.importedAt, `${name} importedAt: datasets --json vs import --json`).toBe(report.importedAt);
    }
  });
});

describe('analyze --project P --dataset NAME', () => {
  it('gives the numbers of the same analysis on --csv (both as R)', async () => {
    const reference = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/cli/fixtures/cli.json'), 'utf8')).cases as { args: string[]; doc: unknown }[];
    const csvCase = reference.find((c) => c.args.join(' ') === `analyze km --csv ${FILES.addicts} --time time --event status --group clinic`)!;
    expect(csvCase).toBeDefined();
    const args = ['analyze', 'km', '--project', project, '--dataset', 'addicts', '--time', 'time', '--event', 'status', '--group', 'clinic', '--json'];
    const document = expectJsonSuccess(await runCli(args), 'km on the project dataset');
    expectDocument(document, csvCase.doc, 'km --project addicts');
  });

  it('reads only the columns the analysis names, yet a missing column is still reported against every column of the dataset', async () => {
    const run = await runCli(['analyze', 'km', '--project', project, '--dataset', 'addicts', '--time', 'time', '--event', 'status', '--group', 'site']);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"site"');
    // the message lists the dataset's columns, including those the request did not name
    for (const name of factsOf(FILES.addicts).columns.map((c) => c.name)) expect(lines[0]).toContain(name);
  });
});
