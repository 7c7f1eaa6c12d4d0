/**
 * Atomic output files: every file the app and the CLI write for the user (reports, analysis exports,
 * mappings, the demo cohort, save-dialog exports) goes through here. The content is written to a
 * temporary file beside the target (`.<name>.<pid>.<random>.tmp`, same folder so the rename stays on one
 * file system), the file is fsynced, renamed over the target (POSIX rename(2) is atomic; on Windows
 * Node's rename replaces the file with MoveFileEx) and the folder is fsynced. A kill, a crash or a full
 * disk therefore leaves either the old file or the new one, never a truncated one; on a failure the
 * temporary file is removed and the error is one user-facing line naming the target and the cause.
 * The pattern is the one of write-file-atomic (npm) and of SQLite's journal-less rename idiom.
 */
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { UserFacingError } from '../../shared/errors';

/** The file-system calls the writer makes; tests pass a failing fake. */
export type AtomicFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync' | 'statSync' | 'realpathSync' | 'fchmodSync'>;

export type Chunk = string | Uint8Array;

export interface AtomicWriteOptions {
  /** What the file is, for the error line: "cannot write the <what>". Default "file". */
  what?: string;
  /** The file system (node:fs unless a test says otherwise). */
  fs?: AtomicFs;
}

const WRITE_PROBLEMS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  EACCES: 'not writable: permission denied',
  EPERM: 'not writable: permission denied',
  EROFS: 'not writable: the file system is read-only',
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large for this file system',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the file name is too long',
  EMFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
  EXDEV: 'the temporary file is on another file system',
};

/** The cause of a file-system error in plain words ("the disk is full"). */
export function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  return WRITE_PROBLEMS[code] ?? (code || String((error as Error | null)?.message ?? error).split('\n')[0] || 'write failed');
}

/** A failed write as one user-facing line naming the file: "<path>: cannot write the <what> (<cause>)". */
export function writeError(path: string, what: string, error: unknown): UserFacingError {
  return new UserFacingError(`${path}: cannot write the ${what} (${writeProblem(error)})`, { file: path });
}

function isFsError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
}

function errorWithCode(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** Folder fsync is not possible everywhere (Windows, some network file systems); that is not a failure. */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EINVAL', 'EISDIR', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF']);

interface Target {
  /** Where the content ends up: the target, or the file a symlink target points to. */
  final: string;
  temp: string;
  /** The mode of the file being replaced, kept on the new one. */
  mode?: number;
}

function prepare(path: string, fs: AtomicFs): Target {
  let final = path;
  let mode: number | undefined;
  let stats: nodeFs.Stats | undefined;
  try {
    stats = fs.statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stats) {
    if (stats.isDirectory()) throw errorWithCode('EISDIR');
    final = fs.realpathSync(path); // write through a symlink, do not replace it
    mode = stats.mode & 0o7777;
  }
  const temp = join(dirname(final), `.${basename(final)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  return { final, temp, mode };
}

function writeAll(fs: AtomicFs, fd: number, chunk: Chunk): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  let offset = 0;
  while (offset < bytes.byteLength) offset += fs.writeSync(fd, bytes, offset, bytes.byteLength - offset);
}

function syncDirectory(fs: AtomicFs, folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    if (!DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Opens the temporary file; the returned steps finish or abandon it. */
function begin(path: string, fs: AtomicFs) {
  const target = prepare(path, fs);
  const fd = fs.openSync(target.temp, 'wx', target.mode ?? 0o666);
  let open = true;
  return {
    write: (chunk: Chunk) => writeAll(fs, fd, chunk),
    commit() {
      if (target.mode !== undefined) fs.fchmodSync(fd, target.mode);
      fs.fsyncSync(fd);
      open = false;
      fs.closeSync(fd);
      fs.renameSync(target.temp, target.final);
      syncDirectory(fs, dirname(target.final));
    },
    abandon() {
      if (open) {
        open = false;
        try {
          fs.closeSync(fd);
        } catch {
          // already failing; the unlink below is what matters
        }
      }
      try {
        fs.unlinkSync(target.temp);
      } catch {
        // gone already (renamed, or never created)
      }
    },
  };
}

function fail(path: string, what: string, error: unknown): never {
  if (error instanceof UserFacingError || !isFsError(error)) throw error;
  throw writeError(path, what, error);
}

/** Writes `data` to `path` atomically (synchronously): the old file stays whole until the new one is complete. */
export function writeFileAtomicSync(path: string, data: Chunk, options: AtomicWriteOptions = {}): void {
  const fs = options.fs ?? nodeFs;
  let file: ReturnType<typeof begin> | undefined;
  try {
    file = begin(path, fs);
    file.write(data);
    file.commit();
  } catch (error) {
    file?.abandon();
    fail(path, options.what ?? 'file', error);
  }
}

/** Writes `data` to `path` atomically; the promise form for the main process. */
export async function writeFileAtomic(path: string, data: Chunk, options: AtomicWriteOptions = {}): Promise<void> {
  return writeStreamAtomic(path, [data], options);
}

/**
 * Writes a stream of chunks (a generator, possibly async, e.g. the 130 MB demo cohort) to `path`
 * atomically. Between chunks the event loop runs, so a long write never freezes the main process;
 * if the chunk source throws, the temporary file is removed and the error passes through unchanged.
 */
export async function writeStreamAtomic(path: string, chunks: Iterable<Chunk> | AsyncIterable<Chunk>, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  let file: ReturnType<typeof begin> | undefined;
  try {
    file = begin(path, fs);
    for await (const chunk of chunks) {
      file.write(chunk);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    file.commit();
  } catch (error) {
    file?.abandon();
    fail(path, options.what ?? 'file', error);
  }
}
