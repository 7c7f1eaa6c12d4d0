/**
 * Runs jobs in worker threads so that imports and analyses never block the main process (and with it
 * the UI's IPC). One worker per job: cancel first asks the job to stop (an import rolls back its
 * transaction), and terminates the worker if it has not stopped within a grace period. A killed import
 * leaves the project as before, because its transaction never committed.
 */
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { CancelledError, UserFacingError } from '../../../shared/errors';
import type { JobProgressEvent } from '../../../shared/ipc/contract';
import type { JobRequest, JobRunner, WorkerOutbound } from './job';

const CANCEL_GRACE_MS = 3000;

export interface WorkerSpec {
  /** Path or file URL of the worker script (the built worker.js, or worker.ts under tsx). */
  script: string | URL;
  execArgv?: string[];
}

export class WorkerJobRunner implements JobRunner {
  private readonly workers = new Map<string, { worker: Worker; cancelled: boolean }>();

  constructor(private readonly spec: WorkerSpec) {}

  run(request: JobRequest, onProgress: (event: JobProgressEvent) => void) {
    const jobId = randomUUID();
    const worker = new Worker(this.spec.script, { execArgv: this.spec.execArgv });
    const entry = { worker, cancelled: false };
    this.workers.set(jobId, entry);
    const result = new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.workers.delete(jobId);
        void worker.terminate();
        fn();
      };
      worker.on('message', (message: WorkerOutbound) => {
        if (message.type === 'progress') onProgress({ jobId, kind: request.kind, fraction: message.fraction, message: message.message });
        else if (message.type === 'done') settle(() => resolve(message.value));
        else settle(() => reject(message.userFacing ? new UserFacingError(message.error) : new Error(message.error)));
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) =>
        settle(() => reject(entry.cancelled ? new CancelledError(`${request.kind} cancelled; nothing was changed`) : new Error(`worker stopped (exit code ${code})`))),
      );
    });
    worker.postMessage({ type: 'run', jobId, request });
    return { jobId, result };
  }

  cancel(jobId: string): boolean {
    const entry = this.workers.get(jobId);
    if (!entry) return false;
    entry.cancelled = true;
    entry.worker.postMessage({ type: 'cancel', jobId });
    setTimeout(() => void entry.worker.terminate(), CANCEL_GRACE_MS).unref();
    return true;
  }

  async dispose(): Promise<void> {
    await Promise.all(Array.from(this.workers.values(), (e) => e.worker.terminate()));
    this.workers.clear();
  }
}
