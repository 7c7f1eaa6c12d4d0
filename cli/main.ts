/**
 * Relapse Workbench command-line interface: the same import, store, mapping and engine modules as the
 * app, without Electron. Built to out/cli/main.js (scripts/build-cli.mjs) and run by the
 * `relapse-workbench` bin (bin/relapse-workbench.js) or `npm run --silent cli -- --help`.
 *
 * Start-up: this file imports nothing heavy. A command's module is loaded only when it runs
 * (cli/commands/index.ts), so `--help` and usage errors do not pay for the engine, zod or SQLite.
 *
 * Contract: --json writes exactly one JSON document to stdout; an error is one line on stderr and a
 * non-zero exit code (2 for a usage error, 1 otherwise). A stack trace is never shown.
 */
import { mkdirSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserFacingError } from '../shared/errors';
import { UsageError } from './args';
import { COMMANDS, type CommandEntry } from './commands';

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Relapse Workbench CLI: survival and correlation analysis of relapse cohorts, offline.',
    '',
    'usage: relapse-workbench <command> [options]',
    '   (from the source folder: npm run --silent cli -- <command> [options])',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `<command> --help` for a command\'s options. --json prints one JSON document.',
  ].join('\n');
}

function oneLine(error: unknown): string {
  if (error instanceof UserFacingError || error instanceof UsageError) return error.message;
  if (error instanceof Error) return `internal error: ${error.message.split('\n')[0]}`;
  return `internal error: ${String(error)}`;
}

function fail(error: unknown): never {
  process.stderr.write(`error: ${oneLine(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(helpText() + '\n');
    return;
  }
  const entry: CommandEntry | undefined = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new UsageError(`unknown command "${name}" (run --help for the list)`);
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage() + '\n');
    return;
  }
  await command.run(rest);
}

/**
 * V8's compile cache (Node 22.1+): a command's chunks are compiled once per build, not at every call, which
 * took some 0.15 s of each analysis call's start-up. It holds only this build's compiled code, never data,
 * in a folder of the system's temporary folder. This makes that folder itself and hands Node an existing
 * one: Node's own recursive mkdir spins for ever where a parent exists but a child cannot be made (a
 * TMPDIR under /proc, for one). Where the folder cannot be made (read-only, full) the CLI goes on without.
 */
function turnOnCompileCache(): void {
  if (process.env.NODE_COMPILE_CACHE) return; // Node has enabled it from the variable already
  const dir = join(tmpdir(), 'relapse-workbench-compile-cache');
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return;
  }
  try {
    // only a folder of this user's that no one else may write to: compiled code is run from it
    const folder = statSync(dir);
    const ours = process.getuid === undefined || (folder.uid === process.getuid() && (folder.mode & 0o022) === 0);
    if (folder.isDirectory() && ours) enableCompileCache(dir);
  } catch {
    // no cache: only slower
  }
}
turnOnCompileCache();

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// Writing to a closed pipe (e.g. `| head`) is not an error worth a message.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).catch(fail);
