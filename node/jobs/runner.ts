/**
 * Runs jobs in worker threads so that imports and analyses never block the main process (and with it
 * the UI's IPC).
 *
 * - Imports and reports get a worker of their own. Cancel first asks the job to stop (an import rolls
 *   back its transaction), then terminates the worker if it has not stopped within a grace period. A
 *   killed import leaves the project as before, because its transaction never committed.
 * - Analyses go to one long-lived analysis worker, one at a time in order. It keeps the project open
 *   and the last analysis frames in memory (see execute.ts), so rerunning with other options costs
 *   the computation alone. Cancelling the running analysis terminates that worker; the next analysis
 *   starts a fresh one. A queued analysis that is cancelled is simply dropped.
 */
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { CancelledError, UserFacingError } from '../../shared/errors';
import type { JobProgressEvent } from '../../shared/ipc/contract';
import type { JobRequest, JobRunner, WorkerOutbound } from './job';

const CANCEL_GRACE_MS = 3000;

export interface WorkerSpec {
  /** Path or file URL of the worker script (the built worker.js, or worker.ts under tsx). */
  script: string | URL;
  execArgv?: string[];
}

interface PendingJob {
  jobId: string;
  request: JobRequest;
  onProgress: (event: JobProgressEvent) => void;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Set when a dedicated (import/report) job is asked to stop. */
  cancelled: boolean;
}

function failure(message: Extract<WorkerOutbound, { type: 'error' }>): Error {
  return message.userFacing ? new UserFacingError(message.error) : new Error(message.error);
}

export class WorkerJobRunner implements JobRunner {
  /** Import and report jobs, one worker each. */
  private readonly dedicated = new Map<string, { worker: Worker; job: PendingJob }>();
  /** The long-lived analysis worker, the job it runs and the jobs waiting for it. */
  private analysisWorker: Worker | null = null;
  private running: PendingJob | null = null;
  private readonly queue: PendingJob[] = [];

  constructor(private readonly spec: WorkerSpec) {}

  run(request: JobRequest, onProgress: (event: JobProgressEvent) => void) {
    const jobId = randomUUID();
    let job!: PendingJob;
    const result = new Promise<unknown>((resolve, reject) => {
      job = { jobId, request, onProgress, resolve, reject, cancelled: false };
    });
    if (request.kind === 'analysis') {
      this.queue.push(job);
      this.startNextAnalysis();
    } else {
      this.runDedicated(job);
    }
    return { jobId, result };
  }

  private spawn(): Worker {
    return new Worker(this.spec.script, { execArgv: this.spec.execArgv });
  }

  private runDedicated(job: PendingJob): void {
    const worker = this.spawn();
    this.dedicated.set(job.jobId, { worker, job });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      this.dedicated.delete(job.jobId);
      void worker.terminate();
      fn();
    };
    worker.on('message', (message: WorkerOutbound) => {
      if (message.type === 'progress') job.onProgress({ jobId: job.jobId, kind: job.request.kind, fraction: message.fraction, message: message.message });
      else if (message.type === 'done') settle(() => job.resolve(message.value));
      else settle(() => job.reject(failure(message)));
    });
    worker.on('error', (error) => settle(() => job.reject(error)));
    worker.on('exit', (code) =>
      settle(() => job.reject(job.cancelled ? new CancelledError(`${job.request.kind} cancelled; nothing was changed`) : new Error(`worker stopped (exit code ${code})`))),
    );
    worker.postMessage({ type: 'run', jobId: job.jobId, request: job.request });
  }

  private startNextAnalysis(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    if (!this.analysisWorker) this.analysisWorker = this.createAnalysisWorker();
    this.analysisWorker.postMessage({ type: 'run', jobId: job.jobId, request: job.request });
  }

  private createAnalysisWorker(): Worker {
    const worker = this.spawn();
    worker.unref(); // an idle analysis worker must not keep the process alive
    worker.on('message', (message: WorkerOutbound) => {
      const job = this.running;
      if (this.analysisWorker !== worker || !job || message.jobId !== job.jobId) return;
      if (message.type === 'progress') {
        job.onProgress({ jobId: job.jobId, kind: 'analysis', fraction: message.fraction, message: message.message });
        return;
      }
      this.running = null;
      if (message.type === 'done') job.resolve(message.value);
      else job.reject(failure(message));
      this.startNextAnalysis();
    });
    const lost = (error: Error) => {
      if (this.analysisWorker !== worker) return;
      this.analysisWorker = null;
      const job = this.running;
      this.running = null;
      if (job) job.reject(error);
      this.startNextAnalysis();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`analysis worker stopped (exit code ${code})`)));
    return worker;
  }

  cancel(jobId: string): boolean {
    const dedicated = this.dedicated.get(jobId);
    if (dedicated) {
      dedicated.job.cancelled = true;
      dedicated.worker.postMessage({ type: 'cancel', jobId });
      setTimeout(() => void dedicated.worker.terminate(), CANCEL_GRACE_MS).unref();
      return true;
    }
    const queued = this.queue.findIndex((j) => j.jobId === jobId);
    if (queued >= 0) {
      const [job] = this.queue.splice(queued, 1);
      job.reject(new CancelledError('analysis cancelled'));
      return true;
    }
    if (this.running?.jobId === jobId && this.analysisWorker) {
      // A computation in progress cannot be interrupted from inside: the worker is detached (its
      // late messages are ignored) and stopped, and the next analysis starts a fresh one.
      const job = this.running;
      const worker = this.analysisWorker;
      this.running = null;
      this.analysisWorker = null;
      void worker.terminate();
      job.reject(new CancelledError('analysis cancelled'));
      this.startNextAnalysis();
      return true;
    }
    return false;
  }

  async dispose(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new CancelledError('the app is closing'));
    const workers = [...Array.from(this.dedicated.values(), (d) => d.worker), ...(this.analysisWorker ? [this.analysisWorker] : [])];
    this.analysisWorker = null;
    await Promise.all(workers.map((w) => w.terminate()));
    this.dedicated.clear();
  }
}
