/** The module hook scripts/import-glob-register.mjs registers: expands eager import.meta.glob calls in the project's own modules. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandImportGlob } from './import-glob.mjs';

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!url.startsWith('file:') || url.includes('/node_modules/') || loaded.source == null) return loaded;
  const source = typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source).toString('utf8');
  const expanded = expandImportGlob(source, dirname(fileURLToPath(url)));
  return expanded === null ? loaded : { ...loaded, source: expanded };
}
