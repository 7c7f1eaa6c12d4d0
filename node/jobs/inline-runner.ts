/** Runs jobs on the calling thread (CLI and unit tests), with the same cancel semantics as the worker runner. */
import { randomUUID } from 'node:crypto';
import type { JobProgressEvent } from '../../shared/ipc/contract';
import type { JobRequest, JobRunner } from './job';
import { executeJob } from './execute';

export class InlineJobRunner implements JobRunner {
  private readonly controllers = new Map<string, AbortController>();

  run(request: JobRequest, onProgress: (event: JobProgressEvent) => void) {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.controllers.set(jobId, controller);
    const result = executeJob(request, (fraction, message) => onProgress({ jobId, kind: request.kind, fraction, message }), controller.signal).finally(() =>
      this.controllers.delete(jobId),
    );
    return { jobId, result };
  }

  cancel(jobId: string): boolean {
    const controller = this.controllers.get(jobId);
    controller?.abort();
    return controller !== undefined;
  }

  async dispose(): Promise<void> {
    for (const c of this.controllers.values()) c.abort();
  }
}
