/**
 * Builds the CLI to JavaScript: cli/main.ts and everything it imports from the project, bundled by
 * esbuild into out/cli/main.js (ESM, Node 22) with one chunk per command, so `--help` loads a few
 * kilobytes and each command loads only its own code. Packages in node_modules stay external
 * (better-sqlite3 is native; React, jsdom and the rest are imported from node_modules as they are), except
 * @stdlib, zod and simple-statistics, which are bundled: every analysis loads them, and @stdlib alone is
 * some 600 small files to resolve one by one. cli/main.ts also turns on V8's compile cache.
 *
 * Why: compiling TypeScript at every start (tsx) cost 0.65–2 s per call before any work.
 *
 *   node scripts/build-cli.mjs             build (part of `npm run build` and `npm install`)
 *   node scripts/build-cli.mjs --if-stale  build only when a source is newer than the last build,
 *                                          silently (what `npm run cli` and the test setup call)
 *
 * Several builds may run at once (tests and `npm run cli` in parallel): every file is written to a
 * temporary name and renamed into place, chunk names carry a content hash, main.js is renamed last,
 * and chunks no build refers to any more are removed only once they are an hour old.
 * out/cli/build-info.json lists the build's inputs and when it started; a source changed after that
 * start makes the build stale.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = join(ROOT, 'out', 'cli');
export const CLI_MAIN = join(CLI_OUT, 'main.js');
const BUILD_INFO = join(CLI_OUT, 'build-info.json');
/** Files that shape the build besides the bundled sources. */
const CONFIG_INPUTS = ['package.json', 'tsconfig.json', 'scripts/build-cli.mjs', 'scripts/import-glob.mjs'];
const CHUNK_GRACE_MS = 60 * 60 * 1000;

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Why the built CLI is missing or older than its sources, or null when it is up to date. */
export function cliStaleReason() {
  let info;
  try {
    info = JSON.parse(readFileSync(BUILD_INFO, 'utf8'));
  } catch {
    return 'out/cli has not been built';
  }
  if (!Array.isArray(info.inputs) || typeof info.startedAt !== 'number') return 'out/cli/build-info.json is not readable';
  if (mtimeMs(CLI_MAIN) === Infinity) return 'out/cli/main.js is missing';
  for (const input of info.inputs) {
    if (mtimeMs(join(ROOT, input)) > info.startedAt) return `${input} changed since the last build`;
  }
  return null;
}

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function removeUnusedChunks(written) {
  const folder = join(CLI_OUT, 'chunks');
  let names;
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const path = join(folder, name);
    if (written.has(path)) continue;
    if (now - mtimeMs(path) > CHUNK_GRACE_MS) rmSync(path, { force: true });
  }
}

/** Packages bundled into the CLI rather than loaded from node_modules (pure JS, loaded by every analysis). */
const BUNDLED_PACKAGES = /^(@stdlib\/|zod(\/|$)|simple-statistics(\/|$))/;

/** esbuild's `packages: 'external'`, except for the packages `bundled` matches. */
function externalPackagesExcept(bundled) {
  return {
    name: 'external-packages-except',
    setup(build) {
      // a bare specifier (not relative, not absolute, not a node: builtin) names a package
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || bundled.test(args.path)) return undefined;
        if (args.kind === 'entry-point') return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

/** Builds out/cli. Resolves to the build's duration and file count; rejects with one-line messages. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const { importGlobPlugin } = await import('./import-glob.mjs');
  const startedAt = Date.now();
  /** The folders import.meta.glob read: a file added to or removed from one makes the build stale (its mtime changes). */
  const globbed = new Set();
  const result = await build({
    absWorkingDir: ROOT,
    // the import's column worker is a script of its own: a worker thread is started on a file
    entryPoints: { main: 'cli/main.ts', 'column-worker-thread': 'node/import/column-worker-thread.ts' },
    outdir: CLI_OUT,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // packages stay external (loaded from node_modules) except the small pure-JS ones every analysis
    // loads: @stdlib's distributions are some 600 files of a few lines each, and resolving and compiling
    // them one by one cost 0.1–0.2 s of each call's start-up
    plugins: [importGlobPlugin(globbed), externalPackagesExcept(BUNDLED_PACKAGES)],
    tsconfig: 'tsconfig.json',
    metafile: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  }).catch((error) => {
    const first = error.errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new Error(`the CLI build failed: ${first ? first.text + where : String(error.message).split('\n')[0]}`);
  });
  const written = new Set();
  const main = result.outputFiles.find((file) => file.path === CLI_MAIN);
  for (const file of result.outputFiles) {
    if (file === main) continue;
    writeAtomically(file.path, file.contents);
    written.add(file.path);
  }
  if (!main) throw new Error('the CLI build failed: esbuild wrote no out/cli/main.js');
  writeAtomically(main.path, main.contents);
  written.add(main.path);
  const inputs = [...Object.keys(result.metafile.inputs), ...globbed, ...CONFIG_INPUTS].map((p) => relative(ROOT, resolve(ROOT, p)).split('\\').join('/'));
  writeAtomically(BUILD_INFO, JSON.stringify({ startedAt, inputs: [...new Set(inputs)].sort() }, null, 1) + '\n');
  removeUnusedChunks(written);
  return { ms: Date.now() - startedAt, files: written.size };
}

/** Builds when stale; resolves to true when it built. */
export async function buildCliIfStale() {
  if (cliStaleReason() === null) return false;
  await buildCli();
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    if (ifStale) await buildCliIfStale();
    else {
      const { ms, files } = await buildCli();
      process.stdout.write(`built out/cli (${files} files) in ${ms} ms\n`);
    }
  } catch (error) {
    process.stderr.write(`error: ${String(error?.message ?? error).split('\n')[0]}\n`);
    process.exit(1);
  }
}
