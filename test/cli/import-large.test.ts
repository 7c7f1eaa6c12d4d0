/**
 * `import` of a file large enough for the column worker (8 MB and more): the built CLI starts its worker
 * (out/cli/column-worker-thread.js, an entry of its own in the build) and stores exactly what an import
 * on one thread stores.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importCsv, type ImportReport } from '../../node/import';
import { openProject } from '../../node/store';
import type { CodedColumn, NumericColumn } from '../../shared/data/frame';
import { ensureCliBuilt, PROJECT_ROOT, runCli } from '../helpers/run-cli';

let dir: string;
let csv: string;
const ROWS = 250_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'import-large-'));
  const lines = ['participant_id,site,age,intake_date,relapsed,days_followed,craving'];
  const sites = ['Hillcrest', 'Eastgate', 'Riverside', 'Northfield'];
  for (let i = 1; i <= ROWS; i++) {
    const date = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    lines.push(`P${String(i).padStart(7, '0')},${sites[i % 4]},${18 + (i % 60)},${date},${i % 3 === 0 ? 'yes' : 'no'},${i % 700},${i % 41 === 0 ? 'NA' : (i % 1000) / 10}`);
  }
  csv = join(dir, 'large.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  await ensureCliBuilt();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('imports a large file through the column worker, storing what a one-thread import stores', async () => {
  expect(existsSync(join(PROJECT_ROOT, 'out', 'cli', 'column-worker-thread.js'))).toBe(true);
  const projectFile = join(dir, 'cli.sqlite');
  const run = await runCli(['import', csv, '--project', projectFile, '--name', 'large', '--json'], { timeoutMs: 120_000 });
  expect(run.code).toBe(0);
  const cliReport = run.json<{ dataset: ImportReport }>().dataset;
  expect(cliReport.rows).toBe(ROWS);

  const reference = openProject(':memory:');
  const stored = openProject(projectFile);
  try {
    const report = await importCsv(reference, csv, { name: 'large' });
    const { timing: _t1, importedAt: _d1, ...expected } = report;
    const { timing: _t2, importedAt: _d2, ...actual } = cliReport;
    expect(actual).toEqual(expected);
    const a = reference.readDataset('large');
    const b = stored.readDataset('large');
    expect(b.columns.map((c) => [c.name, c.type])).toEqual([
      ['participant_id', 'text'],
      ['site', 'categorical'],
      ['age', 'integer'],
      ['intake_date', 'date'],
      ['relapsed', 'boolean'],
      ['days_followed', 'integer'],
      ['craving', 'number'],
    ]);
    for (let k = 0; k < a.columns.length; k++) {
      const x = a.columns[k];
      const y = b.columns[k];
      if ('values' in x) expect(Array.from((y as NumericColumn).values)).toEqual(Array.from(x.values));
      else {
        expect(Array.from((y as CodedColumn).codes)).toEqual(Array.from(x.codes));
        expect((y as CodedColumn).levels).toEqual(x.levels);
      }
    }
    expect((b.columns[6] as NumericColumn).values[2]).toBe(0.3);
  } finally {
    reference.close();
    stored.close();
  }
}, 180_000);
