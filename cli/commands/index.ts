/**
 * The CLI's command list: each command's name and one-line summary for `--help`, and how to load it.
 * A command's module (with the engine, the zod schemas, better-sqlite3, React for the report…) is
 * imported only when that command runs, so `--help` and a usage error start in a few tens of
 * milliseconds. The summaries equal the modules' own (test/cli/commands-index.test.ts keeps them so).
 */
import type { CliCommand } from '../command';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'analyze',
    summary: 'run an analysis (`analyze --help` lists them) on --csv FILE or --project P --dataset NAME',
    load: async () => (await import('./analyze')).analyzeCommand,
  },
  { name: 'import', summary: 'import a CSV into a project file (created if missing)', load: async () => (await import('./import')).importCommand },
  { name: 'datasets', summary: 'list the datasets in a project file', load: async () => (await import('./datasets')).datasetsCommand },
  { name: 'demo-cohort', summary: 'write the synthetic demo cohort (known true effects) as CSV', load: async () => (await import('./demo-cohort')).demoCohortCommand },
  {
    name: 'mapping',
    summary: 'suggest a mapping of columns to the outcome and the nine relapse factors, or validate one',
    load: async () => (await import('./mapping')).mappingCommand,
  },
  {
    name: 'report',
    summary: 'write the self-contained HTML report (survival, groups, factors, correlations, methods, provenance)',
    load: async () => (await import('./report')).reportCommand,
  },
  {
    name: 'rerun',
    summary: 'rerun an analysis-only export on --csv FILE or --project P --dataset NAME (same numbers as the original)',
    load: async () => (await import('./rerun')).rerunCommand,
  },
  {
    name: 'export-analysis',
    summary: 'write an analysis-only export (mapping + settings, no data) for `rerun`',
    load: async () => (await import('./export-analysis')).exportAnalysisCommand,
  },
  {
    name: 'demo',
    summary: 'write the demo cohort, its mapping, an analysis export and the full report into a folder',
    load: async () => (await import('./demo')).demoCommand,
  },
  {
    name: 'timeline',
    summary: "build the (start, stop] table of time-dependent covariates from a participants file and a measures file (R's tmerge)",
    load: async () => (await import('./timeline')).timelineCommand,
  },
];
