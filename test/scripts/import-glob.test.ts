/**
 * scripts/import-glob.mjs expands Vite's eager import.meta.glob where Vite does not build (the CLI's esbuild
 * bundle, TypeScript run by tsx). Checked against Vite's own expansion (this test runs under Vite, so its
 * import.meta.glob is the real one) on the registry's folder, on a folder of its own, and through both ways it is
 * used: the esbuild plugin and the Node module hook (scripts/import-glob-register.mjs, loader.mjs) after tsx.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandImportGlob, globFiles, importGlobPlugin } from '../../scripts/import-glob.mjs';
import { TYPESCRIPT_EXEC_ARGV } from '../helpers/typescript-exec-argv';
import { ANALYSES } from '../../shared/analyses/registry';

/** The analyses as Vite's import.meta.glob finds them (this test runs under Vite): what the other builds must give. */
const VITE_IDS = ANALYSES.map((a) => a.id);

const ROOT = resolve(import.meta.dirname, '../..');
const ANALYSES_FOLDER = join(ROOT, 'shared/analyses');
const scratch = mkdtempSync(join(tmpdir(), 'import-glob-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('scripts/import-glob.mjs', () => {
  it("selects the files Vite's import.meta.glob selects, in the same order, for the registry's and the runner's patterns", () => {
    const vitesDeclarations = import.meta.glob(['../../shared/analyses/*.ts', '!../../shared/analyses/*.run.ts', '!../../shared/analyses/*.presentation.ts', '!../../shared/analyses/run.ts', '!../../shared/analyses/registry.ts']);
    const vitesRuns = import.meta.glob('../../shared/analyses/*.run.ts');
    const asLocal = (keys: string[]) => keys.map((key) => key.replace('../../shared/analyses/', './'));
    expect(globFiles(['./*.ts', '!./*.run.ts', '!./*.presentation.ts', '!./run.ts', '!./registry.ts'], ANALYSES_FOLDER)).toEqual(asLocal(Object.keys(vitesDeclarations)));
    expect(globFiles(['./*.run.ts'], ANALYSES_FOLDER)).toEqual(asLocal(Object.keys(vitesRuns)));
    expect(globFiles(['./*.run.ts'], ANALYSES_FOLDER)).toContain('./km.run.ts');
  });

  it('replaces each eager call by an object of statically imported modules, keeping the line count', () => {
    const folder = join(scratch, 'expand');
    mkdirSync(folder);
    for (const name of ['b.thing.ts', 'a.thing.ts', 'skip.thing.ts', 'other.ts']) writeFileSync(join(folder, name), 'export const x = 1;\n');
    const source = "const first = 1;\nconst all = import.meta.glob<Record<string, unknown>>(['./*.thing.ts', '!./skip.thing.ts'], { eager: true });\nexport { all };\n";
    const expanded = expandImportGlob(source, folder)!;
    expect(expanded).toBe(
      'import * as __importGlob0_0 from "./a.thing.ts";import * as __importGlob0_1 from "./b.thing.ts";const first = 1;\n' +
        'const all = ({ "./a.thing.ts": __importGlob0_0, "./b.thing.ts": __importGlob0_1 });\nexport { all };\n',
    );
    expect(expanded.split('\n')).toHaveLength(source.split('\n').length);
    expect(expandImportGlob('export const none = 1;', folder)).toBeNull();
  });

  it('refuses, in one line, a call it would not expand as Vite does (lazy, another folder, a character class)', () => {
    expect(() => expandImportGlob("const lazy = import.meta.glob('./*.ts');", scratch)).toThrow(/is not of the form import\.meta\.glob\('\.\/…', \{ eager: true \}\)/);
    expect(() => expandImportGlob("const up = import.meta.glob('../*.ts', { eager: true });", scratch)).toThrow(`import.meta.glob pattern "../*.ts": only files of the importing file's own folder ('./*.ts') are supported outside Vite`);
    expect(() => expandImportGlob("const set = import.meta.glob('./[ab].ts', { eager: true });", scratch)).toThrow(`import.meta.glob pattern "./[ab].ts": only '*' is supported outside Vite`);
  });

  it('as an esbuild plugin, bundles every analysis and run, and records the folder it read', async () => {
    const { build } = await import('esbuild');
    const folders = new Set<string>();
    const result = await build({
      absWorkingDir: ROOT,
      stdin: { contents: "import { ANALYSIS_RUNS } from './shared/analyses/run';\nimport { ANALYSES } from './shared/analyses/registry';\nconsole.log(JSON.stringify([ANALYSES.map((a) => a.id), Object.keys(ANALYSIS_RUNS).sort()]));", resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'silent',
      plugins: [importGlobPlugin(folders)],
    });
    // Inside the project, so that the bundle's external packages resolve from its node_modules.
    mkdirSync(join(ROOT, 'out'), { recursive: true });
    const inProject = mkdtempSync(join(ROOT, 'out', '.import-glob-test-'));
    const bundle = join(inProject, 'bundle.mjs');
    writeFileSync(bundle, result.outputFiles[0].text);
    let output: string;
    try {
      output = execFileSync(process.execPath, [bundle], { cwd: ROOT, encoding: 'utf8' });
    } finally {
      rmSync(inProject, { recursive: true, force: true });
    }
    const [ids, runs] = JSON.parse(output);
    expect(ids).toEqual(VITE_IDS);
    expect(ids).toContain('km');
    expect(runs).toEqual(ids);
    expect([...folders]).toEqual([ANALYSES_FOLDER]);
  });

  it('as a Node module hook after tsx, gives the TypeScript run by tsx the same registry and runs', () => {
    const script = join(scratch, 'list.mts');
    writeFileSync(script, `const { ANALYSIS_RUNS } = await import(${JSON.stringify(join(ROOT, 'shared/analyses/run.ts'))});\nconst { ANALYSES } = await import(${JSON.stringify(join(ROOT, 'shared/analyses/registry.ts'))});\nconsole.log(JSON.stringify([ANALYSES.map((a) => a.id), Object.keys(ANALYSIS_RUNS).sort()]));\n`);
    const [ids, runs] = JSON.parse(execFileSync(process.execPath, [...TYPESCRIPT_EXEC_ARGV, script], { cwd: ROOT, encoding: 'utf8' }));
    expect(ids).toEqual(VITE_IDS);
    expect(ids).toContain('km');
    expect(runs).toEqual(ids);
  });
});
