// ESLint (flat config): typescript-eslint's recommended rules (syntax only, no type information, so the whole tree
// lints in seconds), the rules of hooks, and the folder boundaries of docs/architecture.md's table, enforced by
// eslint-plugin-boundaries. `npm run lint` runs it; .ci/run calls it after the typecheck.
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
// typescript-eslint from tools/eslint-typescript, where it finds the TypeScript 6 compiler API it parses with.
import tseslint from '@relapse-workbench/eslint-typescript';

const root = import.meta.dirname;

// One element per row of docs/architecture.md's table. The first pattern that matches a file names its element, so
// a subfolder comes before its parent (electron/main/ipc before electron/main).
const elements = [
  ['shared-data', 'shared/data'],
  ['shared-stats', 'shared/stats'],
  ['shared-factors', 'shared/factors'],
  ['shared-mapping', 'shared/mapping'],
  ['shared-analyses', 'shared/analyses'],
  ['shared-report', 'shared/report'],
  ['shared-demo', 'shared/demo'],
  ['shared-ipc', 'shared/ipc'],
  ['shared-errors', 'shared'], // the files at the root of shared/: errors.ts
  ['node-files', 'node/files'],
  ['node-jobs', 'node/jobs'],
  ['node-store', 'node/store'],
  ['node-import', 'node/import'],
  ['node-report', 'node/report'],
  ['presentation', 'presentation'],
  ['main-ipc', 'electron/main/ipc'],
  ['main', 'electron/main'],
  ['preload', 'electron/preload'],
  ['renderer', 'renderer'],
  ['cli', 'cli'],
  ['scripts', 'scripts'],
  ['bin', 'bin'],
  ['bench', 'bench'],
  ['test', 'test'],
].map(([type, pattern]) => ({ type, pattern, partialMatch: false }));

const SHARED = 'shared-*';
const local = (...types) => ({ element: { type: types.flat() } });
const allowFrom = (from, ...to) => ({ from: { element: { type: from } }, allow: { to } });
const disallowFrom = (from, ...to) => ({ from: { element: { type: from } }, disallow: { to } });
const external = (source = '**') => ({ module: { origin: 'external', source } });
const NODE_BUILTINS = { module: { origin: 'core' } };
const ELECTRON = { module: { origin: 'external', source: 'electron' } };

