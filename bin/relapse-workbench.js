#!/usr/bin/env node
/**
 * The `relapse-workbench` command: runs the built CLI (out/cli/main.js, from scripts/build-cli.mjs).
 *
 * better-sqlite3 13 needs Node 22; under an older Node it crashes the process. A shim on PATH runs
 * this file with whatever `node` comes first, so: under Node < 22 it re-runs itself with the Node 22
 * that `npm install` puts in the package's own node_modules (the `node` devDependency) when that
 * exists, and otherwise prints one line saying Node 22 is needed. Written for old Nodes too: no
 * syntax or API newer than Node 14 before the version check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REQUIRED_MAJOR = 22;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

function fail(message) {
  process.stderr.write('error: ' + message + '\n');
  process.exit(1);
}

if (major < REQUIRED_MAJOR) {
  const exe = process.platform === 'win32' ? 'node.exe' : 'node';
  const own = [join(root, 'node_modules', 'node', 'bin', exe), join(root, 'node_modules', '.bin', exe)].find((p) => existsSync(p));
  if (!own || process.env.RELAPSE_WORKBENCH_REEXEC === '1') {
    fail('relapse-workbench needs Node.js ' + REQUIRED_MAJOR + ' or newer (better-sqlite3 13); this is Node ' + process.versions.node + '. Install Node ' + REQUIRED_MAJOR + ', or run `npm install` in ' + root + '.');
  }
  const child = spawnSync(own, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: Object.assign({}, process.env, { RELAPSE_WORKBENCH_REEXEC: '1' }),
  });
  if (child.error) fail('cannot start ' + own + ' (' + (child.error.code || child.error.message) + ')');
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status === null ? 1 : child.status);
} else {
  const main = join(root, 'out', 'cli', 'main.js');
  if (!existsSync(main)) fail('the CLI is not built: run `npm run build:cli` in ' + root + '.');
  await import(pathToFileURL(main).href);
}
