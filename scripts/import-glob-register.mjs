/**
 * `node --import tsx --import ./scripts/import-glob-register.mjs file.ts`: TypeScript run by tsx (the e2e bridge
 * and its worker, the engine bench) with Vite's eager `import.meta.glob` expanded (scripts/import-glob.mjs), as
 * the app's and the tests' Vite builds expand it. Registered after tsx, this hook's load runs first: it asks
 * tsx for the compiled module and expands the calls in it.
 */
import { register } from 'node:module';

register('./import-glob-loader.mjs', import.meta.url);
