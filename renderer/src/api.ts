/**
 * The renderer's typed access to main: window.relapse (the preload in the app, the HTTP test bridge
 * in e2e tests). Every reply is data; an error reply becomes an Error with the one-line message.
 */
import type { IpcArgs, IpcChannel, IpcResult, JobProgressEvent, RelapseApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    relapse?: RelapseApi;
  }
}

export class IpcError extends Error {
  override name = 'IpcError';
}

function bridge(): RelapseApi {
  if (!window.relapse) throw new IpcError('the app bridge is missing (the renderer must run inside Relapse Workbench)');
  return window.relapse;
}

export async function call<C extends IpcChannel>(channel: C, args: IpcArgs<C>): Promise<IpcResult<C>> {
  const reply = await bridge().invoke(channel, args);
  if (!reply.ok) throw new IpcError(reply.error);
  return reply.value;
}

export function onProgress(listener: (event: JobProgressEvent) => void): () => void {
  return bridge().onProgress(listener);
}
