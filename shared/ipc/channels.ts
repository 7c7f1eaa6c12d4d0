/**
 * The IPC channel and message names without their schemas: what the preload needs. The preload
 * bundles no validation library; main validates every argument against contract.ts. A test keeps this
 * list equal to the contract's channels.
 */
export const IPC_INVOKE = 'relapse:invoke';
export const IPC_EVENT = 'relapse:event';

export const IPC_CHANNEL_NAMES = [
  'app:info', 'project:current', 'project:open', 'project:openDemo', 'project:recent',
  'dialog:openCsv', 'dialog:openProject', 'dialog:openMapping', 'file:save',
  'dataset:preview', 'dataset:import', 'dataset:list', 'dataset:rename', 'dataset:delete', 'dataset:timeline', 'dataset:summary', 'dataset:values', 'dataset:histograms',
  'job:cancel',
  'mapping:suggest', 'mapping:validate', 'mapping:save', 'mapping:use', 'mapping:list', 'mapping:get', 'mapping:parse',
  'analysis:run', 'analysis:runs', 'report:html', 'report:pdf', 'audit:list',
] as const;

const known: ReadonlySet<string> = new Set(IPC_CHANNEL_NAMES);

export function isKnownChannel(value: unknown): value is (typeof IPC_CHANNEL_NAMES)[number] {
  return typeof value === 'string' && known.has(value);
}
