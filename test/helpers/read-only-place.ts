/**
 * Folders that cannot be written, made for real (tests run as root in CI containers, and root ignores
 * permission bits, so chmod alone proves nothing there):
 * - 'read-only file system': a tmpfs mounted on the folder, remounted read-only (root, `mount` works);
 * - 'immutable': `chattr +i` on the folder and the files in it (root, a file system that supports it);
 * - 'no write permission': chmod a-w on the folder and its files (not root: permission bits apply).
 * `readOnlyWays()` lists the ways this machine supports; each gives a fresh folder to fill while it is
 * writable, `lock()` to make it read-only, and `release()` (always call it) to undo and remove it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReadOnlyPlace {
  folder: string;
  lock(): void;
  release(): void;
}

export interface ReadOnlyWay {
  name: 'read-only file system' | 'immutable' | 'no write permission';
  /** The reason openProject gives for this way. */
  reason: RegExp;
  make(): ReadOnlyPlace;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const tmpfs: ReadOnlyWay = {
  name: 'read-only file system',
  reason: /the file system is read-only/,
  make() {
    const folder = mkdtempSync(join(tmpdir(), 'ro-tmpfs-'));
    if (!run('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', folder])) throw new Error(`cannot mount a tmpfs on ${folder}`);
    let locked = false;
    return {
      folder,
      lock() {
        execFileSync('mount', ['-o', 'remount,ro', folder]);
        locked = true;
      },
      release() {
        if (locked) run('mount', ['-o', 'remount,rw', folder]);
        if (!run('umount', [folder])) run('umount', ['-l', folder]); // a file still open: detach it anyway
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
};

const immutable: ReadOnlyWay = {
  name: 'immutable',
  reason: /writing is not permitted to the (file|folder)/,
  make() {
    const folder = mkdtempSync(join(tmpdir(), 'ro-immutable-'));
    const targets = () => [...readdirSync(folder).map((f) => join(folder, f)), folder];
    return {
      folder,
      lock() {
        for (const target of targets()) execFileSync('chattr', ['+i', target]);
      },
      release() {
        for (const target of targets()) run('chattr', ['-i', target]);
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
};

const permissions: ReadOnlyWay = {
  name: 'no write permission',
  reason: /no permission to write to the (file|folder)/,
  make() {
    const folder = mkdtempSync(join(tmpdir(), 'ro-chmod-'));
    const files = () => readdirSync(folder).map((f) => join(folder, f));
    return {
      folder,
      lock() {
        for (const file of files()) chmodSync(file, 0o444);
        chmodSync(folder, 0o555);
      },
      release() {
        chmodSync(folder, 0o755);
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
};

function works(way: ReadOnlyWay): boolean {
  let place: ReadOnlyPlace | undefined;
  try {
    place = way.make();
    writeFileSync(join(place.folder, 'probe'), 'x');
    place.lock();
    try {
      mkdirSync(join(place.folder, 'written'));
      return false; // the lock did not hold
    } catch {
      return true;
    }
  } catch {
    return false;
  } finally {
    place?.release();
  }
}

/** The ways this machine can make a folder read-only (may be empty: tests then skip, saying so). */
export function readOnlyWays(): ReadOnlyWay[] {
  return (isRoot ? [tmpfs, immutable] : [permissions]).filter(works);
}
