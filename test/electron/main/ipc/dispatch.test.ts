import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../../electron/main/ipc/dispatch';
import { UserFacingError } from '../../../../shared/errors';
import { IPC_CHANNELS } from '../../../../shared/ipc/contract';

function handlersWith(overrides: Partial<Record<string, (args: any) => unknown>>): Handlers {
  const all: Record<string, (args: any) => unknown> = {};
  for (const channel of IPC_CHANNELS) all[channel] = () => `called ${channel}`;
  return { ...all, ...overrides } as unknown as Handlers;
}

describe('IPC dispatch', () => {
  it('passes validated arguments, with defaults filled in, to the handler', async () => {
    let seen: unknown;
    const reply = await dispatch(handlersWith({ 'project:open': (args) => ((seen = args), 'opened') }), 'project:open', { path: '/tmp/p.sqlite' });
    expect(reply).toEqual({ ok: true, value: 'opened' });
    expect(seen).toEqual({ path: '/tmp/p.sqlite', create: false });
  });

  it('refuses an unknown channel without calling anything', async () => {
    const reply = await dispatch(handlersWith({}), 'shell:exec', { command: 'rm -rf /' });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/unknown IPC channel "shell:exec"/);
  });

  it('answers a bad argument with one line naming the field', async () => {
    let called = false;
    const reply = await dispatch(handlersWith({ 'project:open': () => (called = true) }), 'project:open', { path: 42 });
    expect(called).toBe(false);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error).toMatch(/^project:open: invalid arguments \(path: /);
      expect(reply.error).not.toContain('\n');
    }
  });

  it('refuses an oversized argument', async () => {
    const reply = await dispatch(handlersWith({}), 'dataset:preview', { path: 'x'.repeat(5000) });
    expect(reply.ok).toBe(false);
  });

  it('turns a user-facing error into its message and an unexpected one into a line, never a crash or a stack', async () => {
    const logged: string[] = [];
    const handlers = handlersWith({
      'dataset:list': () => {
        throw new UserFacingError('no project is open: open or create a project first');
      },
      'mapping:list': () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at handler (file.ts:1:1)");
      },
    });
    expect(await dispatch(handlers, 'dataset:list', {})).toEqual({ ok: false, error: 'no project is open: open or create a project first' });
    const reply = await dispatch(handlers, 'mapping:list', {}, (m) => logged.push(m));
    expect(reply).toEqual({ ok: false, error: "mapping:list failed: Cannot read properties of undefined (reading 'x')" });
    expect(logged[0]).toContain('mapping:list failed');
  });
});
