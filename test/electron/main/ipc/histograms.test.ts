/**
 * dataset:histograms: main applies the mapping and bins each column as R's hist() does by default, over every
 * row (R references: fixtures/histograms.R), through the same dispatch the Electron IPC uses.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { createHandlers, type Dialogs } from '../../../../electron/main/ipc/handlers';
import { WorkerJobRunner } from '../../../../node/jobs/runner';
import type { IpcResults } from '../../../../shared/ipc/results';
import { TYPESCRIPT_EXEC_ARGV } from '../../../helpers/typescript-exec-argv';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const data = (name: string) => join(root, `test/fixtures/data/${name}.csv`);

interface RHistogram {
  breaks: number[];
  counts: number[];
  n: number;
  missing: number;
}
const R = JSON.parse(readFileSync(new URL('./fixtures/histograms.json', import.meta.url), 'utf8')) as {
  addicts: { rows: number; physical_dependence: RHistogram; environmental_triggers: RHistogram; complacency: RHistogram };
  pbc: { rows: number; chol: RHistogram };
};

const noDialogs: Dialogs = { openCsv: async () => null, openProject: async () => null, openMapping: async () => null, saveFile: async () => null };

const mappingBase = { format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: ['clinic'] };
const twoFactorMapping = {
  ...mappingBase,
  factors: { physical_dependence: [{ column: 'dose', direction: 'protective' }], environmental_triggers: [{ column: 'prison', direction: 'risk' }] },
};
const twoItemMapping = {
  ...mappingBase,
  factors: { complacency: [{ column: 'dose', direction: 'protective' }, { column: 'prison', direction: 'risk', riskValues: ['1'] }] },
};

function expectHistogram(actual: IpcResults['dataset:histograms']['columns'][number], expected: RHistogram) {
  expect([actual.bins[0].lower, ...actual.bins.map((b) => b.upper)]).toEqual(expected.breaks);
  expect(actual.bins.map((b) => b.count)).toEqual(expected.counts);
  expect(actual.n).toBe(expected.n);
  expect(actual.missing).toBe(expected.missing);
}

describe('dataset:histograms', () => {
  let folder: string;
  let jobs: WorkerJobRunner;
  let handlers: ReturnType<typeof createHandlers>;
  const call = async (channel: string, args: unknown) => {
    const reply = await dispatch(handlers, channel, args);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as IpcResults['dataset:histograms'];
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rw-histograms-'));
    jobs = new WorkerJobRunner({ script: join(root, 'node/jobs/worker.ts'), execArgv: [...TYPESCRIPT_EXEC_ARGV] });
    handlers = createHandlers({ appVersion: '0.0.0-test', userDataDir: folder, jobs, dialogs: noDialogs, emit: () => {}, log: () => {} });
    await dispatch(handlers, 'project:open', { path: join(folder, 'h.sqlite'), create: true });
    for (const name of ['addicts', 'pbc']) {
      const reply = await dispatch(handlers, 'dataset:import', { path: data(name), name });
      if (!reply.ok) throw new Error(reply.error);
    }
  }, 60_000);

  afterAll(async () => {
    handlers.close();
    await jobs.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it("bins factor scores after the mapping as R's hist() (addicts, one item per factor)", async () => {
    const reply = await call('dataset:histograms', { dataset: 'addicts', mapping: twoFactorMapping, columns: ['score.physical_dependence', 'score.environmental_triggers'] });
    expect(reply.rows).toBe(R.addicts.rows);
    expect(reply.columns.map((c) => c.name)).toEqual(['score.physical_dependence', 'score.environmental_triggers']);
    expectHistogram(reply.columns[0], R.addicts.physical_dependence);
    expectHistogram(reply.columns[1], R.addicts.environmental_triggers);
  });

  it("bins a two-item factor score as R's hist() (addicts, dose protective and prison risk)", async () => {
    const reply = await call('dataset:histograms', { dataset: 'addicts', mapping: twoItemMapping, columns: ['score.complacency'] });
    expectHistogram(reply.columns[0], R.addicts.complacency);
  });

  it('bins a raw column with missing values without a mapping (pbc cholesterol: 134 missing)', async () => {
    const reply = await call('dataset:histograms', { dataset: 'pbc', columns: ['chol'] });
    expect(reply.rows).toBe(R.pbc.rows);
    expectHistogram(reply.columns[0], R.pbc.chol);
  });

  it('answers an unknown or a text column, and too many columns, with one line', async () => {
    expect(await dispatch(handlers, 'dataset:histograms', { dataset: 'addicts', columns: ['days'] })).toEqual({ ok: false, error: 'column "days" is not in the data' });
    const text = await dispatch(handlers, 'dataset:histograms', { dataset: 'addicts', mapping: twoFactorMapping, columns: ['median.physical_dependence'] });
    expect(text.ok).toBe(false);
    expect(!text.ok && text.error).toMatch(/^column "median\.physical_dependence" is .*, not numeric$/);
    const many = await dispatch(handlers, 'dataset:histograms', { dataset: 'addicts', columns: Array.from({ length: 51 }, (_, i) => `c${i}`) });
    expect(many.ok).toBe(false);
  });
});
