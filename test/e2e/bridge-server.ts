/**
 * The e2e test bridge: a Node HTTP server on 127.0.0.1 (random port) that serves the built renderer
 * (out/renderer) and stands in for the preload. `POST /ipc/<channel>` runs the real main-process
 * handlers (createHandlers + dispatch: real SQLite project, real CSV import, the engine in worker
 * threads) and answers the reply as JSON; job progress goes out as Server-Sent Events on /__events.
 * index.html gets a same-origin `<script src="/__bridge.js">` that defines window.relapse with fetch,
 * so the renderer's CSP (default-src 'self', connect-src 'self') stays as it is.
 * Dialogs are test doubles: openCsv returns the fixture (or what setCsvPath chose), openProject a file
 * in a temp folder, openMapping a template file, saveFile writes into a temp folder the test can inspect.
 * `call` runs a channel directly, for test set-up the user would do elsewhere (e.g. a large demo project).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHandlers, type Dialogs } from '../../electron/main/ipc/handlers';
import { dispatch } from '../../electron/main/ipc/dispatch';
import { WorkerJobRunner } from '../../node/jobs/runner';
import { InlineJobRunner } from '../../node/jobs/inline-runner';
import type { JobRunner } from '../../node/jobs/job';
import type { JobProgressEvent } from '../../shared/ipc/contract';
import { TYPESCRIPT_EXEC_ARGV } from '../helpers/typescript-exec-argv';

export interface BridgeOptions {
  rendererDir: string;
  /** What the "open CSV" dialog returns. */
  csvPath: string;
  /** What the "open mapping" dialog returns (null: the user cancelled). */
  mappingPath?: string | null;
  /** 'worker' (default, as the app) or 'inline'. */
  runner?: 'worker' | 'inline';
}

export interface Bridge {
  url: string;
  /** Folder the save dialog writes into. */
  savedDir: string;
  /** Files saved through `file:save`, in order. */
  saved: string[];
  /** Errors the handlers logged (unexpected failures, not user-facing errors). */
  loggedErrors: string[];
  /** The app's user-data folder (the demo project lives in demo/demo-project.sqlite under it). */
  userDataDir: string;
  /** Changes what the "open CSV" dialog returns from now on. */
  setCsvPath(path: string): void;
  /** Runs a channel as the renderer would, for set-up; throws on an error reply. */
  call(channel: string, args: unknown): Promise<unknown>;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const BRIDGE_SCRIPT = `(() => {
  const listeners = new Set();
  let source = null;
  const connect = () => {
    if (source) return;
    source = new EventSource('/__events');
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      for (const listener of listeners) listener(event);
    };
  };
  window.relapse = {
    async invoke(channel, args) {
      const response = await fetch('/ipc/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args === undefined ? {} : args),
      });
      return response.json();
    },
    onProgress(listener) {
      connect();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // A browser gives no path for a dropped file; the app's preload does (webUtils).
    pathForFile() {
      return null;
    },
  };
})();
`;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const root = mkdtempSync(join(tmpdir(), 'relapse-e2e-'));
  const userDataDir = join(root, 'user-data');
  const savedDir = join(root, 'saved');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(savedDir, { recursive: true });
  const saved: string[] = [];
  const loggedErrors: string[] = [];
  const streams = new Set<ServerResponse>();

  const jobs: JobRunner =
    options.runner === 'inline'
      ? new InlineJobRunner()
      : new WorkerJobRunner({ script: resolve(import.meta.dirname, '../../node/jobs/worker.ts'), execArgv: [...TYPESCRIPT_EXEC_ARGV] });

  let csvPath = options.csvPath;
  const dialogs: Dialogs = {
    openCsv: async () => csvPath,
    openProject: async () => join(root, 'e2e-project.sqlite'),
    openMapping: async () => options.mappingPath ?? null,
    saveFile: async (suggestedName, data) => {
      const safe = suggestedName.replace(/[^\w.-]+/g, '_');
      const path = join(savedDir, `${saved.length + 1}-${safe}`);
      writeFileSync(path, data);
      saved.push(path);
      return path;
    },
  };
  const emit = (event: JobProgressEvent) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) stream.write(line);
  };
  const handlers = createHandlers({ appVersion: 'e2e', userDataDir, jobs, dialogs, emit, log: () => {} });
  const rendererDir = resolve(options.rendererDir);

  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (request.method === 'POST' && url.pathname.startsWith('/ipc/')) {
        const channel = decodeURIComponent(url.pathname.slice('/ipc/'.length));
        const text = await readBody(request);
        let args: unknown;
        try {
          args = text ? JSON.parse(text) : {};
        } catch {
          args = undefined;
        }
        const reply = await dispatch(handlers, channel, args, (message) => loggedErrors.push(message));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(reply));
        return;
      }
      if (request.method === 'GET' && url.pathname === '/__events') {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        response.write(': connected\n\n');
        streams.add(response);
        request.on('close', () => streams.delete(response));
        return;
      }
      if (request.method === 'GET' && url.pathname === '/__bridge.js') {
        response.writeHead(200, { 'content-type': MIME['.js'] });
        response.end(BRIDGE_SCRIPT);
        return;
      }
      if (request.method !== 'GET') {
        response.writeHead(405).end();
        return;
      }
      if (url.pathname === '/favicon.ico') {
        // Chromium asks for it on its own; the app has none.
        response.writeHead(204).end();
        return;
      }
      const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = normalize(join(rendererDir, relative));
      if (!file.startsWith(rendererDir + sep) || !existsSync(file)) {
        response.writeHead(404).end('not found');
        return;
      }
      let body: Buffer | string = readFileSync(file);
      if (relative === 'index.html') {
        body = body.toString('utf8').replace('<head>', '<head>\n    <script src="/__bridge.js"></script>');
      }
      response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch (error) {
      loggedErrors.push(`bridge: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    }
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    savedDir,
    saved,
    loggedErrors,
    userDataDir,
    setCsvPath(path) {
      csvPath = path;
    },
    async call(channel, args) {
      const reply = await dispatch(handlers, channel, args, (message) => loggedErrors.push(message));
      if (!reply.ok) throw new Error(`${channel}: ${reply.error}`);
      return reply.value;
    },
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      handlers.close();
      await jobs.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
