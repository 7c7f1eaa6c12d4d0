import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isAllowedNavigation, isAllowedRequest } from '../../../electron/main/security';

const policy = { rendererDir: '/opt/relapse-workbench/resources/app/out/renderer' };

describe('request filter', () => {
  it("allows the app's own bundle", () => {
    expect(isAllowedRequest('file:///opt/relapse-workbench/resources/app/out/renderer/index.html', policy)).toBe(true);
    expect(isAllowedRequest('file:///opt/relapse-workbench/resources/app/out/renderer/assets/index-abc.js', policy)).toBe(true);
  });

  it('refuses every network request', () => {
    for (const url of ['https://example.org/', 'http://example.org/x.js', 'https://fonts.googleapis.com/css', 'wss://example.org/', 'ftp://example.org/', 'http://127.0.0.1:8080/']) {
      expect(isAllowedRequest(url, policy), url).toBe(false);
    }
  });

  it('refuses files outside the bundle, including by path traversal', () => {
    expect(isAllowedRequest('file:///etc/passwd', policy)).toBe(false);
    expect(isAllowedRequest('file:///opt/relapse-workbench/resources/app/out/renderer-evil/index.html', policy)).toBe(false);
    expect(isAllowedRequest('file:///opt/relapse-workbench/resources/app/out/renderer/%2e%2e/main/index.js', policy)).toBe(false);
    expect(isAllowedRequest('not a url', policy)).toBe(false);
  });

  it('allows the dev server only in development, only on loopback', () => {
    const dev = { ...policy, devServerUrl: 'http://localhost:5173' };
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedRequest('http://localhost:5173/', policy)).toBe(false);
    expect(isAllowedRequest('http://evil.example:5173/', { ...policy, devServerUrl: 'http://evil.example:5173' })).toBe(false);
  });

  it('never navigates to data: or blob: URLs', () => {
    expect(isAllowedNavigation('data:text/html,<script>1</script>', policy)).toBe(false);
    expect(isAllowedNavigation('https://example.org', policy)).toBe(false);
    expect(isAllowedNavigation('file:///opt/relapse-workbench/resources/app/out/renderer/index.html', policy)).toBe(true);
  });
});

describe('session and window hardening', () => {
  it('cancels and logs a remote request, denies permissions', () => {
    const logged: string[] = [];
    let requestListener: any;
    let permissionHandler: any;
    let checkHandler: any;
    hardenSession(
      {
        webRequest: { onBeforeRequest: (listener: unknown) => (requestListener = listener) } as any,
        setPermissionRequestHandler: (h: unknown) => (permissionHandler = h),
        setPermissionCheckHandler: (h: unknown) => (checkHandler = h),
      } as any,
      policy,
      (m) => logged.push(m),
    );
    const decisions: boolean[] = [];
    requestListener({ url: 'https://example.org/track' }, (r: { cancel: boolean }) => decisions.push(r.cancel));
    requestListener({ url: 'file:///opt/relapse-workbench/resources/app/out/renderer/index.html' }, (r: { cancel: boolean }) => decisions.push(r.cancel));
    expect(decisions).toEqual([true, false]);
    expect(logged).toEqual(['blocked request: https://example.org/track']);
    let granted: boolean | undefined;
    permissionHandler(null, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);
    expect(checkHandler()).toBe(false);
  });

  it('blocks navigation away from the app and every new window', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: any;
    hardenWebContents({ on: (name: string, l: any) => listeners.set(name, l), setWindowOpenHandler: (h: unknown) => (openHandler = h) } as any, policy, () => {});
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    listeners.get('will-navigate')!(event, 'https://example.org/');
    listeners.get('will-navigate')!(event, 'file:///opt/relapse-workbench/resources/app/out/renderer/index.html');
    listeners.get('will-redirect')!(event, 'http://example.org/');
    listeners.get('will-attach-webview')!(event);
    expect(prevented).toBe(3);
    expect(openHandler({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });
});

describe('renderer Content-Security-Policy', () => {
  const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');

  it('is the policy main enforces, as a meta tag', () => {
    const meta = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it("starts from default-src 'self' and names no remote origin", () => {
    expect(CONTENT_SECURITY_POLICY.startsWith("default-src 'self'")).toBe(true);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe('preload channel list', () => {
  it('is exactly the channels of the contract', async () => {
    const { IPC_CHANNEL_NAMES } = await import('../../../shared/ipc/channels');
    const { IPC_CHANNELS } = await import('../../../shared/ipc/contract');
    expect([...IPC_CHANNEL_NAMES].sort()).toEqual([...IPC_CHANNELS].sort());
  });
});
