import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { importCsv } from '../../../node/import';
import { openProject } from '../../../node/store';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kill-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the import of `csv` into `projectPath` in a child process and kills it (SIGKILL) past 200,000 rows. */
async function importAndKill(csv: string, projectPath: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'helpers', 'import-child.ts'), csv, projectPath], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killedAt = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const m = [...buffer.matchAll(/rows (\d+)/g)].pop();
      if (m && Number(m[1]) > 200_000) {
        child.kill('SIGKILL');
        resolve(Number(m[1]));
      }
      if (buffer.includes('done')) reject(new Error('import finished before it could be killed'));
    });
    child.on('exit', (code) => {
      if (code !== null) reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
  await new Promise((resolve) => child.on('close', resolve));
  return killedAt;
}

function bigCsv(): string {
  const big = join(dir, 'big.csv');
  writeFileSync(big, 'id,x,label\n' + Array.from({ length: 2_000_000 }, (_, i) => `${i},${i * 0.5},L${i % 100}`).join('\n') + '\n');
  return big;
}

it('a process killed mid-import leaves the earlier datasets intact and no trace of the new one', async () => {
  const projectPath = join(dir, 'p.sqlite');
  const small = join(dir, 'small.csv');
  writeFileSync(small, 'id,x,g\n1,1.5,a\n2,,b\n3,-2,a\n');
  const project = openProject(projectPath, { create: true });
  const before = await importCsv(project, small, { name: 'earlier' });
  const framesBefore = JSON.stringify(project.readDataset('earlier'), (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array, String) : v));
  const auditBefore = project.auditLog();
  project.close();

  const big = bigCsv();
  const killedAt = await importAndKill(big, projectPath);
  expect(killedAt).toBeGreaterThan(200_000);
  expect(killedAt).toBeLessThan(2_000_000);

  const reopened = openProject(projectPath);
  expect(reopened.listDatasets()).toMatchObject([{ name: 'earlier', rows: 3, sha256: before.sha256 }]);
  expect(JSON.stringify(reopened.readDataset('earlier'), (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array, String) : v))).toBe(framesBefore);
  expect(reopened.auditLog()).toEqual(auditBefore);
  expect((reopened.database.prepare('SELECT COUNT(*) AS n FROM column_chunks').get() as { n: number }).n).toBe(3);
  reopened.close();
}, 120_000);

it('a process killed in the first import into a project it created leaves a project that opens, with no dataset', async () => {
  // that import writes straight into the file under a rollback journal (not the WAL): the next open rolls it back
  const projectPath = join(dir, 'new.sqlite');
  const killedAt = await importAndKill(bigCsv(), projectPath);
  expect(killedAt).toBeGreaterThan(200_000);
  expect(existsSync(`${projectPath}-journal`)).toBe(true);
  const reopened = openProject(projectPath);
  expect(reopened.listDatasets()).toEqual([]);
  expect((reopened.database.prepare('SELECT COUNT(*) AS n FROM column_chunks').get() as { n: number }).n).toBe(0);
  expect(reopened.auditLog().map((e) => e.action)).toEqual(['project-created']);
  expect(reopened.database.pragma('journal_mode', { simple: true })).toBe('wal');
  reopened.close();
  expect(existsSync(`${projectPath}-journal`)).toBe(false);
}, 120_000);
