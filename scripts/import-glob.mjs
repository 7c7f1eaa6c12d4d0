/**
 * Vite's `import.meta.glob(patterns, { eager: true })` for the code that Vite does not build: the CLI
 * (bundled by esbuild, scripts/build-cli.mjs) and the TypeScript that tsx runs (the e2e bridge and its worker,
 * the engine bench; scripts/import-glob-register.mjs). The app (electron-vite) and the tests (vitest) use
 * Vite's own. It is how the registry finds every analysis by its file name (shared/analyses/registry.ts,
 * run.ts), so that adding an analysis is its declaration and its engine file, with no list to edit.
 *
 * Only the form the project uses is expanded, and anything else is refused with one line rather than
 * misread: eager imports, patterns relative to the importing file's own folder ('./*.run.ts'), `*` within a
 * file name, and exclusions ('!./run.ts'). The result is what Vite gives: an object from './<file>' (sorted)
 * to the module's namespace. Each module is imported statically, on the call's first line, so line numbers
 * in stack traces and source maps stay as they were.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const GLOB_CALL = /import\.meta\.glob(?:<[^()]*>)?\(\s*(\[[^\]]*\]|'[^']*'|"[^"]*")\s*,\s*\{\s*eager\s*:\s*true\s*,?\s*\}\s*\)/g;

/** './*.run.ts' as a regular expression on a file name of the same folder. */
function patternToRegExp(pattern) {
  if (!pattern.startsWith('./') || pattern.slice(2).includes('/')) {
    throw new Error(`import.meta.glob pattern ${JSON.stringify(pattern)}: only files of the importing file's own folder ('./*.ts') are supported outside Vite`);
  }
  const name = pattern.slice(2);
  if (/[?[\]{}]/.test(name)) throw new Error(`import.meta.glob pattern ${JSON.stringify(pattern)}: only '*' is supported outside Vite`);
  return new RegExp(`^${name.split('*').map((part) => part.replace(/[.+^$()|\\]/g, '\\$&')).join('[^/]*')}$`);
}

/** The files of `directory` that the patterns select, as './name', sorted as Vite sorts them. */
export function globFiles(patterns, directory) {
  const include = patterns.filter((p) => !p.startsWith('!')).map(patternToRegExp);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => patternToRegExp(p.slice(1)));
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .filter((name) => include.some((re) => re.test(name)) && !exclude.some((re) => re.test(name)))
    .sort()
    .map((name) => `./${name}`);
}

function parsePatterns(literal) {
  const text = literal.trim();
  const body = text.startsWith('[') ? text.slice(1, -1) : text;
  const patterns = [...body.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]);
  if (patterns.length === 0) throw new Error(`import.meta.glob(${literal}): no pattern`);
  return patterns;
}

/**
 * The source with every eager `import.meta.glob` call replaced by an object of statically imported modules,
 * or null when it has none. `directory` is the importing file's folder. Throws (one line) on a form it does
 * not expand, so that a call is never left to fail at run time.
 */
export function expandImportGlob(source, directory) {
  if (!source.includes('import.meta.glob')) return null;
  const imports = [];
  let call = 0;
  const expanded = source.replace(GLOB_CALL, (_, literal) => {
    const files = globFiles(parsePatterns(literal), directory);
    const entries = files.map((file, index) => {
      const name = `__importGlob${call}_${index}`;
      imports.push(`import * as ${name} from ${JSON.stringify(file)};`);
      return `${JSON.stringify(file)}: ${name}`;
    });
    call += 1;
    return `({ ${entries.join(', ')} })`;
  });
  if (expanded.includes('import.meta.glob(') || expanded.includes('import.meta.glob<')) {
    throw new Error(`an import.meta.glob call in ${directory} is not of the form import.meta.glob('./…', { eager: true }), the only one expanded outside Vite`);
  }
  return imports.join('') + expanded;
}

/** The same expansion as an esbuild plugin; `directories` collects the folders read, which the build's staleness check watches. */
export function importGlobPlugin(directories = new Set()) {
  return {
    name: 'import-glob',
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const source = await readFile(args.path, 'utf8');
        const directory = dirname(args.path);
        const expanded = expandImportGlob(source, directory);
        if (expanded === null) return undefined;
        directories.add(directory);
        return { contents: expanded, loader: args.path.endsWith('x') ? 'tsx' : 'ts', resolveDir: directory };
      });
    },
  };
}
