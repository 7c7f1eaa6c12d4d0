/**
 * Atomic output files (node/files/atomic-write.ts): a write that fails at any step — a full
 * disk mid-write, a failing fsync or rename, a read-only file system, a chunk source that throws —
 * leaves the old file byte-identical and no temporary file behind, and says so in one line naming the
 * target. A successful write replaces the file whole, keeps its mode and writes through a symlink.
 */
import * as fs from 'node:fs';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AtomicFs, writeError, writeFileAtomic, writeFileAtomicSync, writeStreamAtomic } from '../../../node/files/atomic-write';
import { UserFacingError } from '../../../shared/errors';

let dir: string;
let target: string;
const OLD = Buffer.from('the previous good report\n'.repeat(1000));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atomic-write-'));
  target = join(dir, 'report.html');
  writeFileSync(target, OLD);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fsError = (code: string) => Object.assign(new Error(`${code}: simulated`), { code, syscall: 'write' });

/** node:fs with one call replaced. */
function fakeFs(overrides: Partial<AtomicFs>): AtomicFs {
  return { ...fs, ...overrides } as AtomicFs;
}

function expectOldFileIntact() {
  expect(readFileSync(target).equals(OLD)).toBe(true);
  expect(readdirSync(dir)).toEqual(['report.html']);
}

const NEW = 'x'.repeat(200_000);

describe('a failed write leaves the old file byte-identical and no temporary file', () => {
  it('the disk fills up part-way through the content', () => {
    let calls = 0;
    const diskFills = fakeFs({
      writeSync: ((fd: number, buffer: Uint8Array, offset: number, length: number) => {
        if (++calls > 1) throw fsError('ENOSPC');
        return fs.writeSync(fd, buffer, offset, Math.min(length, 4096)); // a short write, then a full disk
      }) as AtomicFs['writeSync'],
    });
    let thrown: unknown;
    try {
      writeFileAtomicSync(target, NEW, { what: 'report', fs: diskFills });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserFacingError);
    expect(thrown).toMatchObject({ message: `${target}: cannot write the report (the disk is full)`, location: { file: target } });
    expect(calls).toBe(2);
    expectOldFileIntact();
  });

  it('fsync fails', () => {
    const failingSync = fakeFs({ fsyncSync: () => { throw fsError('EIO'); } });
    expect(() => writeFileAtomicSync(target, NEW, { what: 'report', fs: failingSync })).toThrow(`${target}: cannot write the report (the disk reported an input/output error)`);
    expectOldFileIntact();
  });

  it('the rename fails', () => {
    const failingRename = fakeFs({ renameSync: () => { throw fsError('EACCES'); } });
    expect(() => writeFileAtomicSync(target, NEW, { what: 'analysis export', fs: failingRename })).toThrow(`${target}: cannot write the analysis export (not writable: permission denied)`);
    expectOldFileIntact();
  });

  it('the folder is on a read-only file system', async () => {
    const readOnly = fakeFs({ openSync: (() => { throw fsError('EROFS'); }) as AtomicFs['openSync'] });
    await expect(writeFileAtomic(target, NEW, { what: 'file', fs: readOnly })).rejects.toThrow(`${target}: cannot write the file (not writable: the file system is read-only)`);
    expectOldFileIntact();
  });

  it('the disk fills up in the middle of a streamed file', async () => {
    let calls = 0;
    const diskFills = fakeFs({
      writeSync: ((fd: number, buffer: Uint8Array, offset: number, length: number) => {
        if (++calls > 3) throw fsError('ENOSPC');
        return fs.writeSync(fd, buffer, offset, length);
      }) as AtomicFs['writeSync'],
    });
    const chunks = function* () {
      for (let i = 0; i < 10; i++) yield `chunk ${i}\n`.repeat(1000);
    };
    await expect(writeStreamAtomic(target, chunks(), { what: 'demo cohort', fs: diskFills })).rejects.toThrow(`${target}: cannot write the demo cohort (the disk is full)`);
    expect(calls).toBe(4);
    expectOldFileIntact();
  });

  it('the chunk source fails: its own error passes through unchanged', async () => {
    const chunks = async function* () {
      yield 'first part\n';
      throw new Error('generator broke');
    };
    await expect(writeStreamAtomic(target, chunks())).rejects.toThrow(/^generator broke$/);
    expectOldFileIntact();
  });

  it('the target is a folder', () => {
    mkdirSync(join(dir, 'out.csv'));
    expect(() => writeFileAtomicSync(join(dir, 'out.csv'), NEW, { what: 'demo cohort' })).toThrow(`${join(dir, 'out.csv')}: cannot write the demo cohort (it is a folder)`);
    expect(readdirSync(dir).sort()).toEqual(['out.csv', 'report.html']);
    expect(readdirSync(join(dir, 'out.csv'))).toEqual([]);
  });

  it('the folder does not exist', () => {
    const missing = join(dir, 'nope', 'report.html');
    expect(() => writeFileAtomicSync(missing, NEW, { what: 'report' })).toThrow(`${missing}: cannot write the report (its folder does not exist)`);
  });
});

describe('a successful write', () => {
  it('replaces the file whole, strings and bytes alike', async () => {
    writeFileAtomicSync(target, NEW);
    expect(readFileSync(target, 'utf8')).toBe(NEW);
    await writeFileAtomic(target, Buffer.from([0, 1, 2, 255]));
    expect([...readFileSync(target)]).toEqual([0, 1, 2, 255]);
    await writeStreamAtomic(target, ['a,b\n', Buffer.from('1,2\n')]);
    expect(readFileSync(target, 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('creates a new file', () => {
    writeFileAtomicSync(join(dir, 'new.json'), '{}');
    expect(readFileSync(join(dir, 'new.json'), 'utf8')).toBe('{}');
  });

  it('keeps the mode of the file it replaces', () => {
    chmodSync(target, 0o640);
    writeFileAtomicSync(target, NEW);
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  it('writes through a symlink and leaves the link in place', () => {
    const link = join(dir, 'latest.html');
    symlinkSync(target, link);
    writeFileAtomicSync(link, NEW);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(NEW);
  });

  it('a folder that cannot be fsynced (EINVAL, as on some platforms) is not a failure', () => {
    const noDirectorySync = fakeFs({
      fsyncSync: (fd: number) => {
        if (fs.fstatSync(fd).isDirectory()) throw fsError('EINVAL');
        fs.fsyncSync(fd);
      },
    });
    writeFileAtomicSync(target, NEW, { fs: noDirectorySync });
    expect(readFileSync(target, 'utf8')).toBe(NEW);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });
});

describe('writeError', () => {
  it('is one line naming the file and the cause', () => {
    expect(writeError('/x/r.html', 'report', fsError('ENOSPC')).message).toBe('/x/r.html: cannot write the report (the disk is full)');
    expect(writeError('/x/r.html', 'report', fsError('EWEIRD')).message).toBe('/x/r.html: cannot write the report (EWEIRD)');
  });
});
