/**
 * Electron main process: app lifecycle, the hardened window, IPC (validated against the contract in
 * shared/ipc) and the worker threads that run imports and analyses.
 */
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { join } from 'node:path';
import workerPath from '../../node/jobs/worker?modulePath';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/contract';
import { dispatch } from './ipc/dispatch';
import { createHandlers, type Dialogs } from './ipc/handlers';
import { WorkerJobRunner } from '../../node/jobs/runner';
import type { RequestPolicy } from './security';
import { createMainWindow } from './window';
import { printToPdf } from '../../node/report/print-to-pdf';
import { writeFileAtomic } from '../../node/files/atomic-write';

const log = (message: string) => console.log(`[relapse-workbench] ${message}`);

// No network: block every remote origin at the session level (security.ts); also keep Chromium's own
// background services quiet.
app.commandLine.appendSwitch('disable-background-networking');
app.commandLine.appendSwitch('disable-component-update');
app.enableSandbox();

const gotLock = app.requestSingleInstanceLock();
if (!gotLock) app.quit();

app.whenReady().then(() => {
  const policy: RequestPolicy = {
    rendererDir: join(__dirname, '../renderer'),
    devServerUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined,
  };
  let window: BrowserWindow | null = null;

  const dialogs: Dialogs = {
    async openCsv() {
      const r = await dialog.showOpenDialog(window!, { properties: ['openFile'], filters: [{ name: 'CSV or text', extensions: ['csv', 'txt', 'tsv'] }] });
      return r.canceled ? null : r.filePaths[0];
    },
    async openProject(create) {
      if (create) {
        const r = await dialog.showSaveDialog(window!, { defaultPath: 'project.sqlite', filters: [{ name: 'Relapse Workbench project', extensions: ['sqlite'] }] });
        return r.canceled || !r.filePath ? null : r.filePath;
      }
      const r = await dialog.showOpenDialog(window!, { properties: ['openFile'], filters: [{ name: 'Relapse Workbench project', extensions: ['sqlite'] }] });
      return r.canceled ? null : r.filePaths[0];
    },
    async openMapping() {
      const r = await dialog.showOpenDialog(window!, { properties: ['openFile'], filters: [{ name: 'Mapping template', extensions: ['json'] }] });
      return r.canceled ? null : r.filePaths[0];
    },
    async saveFile(suggestedName, data) {
      const r = await dialog.showSaveDialog(window!, { defaultPath: suggestedName });
      if (r.canceled || !r.filePath) return null;
      await writeFileAtomic(r.filePath, data, { what: 'file' }); // temp file, fsync, rename: never a truncated export
      return r.filePath;
    },
  };

  const jobs = new WorkerJobRunner({ script: workerPath });
  const handlers = createHandlers({
    appVersion: app.getVersion(),
    userDataDir: app.getPath('userData'),
    jobs,
    dialogs,
    emit: (event) => window?.webContents.send(IPC_EVENT, event),
    log,
    openDemoOnFirstRun: true,
    // The report is printed in a hidden window with no preload and no Node, under the same hardened
    // session; printToPdf destroys it afterwards.
    printPdf: (html) =>
      printToPdf(
        new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } }),
        html,
      ),
  });
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, args: unknown) => {
    // Only our own window's main frame may call.
    if (!window || event.sender !== window.webContents) return { ok: false, error: 'IPC from an unknown sender' };
    return dispatch(handlers, channel, args, log);
  });

  window = createMainWindow(policy, join(__dirname, '../preload/index.cjs'), log);
  app.on('window-all-closed', () => {
    handlers.close();
    void jobs.dispose();
    app.quit();
  });
});
