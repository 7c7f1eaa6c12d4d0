/**
 * Makes sure the Electron runtime is on this machine before `npm start` hands over to electron-vite.
 *
 * Why: electron (42 and later) ships no install script; its binary is fetched lazily the first time
 * `require('electron')` runs. electron-vite 6 never requires it: it reads `node_modules/electron/path.txt`
 * (written by electron's own `install.js`) and throws `Error: Electron uninstall` with a stack trace when
 * the file is missing. So on a fresh clone `npm install && npm start` fails unless electron's installer
 * has run once. This module runs that installer (the package's `install-electron` bin, i.e. its
 * `install.js`), and when it cannot work (offline, a blocked mirror) turns its stack trace into one
 * plain line that says what to do.
 *
 * Plain JavaScript on purpose: it runs before anything is built, on the Node that npm scripts use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The runtime electron-vite will launch, or why there is none yet.
 * `ELECTRON_EXEC_PATH` (electron-vite's own override) wins; otherwise `path.txt` names the binary under `dist/`.
 * @param {string} electronDir the electron package's folder (node_modules/electron)
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ executable: string } | { missing: string }}
 */
export function findElectron(electronDir, env) {
  const override = env.ELECTRON_EXEC_PATH;
  if (override) {
    return existsSync(override) ? { executable: override } : { missing: `ELECTRON_EXEC_PATH names ${override}, which does not exist` };
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'the Electron runtime has not been downloaded yet' };
  const executable = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? { executable } : { missing: `${executable} is missing` };
}

/**
 * The one line worth showing from a failed installer run: the first line of the error it printed
 * (the message line of a stack trace), without the `at …` frames.
 * @param {string} stderr
 * @returns {string}
 */
export function installerFailureCause(stderr) {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('at '));
  const message = lines.find((line) => /error/i.test(line)) ?? lines[0] ?? 'the installer stopped without a message';
  return message.replace(/^(\w*Error):\s*/, '').slice(0, 300);
}

/**
 * Ensures the runtime, downloading it once through electron's own installer when needed.
 * @param {string} electronDir node_modules/electron
 * @param {{ env?: NodeJS.ProcessEnv, node?: string, log?: (line: string) => void }} [options]
 * @returns {{ ok: true, executable: string } | { ok: false, line: string }}
 */
export function ensureElectron(electronDir, options = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const found = findElectron(electronDir, env);
  if ('executable' in found) return { ok: true, executable: found.executable };
  if (env.ELECTRON_EXEC_PATH) return { ok: false, line: `npm start: ${found.missing}. Point ELECTRON_EXEC_PATH at an Electron executable, or unset it to download Electron.` };

  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  log(`npm start: downloading the Electron ${version} runtime (once, about 100 MB)…`);
  const installer = spawnSync(options.node ?? process.execPath, [join(electronDir, 'install.js')], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const after = findElectron(electronDir, env);
  if (installer.status === 0 && 'executable' in after) return { ok: true, executable: after.executable };

  const cause = installer.error ? installer.error.message : installerFailureCause(installer.stderr ?? '');
  return {
    ok: false,
    line:
      `npm start: the Electron ${version} runtime could not be downloaded (${cause}). ` +
      'Connect to the network and run npm start again, or set ELECTRON_EXEC_PATH to an installed Electron ' +
      `${version.split('.')[0]} executable. The CLI needs no Electron: npm run cli -- --help`,
  };
}
