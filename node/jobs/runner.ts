/**
 * Runs jobs in worker threads so that imports and analyses never block the main process (and with it
 * the UI's IPC).
 *
 * - Imports and reports get a worker of their own. Cancel first asks the job to stop (an import rolls
 *   back its transaction), then terminates the worker if it has not stopped within a grace period. A
 *   killed import leaves the project as before, because its transaction never committed.
 * - Analyses go to one long-lived analysis worker, one at a time in order. It keeps the project open
 *   and the last analysis frames in memory (see execute.ts), so rerunning with other options costs
 *   the computation alone. A queued analysis that is cancelled is simply dropped. A running one is
 *   answered as cancelled at once, and its worker is given `cancelledAnalysisGraceMs` to finish it
 *   (its result is dropped) before it is terminated: a computation cannot be interrupted from inside,
 *   and terminating the worker throws its frames away, which at 1,000,000 participants take some 13 s
 *   to build again, while an analysis on them takes 0.1 to 1.5 s. So a quick change of options while
 *   one computes (the app cancels the run it replaces) keeps the frames; an analysis still running
 *   after the grace is stopped with its worker, and the next analysis starts a fresh one.
 */
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { CancelledError, UserFacingError } from '../../shared/errors';
import type { JobProgressEvent } from '../../shared/ipc/contract';
import type { JobRequest, JobRunner, WorkerOutbound } from './job';

const CANCEL_GRACE_MS = 3000;
/** How long a cancelled running analysis may finish before its worker (and the frames it holds) is stopped. */
const CANCELLED_ANALYSIS_GRACE_MS = 2000;

export interface WorkerSpec {
  /** Path or file URL of the worker script (the built worker.js, or worker.ts under tsx). */
  script: string | URL;
  execArgv?: string[];
  /** Default CANCELLED_ANALYSIS_GRACE_MS; 0 stops the worker at once. */
  cancelledAnalysisGraceMs?: number;
}

interface PendingJob {
  jobId: string;
  request: JobRequest;
  onProgress: (event: JobProgressEvent) => void;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Set when the job is asked to stop (an analysis: already answered as cancelled, its late reply dropped). */
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
  /** Stops the analysis worker if the cancelled analysis it runs has not finished within the grace. */
  private graceTimer: ReturnType<typeof setTimeout> | null = null;

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

  /** The analysis worker's thread id, null when there is none: the same id, the same cached frames (tests use it). */
  get analysisThreadId(): number | null {
    return this.analysisWorker?.threadId ?? null;
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
        if (!job.cancelled) job.onProgress({ jobId: job.jobId, kind: 'analysis', fraction: message.fraction, message: message.message });
        return;
      }
      this.running = null;
      this.clearGraceTimer();
      // A cancelled job was answered already (the promise keeps its first answer); its worker and frames stay.
      if (message.type === 'done') job.resolve(message.value);
      else job.reject(failure(message));
      this.startNextAnalysis();
    });
    const lost = (error: Error) => {
      if (this.analysisWorker !== worker) return;
      this.clearGraceTimer();
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
      // A computation in progress cannot be interrupted from inside: the job is answered as cancelled
      // now, and its worker stopped if it has not finished within the grace (see the header).
      const job = this.running;
      if (job.cancelled) return true;
      job.cancelled = true;
      job.reject(new CancelledError('analysis cancelled'));
      const grace = this.spec.cancelledAnalysisGraceMs ?? CANCELLED_ANALYSIS_GRACE_MS;
      if (grace <= 0) this.stopAnalysisWorker(job);
      else this.graceTimer = setTimeout(() => this.stopAnalysisWorker(job), grace).unref();
      return true;
    }
    return false;
  }

  /** Stops the analysis worker still running the cancelled `job` (its late messages are ignored); the next analysis starts a fresh one. */
  private stopAnalysisWorker(job: PendingJob): void {
    this.clearGraceTimer();
    const worker = this.analysisWorker;
    if (this.running !== job || !worker) return;
    this.running = null;
    this.analysisWorker = null;
    void worker.terminate();
    this.startNextAnalysis();
  }

  private clearGraceTimer(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  async dispose(): Promise<void> {
    this.clearGraceTimer();
    for (const job of this.queue.splice(0)) job.reject(new CancelledError('the app is closing'));
    const workers = [...Array.from(this.dedicated.values(), (d) => d.worker), ...(this.analysisWorker ? [this.analysisWorker] : [])];
    this.analysisWorker = null;
    await Promise.all(workers.map((w) => w.terminate()));
    this.dedicated.clear();
  }
}
