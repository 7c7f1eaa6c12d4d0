/**
 * The preload: exposes exactly the IPC contract on window.relapse (contextIsolation + sandbox), and
 * nothing else of Node or Electron. Channel names are checked here too; arguments are validated in main.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, isKnownChannel } from '../../shared/ipc/channels';
import type { JobProgressEvent, RelapseApi } from '../../shared/ipc/contract';

const api: RelapseApi = {
  invoke(channel, args) {
    if (!isKnownChannel(channel)) return Promise.resolve({ ok: false, error: `unknown IPC channel ${String(channel)}` });
    return ipcRenderer.invoke(IPC_INVOKE, channel, args);
  },
  onProgress(listener) {
    const wrapped = (_event: IpcRendererEvent, payload: JobProgressEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
  pathForFile(file) {
    // Sandboxed renderers no longer see File.path; webUtils gives the path of a dropped file only.
    const path = webUtils.getPathForFile(file);
    return path === '' ? null : path;
  },
};

contextBridge.exposeInMainWorld('relapse', api);
