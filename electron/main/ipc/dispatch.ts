/**
 * The one entry point for every IPC call, used by Electron's ipcMain.handle and by the e2e test
 * bridge alike: the channel is checked against the contract, the argument is validated with the
 * channel's zod schema, and any failure becomes a one-line error reply. Nothing here can crash main.
 */
import { ipcArgs, isIpcChannel, type IpcChannel, type IpcParsedArgs, type IpcReply } from '../../../shared/ipc/contract';
import { UserFacingError } from '../../../shared/errors';

export type Handlers = { [C in IpcChannel]: (args: IpcParsedArgs<C>) => Promise<unknown> | unknown };

export type ErrorLog = (message: string) => void;

function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

export async function dispatch(handlers: Handlers, channel: unknown, rawArgs: unknown, logError: ErrorLog = () => {}): Promise<IpcReply<unknown>> {
  if (!isIpcChannel(channel)) return { ok: false, error: `unknown IPC channel ${JSON.stringify(String(channel)).slice(0, 80)}` };
  const parsed = ipcArgs[channel].safeParse(rawArgs ?? {});
  if (!parsed.success) return { ok: false, error: `${channel}: invalid arguments (${describeIssues(parsed.error.issues)})` };
  try {
    const handler = handlers[channel] as (args: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: error.message };
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    logError(`${channel} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
    return { ok: false, error: `${channel} failed: ${message}` };
  }
}
