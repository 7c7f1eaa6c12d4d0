/**
 * The folder boundaries of docs/architecture.md, as eslint.config.mjs enforces them (`npm run lint`): each case lints
 * a snippet as if it were a file in the named folder, through ESLint's Node API with the project's own config, and
 * reads the boundaries rule's verdict on its imports. The imports name real files, as the rule resolves them.
 */
import { ESLint } from 'eslint';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary errors for `code` linted as the file `file` (a path from the repository root; it need not exist). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

describe('folder boundaries (docs/architecture.md)', () => {
  it("keeps the engine's code out of the modules the registry loads into the renderer (shared/analyses, runs excepted): types only", async () => {
    const restricted = async (file: string, code: string) => {
      const [result] = await eslint.lintText(code, { filePath: join(root, file) });
      return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
    };
    const engine = "import { survcheck } from '../stats/survcheck';\nexport const x = survcheck;\n";
    expect(await restricted('shared/analyses/probe.ts', engine)).toEqual([expect.stringContaining('the registry loads this module into the renderer')]);
    expect(await restricted('shared/analyses/probe.run.ts', engine)).toEqual([]);
    expect(await restricted('shared/analyses/probe.ts', "import type { SurvcheckResult } from '../stats/survcheck';\nexport type X = SurvcheckResult;\n")).toEqual([]);
  });

  it('refuses a wrong-way import: the engine importing the store', async () => {
    const errors = await boundaryErrors('shared/stats/probe.ts', "import { openProject } from '../../node/store';\nexport const x = openProject;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/"shared-stats".*"node-store"/);
  });

  it('lets the engine import itself and @stdlib, and nothing else from npm', async () => {
    expect(await boundaryErrors('shared/stats/probe.ts', "import { normalUpperTail } from './distributions';\nimport erfc from '@stdlib/math-base-special-erfc';\nexport const x = [normalUpperTail, erfc];\n")).toEqual([]);
    expect(await boundaryErrors('shared/stats/probe.ts', "import { z } from 'zod';\nexport const x = z;\n")).toHaveLength(1);
  });

  it('keeps shared/data free of every other folder', async () => {
    expect(await boundaryErrors('shared/data/probe.ts', "import { restrictedMeanSurvival } from '../stats/rmst';\nexport const x = restrictedMeanSurvival;\n")).toHaveLength(1);
  });

  it('refuses the mapping -> analyses cycle, and allows mapping -> data, stats, factors', async () => {
    expect(await boundaryErrors('shared/mapping/probe.ts', "import { defineAnalysis } from '../analyses/declaration';\nexport const x = defineAnalysis;\n")).toHaveLength(1);
    const allowed = "import { findColumn } from '../data/frame';\nimport { FACTOR_IDS } from '../factors/ids';\nimport { AnalysisError } from '../errors';\nexport const x = [findColumn, FACTOR_IDS, AnalysisError];\n";
    expect(await boundaryErrors('shared/mapping/probe.ts', allowed)).toEqual([]);
  });

  it('keeps Node built-ins and Electron out of shared/ and renderer/', async () => {
    expect(await boundaryErrors('shared/report/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/views/probe.ts', "import { join } from 'path';\nexport const x = join;\n")).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/views/probe.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/views/probe.ts', "import { FACTOR_IDS } from '../../../shared/factors/ids';\nexport const x = FACTOR_IDS;\n")).toEqual([]);
  });

  it('lets the renderer read the declarations and validate options, but not import the engine or an analysis run', async () => {
    const declarations = "import { findAnalysis } from '../../../shared/analyses/registry';\nimport { validateAnalysisOptions } from '../../../shared/analyses/validate-options';\nexport const x = [findAnalysis, validateAnalysisOptions];\n";
    expect(await boundaryErrors('renderer/src/views/probe.ts', declarations)).toEqual([]);
    const engine = await boundaryErrors('renderer/src/views/probe.ts', "import { kaplanMeier } from '../../../shared/stats/kaplan-meier';\nexport const x = kaplanMeier;\n");
    expect(engine).toHaveLength(1);
    expect(engine[0]).toMatch(/"shared-stats".*"renderer"/);
    expect(await boundaryErrors('renderer/src/views/probe.ts', "import { runKm } from '../../../shared/analyses/km.run';\nexport const x = runKm;\n")).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/views/probe.ts', "import { runAnalysis } from '../../../shared/analyses/run';\nexport const x = runAnalysis;\n")).toHaveLength(1);
  });

  it('lets main import node/ and electron, and never the renderer', async () => {
    expect(await boundaryErrors('electron/main/probe.ts', "import { app } from 'electron';\nimport { join } from 'node:path';\nimport { openProject } from '../../node/store';\nexport const x = [app, join, openProject];\n")).toEqual([]);
    expect(await boundaryErrors('electron/main/probe.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;\n")).toHaveLength(1);
    expect(await boundaryErrors('electron/main/ipc/probe.ts', "import { App } from '../../../renderer/src/App';\nexport const x = App;\n")).toHaveLength(1);
  });

  it('keeps Electron out of the Node side, which builds reports from the presentation layer and not from the renderer', async () => {
    expect(await boundaryErrors('node/store/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await boundaryErrors('node/report/probe.ts', "import { renderReportHtml } from '../../presentation/report/render-report';\nexport const x = renderReportHtml;\n")).toEqual([]);
    expect(await boundaryErrors('node/report/probe.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;\n")).toHaveLength(1);
    expect(await boundaryErrors('node/store/probe.ts', "import { loadCsv } from '../import';\nexport const x = loadCsv;\n")).toHaveLength(1);
  });

  it('lets the renderer use the presentation layer, and keeps the presentation layer from the views, Node and Electron', async () => {
    expect(await boundaryErrors('renderer/src/views/probe.ts', "import { KaplanMeierChart } from '../../../presentation/charts/KaplanMeierChart';\nexport const x = KaplanMeierChart;\n")).toEqual([]);
    expect(await boundaryErrors('presentation/charts/probe.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;\n")).toHaveLength(1);
    expect(await boundaryErrors('presentation/charts/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await boundaryErrors('presentation/report/probe.ts', "import { openProject } from '../../node/store';\nexport const x = openProject;\n")).toHaveLength(1);
  });

  it('lets the CLI import store, import, report and files, but not the job runner or Electron', async () => {
    expect(await boundaryErrors('cli/probe.ts', "import { openProject } from '../node/store';\nexport const x = openProject;\n")).toEqual([]);
    expect(await boundaryErrors('cli/probe.ts', "import * as jobs from '../node/jobs/runner';\nexport const x = jobs;\n")).toHaveLength(1);
    expect(await boundaryErrors('cli/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
  });

  it('lets the preload import the channel names, and only the types of the rest of the contract', async () => {
    expect(await boundaryErrors('electron/preload/probe.ts', "import { isKnownChannel } from '../../shared/ipc/channels';\nimport type { RelapseApi } from '../../shared/ipc/contract';\nexport const x: RelapseApi | typeof isKnownChannel = isKnownChannel;\n")).toEqual([]);
    expect(await boundaryErrors('electron/preload/probe.ts', "import { ipcArgs } from '../../shared/ipc/contract';\nexport const x = ipcArgs;\n")).toHaveLength(1);
  });
});
