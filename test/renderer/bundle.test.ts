/**
 * The renderer carries no engine (issue 12 item 1): its views read the analyses' declarations (options, schemas,
 * labels), and the computation, each analysis's `<id>.run.ts` and the engine in shared/stats, reaches only the
 * worker and the CLI through shared/analyses/run.ts.
 *
 * The test builds the renderer as `npm run build` does (electron-vite's resolved renderer config from
 * electron.vite.config.ts, written to a temporary folder) and checks it two ways:
 * - the modules the bundler kept code of: no file of shared/stats but histogram.ts (R's hist() breaks, which the
 *   Overview's histogram draws with), no analysis run, no @stdlib;
 * - the bundle's text: no error message that exists only in the engine or in an analysis's run (texts every
 *   minifier keeps). The positive control: the same texts are in the built CLI (out/cli, rebuilt when stale), so a
 *   marker reworded in its source fails here instead of passing unseen.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, PROJECT_ROOT } from '../helpers/run-cli';

/** Texts found only in the engine and in the analyses' runs, each with the file it comes from. */
const ENGINE_MARKERS: [string, string][] = [
  ['kaplanMeierByGroup: time, status and group differ in length', 'shared/stats/kaplan-meier.ts'],
  ['logRankCounting: group differs in length', 'shared/stats/log-rank-counting.ts'],
  ['concordance: time, status, riskScore and strata must have the same length', 'shared/stats/concordance.ts'],
  ['aeqSurv: invalid value for tolerance', 'shared/stats/timefix.ts'],
  ['weights: case weights (--weights) cannot be combined with an interval start (--start)', 'shared/analyses/km.run.ts'],
];
/** What the renderer does carry from the declarations: the option help of `analyze km --conf-type`. */
const DECLARATION_TEXT = "Scale on which the pointwise confidence interval is built, as R survfit's conf.type";

/** The one engine file the renderer may carry: a presentation helper, the breaks of R's hist(). */
const ENGINE_FILES_ALLOWED = ['shared/stats/histogram.ts'];

let outDir: string;
let rendererCode: string;
/** The project files and packages the bundler kept code of, as paths from the project root. */
let rendererModules: string[];
let cliCode: string;

/** Every .js file under `folder`, concatenated. */
function javascriptUnder(folder: string): string {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .join('\n');
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'renderer-bundle-'));
  const resolved = await resolveConfig({ configFile: join(PROJECT_ROOT, 'electron.vite.config.ts') }, 'build', 'production');
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer build');
  // vitest sets NODE_ENV=test; the app's build runs in production mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const output = await build({ ...renderer, logLevel: 'silent', build: { ...renderer.build, outDir, emptyOutDir: true } });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
    rendererModules = chunks
      .flatMap((chunk) => (chunk.type === 'chunk' ? Object.entries(chunk.modules) : []))
      .filter(([, module]) => module.renderedLength > 0)
      .map(([id]) => relative(PROJECT_ROOT, id).split(sep).join('/'));
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  rendererCode = javascriptUnder(join(outDir, 'assets'));
  await ensureCliBuilt();
  cliCode = javascriptUnder(join(PROJECT_ROOT, 'out', 'cli'));
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the renderer bundle', () => {
  it('is built from the views, with the declarations they read', () => {
    expect(rendererModules).toContain('renderer/src/App.tsx');
    expect(rendererModules).toContain('shared/analyses/km.ts');
    expect(rendererModules).toContain('shared/analyses/registry.ts');
    expect(rendererCode).toContain(DECLARATION_TEXT);
  });

  it('keeps no code of the engine but the histogram breaks, of no analysis run and of no @stdlib', () => {
    expect(rendererModules.filter((id) => id.startsWith('shared/stats/') && !ENGINE_FILES_ALLOWED.includes(id))).toEqual([]);
    expect(rendererModules.filter((id) => /^shared\/analyses\/(.*\.run|run)\.ts$/.test(id))).toEqual([]);
    expect(rendererModules.filter((id) => id.includes('@stdlib/'))).toEqual([]);
  });

  it.each(ENGINE_MARKERS)('carries no engine text: not "%s" (%s)', (marker, source) => {
    expect(readFileSync(join(PROJECT_ROOT, source), 'utf8')).toContain(marker);
    expect(cliCode.includes(marker), `"${marker}" in out/cli`).toBe(true);
    expect(rendererCode.includes(marker), `"${marker}" in the renderer bundle`).toBe(false);
  });
});
