/**
 * analysis:run under a name the renderer chose (jobId): job:cancel with that name cancels the runner's
 * job (a newer request or the Cancel button), and the run answers with the one-line cancel message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { createHandlers } from '../../../../electron/main/ipc/handlers';
import { InlineJobRunner } from '../../../../node/jobs/inline-runner';
import type { JobRequest, JobRunner } from '../../../../node/jobs/job';
import { CancelledError } from '../../../../shared/errors';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const addicts = join(root, 'test/fixtures/data/addicts.csv');

/** Imports run for real; analyses wait until cancelled (a long analysis). */
class HeldAnalyses implements JobRunner {
  readonly inline = new InlineJobRunner();
  readonly held = new Map<string, (error: Error) => void>();
  readonly cancelled: string[] = [];
  private next = 0;
  run(request: JobRequest, onProgress: Parameters<JobRunner['run']>[1]) {
    if (request.kind !== 'analysis') return this.inline.run(request, onProgress);
    const jobId = `runner-job-${++this.next}`;
    const result = new Promise<unknown>((_, reject) => this.held.set(jobId, reject));
    return { jobId, result };
  }
  cancel(jobId: string): boolean {
    this.cancelled.push(jobId);
    const reject = this.held.get(jobId);
    if (!reject) return false;
    this.held.delete(jobId);
    reject(new CancelledError('analysis cancelled'));
    return true;
  }
  dispose() {
    return this.inline.dispose();
  }
}

describe('analysis:run with a jobId, and job:cancel', () => {
  let folder: string;
  const jobs = new HeldAnalyses();
  let handlers: ReturnType<typeof createHandlers>;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rw-cancel-'));
    handlers = createHandlers({ appVersion: '0', userDataDir: folder, jobs, dialogs: { openCsv: async () => null, openProject: async () => null, openMapping: async () => null, saveFile: async () => null }, emit: () => {}, log: () => {} });
    await dispatch(handlers, 'project:open', { path: join(folder, 'p.sqlite'), create: true });
    const imported = await dispatch(handlers, 'dataset:import', { path: addicts, name: 'addicts' });
    expect(imported.ok).toBe(true);
  });
  afterAll(async () => {
    handlers.close();
    await jobs.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('cancels the runner job of the named run, which answers "analysis cancelled"', async () => {
    const running = dispatch(handlers, 'analysis:run', { dataset: 'addicts', analysis: 'km', options: { time: 'time', event: 'status' }, jobId: 'view-1' });
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.held.size).toBe(1);
    const cancel = await dispatch(handlers, 'job:cancel', { jobId: 'view-1' });
    expect(cancel).toEqual({ ok: true, value: true });
    expect(jobs.cancelled).toEqual(['runner-job-1']);
    expect(await running).toEqual({ ok: false, error: 'analysis cancelled' });
    // The name is forgotten once the run has answered: cancelling it again reaches no job.
    expect(await dispatch(handlers, 'job:cancel', { jobId: 'view-1' })).toEqual({ ok: true, value: false });
  });

  it('refuses a jobId that is not a short name in one line', async () => {
    const reply = await dispatch(handlers, 'analysis:run', { dataset: 'addicts', analysis: 'km', options: { time: 'time', event: 'status' }, jobId: '' });
    expect(reply.ok).toBe(false);
    expect(reply.ok ? '' : reply.error).toMatch(/^analysis:run: invalid arguments \(jobId: /);
  });
});
