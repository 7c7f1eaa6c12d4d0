/**
 * The offline hardening of the Electron shell (Electron's security checklist):
 * - every request that is not the app's own bundle (or the dev server in development) is cancelled and logged;
 * - navigation away from the app and new windows are blocked;
 * - permission requests (camera, notifications, geolocation, ...) are denied;
 * - the window runs with contextIsolation, sandbox and no Node integration (see window.ts).
 *
 * The policy functions are pure so that they can be unit-tested without the Electron binary; the
 * install functions take the Electron objects they configure as parameters (types only imported).
 */
import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';

/** The Content-Security-Policy of the renderer; renderer/index.html carries the same string in a meta tag. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface RequestPolicy {
  /** Absolute path of the built renderer folder (out/renderer): file URLs inside it are the app's own bundle. */
  rendererDir: string;
  /** In development only: the Vite dev server origin (e.g. http://localhost:5173). */
  devServerUrl?: string;
}

/** Whether the renderer may load this URL. Anything else is cancelled: the app makes no network request. */
export function isAllowedRequest(url: string, policy: RequestPolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'devtools:') return true;
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return true; // in-memory, never the network
  if (parsed.protocol === 'file:') {
    const root = pathToFileURL(policy.rendererDir.endsWith('/') ? policy.rendererDir : policy.rendererDir + '/').href;
    return parsed.href.startsWith(root) && !decodeURIComponent(parsed.pathname).split('/').includes('..');
  }
  if (policy.devServerUrl) {
    const dev = new URL(policy.devServerUrl);
    const isLoopback = dev.hostname === 'localhost' || dev.hostname === '127.0.0.1';
    if (isLoopback && (parsed.protocol === 'http:' || parsed.protocol === 'ws:') && parsed.host === dev.host) return true;
  }
  return false;
}

/** Whether a navigation of the main frame to this URL stays inside the app. */
export function isAllowedNavigation(url: string, policy: RequestPolicy): boolean {
  return isAllowedRequest(url, policy) && !url.startsWith('data:') && !url.startsWith('blob:');
}

export type SecurityLog = (message: string) => void;

/** Cancels and logs every request that is not the app's own; denies every permission request. */
export function hardenSession(session: Pick<Session, 'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, policy: RequestPolicy, log: SecurityLog): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, policy);
    if (!allowed) log(`blocked request: ${details.url}`);
    callback({ cancel: !allowed });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** Blocks navigation away from the app, new windows and webview attachment. */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, policy: RequestPolicy, log: SecurityLog): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, policy)) {
      event.preventDefault();
      log(`blocked navigation: ${url}`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, policy)) {
      event.preventDefault();
      log(`blocked redirect: ${url}`);
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked new window: ${url}`);
    return { action: 'deny' };
  });
}
