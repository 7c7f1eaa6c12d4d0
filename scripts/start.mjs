/**
 * `npm start`: ensure the Electron runtime (ensure-electron.mjs), then `electron-vite preview`, which
 * builds main, preload and renderer into out/ and launches Electron on this folder (package.json's
 * `main` is the built out/main/index.js). Extra arguments go to electron-vite (`npm start -- --skipBuild`).
 * A failure before launch is one plain line on stderr and exit code 1.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureElectron } from './ensure-electron.mjs';

const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const dir = electronDir();
if (!dir) {
  process.stderr.write('npm start: the electron package is not installed. Run npm install first.\n');
  process.exit(1);
}
const runtime = ensureElectron(dir);
if (!runtime.ok) {
  process.stderr.write(`${runtime.line}\n`);
  process.exit(1);
}

// electron-vite reads ELECTRON_EXEC_PATH before path.txt; pass on the runtime we checked.
const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: runtime.executable },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
