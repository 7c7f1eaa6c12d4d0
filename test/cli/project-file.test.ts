/**
 * The project file as the CLI meets it when something is wrong: a stored chunk whose bytes changed
 * (checksums), imports that fail (nothing is created), and a project in a read-only place (read, said
 * once on stderr; writes refused).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CHILD_ENV, CLI_BIN, NODE, PROJECT_ROOT, ensureCliBuilt, runCli } from '../helpers/run-cli';
import { readOnlyWays } from '../helpers/read-only-place';

const ADDICTS = 'test/fixtures/data/addicts.csv';
const DEMO_CSV = 'test/shared/mapping/fixtures/demo-cohort-2000.csv';
const DEMO_MAPPING = 'test/shared/mapping/fixtures/demo-mapping.json';

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

describe('an import that fails', () => {
  it('creates no project file: missing CSV, a folder, an empty file, a header without records, an unknown --drop column', async () => {
    const place = join(dir, 'failed-imports');
    mkdirSync(place);
    mkdirSync(join(place, 'folder.csv'));
    writeFileSync(join(place, 'empty.csv'), '');
    writeFileSync(join(place, 'header.csv'), 'a,b\n');
    writeFileSync(join(place, 'ok.csv'), 'a,b\n1,2\n');
    const inputs = readdirSync(place).sort();
    const project = join(place, 'new.sqlite');
    const cases: [string[], string][] = [
      [[join(place, 'missing.csv')], 'missing.csv: cannot read the CSV file (no such file)'],
      [[join(place, 'folder.csv')], 'folder.csv: cannot read the CSV file (it is a folder)'],
      [[join(place, 'empty.csv')], 'empty.csv: the file is empty'],
      [[join(place, 'header.csv')], 'header.csv: line 2: the file has a header but no data records'],
      [[join(place, 'ok.csv'), '--drop', 'zz'], 'ok.csv: no column named "zz"'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['import', ...args, '--project', project]);
      expect(run.code, message).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(place).sort(), message).toEqual(inputs);
    }
  });

  it('creates no project file when Ctrl-C cancels it (SIGINT while the records are read)', async () => {
    await ensureCliBuilt();
    const place = join(dir, 'cancelled-import');
    mkdirSync(place);
    const csv = join(place, 'big.csv');
    const lines = ['id,group,days'];
    for (let i = 0; i < 600_000; i++) lines.push(`${i},g${i % 13},${(i * 7919) % 1000}`);
    writeFileSync(csv, lines.join('\n') + '\n');
    const project = join(place, 'new.sqlite');
    const child = spawn(NODE, [CLI_BIN, 'import', csv, '--project', project], { cwd: PROJECT_ROOT, env: CHILD_ENV });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    // the project file exists once the import has begun writing
    while (!existsSync(project) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(project)).toBe(true);
    child.kill('SIGINT');
    expect(await exit).toBe(1);
    expect(stderr).toBe('error: big.csv: import cancelled\n');
    expect(readdirSync(place)).toEqual(['big.csv']);
  }, 60_000);
});

const ways = readOnlyWays();

describe.runIf(ways.length > 0)('a project in a read-only place', () => {
  it('datasets, analyze and report read it and say so once on stderr; import is refused with one line', async () => {
    const way = ways[0];
    const place = way.make();
    try {
      const project = join(place.folder, 'p.sqlite');
      expect((await runCli(['import', ADDICTS, '--project', project])).code).toBe(0);
      expect((await runCli(['import', DEMO_CSV, '--project', project, '--name', 'demo'])).code).toBe(0);
      place.lock();
      const files = readdirSync(place.folder);
      const bytes = readFileSync(project);
      const note = new RegExp(`^note: p\\.sqlite: opened read-only \\(${way.reason.source}\\); nothing is written to it\n$`);

      const datasets = await runCli(['datasets', '--project', project, '--json']);
      expect(datasets.code).toBe(0);
      expect(datasets.json().datasets.map((d: { name: string }) => d.name)).toEqual(['addicts', 'demo']);
      expect(datasets.stderr).toMatch(note);

      const km = await runCli(['analyze', 'km', '--project', project, '--dataset', 'addicts', '--time', 'time', '--event', 'status', '--group', 'clinic', '--json']);
      expect(km.code).toBe(0);
      expect(km.json().groups.map((g: { n: number }) => g.n)).toEqual([163, 75]);
      expect(km.stderr).toMatch(note);

      const out = join(dir, 'read-only-report.html');
      const report = await runCli(['report', '--project', project, '--dataset', 'demo', '--mapping', DEMO_MAPPING, '--out', out]);
      expect(report.code).toBe(0);
      expect(report.stderr).toMatch(note);
      expect(readFileSync(out, 'utf8')).toContain('<html');

      const importing = await runCli(['import', ADDICTS, '--project', project, '--name', 'again']);
      expect(importing.code).toBe(1);
      expect(importing.stderr).toMatch(new RegExp(`^error: p\\.sqlite: the project is open read-only \\(${way.reason.source}\\); cannot import a dataset into it\n$`));

      expect(readdirSync(place.folder)).toEqual(files);
      expect(readFileSync(project).equals(bytes)).toBe(true);
    } finally {
      place.release();
    }
  });
});
