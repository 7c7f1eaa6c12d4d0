/**
 * The main-process handlers with the real store, import, engine and worker threads (as the app runs
 * them), called through the same dispatch the Electron IPC uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { createHandlers, type Dialogs } from '../../../../electron/main/ipc/handlers';
import { WorkerJobRunner } from '../../../../node/jobs/runner';
import { InlineJobRunner } from '../../../../node/jobs/inline-runner';
import { closeCachedProjects } from '../../../../node/jobs/execute';
import { readOnlyWays } from '../../../helpers/read-only-place';
import { DEMO_MAPPING } from '../../../../shared/demo/demo-mapping';
import type { JobProgressEvent } from '../../../../shared/ipc/contract';
import { expectClose } from '../../../helpers/compare';
import { TYPESCRIPT_EXEC_ARGV } from '../../../helpers/typescript-exec-argv';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const addicts = join(root, 'test/fixtures/data/addicts.csv');

const noDialogs: Dialogs = {
  openCsv: async () => addicts,
  openProject: async () => null,
  openMapping: async () => null,
  saveFile: async () => null,
};

describe('main handlers with worker threads and a real project', () => {
  let folder: string;
  const events: JobProgressEvent[] = [];
  let handlers: ReturnType<typeof createHandlers>;
  let jobs: WorkerJobRunner;
  const call = async (channel: string, args: unknown) => {
    const reply = await dispatch(handlers, channel, args);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as any;
  };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'rw-handlers-'));
    jobs = new WorkerJobRunner({ script: join(root, 'node/jobs/worker.ts'), execArgv: [...TYPESCRIPT_EXEC_ARGV] });
    handlers = createHandlers({ appVersion: '0.0.0-test', userDataDir: folder, jobs, dialogs: noDialogs, emit: (e) => events.push(e), log: () => {} });
  });

  afterAll(async () => {
    handlers.close();
    await jobs.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('says it is the first run until a project has been opened, when the app opens the demo then', async () => {
    const desktop = createHandlers({ appVersion: '0', userDataDir: join(folder, 'desktop'), jobs, dialogs: noDialogs, emit: () => {}, log: () => {}, openDemoOnFirstRun: true });
    // The test bridge and the CLI never open the demo by themselves.
    expect(((await call('app:info', {})) as { firstRun: boolean }).firstRun).toBe(false);
    const first = await dispatch(desktop, 'app:info', {});
    expect(first.ok && (first.value as { firstRun: boolean }).firstRun).toBe(true);
    await dispatch(desktop, 'project:open', { path: join(folder, 'desktop.sqlite'), create: true });
    const later = await dispatch(desktop, 'app:info', {});
    expect(later.ok && (later.value as { firstRun: boolean }).firstRun).toBe(false);
    desktop.close();
  });

  it('asks for a project before anything that needs one', async () => {
    const reply = await dispatch(handlers, 'dataset:list', {});
    expect(reply).toEqual({ ok: false, error: 'no project is open: open or create a project first' });
  });

  it('imports a CSV in a worker, with progress, and lists it', async () => {
    await call('project:open', { path: join(folder, 'p.sqlite'), create: true });
    const report = await call('dataset:import', { path: addicts, name: 'addicts' });
    expect(report.rows).toBe(238);
    expect(report.rejectedRows).toBe(0);
    const datasets = await call('dataset:list', {});
    expect(datasets.map((d: { name: string }) => d.name)).toEqual(['addicts']);
    expect(events.some((e) => e.kind === 'import')).toBe(true);
    expect(await call('project:recent', {})).toEqual([join(folder, 'p.sqlite')]);
  });

  it('runs an analysis in a worker with the published numbers (addicts, Cox)', async () => {
    const run = await call('analysis:run', {
      dataset: 'addicts',
      analysis: 'cox',
      options: { time: 'time', event: 'status', covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'] },
    });
    const clinic = run.result.coefficients.find((c: { term: string }) => c.term === 'clinic=2');
    // R: coxph(Surv(time, status) ~ factor(clinic) + prison + dose, addicts), case addicts-efron of
    // test/shared/stats/fixtures/cox.json
    expectClose(clinic.coef, -1.00989587355647, 'clinic=2 coef');
    expectClose(clinic.se, 0.214889388117167, 'clinic=2 se');
    expectClose(clinic.hr, 0.36425690637309, 'clinic=2 hr');
    expect(run.analysisMs).toBeGreaterThanOrEqual(0);
    const runs = await call('analysis:runs', {});
    expect(runs.length).toBe(1);
  });

  it('answers a bad analysis option with one line before any worker starts', async () => {
    const reply = await dispatch(handlers, 'analysis:run', { dataset: 'addicts', analysis: 'km', options: { time: 'time', event: 'status', confLevel: 2 } });
    expect(reply.ok).toBe(false);
    // In the form's words: the analysis and the field's label, no CLI flag (issue 15 item 2).
    expect(!reply.ok && reply.error).toMatch(/^Kaplan–Meier[^:]*: Confidence level: /);
    expect(!reply.ok && reply.error).not.toMatch(/--|confLevel/);
  });

  it('reports a missing column as a user error from the worker', async () => {
    const reply = await dispatch(handlers, 'analysis:run', { dataset: 'addicts', analysis: 'km', options: { time: 'days', event: 'status' } });
    expect(reply).toEqual({ ok: false, error: 'time column "days" is not in the data (columns: id, clinic, status, time, prison, dose)' });
  });

  it('summarises the columns of a dataset', async () => {
    const summary = await call('dataset:summary', { dataset: 'addicts' });
    expect(summary.rows).toBe(238);
    const dose = summary.columns.find((c: { name: string }) => c.name === 'dose');
    expect(dose.min).toBe(20);
    expect(dose.max).toBe(110);
  });

  it('renames a dataset (its analysis runs follow) and deletes one, each recorded in the audit log', async () => {
    await call('dataset:import', { path: addicts, name: 'second copy' });
    await call('analysis:run', { dataset: 'second copy', analysis: 'km', options: { time: 'time', event: 'status' } });
    const renamed = await call('dataset:rename', { dataset: 'second copy', to: '  clinic export 2024  ' });
    expect(renamed.datasets.map((d: { name: string }) => d.name)).toEqual(['addicts', 'clinic export 2024']);
    expect((await call('dataset:summary', { dataset: 'clinic export 2024' })).rows).toBe(238);
    const runs = await call('analysis:runs', {});
    expect(runs.some((r: { datasetName: string | null }) => r.datasetName === 'clinic export 2024')).toBe(true);
    expect(runs.some((r: { datasetName: string | null }) => r.datasetName === 'second copy')).toBe(false);
    // A taken name and an unknown dataset are refused in one line; nothing changes.
    const taken = await dispatch(handlers, 'dataset:rename', { dataset: 'clinic export 2024', to: 'addicts' });
    expect(taken).toEqual({ ok: false, error: 'p.sqlite: a dataset named "addicts" already exists; choose another name' });
    expect((await dispatch(handlers, 'dataset:delete', { dataset: 'nothing' })).ok).toBe(false);
    const deleted = await call('dataset:delete', { dataset: 'clinic export 2024' });
    expect(deleted.datasets.map((d: { name: string }) => d.name)).toEqual(['addicts']);
    const audit = (await call('audit:list', {})).map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['dataset-renamed', 'dataset-deleted']));
  });
});

describe('analysis worker: one long-lived worker, jobs in order, cancel', () => {
  let folder: string;
  let jobs: WorkerJobRunner;
  const projectPath = () => join(folder, 'q.sqlite');
  const km = (group: string) => ({ kind: 'analysis' as const, projectPath: projectPath(), dataset: 'addicts', analysis: 'km', options: { time: 'time', event: 'status', group } });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rw-runner-'));
    jobs = new WorkerJobRunner({ script: join(root, 'node/jobs/worker.ts'), execArgv: [...TYPESCRIPT_EXEC_ARGV] });
    await jobs.run({ kind: 'import', projectPath: projectPath(), csvPath: addicts, options: { name: 'addicts' } }, () => {}).result;
  });

  afterAll(async () => {
    await jobs.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs queued analyses in order on the same data', async () => {
    const first = jobs.run(km('clinic'), () => {});
    const second = jobs.run(km('prison'), () => {});
    const [a, b] = (await Promise.all([first.result, second.result])) as { result: { groups: { group: string }[] } }[];
    expect(a.result.groups.map((g) => g.group)).toEqual(['1', '2']);
    expect(b.result.groups.map((g) => g.group)).toEqual(['0', '1']);
  });

  it('drops a cancelled queued analysis and answers a running one as cancelled; the next analysis still runs', async () => {
    const running = jobs.run(km('clinic'), () => {});
    const queued = jobs.run(km('prison'), () => {});
    expect(jobs.cancel(queued.jobId)).toBe(true);
    await expect(queued.result).rejects.toThrow('analysis cancelled');
    expect(jobs.cancel(running.jobId)).toBe(true);
    await expect(running.result).rejects.toThrow('analysis cancelled');
    const after = (await jobs.run(km('clinic'), () => {}).result) as { result: { groups: { n: number }[] } };
    expect(after.result.groups.map((g) => g.n)).toEqual([163, 75]);
    expect(jobs.cancel('no-such-job')).toBe(false);
  });

  it('keeps the worker (and its frames) when a cancelled running analysis finishes within the grace; stops it at once with no grace', async () => {
    const patient = new WorkerJobRunner({ script: join(root, 'node/jobs/worker.ts'), execArgv: [...TYPESCRIPT_EXEC_ARGV], cancelledAnalysisGraceMs: 60_000 });
    const impatient = new WorkerJobRunner({ script: join(root, 'node/jobs/worker.ts'), execArgv: [...TYPESCRIPT_EXEC_ARGV], cancelledAnalysisGraceMs: 0 });
    try {
      for (const runner of [patient, impatient]) {
        await runner.run(km('clinic'), () => {}).result;
        const thread = runner.analysisThreadId;
        expect(thread).not.toBeNull();
        const progress: string[] = [];
        const running = runner.run(km('prison'), (event) => progress.push(event.message));
        const answer = running.result.then(
          () => 'a result',
          (error: Error) => error.message,
        );
        const next = runner.run(km('clinic'), () => {});
        expect(runner.cancel(running.jobId)).toBe(true);
        expect(await answer).toBe('analysis cancelled');
        const after = (await next.result) as { result: { groups: { n: number }[] } };
        expect(after.result.groups.map((g) => g.n)).toEqual([163, 75]);
        // the patient runner's worker finished the cancelled run and went on; the impatient one's was replaced
        if (runner === patient) expect(runner.analysisThreadId).toBe(thread);
        else expect(runner.analysisThreadId).not.toBe(thread);
        expect(progress).toEqual([]);
      }
    } finally {
      await patient.dispose();
      await impatient.dispose();
    }
  });
});

const ways = readOnlyWays();

describe.runIf(ways.length > 0)('a project in a read-only place', () => {
  it('opens read-only (describeProject says so), analyses run, and imports and mapping saves are refused with one line', async () => {
    const way = ways[0];
    const place = way.make();
    const userData = mkdtempSync(join(tmpdir(), 'rw-read-only-'));
    const handlers = createHandlers({ appVersion: '0', userDataDir: userData, jobs: new InlineJobRunner(), dialogs: noDialogs, emit: () => {}, log: () => {} });
    try {
      const path = join(place.folder, 'p.sqlite');
      const writable = await dispatch(handlers, 'project:open', { path, create: true });
      expect(writable.ok && (writable.value as { readOnly: boolean }).readOnly).toBe(false);
      expect((await dispatch(handlers, 'dataset:import', { path: addicts, name: 'addicts' })).ok).toBe(true);
      handlers.close();
      place.lock();

      const opened = await dispatch(handlers, 'project:open', { path, create: false });
      expect(opened.ok).toBe(true);
      const description = (opened as { value: { readOnly: boolean; readOnlyReason: string | null; datasets: { name: string }[] } }).value;
      expect(description.readOnly).toBe(true);
      expect(description.readOnlyReason).toMatch(way.reason);
      expect(description.datasets.map((d) => d.name)).toEqual(['addicts']);
      expect(((await dispatch(handlers, 'project:current', {})) as { value: { readOnly: boolean } }).value.readOnly).toBe(true);

      const km = await dispatch(handlers, 'analysis:run', { dataset: 'addicts', analysis: 'km', options: { time: 'time', event: 'status', group: 'clinic' } });
      expect(km.ok && (km.value as { result: { groups: { n: number }[] } }).result.groups.map((g) => g.n)).toEqual([163, 75]);
      expect(await dispatch(handlers, 'analysis:runs', {})).toEqual({ ok: true, value: [] });

      const refused = (reply: { ok: boolean; error?: string }, action: string) => {
        expect(reply.ok).toBe(false);
        expect(reply.error).toMatch(new RegExp(`^p\\.sqlite: the project is open read-only \\(${way.reason.source}\\); cannot ${action}$`));
      };
      refused(await dispatch(handlers, 'dataset:import', { path: addicts, name: 'again' }), 'import a dataset into it');
      refused(await dispatch(handlers, 'mapping:save', { name: 'm', mapping: DEMO_MAPPING }), 'save the mapping "m"');
    } finally {
      handlers.close();
      closeCachedProjects(); // the inline runner's analysis jobs keep the project open
      place.release();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
