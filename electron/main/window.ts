/** The main window, created with Electron's security checklist applied. */
import { BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { hardenSession, hardenWebContents, type RequestPolicy, type SecurityLog } from './security';

export function createMainWindow(policy: RequestPolicy, preloadPath: string, log: SecurityLog): BrowserWindow {
  hardenSession(session.defaultSession, policy, log);
  const window = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Relapse Workbench',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  hardenWebContents(window.webContents, policy, log);
  window.once('ready-to-show', () => window.show());
  if (policy.devServerUrl) void window.loadURL(policy.devServerUrl);
  else void window.loadFile(join(policy.rendererDir, 'index.html'));
  return window;
}
