/**
 * The demo project the desktop app opens on its first run (project:openDemo): the demo cohort and, as a
 * second dataset, the same participants' relapse episodes (several rows each) with their mapping, so the
 * Recurrent relapses step has data at once; the app's report of the episodes holds the Repeated
 * relapses section. A demo project made before the episodes existed gains them when opened again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { createHandlers, type Dialogs } from '../../../../electron/main/ipc/handlers';
import { InlineJobRunner } from '../../../../node/jobs/inline-runner';
import { closeCachedProjects } from '../../../../node/jobs/execute';
import { DEMO_PARTICIPANTS } from '../../../../shared/demo/demo-mapping';
import { DEMO_EPISODES_DATASET_NAME, DEMO_EPISODES_MAPPING_NAME, demoEpisodesCsv } from '../../../../shared/demo/demo-episodes';

const noDialogs: Dialogs = { openCsv: async () => null, openProject: async () => null, openMapping: async () => null, saveFile: async () => null };

describe('the demo project', () => {
  let folder: string;
  let handlers: ReturnType<typeof createHandlers>;
  const call = async (channel: string, args: unknown) => {
    const reply = await dispatch(handlers, channel, args);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as any;
  };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'rw-demo-project-'));
    handlers = createHandlers({ appVersion: '0.0.0-test', userDataDir: folder, jobs: new InlineJobRunner(), dialogs: noDialogs, emit: () => {}, log: () => {} });
  });

  afterAll(() => {
    handlers.close();
    closeCachedProjects();
    rmSync(folder, { recursive: true, force: true });
  });

  it('holds the demo cohort first and the demo episodes second, each with its mapping', async () => {
    const project = await call('project:openDemo', {});
    expect(project.datasets.map((d: { name: string }) => d.name)).toEqual(['demo-cohort', DEMO_EPISODES_DATASET_NAME]);
    const names = (await call('mapping:list', {})).map((m: { name: string } | string) => (typeof m === 'string' ? m : m.name));
    expect(names).toEqual(['demo mapping', DEMO_EPISODES_MAPPING_NAME]);
    // The episodes' mapping is saved for their dataset: the app takes it when the dataset is chosen.
    expect(project.mappingFor).toEqual({ [DEMO_EPISODES_DATASET_NAME]: DEMO_EPISODES_MAPPING_NAME });
    const episodes = project.datasets.find((d: { name: string }) => d.name === DEMO_EPISODES_DATASET_NAME);
    expect(episodes.rows ?? episodes.nRows).toBe(demoEpisodesCsv(DEMO_PARTICIPANTS).trim().split('\n').length - 1);
    const mapping = await call('mapping:get', { name: DEMO_EPISODES_MAPPING_NAME });
    expect(mapping.outcome.intervalStart).toBe('start');
    const issues = await call('mapping:validate', { dataset: DEMO_EPISODES_DATASET_NAME, mapping });
    expect(issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
  }, 120_000);

  it("gives the app's report of the episodes the Repeated relapses section, aftercare's rate ratio in it", async () => {
    const mapping = await call('mapping:get', { name: DEMO_EPISODES_MAPPING_NAME });
    const report = await call('report:html', { dataset: DEMO_EPISODES_DATASET_NAME, mapping, minCell: 5 });
    expect(report.sections).toEqual(['recurrent', 'methods', 'provenance', 'mapping']);
    expect(report.html).toContain('Repeated relapses');
    expect(report.html).toContain('aftercare_attendance: attended vs absent');
    expect(report.html).toContain('data-chart="mcf"');
  }, 120_000);

  it('is opened again without importing anything twice', async () => {
    const project = await call('project:openDemo', {});
    expect(project.datasets.map((d: { name: string }) => d.name)).toEqual(['demo-cohort', DEMO_EPISODES_DATASET_NAME]);
  }, 120_000);
});
