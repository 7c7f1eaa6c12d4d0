/**
 * The launch chain of `npm start` (scripts/start.mjs → scripts/ensure-electron.mjs → electron-vite preview
 * → Electron), run for real through npm in a scratch copy of the project, so the build writes to the
 * copy's own out/ and never races the other tests over this checkout's out/.
 *
 * The copy links every source folder and every package of node_modules back to this checkout, except
 * node_modules/electron, which is a real folder holding the electron package's own files but never a
 * downloaded binary: the copy is a fresh install on a machine where the Electron download is not
 * available, whatever this checkout has.
 * - With a stand-in executable (ELECTRON_EXEC_PATH, electron-vite's override) that records how it was
 *   started: npm start must build main, preload and renderer and launch it on the project folder, whose
 *   package.json `main` is the freshly built entry.
 * - With no runtime and the download unreachable (electron's mirror pointed at a closed loopback port, so
 *   no request leaves the machine): exactly one plain line on stderr, no stack trace, exit code 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureElectron, findElectron, installerFailureCause } from '../../scripts/ensure-electron.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const LINKED = ['electron', 'renderer', 'shared', 'scripts', 'electron.vite.config.ts', 'tsconfig.json'];
const ELECTRON_FILES = ['package.json', 'install.js', 'index.js', 'cli.js', 'checksums.json', 'electron.d.ts'];

let project: string;

/** A scratch project as a fresh clone after `npm install` with the Electron download unavailable. */
function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rw-start-'));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  for (const name of LINKED) symlinkSync(join(ROOT, name), join(dir, name));
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== 'electron') symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  const electron = join(modules, 'electron');
  mkdirSync(electron);
  for (const name of ELECTRON_FILES) copyFileSync(join(ROOT, 'node_modules/electron', name), join(electron, name));
  symlinkSync(join(ROOT, 'node_modules/electron/node_modules'), join(electron, 'node_modules'));
  return dir;
}

/** Environment for npm: no binary override from outside, Electron's downloads sent to a closed local port. */
function npmEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(project, '.electron-cache') };
  delete env.ELECTRON_EXEC_PATH;
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  delete env.npm_config_loglevel;
  return { ...env, ...extra };
}

function npmStart(extra: Record<string, string>) {
  return spawnSync('npm', ['start'], { cwd: project, env: npmEnv(extra), encoding: 'utf8', timeout: 240_000 });
}

beforeAll(() => {
  project = scratchProject();
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('npm start', () => {
  it('builds the app and launches the Electron executable on the built main entry', () => {
    const record = join(project, 'launched.json');
    const standIn = join(project, 'stand-in-electron.cjs');
    writeFileSync(
      standIn,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), env: { NODE_ENV_ELECTRON_VITE: process.env.NODE_ENV_ELECTRON_VITE, ELECTRON_EXEC_PATH: process.env.ELECTRON_EXEC_PATH } }));\n`,
    );
    chmodSync(standIn, 0o755);
    const startedAt = Date.now();

    const run = npmStart({ ELECTRON_EXEC_PATH: standIn });

    expect(run.status, run.stderr).toBe(0);
    const launched = JSON.parse(readFileSync(record, 'utf8'));
    expect(launched.args).toEqual(['.']);
    expect(launched.cwd).toBe(project);
    expect(launched.env).toEqual({ NODE_ENV_ELECTRON_VITE: 'production', ELECTRON_EXEC_PATH: standIn });
    // Electron opens "." through package.json's main: it must be the entry this run built, with its preload and page.
    const main = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).main;
    expect(main).toBe('out/main/index.js');
    for (const built of [main, 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(statSync(join(project, built)).mtimeMs, built).toBeGreaterThanOrEqual(startedAt - 1000);
    }
    execFileSync(process.execPath, ['--check', join(project, main)]);
    expect(readFileSync(join(project, main), 'utf8')).toContain('requestSingleInstanceLock');
  }, 300_000);

  it('says in one plain line that Electron could not be downloaded, and how to go on', () => {
    const run = npmStart({});

    expect(run.status).toBe(1);
    const ours = run.stderr.split('\n').filter((line) => line.startsWith('npm start:'));
    expect(ours).toHaveLength(2); // the "downloading…" notice, then the failure
    expect(ours[1]).toMatch(/^npm start: the Electron \d+\.\d+\.\d+ runtime could not be downloaded \(.+\)\. Connect to the network and run npm start again, or set ELECTRON_EXEC_PATH/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('Electron uninstall');
    expect(findElectron(join(project, 'node_modules/electron'), {})).toEqual({ missing: 'the Electron runtime has not been downloaded yet' });
  }, 120_000);
});

describe('ensureElectron', () => {
  it('uses ELECTRON_EXEC_PATH when it exists and refuses one that does not', () => {
    const electronDir = join(project, 'node_modules/electron');
    expect(ensureElectron(electronDir, { env: { ELECTRON_EXEC_PATH: process.execPath } })).toEqual({ ok: true, executable: process.execPath });
    const missing = ensureElectron(electronDir, { env: { ELECTRON_EXEC_PATH: join(project, 'nowhere') } });
    expect(missing).toEqual({ ok: false, line: `npm start: ELECTRON_EXEC_PATH names ${join(project, 'nowhere')}, which does not exist. Point ELECTRON_EXEC_PATH at an Electron executable, or unset it to download Electron.` });
  });

  it('takes the binary electron’s installer recorded in path.txt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rw-electron-'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(findElectron(dir, {})).toEqual({ missing: `${join(dir, 'dist', 'electron')} is missing` });
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(ensureElectron(dir, { env: {} })).toEqual({ ok: true, executable: join(dir, 'dist', 'electron') });
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the cause from an installer stack trace', () => {
    expect(installerFailureCause('TypeError: fetch failed\n    at node:internal/deps/undici/undici:15270:13\n    at async FetchDownloader.download (x.js:46:30)\n')).toBe('fetch failed');
    expect(installerFailureCause('HTTPError: Response code 404 (Not Found) for http://mirror/v44/electron.zip\n    at a (b.js:1:1)')).toBe('Response code 404 (Not Found) for http://mirror/v44/electron.zip');
    expect(installerFailureCause('')).toBe('the installer stopped without a message');
  });
});
