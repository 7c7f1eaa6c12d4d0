/**
 * The preload (electron/preload/index.ts) with Electron's renderer side replaced by recorders: it must
 * put exactly the IPC contract on window.relapse (invoke, onProgress, pathForFile) and nothing else,
 * send only known channels to main, and let a progress listener be removed.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL_NAMES, IPC_EVENT, IPC_INVOKE } from '../../../shared/ipc/channels';
import type { RelapseApi } from '../../../shared/ipc/contract';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    exposed,
    listeners,
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from main' })),
    pathForFile: vi.fn((_file: unknown) => ''),
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!electron.listeners.has(channel)) electron.listeners.set(channel, new Set());
      electron.listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => electron.listeners.get(channel)?.delete(listener),
  },
  webUtils: { getPathForFile: electron.pathForFile },
}));

let api: RelapseApi;
beforeAll(async () => {
  await import('../../../electron/preload/index');
  api = electron.exposed.get('relapse') as RelapseApi;
});

describe('preload', () => {
  it('exposes one object, window.relapse, with the three functions of the contract', () => {
    expect([...electron.exposed.keys()]).toEqual(['relapse']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onProgress', 'pathForFile']);
  });

  it('sends a known channel to main on the one invoke channel, with its arguments untouched', async () => {
    const args = { path: '/data/cohort.csv' };
    await expect(api.invoke('dataset:preview', args as never)).resolves.toEqual({ ok: true, value: 'from main' });
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC_INVOKE, 'dataset:preview', args);
    for (const channel of IPC_CHANNEL_NAMES) {
      await api.invoke(channel, undefined as never);
      expect(electron.invoke).toHaveBeenLastCalledWith(IPC_INVOKE, channel, undefined);
    }
  });

  it('answers an unknown channel itself, in one line, without calling main', async () => {
    electron.invoke.mockClear();
    for (const channel of ['shell:openExternal', 'fs:read', '', 42]) {
      const reply = await api.invoke(channel as never, undefined as never);
      expect(reply).toEqual({ ok: false, error: `unknown IPC channel ${String(channel)}` });
    }
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('passes progress events to the listener, without the IPC event, until it is removed', () => {
    const seen: unknown[] = [];
    const stop = api.onProgress((event) => seen.push(event));
    const [listener] = electron.listeners.get(IPC_EVENT)!;
    const payload = { jobId: 'j1', fraction: 0.5, message: 'reading' };
    listener({ sender: 'the IPC event' }, payload);
    expect(seen).toEqual([payload]);
    stop();
    expect(electron.listeners.get(IPC_EVENT)!.size).toBe(0);
  });

  it("gives a dropped file's path, and null for a file with none", () => {
    electron.pathForFile.mockReturnValueOnce('/home/user/cohort.csv');
    expect(api.pathForFile({} as File)).toBe('/home/user/cohort.csv');
    expect(api.pathForFile({} as File)).toBeNull();
  });
});
