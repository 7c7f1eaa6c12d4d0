/**
 * Reads the reference datasets in test/fixtures/data (written by export-r-datasets.R or copied from
 * ../shared/datasets) for engine tests. Numeric columns become Float64Array with NaN for an empty
 * field; any column with a non-numeric value stays as strings ('' = missing).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import Papa from 'papaparse';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'data');

export interface TestDataset {
  nRows: number;
  numeric: Record<string, Float64Array>;
  text: Record<string, string[]>;
  /** Numeric column by name; throws if the column is absent or not numeric. */
  num(name: string): Float64Array;
  /** String values of a column (numbers are rendered as R would print them: 1, 2.5). */
  str(name: string): string[];
}

const cache = new Map<string, TestDataset>();

export function loadDataset(name: string): TestDataset {
  const hit = cache.get(name);
  if (hit) return hit;
  const text = readFileSync(join(dataDir, `${name}.csv`), 'utf8');
  const parsed = Papa.parse<string[]>(text.trim(), { header: false, skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const numeric: Record<string, Float64Array> = {};
  const strings: Record<string, string[]> = {};
  header.forEach((col, j) => {
    const raw = rows.map((r) => r[j] ?? '');
    const allNumeric = raw.every((v) => v === '' || v === 'NA' || Number.isFinite(Number(v)));
    strings[col] = raw.map((v) => (v === 'NA' ? '' : v));
    if (allNumeric) numeric[col] = Float64Array.from(raw, (v) => (v === '' || v === 'NA' ? NaN : Number(v)));
  });
  const ds: TestDataset = {
    nRows: rows.length,
    numeric,
    text: strings,
    num(col) {
      const v = numeric[col];
      if (!v) throw new Error(`${name}: no numeric column ${col}`);
      return v;
    },
    str(col) {
      const v = strings[col];
      if (!v) throw new Error(`${name}: no column ${col}`);
      return v;
    },
  };
  cache.set(name, ds);
  return ds;
}
