/**
 * The Node flags that run the project's TypeScript outside Vite (a worker thread started on node/jobs/worker.ts
 * by a test or by the e2e bridge): tsx compiles it, and scripts/import-glob-register.mjs expands the registry's
 * import.meta.glob as the app's Vite build does.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const TYPESCRIPT_EXEC_ARGV: readonly string[] = ['--import', 'tsx', '--import', pathToFileURL(resolve(import.meta.dirname, '../../scripts/import-glob-register.mjs')).href];
