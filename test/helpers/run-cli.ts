/**
 * Runs the CLI as a user does: a child process, with stdout, stderr and the exit code returned for
 * the contract tests. `runCli` runs the `relapse-workbench` bin (bin/relapse-workbench.js, which loads
 * the built out/cli/main.js) with the project's Node 22; `runNpmCli` goes through `npm run --silent cli`.
 *
 * The built CLI is never stale here: before the first run in a test file, the CLI is rebuilt when any
 * of its sources is newer than the build (scripts/build-cli.mjs; esbuild, well under a second), and a
 * build error fails the test with esbuild's message rather than testing old code.
 */
import { execFile } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliIfStale } from '../../scripts/build-cli.mjs';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(PROJECT_ROOT, 'node_modules', '.bin');
/** The project's Node 22 (the `node` devDependency): better-sqlite3 13 needs it. */
export const NODE = join(BIN, process.platform === 'win32' ? 'node.exe' : 'node');
export const CLI_BIN = join(PROJECT_ROOT, 'bin', 'relapse-workbench.js');
/** node_modules/.bin first, as npm scripts have it. */
export const CHILD_ENV = { ...process.env, PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}` };

let built: Promise<unknown> | undefined;
/** Builds out/cli when it is missing or older than its sources (once per test file). */
export function ensureCliBuilt(): Promise<unknown> {
  built ??= buildCliIfStale();
  return built;
}

export interface CliRun {
  stdout: string;
  stderr: string;
  /** Exit code (null only if the process was killed, e.g. by the timeout). */
  code: number | null;
  /** stdout parsed as exactly one JSON document (throws, naming the output, if it is not). */
  json<T = any>(): T;
}

export interface RunCliOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Variables set (a string) or removed (undefined) in the child's environment. */
  env?: Record<string, string | undefined>;
}

/** `relapse-workbench …args` from the project root (what `npm run --silent cli -- …args` runs). */
export async function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  await ensureCliBuilt();
  return run(NODE, [CLI_BIN, ...args], options);
}

/**
 * Exactly `npm run --silent cli -- …args`, through the npm that runs the tests (npm_execpath under
 * `npm test`), else the npm on PATH. Slower than runCli: use it for a few end-to-end checks.
 */
export async function runNpmCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  await ensureCliBuilt();
  const npmCli = process.env.npm_execpath;
  const prefix = ['run', '--silent', 'cli', '--', ...args];
  return npmCli && /\.c?js$/.test(npmCli) ? run(process.execPath, [npmCli, ...prefix], options) : run('npm', prefix, options);
}

function childEnv(changes: RunCliOptions['env']): NodeJS.ProcessEnv {
  if (!changes) return CHILD_ENV;
  const env: NodeJS.ProcessEnv = { ...CHILD_ENV };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function run(file: string, argv: string[], options: RunCliOptions): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      file,
      argv,
      { cwd: options.cwd ?? PROJECT_ROOT, env: childEnv(options.env), timeout: options.timeoutMs ?? 60_000, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({
          stdout,
          stderr,
          code,
          json<T>() {
            try {
              return JSON.parse(stdout) as T;
            } catch (parseError) {
              throw new Error(`stdout is not one JSON document (${(parseError as Error).message}); exit ${code}; stderr: ${stderr.slice(0, 500)}; stdout starts: ${stdout.slice(0, 200)}`);
            }
          },
        });
      },
    );
  });
}
