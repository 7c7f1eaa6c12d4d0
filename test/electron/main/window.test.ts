/**
 * The main window (electron/main/window.ts) with Electron replaced by recorders: Electron's security
 * checklist in its webPreferences (context isolation, sandbox, no Node, no webview, web security), the
 * session and web contents hardened (security.ts, tested on its own) before anything loads, the built
 * renderer loaded from its folder, or the dev server in development, and the window shown when drawn.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({
  windows: [] as { options: Record<string, any>; calls: string[]; once: Map<string, () => void>; webContents: object }[],
  calls: [] as string[],
  defaultSession: { name: 'the default session' },
}));

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = { name: 'the web contents' };
    readonly record: (typeof recorded.windows)[number];
    constructor(options: Record<string, any>) {
      this.record = { options, calls: [], once: new Map(), webContents: this.webContents };
      recorded.windows.push(this.record);
      recorded.calls.push('new BrowserWindow');
    }
    once(event: string, listener: () => void) {
      this.record.once.set(event, listener);
    }
    show() {
      this.record.calls.push('show');
    }
    loadURL(url: string) {
      recorded.calls.push(`loadURL ${url}`);
      return Promise.resolve();
    }
    loadFile(path: string) {
      recorded.calls.push(`loadFile ${path}`);
      return Promise.resolve();
    }
  }
  return { BrowserWindow, session: { defaultSession: recorded.defaultSession } };
});

vi.mock('../../../electron/main/security', () => ({
  hardenSession: (session: unknown) => recorded.calls.push(session === recorded.defaultSession ? 'hardenSession default' : 'hardenSession other'),
  hardenWebContents: (contents: unknown) => recorded.calls.push(contents === recorded.windows.at(-1)?.webContents ? 'hardenWebContents window' : 'hardenWebContents other'),
}));

const { createMainWindow } = await import('../../../electron/main/window');
const log = () => undefined;

beforeEach(() => {
  recorded.windows.length = 0;
  recorded.calls.length = 0;
});

describe('createMainWindow', () => {
  it("applies Electron's security checklist to the renderer", () => {
    createMainWindow({ rendererDir: '/app/out/renderer' }, '/app/out/preload/index.cjs', log);
    expect(recorded.windows[0].options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    });
  });

  it('hardens the session before the window exists and its web contents before anything loads; loads the built renderer', () => {
    createMainWindow({ rendererDir: '/app/out/renderer' }, '/app/out/preload/index.cjs', log);
    expect(recorded.calls).toEqual(['hardenSession default', 'new BrowserWindow', 'hardenWebContents window', 'loadFile /app/out/renderer/index.html']);
  });

  it('loads the dev server in development instead', () => {
    createMainWindow({ rendererDir: '/app/out/renderer', devServerUrl: 'http://localhost:5173' }, '/p.cjs', log);
    expect(recorded.calls.at(-1)).toBe('loadURL http://localhost:5173');
  });

  it('stays hidden until drawn', () => {
    createMainWindow({ rendererDir: '/app/out/renderer' }, '/p.cjs', log);
    const window = recorded.windows[0];
    expect(window.options.show).toBe(false);
    expect(window.calls).toEqual([]);
    window.once.get('ready-to-show')!();
    expect(window.calls).toEqual(['show']);
  });
});
