/**
 * The main process's lifecycle (electron/main/index.ts) with Electron and the Node side replaced by
 * recorders: Chromium's background networking off and the sandbox on before anything starts, a second
 * instance quits, the handlers get the worker runner, and IPC is answered only for the app's own window
 * (any other sender gets one line and reaches no handler). Closing the window closes the project and
 * the workers and quits.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  calls: [] as string[],
  lock: true,
  ready: undefined as undefined | (() => void),
  appEvents: new Map<string, () => void>(),
  ipcHandler: undefined as undefined | ((event: { sender: unknown }, channel: unknown, args: unknown) => unknown),
  window: { webContents: { name: 'the window' } },
  handlers: { close: () => state.calls.push('handlers.close') },
  handlerOptions: undefined as undefined | Record<string, unknown>,
  policy: undefined as undefined | { rendererDir: string; devServerUrl?: string },
  runnerOptions: undefined as undefined | Record<string, unknown>,
  packaged: true,
}));

vi.mock('electron', () => ({
  app: {
    commandLine: { appendSwitch: (name: string) => state.calls.push(`switch ${name}`) },
    enableSandbox: () => state.calls.push('enableSandbox'),
    requestSingleInstanceLock: () => state.lock,
    quit: () => state.calls.push('quit'),
    whenReady: () => ({ then: (ready: () => void) => void (state.ready = ready) }),
    get isPackaged() {
      return state.packaged;
    },
    getVersion: () => '9.9.9',
    getPath: (name: string) => `/home/user/.config/${name}`,
    on: (event: string, listener: () => void) => state.appEvents.set(event, listener),
  },
  BrowserWindow: class {},
  dialog: {},
  ipcMain: { handle: (_channel: string, handler: typeof state.ipcHandler) => void (state.ipcHandler = handler) },
}));
vi.mock('../../../node/jobs/worker?modulePath', () => ({ default: '/app/out/main/worker.js' }));
vi.mock('../../../node/jobs/runner', () => ({
  WorkerJobRunner: class {
    constructor(options: Record<string, unknown>) {
      state.runnerOptions = options;
    }
    dispose() {
      state.calls.push('jobs.dispose');
      return Promise.resolve();
    }
  },
}));
vi.mock('../../../electron/main/ipc/handlers', () => ({
  createHandlers: (options: Record<string, unknown>) => {
    state.handlerOptions = options;
    return state.handlers;
  },
}));
vi.mock('../../../electron/main/ipc/dispatch', () => ({
  dispatch: (handlers: unknown, channel: unknown, args: unknown) => ({ ok: true, value: { handlers: handlers === state.handlers, channel, args } }),
}));
vi.mock('../../../electron/main/window', () => ({
  createMainWindow: (policy: typeof state.policy) => {
    state.policy = policy;
    state.calls.push('createMainWindow');
    return state.window;
  },
}));
vi.mock('../../../node/report/print-to-pdf', () => ({ printToPdf: () => Promise.resolve(new Uint8Array()) }));
vi.mock('../../../node/files/atomic-write', () => ({ writeFileAtomic: () => Promise.resolve() }));

async function start(options: { lock?: boolean; packaged?: boolean } = {}) {
  vi.resetModules();
  state.calls.length = 0;
  state.appEvents.clear();
  state.ready = undefined;
  state.ipcHandler = undefined;
  state.lock = options.lock ?? true;
  state.packaged = options.packaged ?? true;
  await import('../../../electron/main/index');
}

beforeEach(() => {
  vi.unstubAllEnvs();
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
});

describe('main process lifecycle', () => {
  it('turns background networking off and the sandbox on before the app is ready', async () => {
    await start();
    expect(state.calls).toEqual(['switch disable-background-networking', 'switch disable-component-update', 'enableSandbox']);
    expect(state.ready).toBeTypeOf('function');
  });

  it('a second instance quits', async () => {
    await start({ lock: false });
    expect(state.calls).toContain('quit');
  });

  it('when ready: the handlers get the worker runner, the app version and its data folder; the window opens', async () => {
    await start();
    state.ready!();
    expect(state.runnerOptions).toEqual({ script: '/app/out/main/worker.js' });
    expect(state.handlerOptions).toMatchObject({ appVersion: '9.9.9', userDataDir: '/home/user/.config/userData', openDemoOnFirstRun: true });
    expect(state.calls.at(-1)).toBe('createMainWindow');
    expect(state.policy!.rendererDir.replace(/\\/g, '/')).toMatch(/\/renderer$/);
    expect(state.policy!.devServerUrl).toBeUndefined();
  });

  it('uses the dev server only when not packaged', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await start({ packaged: true });
    state.ready!();
    expect(state.policy!.devServerUrl).toBeUndefined();
    await start({ packaged: false });
    state.ready!();
    expect(state.policy!.devServerUrl).toBe('http://localhost:5173');
  });

  it("answers IPC only from the app's own window", async () => {
    await start();
    state.ready!();
    const mine = await state.ipcHandler!({ sender: state.window.webContents }, 'app:info', { x: 1 });
    expect(mine).toEqual({ ok: true, value: { handlers: true, channel: 'app:info', args: { x: 1 } } });
    const other = await state.ipcHandler!({ sender: { name: 'another frame' } }, 'app:info', undefined);
    expect(other).toEqual({ ok: false, error: 'IPC from an unknown sender' });
  });

  it('closing the last window closes the project and the workers, then quits', async () => {
    await start();
    state.ready!();
    state.calls.length = 0;
    state.appEvents.get('window-all-closed')!();
    expect(state.calls).toEqual(['handlers.close', 'jobs.dispose', 'quit']);
  });
});
