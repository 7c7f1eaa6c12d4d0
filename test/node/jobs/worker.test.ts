/**
 * The worker-thread entry (node/jobs/worker.ts) over a stand-in parent port and job: a run posts its
 * progress and then its value, an error is posted as its message with whether the user may see it as
 * is (a UserFacingError) or it is a crash, and a cancel aborts that job's signal. The real worker
 * threads run it in test/electron/main/ipc/handlers.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { UserFacingError } from '../../../shared/errors';
import type { JobRequest, ProgressReporter, WorkerInbound, WorkerOutbound } from '../../../node/jobs/job';

const port = vi.hoisted(() => {
  const posted: unknown[] = [];
  let listener: ((message: unknown) => void) | undefined;
  return {
    posted,
    send: (message: unknown) => listener!(message),
    parentPort: {
      postMessage: (message: unknown) => posted.push(message),
      on: (event: string, handler: (message: unknown) => void) => {
        if (event === 'message') listener = handler;
      },
    },
  };
});
const jobs = vi.hoisted(() => [] as { progress: ProgressReporter; signal: AbortSignal; finish: (value: unknown) => void; fail: (error: unknown) => void }[]);

vi.mock('node:worker_threads', () => ({ parentPort: port.parentPort }));
vi.mock('../../../node/jobs/execute', () => ({
  executeJob: (_request: unknown, progress: ProgressReporter, signal: AbortSignal) =>
    new Promise((resolve, reject) => {
      jobs.push({ progress, signal, finish: resolve, fail: reject });
    }),
}));

await import('../../../node/jobs/worker');
const send = (message: WorkerInbound) => port.send(message);
const request = { kind: 'analysis' } as unknown as JobRequest;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('job worker', () => {
  it('posts progress, then the value', async () => {
    port.posted.length = 0;
    send({ type: 'run', jobId: 'a', request });
    const job = jobs.at(-1)!;
    job.progress(0.25, 'reading');
    job.finish({ rows: 238 });
    await settle();
    expect(port.posted).toEqual<WorkerOutbound[]>([
      { type: 'progress', jobId: 'a', fraction: 0.25, message: 'reading' },
      { type: 'done', jobId: 'a', value: { rows: 238 } },
    ]);
  });

  it('posts an error as its message, saying whether it is user-facing', async () => {
    port.posted.length = 0;
    send({ type: 'run', jobId: 'b', request });
    jobs.at(-1)!.fail(new UserFacingError('column "time" is missing'));
    send({ type: 'run', jobId: 'c', request });
    jobs.at(-1)!.fail(new TypeError('x is undefined'));
    send({ type: 'run', jobId: 'd', request });
    jobs.at(-1)!.fail('a thrown string');
    await settle();
    expect(port.posted).toEqual<WorkerOutbound[]>([
      { type: 'error', jobId: 'b', error: 'column "time" is missing', userFacing: true },
      { type: 'error', jobId: 'c', error: 'x is undefined', userFacing: false },
      { type: 'error', jobId: 'd', error: 'a thrown string', userFacing: false },
    ]);
  });

  it('a cancel aborts the job named, and only it', async () => {
    send({ type: 'run', jobId: 'e', request });
    const e = jobs.at(-1)!;
    send({ type: 'run', jobId: 'f', request });
    const f = jobs.at(-1)!;
    send({ type: 'cancel', jobId: 'e' });
    expect(e.signal.aborted).toBe(true);
    expect(f.signal.aborted).toBe(false);
    send({ type: 'cancel', jobId: 'no-such-job' }); // ignored
    e.finish(null);
    f.finish(null);
    await settle();
    send({ type: 'cancel', jobId: 'f' }); // finished: nothing left to abort
    expect(f.signal.aborted).toBe(false);
  });
});
