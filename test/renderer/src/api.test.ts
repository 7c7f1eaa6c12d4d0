// @vitest-environment jsdom
/**
 * The renderer's access to main (renderer/src/api.ts) over a stand-in window.relapse: a reply's value
 * comes back as is, an error reply becomes an IpcError with its one line, a renderer outside the app
 * (no bridge) says so, and progress listeners are passed through with their unsubscribe.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, IpcError, onProgress } from '../../../renderer/src/api';
import type { JobProgressEvent, RelapseApi } from '../../../shared/ipc/contract';

afterEach(() => {
  delete window.relapse;
});

function bridge(reply: unknown, seen: unknown[] = [], listeners = new Set<(event: JobProgressEvent) => void>()): RelapseApi {
  return {
    invoke: (async (channel: string, args: unknown) => {
      seen.push({ channel, args });
      return reply;
    }) as RelapseApi['invoke'],
    onProgress: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pathForFile: () => null,
  };
}

describe('call', () => {
  it('sends the channel and arguments and returns the value of an ok reply', async () => {
    const seen: unknown[] = [];
    window.relapse = bridge({ ok: true, value: [{ name: 'addicts', rows: 238 }] }, seen);
    await expect(call('dataset:list', undefined as never)).resolves.toEqual([{ name: 'addicts', rows: 238 }]);
    expect(seen).toEqual([{ channel: 'dataset:list', args: undefined }]);
  });

  it("turns an error reply into an IpcError carrying main's one line", async () => {
    window.relapse = bridge({ ok: false, error: 'no project is open: open or create a project first' });
    const error = await call('dataset:list', undefined as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as IpcError).message).toBe('no project is open: open or create a project first');
    expect((error as IpcError).name).toBe('IpcError');
  });

  it('outside the app (no bridge) fails in one line', async () => {
    await expect(call('app:info', undefined as never)).rejects.toThrow(new IpcError('the app bridge is missing (the renderer must run inside Relapse Workbench)'));
    expect(() => onProgress(() => undefined)).toThrow('the app bridge is missing');
  });
});

describe('onProgress', () => {
  it('registers the listener with the bridge and returns its unsubscribe', () => {
    const listeners = new Set<(event: JobProgressEvent) => void>();
    window.relapse = bridge({ ok: true, value: null }, [], listeners);
    const seen: JobProgressEvent[] = [];
    const stop = onProgress((event) => seen.push(event));
    const event = { jobId: 'import-1', fraction: 0.25, message: 'reading' } as JobProgressEvent;
    listeners.forEach((listener) => listener(event));
    expect(seen).toEqual([event]);
    stop();
    expect(listeners.size).toBe(0);
  });
});
