/**
 * Every command in the README's "Command-line interface" code block runs as written, in order, from a
 * fresh clone: each line is read from README.md, turned into the CLI's arguments (`npm run --silent cli
 * -- …`, `node bin/relapse-workbench.js …`, or an npm script that runs the bin, such as `npm run demo`)
 * and run by the built CLI in a scratch copy of the clone's files the line names (examples/,
 * test/fixtures/…), so the shared checkout gets no output files. Each must exit 0 with nothing on
 * stderr, and a --json run must print one JSON document. The files the commands write must be ignored
 * by git (.gitignore), as they would be at the top of a clone.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMapping } from '../../shared/mapping/format';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli';

const BIN_PATH = 'bin/relapse-workbench.js';

/** The lines of the first ```sh block under "## Command-line interface". */
function readmeCliLines(): string[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Command-line interface'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no ```sh block in the "Command-line interface" section');
  return block[1].split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** Shell words of a line: whitespace-separated, single or double quotes kept together, ` # comment` dropped. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' || ch === "'") {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unbalanced quote in: ${line}`);
      current = (current ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(ch)) {
      if (current !== null) words.push(current);
      current = null;
    } else if (ch === '#' && current === null) break;
    else current = (current ?? '') + ch;
  }
  if (current !== null) words.push(current);
  return words;
}

const scripts = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** The bin's arguments for a README line, or an error naming a form the test does not know. */
function cliArguments(line: string): string[] {
  const words = shellWords(line);
  if (words.slice(0, 5).join(' ') === 'npm run --silent cli --') return words.slice(5);
  if (words[0] === 'node' && words[1] === BIN_PATH) return words.slice(2);
  if (words[0] === 'npm' && words[1] === 'run' && scripts[words[2]] !== undefined) {
    const tail = new RegExp(`(?:^|&& )node ${BIN_PATH.replace(/[./]/g, '\\$&')}(.*)$`).exec(scripts[words[2]]);
    if (tail) return [...shellWords(tail[1]), ...words.slice(3)];
  }
  throw new Error(`README line is not a form this test runs (npm run --silent cli -- …, node ${BIN_PATH} …, or an npm script that runs the bin): ${line}`);
}

const lines = readmeCliLines();
let dir: string;
let inputs: Set<string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relapse-readme-'));
  // The clone's files the commands name (a path with a folder in it that exists in the clone).
  inputs = new Set();
  for (const line of lines) {
    for (const word of cliArguments(line)) {
      if (word.includes('/') && existsSync(join(PROJECT_ROOT, word))) {
        mkdirSync(join(dir, dirname(word)), { recursive: true });
        cpSync(join(PROJECT_ROOT, word), join(dir, word), { recursive: true });
        inputs.add(word.split('/')[0]);
      }
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README command-line examples, in order', () => {
  it('has the commands it documents', () => {
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const command of ['analyze', 'import', 'datasets', 'mapping', 'report', 'export-analysis', 'rerun', 'demo']) {
      expect(lines.some((l) => cliArguments(l)[0] === command), command).toBe(true);
    }
  });

  for (const line of lines) {
    it(line, async () => {
      const args = cliArguments(line);
      const run = await runCli(args, { cwd: dir, timeoutMs: 180_000 });
      expect(run.code, `exit code; stderr: ${run.stderr}`).toBe(0);
      expect(run.stderr).toBe('');
      if (args.includes('--json')) expect(() => run.json(), 'one JSON document').not.toThrow();
      else expect(run.stdout.length).toBeGreaterThan(0);
    }, 200_000);
  }

  it('mapping suggest --out wrote a mapping template that the format accepts', () => {
    const suggest = lines.map(cliArguments).find((a) => a[0] === 'mapping' && a[1] === 'suggest' && a.includes('--out'));
    expect(suggest, 'a `mapping suggest … --out FILE` example').toBeDefined();
    const out = suggest![suggest!.indexOf('--out') + 1];
    expect(() => parseMapping(readFileSync(join(dir, out), 'utf8'))).not.toThrow();
  });

  it('every file the commands wrote is ignored by git', () => {
    // A folder is named with its trailing slash: git cannot tell it is one otherwise (--no-index).
    const written = readdirSync(dir, { withFileTypes: true }).filter((e) => !inputs.has(e.name)).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
    expect(written.length).toBeGreaterThan(0);
    const notIgnored = written.filter((name) => {
      try {
        execFileSync('git', ['check-ignore', '-q', '--no-index', name], { cwd: PROJECT_ROOT });
        return false;
      } catch {
        return true;
      }
    });
    expect(notIgnored, `written but not in .gitignore: ${notIgnored.join(', ')}`).toEqual([]);
  });
});
