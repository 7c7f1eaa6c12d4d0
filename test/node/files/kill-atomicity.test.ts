/**
 * A process SIGKILLed in the middle of writing a large output file (the demo cohort, streamed as the CLI's
 * `demo-cohort` and the app's first run write it) leaves the previous file byte-identical: the new
 * content only ever lives in a temporary file beside it until the rename.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kill-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a process killed while writing the demo cohort leaves the old file intact', async () => {
  const target = join(dir, 'demo-cohort.csv');
  const old = Buffer.from('participant_id,site\nP0000001,the previous good file\n');
  writeFileSync(target, old);

  // 5,000,000 participants is about 650 MB: the child is killed long before it could finish.
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'helpers', 'write-demo-child.ts'), target, '5000000'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

  // Kill once 2 MB of new content is on disk, wherever the writer puts it (a temporary file, or the target).
  let writtenAtKill = 0;
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const sizes = readdirSync(dir).map((name) => ({ name, size: statSync(join(dir, name)).size }));
    const newContent = sizes.find((f) => f.size > 2_000_000);
    if (newContent) {
      writtenAtKill = newContent.size;
      child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const code = await exited;
  expect(stdout).not.toContain('done');
  expect(code, `child exited by itself: ${stderr}`).toBeNull();
  expect(writtenAtKill).toBeGreaterThan(2_000_000);

  expect(readFileSync(target).equals(old)).toBe(true);
  // What the killed writer left is one hidden temporary file beside the target, never the target itself.
  const left = readdirSync(dir).filter((name) => name !== 'demo-cohort.csv');
  expect(left).toHaveLength(1);
  expect(left[0]).toMatch(/^\.demo-cohort\.csv\.\d+\.[0-9a-f]+\.tmp$/);
}, 120_000);
