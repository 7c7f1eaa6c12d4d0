/**
 * The CLI's checks of the paths it opens (cli/paths.ts), in process: an input must be a regular file,
 * an output may be missing but not a folder, a named pipe is refused without blocking (opened
 * O_NONBLOCK, checked with fstat), and each refusal is one line naming the path, the file's role and
 * the cause.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInputFile, checkOutputFile, notARegularFile, readInputText, readJsonFile } from '../../cli/paths';
import { UserFacingError } from '../../shared/errors';

let dir: string;
let fifo: string | null = null;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rw-paths-'));
  writeFileSync(join(dir, 'mapping.json'), '{"outcome": {"event": "status"}}');
  writeFileSync(join(dir, 'broken.json'), '{"outcome": ');
  mkdirSync(join(dir, 'folder'));
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  if (process.platform !== 'win32') {
    fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(action: () => unknown): { message: string; location: unknown } {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    return { message: (error as UserFacingError).message, location: (error as UserFacingError).location };
  }
  throw new Error('expected a refusal');
}

describe('inputs', () => {
  it('a regular file passes and is read', () => {
    expect(() => checkInputFile(join(dir, 'mapping.json'), 'mapping')).not.toThrow();
    expect(readJsonFile(join(dir, 'mapping.json'), 'mapping')).toEqual({ outcome: { event: 'status' } });
  });

  it('a missing file, a folder and a symbolic-link loop are refused in one line naming the path', () => {
    const missing = join(dir, 'nope.csv');
    expect(refusal(() => checkInputFile(missing, 'CSV'))).toEqual({ message: `${missing}: cannot read the CSV file (no such file)`, location: { file: missing } });
    expect(refusal(() => readInputText(missing, 'notes')).message).toBe(`${missing}: cannot read the notes file (no such file)`);
    const folder = join(dir, 'folder');
    expect(refusal(() => checkInputFile(folder, 'mapping')).message).toBe(`${folder}: cannot read the mapping file (it is a folder)`);
    expect(refusal(() => readInputText(folder, 'mapping')).message).toBe(`${folder}: cannot read the mapping file (it is a folder)`);
    const loop = join(dir, 'loop-a');
    expect(refusal(() => checkInputFile(loop, 'CSV')).message).toBe(`${loop}: cannot read the CSV file (too many symbolic links)`);
  });

  it.skipIf(process.platform === 'win32')('a named pipe is refused, and reading one does not block', () => {
    expect(refusal(() => checkInputFile(fifo!, 'CSV')).message).toBe(`${fifo}: cannot read the CSV file (it is a named pipe (FIFO), not a regular file)`);
    // Nothing ever writes to the pipe: a blocking open would hang here.
    expect(refusal(() => readInputText(fifo!, 'mapping')).message).toBe(`${fifo}: cannot read the mapping file (it is a named pipe (FIFO), not a regular file)`);
  });

  it('a file that is not JSON is one line naming it', () => {
    const broken = join(dir, 'broken.json');
    const { message } = refusal(() => readJsonFile(broken, 'analysis export'));
    expect(message.startsWith(`${broken}: the analysis export file is not valid JSON (`)).toBe(true);
    expect(message).not.toContain('\n');
  });
});

describe('outputs', () => {
  it('a missing file is fine (it will be created), a regular file too; a folder is refused', () => {
    expect(() => checkOutputFile(join(dir, 'report.html'), 'report')).not.toThrow();
    expect(() => checkOutputFile(join(dir, 'mapping.json'), 'mapping')).not.toThrow();
    const folder = join(dir, 'folder');
    expect(refusal(() => checkOutputFile(folder, 'report')).message).toBe(`${folder}: cannot write the report (it is a folder)`);
  });

  it.skipIf(process.platform === 'win32')('a named pipe as output is refused', () => {
    expect(refusal(() => checkOutputFile(fifo!, 'report')).message).toBe(`${fifo}: cannot write the report (it is a named pipe (FIFO), not a regular file)`);
  });
});

it('notARegularFile names devices', () => {
  if (process.platform === 'win32') return;
  expect(notARegularFile(statSync('/dev/null'))).toBe('it is a device, not a regular file');
  expect(notARegularFile(statSync(join(dir, 'mapping.json')))).toBeNull();
});
