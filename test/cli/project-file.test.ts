/**
 * The project file as the CLI meets it when something is wrong: a stored chunk whose bytes changed
 * (checksums).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';

const ADDICTS = 'test/fixtures/data/addicts.csv';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relapse-project-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a stored chunk whose bytes changed', () => {
  it('analyze refuses with one line naming the dataset and column, exit 1', async () => {
    const project = join(dir, 'flipped.sqlite');
    expect((await runCli(['import', ADDICTS, '--project', project, '--json'])).code).toBe(0);
    const km = ['--project', project, '--dataset', 'addicts', '--time', 'time', '--event', 'status', '--group', 'clinic'];
    const before = await runCli(['analyze', 'km', ...km, '--json']);
    expect(before.code).toBe(0);
    // flip one bit inside the stored chunk of column "time" (position 3): the database itself stays valid
    const raw = new Database(project);
    const { data } = raw.prepare('SELECT data FROM column_chunks WHERE position = 3 AND chunk_index = 0').get() as { data: Buffer };
    const flipped = Buffer.from(data);
    flipped[40] ^= 0x04;
    raw.prepare('UPDATE column_chunks SET data = ? WHERE position = 3 AND chunk_index = 0').run(flipped);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const line = 'error: flipped.sqlite: dataset "addicts", column "time": stored data does not match its checksum (chunk 1); the project file is damaged\n';
    const after = await runCli(['analyze', 'km', ...km, '--json']);
    expect(after.code).toBe(1);
    expect(after.stdout).toBe('');
    expect(after.stderr).toBe(line);
  });
});
