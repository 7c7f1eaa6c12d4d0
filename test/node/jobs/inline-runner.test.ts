/**
 * The inline job runner (node/jobs/inline-runner.ts), used by the CLI and the view tests, with the job
 * itself replaced by a controllable stand-in: progress events carry the job's id and kind, cancel
 * aborts that job's signal (and says whether there was such a job), a finished job can no longer be
 * cancelled, and dispose aborts every job still running. The real jobs run through it in
 * test/electron/main/ipc/handlers.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import type { JobRequest, ProgressReporter } from '../../../node/jobs/job';

const jobs = vi.hoisted(() => [] as { request: unknown; progress: ProgressReporter; signal: AbortSignal; finish: (value: unknown) => void; fail: (error: Error) => void }[]);
vi.mock('../../../node/jobs/execute', () => ({
  executeJob: (request: unknown, progress: ProgressReporter, signal: AbortSignal) =>
    new Promise((resolve, reject) => {
      jobs.push({ request, progress, signal, finish: resolve, fail: reject });
      signal.addEventListener('abort', () => reject(new Error('cancelled')));
    }),
}));

const { InlineJobRunner } = await import('../../../node/jobs/inline-runner');
const request = { kind: 'analysis' } as unknown as JobRequest;

describe('InlineJobRunner', () => {
  it('runs the job with progress events naming it, and returns its value', async () => {
    const runner = new InlineJobRunner();
    const events: unknown[] = [];
    const { jobId, result } = runner.run(request, (event) => events.push(event));
    const job = jobs.at(-1)!;
    expect(job.request).toBe(request);
    job.progress(0.5, 'fitting');
    job.progress(null, 'writing');
    job.finish({ coefficients: [0.3] });
    await expect(result).resolves.toEqual({ coefficients: [0.3] });
    expect(events).toEqual([
      { jobId, kind: 'analysis', fraction: 0.5, message: 'fitting' },
      { jobId, kind: 'analysis', fraction: null, message: 'writing' },
    ]);
    expect(runner.cancel(jobId)).toBe(false); // finished: nothing to cancel
  });

  it('cancel aborts only the job named, and says whether it was running', async () => {
    const runner = new InlineJobRunner();
    const first = runner.run(request, () => undefined);
    const firstJob = jobs.at(-1)!;
    const second = runner.run(request, () => undefined);
    const secondJob = jobs.at(-1)!;
    expect(first.jobId).not.toBe(second.jobId);
    expect(runner.cancel(first.jobId)).toBe(true);
    expect(firstJob.signal.aborted).toBe(true);
    expect(secondJob.signal.aborted).toBe(false);
    await expect(first.result).rejects.toThrow('cancelled');
    expect(runner.cancel(first.jobId)).toBe(false);
    expect(runner.cancel('no-such-job')).toBe(false);
    secondJob.finish(1);
    await second.result;
  });

  it('dispose aborts every job still running', async () => {
    const runner = new InlineJobRunner();
    const runs = [runner.run(request, () => undefined), runner.run(request, () => undefined)];
    const started = jobs.slice(-2);
    await runner.dispose();
    expect(started.map((job) => job.signal.aborted)).toEqual([true, true]);
    await Promise.allSettled(runs.map((run) => run.result));
  });
});
