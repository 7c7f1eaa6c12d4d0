/**
 * The built CLI starts fast because `--help` and usage errors load no command module (the engine, the
 * zod schemas, better-sqlite3, React): main.js and what it imports statically pull no package at
 * all, only node: built-ins. Checked on the build's import graph (never by timing). And the
 * `relapse-workbench` bin under a Node older than 22 either re-runs itself with the package's own Node
 * 22 or says in one line that Node 22 is needed (better-sqlite3 13 would crash it). Its V8 compile cache
 * sits in a folder only this user may write, and a temporary folder where none can be made (under /proc,
 * where Node's own mkdir would spin) does not hang it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_MAIN } from '../../scripts/build-cli.mjs';
import { CLI_BIN, ensureCliBuilt, PROJECT_ROOT, runCli } from '../helpers/run-cli';

/** Static imports (`import … from "x"`, `export … from "x"`, `import "x"`), not dynamic import(). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:^|\n)\s*(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
}

/** A Node older than 22 on PATH (outside node_modules), if the machine has one. */
function oldNode(): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder || folder.includes('node_modules')) continue;
    const candidate = join(folder, 'node');
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
      if (Number(version.replace(/^v/, '').split('.')[0]) < 22) return candidate;
    } catch {
      // not there
    }
  }
  return undefined;
}

describe('start-up', () => {
  it('main.js and its static imports load no package, only node: built-ins', async () => {
    await ensureCliBuilt();
    const seen = new Set<string>();
    const bare: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
        if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
        else if (!specifier.startsWith('node:')) bare.push(`${file}: ${specifier}`);
      }
    };
    visit(CLI_MAIN);
    expect(bare).toEqual([]);
    // A command module is reached only through a dynamic import.
    expect([...seen].some((f) => /chunks\/(analyze|report|mapping)-/.test(f))).toBe(false);
  });

  it('--help lists every command and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const name of ['analyze', 'import', 'datasets', 'mapping', 'report', 'rerun', 'export-analysis', 'demo', 'demo-cohort']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('keeps its compile cache in a folder of its own, only this user\'s, under the temporary folder', async () => {
    const temporary = mkdtempSync(join(tmpdir(), 'relapse-cache-'));
    try {
      const env = { TMPDIR: temporary, TMP: temporary, TEMP: temporary, NODE_COMPILE_CACHE: undefined };
      const run = await runCli(['analyze', '--help'], { env });
      expect(run.code).toBe(0);
      const folder = statSync(join(temporary, 'relapse-workbench-compile-cache'));
      expect(folder.isDirectory()).toBe(true);
      if (process.platform !== 'win32') expect(folder.mode & 0o777).toBe(0o700);
      // what Node wrote there: one folder for this Node version, with the compiled chunks in it
      const [versionFolder] = readdirSync(join(temporary, 'relapse-workbench-compile-cache'));
      expect(versionFolder).toMatch(new RegExp(`^${process.version}`));
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  });

  // Node's own recursive mkdir of a cache folder spins for ever under /proc; the CLI must not hang there
  it.skipIf(process.platform !== 'linux')('starts where no cache folder can be made (TMPDIR under /proc)', async () => {
    const run = await runCli(['--help'], { env: { TMPDIR: '/proc/no-such-folder', NODE_COMPILE_CACHE: undefined }, timeoutMs: 20_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('commands:');
  });

  const old = oldNode();
  it.skipIf(!old)('under Node < 22 the bin re-runs itself with the package\'s Node 22', async () => {
    await ensureCliBuilt();
    const out = execFileSync(old!, [CLI_BIN, '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(out).toContain('commands:');
  });

  it.skipIf(!old)('under Node < 22 without a Node 22 in the package: one line saying Node 22 is needed', () => {
    // A copy of the package without node_modules: nothing to re-run with.
    const dir = mkdtempSync(join(tmpdir(), 'relapse-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      cpSync(CLI_BIN, join(dir, 'bin', 'relapse-workbench.js'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      let failure: { status: number; stdout: string; stderr: string } | undefined;
      try {
        execFileSync(old!, [join(dir, 'bin', 'relapse-workbench.js'), '--help'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        failure = error as typeof failure;
      }
      expect(failure?.status).toBe(1);
      expect(failure?.stdout).toBe('');
      expect(failure?.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(failure?.stderr).toMatch(/^error: relapse-workbench needs Node\.js 22 or newer \(better-sqlite3 13\); this is Node 2?1?\d\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
