import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv, type ImportOptions } from '../../../node/import';
import type { ColumnSpec } from '../../../node/import/column-chunks';
import { type ColumnWorkerSpec, shareColumns } from '../../../node/import/column-worker';
import { openProject, type Project } from '../../../node/store';
import type { CodedColumn, NumericColumn } from '../../../shared/data/frame';
import { CancelledError, UserFacingError } from '../../../shared/errors';
import { TYPESCRIPT_EXEC_ARGV } from '../../helpers/typescript-exec-argv';

const WORKER: ColumnWorkerSpec = {
  script: resolve(import.meta.dirname, '../../../node/import/column-worker-thread.ts'),
  execArgv: TYPESCRIPT_EXEC_ARGV,
  minBytes: 0,
};

let dir: string;
let big: string;
const ROWS = 300_000;

/**
 * 300,000 records (five chunks of 65,536 rows, some thirty 256 KB batches) with every kind of cell the
 * builders treat apart: an identifier (text), a categorical column with non-ASCII and quoted levels, an
 * integer column that meets a decimal (becomes number), ISO dates with impossible ones (invalid), yes/no
 * values, padded cells, missing codes, records with the wrong number of fields, blank lines.
 */
function writeBigFile(): string {
  const lines = ['id,site,score,visit,relapsed,note'];
  const sites = ['Hillcrest', 'Eastgate', 'Köln', '"Hill, crest"', 'NA'];
  for (let i = 1; i <= ROWS; i++) {
    const score = i === 200_001 ? '42.5' : i % 97 === 0 ? '-99' : i % 89 === 0 ? ` ${i % 50} ` : String(i % 50);
    const visit = i % 1303 === 0 ? '2024-13-45' : `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const relapsed = i % 3 === 0 ? 'yes' : i % 3 === 1 ? 'no' : '';
    const note = i % 10_000 === 0 ? 'n/a' : `note ${i % 1500}`;
    lines.push(`P${String(i).padStart(7, '0')},${sites[i % sites.length]},${score},${visit},${relapsed},${note}${i % 25_000 === 0 ? ',extra' : ''}`);
    if (i % 50_000 === 0) lines.push('');
  }
  const path = join(dir, 'big.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'column-worker-test-'));
  big = writeBigFile();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function imported(options: ImportOptions): Promise<{ project: Project; report: Awaited<ReturnType<typeof importCsv>> }> {
  const project = openProject(':memory:');
  const report = await importCsv(project, big, { name: 'big', ...options });
  return { project, report };
}

describe('the column worker', () => {
  it('stores exactly what the import on its own thread stores', async () => {
    const inline = await imported({});
    const worker = await imported({ columnWorker: WORKER });
    try {
      const a = inline.project.readDataset('big');
      const b = worker.project.readDataset('big');
      expect(b.nRows).toBe(ROWS - ROWS / 25_000);
      expect(a.nRows).toBe(b.nRows);
      for (let k = 0; k < a.columns.length; k++) {
        const x = a.columns[k];
        const y = b.columns[k];
        expect(y.name).toBe(x.name);
        expect(y.type).toBe(x.type);
        if ('values' in x) expect(Array.from((y as NumericColumn).values)).toEqual(Array.from(x.values));
        else {
          expect(Array.from((y as CodedColumn).codes)).toEqual(Array.from(x.codes));
          expect((y as CodedColumn).levels).toEqual(x.levels);
        }
      }
      const types = Object.fromEntries(b.columns.map((c) => [c.name, c.type]));
      expect(types).toEqual({ id: 'text', site: 'categorical', score: 'number', visit: 'date', relapsed: 'boolean', note: 'text' });
      expect((b.columns[1] as CodedColumn).levels).toEqual(['Eastgate', 'Köln', 'Hill, crest', 'Hillcrest']);
      const score = b.columns[2] as NumericColumn;
      expect(score.values[200_000 - 8]).toBe(42.5); // record 200,001, after the eight records with an extra field before it
      const { timing: _t1, importedAt: _d1, ...reportA } = inline.report;
      const { timing: _t2, importedAt: _d2, ...reportB } = worker.report;
      expect(reportB).toEqual(reportA);
      expect(reportB.rejectedRows).toBe(ROWS / 25_000);
      // record 200,001 is on line 200,006: after the header and four blank lines
      expect(reportB.columns.find((c) => c.name === 'score')?.notes).toEqual(['became a number column at line 200006 (value "42.5")']);
      expect(reportB.columns.find((c) => c.name === 'visit')?.invalid).toBe(Math.floor(ROWS / 1303));
      expect(worker.project.datasetColumns('big')).toEqual(inline.project.datasetColumns('big'));
      expect(worker.project.rejectedRecords('big')).toEqual(inline.project.rejectedRecords('big'));
    } finally {
      inline.project.close();
      worker.project.close();
    }
  }, 60_000);

  it('stops on cancel, storing nothing', async () => {
    const project = openProject(':memory:');
    try {
      const controller = new AbortController();
      const error = await importCsv(project, big, {
        name: 'big',
        columnWorker: WORKER,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.rows > 100_000) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CancelledError);
      expect(project.hasDataset('big')).toBe(false);
    } finally {
      project.close();
    }
  }, 60_000);

  it('fails in one line when the worker cannot run, storing nothing', async () => {
    const project = openProject(':memory:');
    try {
      const error = await importCsv(project, big, { name: 'big', columnWorker: { ...WORKER, script: join(dir, 'missing-worker.mjs') } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as Error).message).toMatch(/^big\.csv: import failed: /);
      expect((error as Error).message).not.toContain('\n');
      expect(project.hasDataset('big')).toBe(false);
    } finally {
      project.close();
    }
  }, 60_000);

  it('gives the usual one-line errors when the import stops before its columns are built', async () => {
    const project = openProject(':memory:');
    try {
      const headerOnly = join(dir, 'header-only.csv');
      writeFileSync(headerOnly, 'id,score\n');
      const first = await importCsv(project, headerOnly, { columnWorker: WORKER }).catch((e: unknown) => e);
      expect((first as Error).message).toBe('header-only.csv: line 2: the file has a header but no data records');
      const small = join(dir, 'small.csv');
      writeFileSync(small, 'id,score\nA,1\nB,2\n');
      await importCsv(project, small, { name: 'taken', columnWorker: WORKER });
      const second = await importCsv(project, small, { name: 'taken', columnWorker: WORKER }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(UserFacingError);
      expect((second as Error).message).toMatch(/a dataset named "taken" already exists/);
      expect(project.readDataset('taken').nRows).toBe(2);
    } finally {
      project.close();
    }
  }, 60_000);
});

describe('shareColumns', () => {
  const spec = (position: number, type: ColumnSpec['type'], expectedLevels = 0): ColumnSpec => ({ position, name: `c${position}`, type, field: position, expectedLevels });
  it('leaves the identifier and the coded columns to the worker and gives the import thread the last numeric columns', () => {
    // the bench's demo cohort: an identifier, five categorical columns, three dates, twenty numeric columns, 134 bytes a record
    const types: ColumnSpec['type'][] = ['text', 'categorical', 'categorical', 'date', 'categorical', 'integer', 'categorical', 'date', 'date', 'integer', 'integer', 'categorical', ...Array<ColumnSpec['type']>(17).fill('integer')];
    const specs = types.map((type, k) => spec(k, type, k === 0 ? 1_000_000 : 0));
    const share = shareColumns(specs, 134);
    // the import thread: 3 ns x 134 bytes + 4 ns x 29 stored cells = 518; the worker: 308 (identifier) +
    // 5 x 53 (coded) + 3 x 43 (dates) + 20 x 28 (numeric) = 1,262; each numeric column moved is 28 ns a
    // record: thirteen of them bring the two to 882 and 898, a fourteenth would pass the middle
    expect(share.inline.map((c) => c.position)).toEqual(Array.from({ length: 13 }, (_, k) => 16 + k));
    expect(share.worker.map((c) => c.position)).toEqual(Array.from({ length: 16 }, (_, k) => k));
  });
  it('keeps every column in the worker when the import thread has more to do already', () => {
    const specs = [spec(0, 'integer'), spec(1, 'number'), spec(2, 'integer')];
    expect(shareColumns(specs, 400)).toEqual({ worker: specs, inline: [] });
  });
});

