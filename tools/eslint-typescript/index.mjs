// typescript-eslint for eslint.config.mjs, parsing with TypeScript 6.
//
// typescript-eslint 8 needs typescript <6.1 and its compiler API; the project compiles with TypeScript 7, whose
// package has no such API. npm installs typescript-eslint and TypeScript 6 side by side in this folder, but it hoists
// one of their dependencies, ts-api-utils, to the root node_modules (its peer range, typescript >=4.8.4, is met by
// TypeScript 7 there), where `require('typescript')` would find TypeScript 7. The hook below points that one
// require at TypeScript 6; nothing else is redirected.
import { registerHooks } from 'node:module';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const here = createRequire(import.meta.url);
const typescript6 = pathToFileURL(here.resolve('typescript')).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/ts-api-utils/')) {
      return { url: typescript6, shortCircuit: true, format: 'commonjs' };
    }
    return nextResolve(specifier, context);
  },
});

export default (await import('typescript-eslint')).default;
