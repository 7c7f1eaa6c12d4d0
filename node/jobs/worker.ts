/** Worker-thread entry: runs one job at a time off the main process's event loop. */
import { parentPort } from 'node:worker_threads';
import { UserFacingError } from '../../shared/errors';
import { executeJob } from './execute';
import type { WorkerInbound, WorkerOutbound } from './job';

const port = parentPort;
if (!port) throw new Error('job worker must run in a worker thread');
const controllers = new Map<string, AbortController>();
const post = (message: WorkerOutbound) => port.postMessage(message);

port.on('message', (message: WorkerInbound) => {
  if (message.type === 'cancel') {
    controllers.get(message.jobId)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(message.jobId, controller);
  const progress = (fraction: number | null, text: string) => post({ type: 'progress', jobId: message.jobId, fraction, message: text });
  executeJob(message.request, progress, controller.signal)
    .then((value) => post({ type: 'done', jobId: message.jobId, value }))
    .catch((error: unknown) =>
      post({ type: 'error', jobId: message.jobId, error: error instanceof Error ? error.message : String(error), userFacing: error instanceof UserFacingError }),
    )
    .finally(() => controllers.delete(message.jobId));
});
