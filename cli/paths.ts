/**
 * The files a CLI command opens, checked before use so that a wrong kind of path is one clear line and
 * never a hang: opening a named pipe (FIFO) for reading blocks until something writes to it, and a
 * device or socket is no cohort or mapping either. Inputs must be regular files; an output may be
 * missing (it is created) but, if it exists, must be a regular file (the atomic writer would otherwise
 * rename over a FIFO or fail late on a folder after all the work was done).
 *
 * `readInputText` opens with O_NONBLOCK and checks the open file itself (fstat), so even a FIFO that
 * appears between a check and the read cannot block.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { UserFacingError } from '../shared/errors';

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the file name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
};

/** Why a path that exists is not a regular file, in plain words, or null when it is one. */
export function notARegularFile(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'it is a folder';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return READ_PROBLEMS[code] ?? (code || 'unreadable');
}

/** An input the command will open (a CSV, a mapping, a project): it must exist and be a regular file. */
export function checkInputFile(path: string, what: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new UserFacingError(`${path}: cannot read the ${what} file (${readProblem(error)})`, { file: path });
  }
  const problem = notARegularFile(stats);
  if (problem) throw new UserFacingError(`${path}: cannot read the ${what} file (${problem})`, { file: path });
}

/** A file the command will write: missing is fine (it is created); if it exists it must be a regular file. */
export function checkOutputFile(path: string, what: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return; // missing (or its folder is): the writer creates it or says why it cannot
  }
  const problem = notARegularFile(stats);
  if (problem) throw new UserFacingError(`${path}: cannot write the ${what} (${problem})`, { file: path });
}


/** Reads a text input (a mapping, an export, notes) without ever blocking on a FIFO; one line on failure. */
export function readInputText(path: string, what: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UserFacingError(`${path}: cannot read the ${what} file (${readProblem(error)})`, { file: path });
  }
  try {
    const problem = notARegularFile(fstatSync(fd));
    if (problem) throw new UserFacingError(`${path}: cannot read the ${what} file (${problem})`, { file: path });
    return readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(`${path}: cannot read the ${what} file (${readProblem(error)})`, { file: path });
  } finally {
    closeSync(fd);
  }
}

/** Reads a JSON input; a file that is not JSON is one line naming it. */
export function readJsonFile(path: string, what: string): unknown {
  const text = readInputText(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserFacingError(`${path}: the ${what} file is not valid JSON (${(error as Error).message.split('\n')[0]})`, { file: path });
  }
}