// Who may import whom: the table's "may import" column. A folder may always import itself.
// Policies are read in order and the last one that matches a dependency decides.
const policies = [
  // Packages from npm, except where a row below narrows them.
  allowFrom('*', external()),
  // Node's built-in modules: everywhere except shared/ and renderer/ (disallowed below).
  allowFrom('*', NODE_BUILTINS),
  // Each element imports its own files.
  ...elements.map(({ type }) => allowFrom(type, local(type))),

  // shared/: pure: no Node built-ins, no Electron.
  allowFrom('shared-mapping', local('shared-errors', 'shared-data', 'shared-stats', 'shared-factors')),
  allowFrom('shared-analyses', local(SHARED)),
  allowFrom('shared-report', local(SHARED)),
  // package.json: the software's name and version for the report (shared/report/version.ts).
  { from: { element: { type: 'shared-report' } }, allow: { dependency: { source: '../../package.json' } } },
  allowFrom('shared-demo', local('shared-factors', 'shared-data')),
  allowFrom('shared-ipc', local(SHARED)),
  // shared/data, shared/factors and shared/errors.ts import nothing, not even a package; shared/stats only @stdlib.
  disallowFrom(['shared-data', 'shared-factors', 'shared-errors'], external()),
  disallowFrom('shared-stats', external('!@stdlib/**')),
  disallowFrom(SHARED, NODE_BUILTINS),
  disallowFrom(SHARED, ELECTRON),

  // node/: the Node side (import, store, jobs, report building), used by electron/main and the CLI; no Electron.
  allowFrom('node-files', local(SHARED)),
  allowFrom('node-store', local(SHARED)),
  allowFrom('node-import', local(SHARED, 'node-store')),
  allowFrom('node-report', local(SHARED, 'node-store', 'presentation')),
  allowFrom('node-jobs', local(SHARED, 'node-store', 'node-import', 'node-report')),
  disallowFrom('node-*', ELECTRON),

  // presentation/: the charts and the report document, used by the renderer and by report building. Like the
  // renderer it runs in a browser or a DOM emulation: no Node built-ins, no Electron, and never the renderer's views.
  allowFrom('presentation', local(SHARED)),
  disallowFrom('presentation', NODE_BUILTINS),
  disallowFrom('presentation', ELECTRON),

  // electron/: only what needs Electron. The lifecycle (index.ts) wires the Node side together; never renderer/.
  allowFrom('main', local(SHARED, 'main-ipc', 'node-*')),
  // The analysis worker's built path, electron-vite's `?modulePath` import (no resolver follows the query).
  { from: { element: { type: 'main' } }, allow: { dependency: { source: '../../node/jobs/worker?modulePath' } } },
  allowFrom('main-ipc', local(SHARED, 'node-store', 'node-import', 'node-jobs', 'node-files')),
  // The preload runs the channel names only; the rest of the IPC contract reaches it as types.
  allowFrom('preload', { element: { type: 'shared-ipc', fileInternalPath: 'channels.ts' } }),
  { from: { element: { type: 'preload' } }, allow: { to: local('shared-ipc'), dependency: { kind: 'type' } } },

  // renderer/: shared/ only, in the browser: no Node built-ins, no Electron.
  allowFrom('renderer', local(SHARED, 'renderer', 'presentation')),
  // The renderer reads the declarations, never the computation: no engine (shared/stats) and no analysis run
  // (shared/analyses/<id>.run.ts, run.ts), so its bundle carries none (test/renderer/bundle.test.ts reads the build).
  disallowFrom('renderer', local('shared-stats')),
  disallowFrom('renderer', { element: { type: 'shared-analyses', fileInternalPath: ['*.run.ts', 'run.ts'] } }),
  disallowFrom('renderer', NODE_BUILTINS),
  disallowFrom('renderer', ELECTRON),

  // cli/: the same modules as the app, without Electron; presentation/ for the text of a declared presentation
  // (presentation/declared.ts, written as the app writes numbers).
  allowFrom('cli', local(SHARED, 'node-store', 'node-import', 'node-report', 'node-files', 'presentation')),
  disallowFrom('cli', ELECTRON),

  // Tools, benchmarks and tests may import anything.
  allowFrom(['scripts', 'bin', 'bench', 'test'], { module: { origin: 'local' } }),
];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', '**/node_modules/**', 'demo-output/**', '.tools/**', 'coverage/**', 'bench/data/**', 'test/e2e/screenshots/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts,mjs,js}'],
    plugins: { boundaries, 'react-hooks': reactHooks },
    settings: {
      'boundaries/root-path': root,
      'boundaries/elements': elements,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true, policies }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // The codebase names a deliberately unused binding with a leading underscore (`_name`, `[_f, _v]`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Hot loops count with `code < 0 ? missing++ : counts[code]++`; a bare ternary or `&&` as a statement is the style.
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
    },
  },
  {
    // The registry loads every module of shared/analyses that is not a run (registry.ts's import.meta.glob), in
    // the renderer too: those modules may name the engine's types, never its code, or the renderer's bundle would
    // carry it (test/renderer/bundle.test.ts). Run-side code goes in a `*.run.ts` (intervals.run.ts).
    files: ['shared/analyses/*.ts'],
    ignores: ['shared/analyses/*.run.ts', 'shared/analyses/run.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../stats/*'], allowTypeImports: true, message: 'the registry loads this module into the renderer: import the engine in a *.run.ts, or its types with `import type`' }] },
      ],
    },
  },
  {
    // Tests read CLI JSON documents and build stand-ins for Electron objects, where `any` is the honest type.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
