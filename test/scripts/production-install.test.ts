/**
 * The report renders with production dependencies only (issue 12 item 2). The report's charts are React components
 * of presentation/ mounted in jsdom (presentation/charts/render-to-svg.ts), so jsdom is a dependency, not a
 * devDependency, or a packaged app and an `npm ci --omit=dev` install could not write a report.
 *
 * This test does what such an install does: the built CLI (out/cli) with package.json and package-lock.json in a
 * clean folder, `npm ci --omit=dev`, then `report` on the examples. Install scripts are skipped (`--ignore-scripts`:
 * better-sqlite3 would compile here); its native binding is copied from this checkout's install instead, as a
 * prebuilt binary would be. Everything else the report loads must come from the production install.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, NODE, PROJECT_ROOT } from '../helpers/run-cli';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'production-install-'));
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(PROJECT_ROOT, file), join(dir, file));
  // The workspace holding the linter's TypeScript is a devDependency, but npm ci reads every workspace's manifest.
  mkdirSync(join(dir, 'tools', 'eslint-typescript'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'tools', 'eslint-typescript', 'package.json'), join(dir, 'tools', 'eslint-typescript', 'package.json'));
  cpSync(join(PROJECT_ROOT, 'out', 'cli'), join(dir, 'out', 'cli'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  const npmCli = process.env.npm_execpath;
  const npm = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, npmCli] : ['npm'];
  await run(npm[0], [...npm.slice(1), 'ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', NODE_ENV: 'production' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const binding = join('node_modules', 'better-sqlite3', 'build', 'Release');
  cpSync(join(PROJECT_ROOT, binding), join(dir, binding), { recursive: true });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a production install (npm ci --omit=dev)', () => {
  it('has no development tool in it: the checks below run without them', () => {
    const installed = readdirSync(join(dir, 'node_modules'));
    for (const devTool of ['vitest', 'typescript', 'electron-vite', 'tsx', 'playwright-core', 'node']) expect(installed).not.toContain(devTool);
    expect(installed).toContain('jsdom');
  });

  it('writes the report of the examples, with its charts drawn', async () => {
    const out = join(dir, 'report.html');
    await run(NODE, [join(dir, 'bin', 'relapse-workbench.js'), 'report', '--csv', 'examples/cohort.csv', '--mapping', 'examples/mapping.json', '--out', out], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    // The Kaplan–Meier chart and the forest plot are recharts drawings serialised from jsdom: real <path> curves.
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(2);
    expect(svgs.some((svg) => /<path[^>]+d="M/.test(svg))).toBe(true);
  }, 120_000);
});
