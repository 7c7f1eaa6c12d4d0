/**
 * Every analysis the app offers, by id: the declarations only (no computation, no engine), so the renderer
 * can read them. An analysis is found by its file: `shared/analyses/<id>.ts` exporting its declaration
 * (defineAnalysis), with its run beside it in `<id>.run.ts` (found by run.ts the same way) and its engine file
 * in shared/stats. No list is kept by hand: adding an analysis is its declaration, its run and its engine
 * file, and the UI form, the CLI flags, the worker job and the report section all come from the declaration.
 *
 * The files are gathered by Vite's `import.meta.glob` (the app and the tests), and by
 * scripts/import-glob.mjs where Vite does not build (the CLI, code run by tsx). The other modules of this
 * folder (the options schema, the outcome columns, …) are read too and export no declaration; the runs,
 * the runner, the presentations and this file are left out, so the renderer never loads a run.
 */
import type { AnalysisDeclaration } from './declaration';

const MODULES = import.meta.glob<Record<string, unknown>>(['./*.ts', '!./*.run.ts', '!./*.presentation.ts', '!./run.ts', '!./registry.ts'], { eager: true });

/** A declaration made by defineAnalysis: an id, its option list and both schemas. */
function isDeclaration(value: unknown): value is AnalysisDeclaration {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<AnalysisDeclaration>;
  return typeof candidate.id === 'string' && Array.isArray(candidate.options) && typeof candidate.optionsSchema === 'object' && typeof candidate.resultSchema === 'object';
}

/** './km.ts' → 'km'. */
export function idOfFile(file: string): string {
  return file.replace(/^\.\//, '').replace(/\.[^.]+$/, '');
}

/**
 * The declarations of the given modules (a file → module map, as import.meta.glob gives), sorted by id. A
 * declaration must be the only one of its file and carry the file's name as its id, so the file says which
 * analysis it holds and run.ts can pair it with `<id>.run.ts`; anything else is a developer's error, thrown.
 */
export function declarationsOf(modules: Record<string, Record<string, unknown>>): AnalysisDeclaration[] {
  const found: AnalysisDeclaration[] = [];
  for (const [file, namespace] of Object.entries(modules)) {
    const declarations = Object.values(namespace).filter(isDeclaration);
    if (declarations.length === 0) continue;
    if (declarations.length > 1) throw new Error(`${file} exports ${declarations.length} analysis declarations; one file holds one analysis`);
    const [declaration] = declarations;
    if (declaration.id !== idOfFile(file)) throw new Error(`${file} declares the analysis "${declaration.id}"; its file must be named ${declaration.id}.ts`);
    found.push(declaration);
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const ANALYSES: readonly AnalysisDeclaration[] = declarationsOf(MODULES);

export function findAnalysis(id: string): AnalysisDeclaration | undefined {
  return ANALYSES.find((a) => a.id === id);
}
