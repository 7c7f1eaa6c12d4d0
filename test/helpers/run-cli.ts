/**
 * Runs the CLI as a user does (`npm run --silent cli -- …` is `tsx cli/main.ts …` from the project
 * root): a child process, with stdout, stderr and the exit code returned for the contract tests.
 */
import { execFile } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(PROJECT_ROOT, 'node_modules', '.bin');
const TSX = join(BIN, 'tsx');
/** node_modules/.bin first, as npm scripts have it: tsx then runs the project's Node 22 (better-sqlite3 needs it). */
const CHILD_ENV = { ...process.env, PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}` };

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
}

/** `tsx cli/main.ts …args` from the project root (what `npm run --silent cli -- …args` runs). */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  return run(TSX, ['cli/main.ts', ...args], options);
}

/**
 * Exactly `npm run --silent cli -- …args`, through the npm that runs the tests (npm_execpath under
 * `npm test`), else the npm on PATH. Slower than runCli: use it for a few end-to-end checks.
 */
export function runNpmCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const npmCli = process.env.npm_execpath;
  const prefix = ['run', '--silent', 'cli', '--', ...args];
  return npmCli && /\.c?js$/.test(npmCli) ? run(process.execPath, [npmCli, ...prefix], options) : run('npm', prefix, options);
}

function run(file: string, argv: string[], options: RunCliOptions): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      file,
      argv,
      { cwd: options.cwd ?? PROJECT_ROOT, env: CHILD_ENV, timeout: options.timeoutMs ?? 60_000, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
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
