/**
 * Where a CLI command gets its data: `--csv FILE` (imported through the same path as the app, into a
 * temporary in-memory project) or `--project P.sqlite --dataset NAME`.
 */
import type { DataFrame } from '../shared/data/frame';
import { loadCsv } from '../node/import';
import { openProject, type Project } from '../node/store';
import { UsageError, type FlagConfig, type ParsedCommandLine } from './args';
import { basename } from 'node:path';
import { checkInputFile } from './paths';

export const dataSourceFlags: FlagConfig = {
  csv: { type: 'string' },
  project: { type: 'string' },
  dataset: { type: 'string' },
  na: { type: 'string' },
};

export interface LoadedData {
  frame: DataFrame;
  loadMs: number;
  /** Provenance for reports: file name, size, SHA-256, rows and rejections. */
  source: { kind: 'csv' | 'project'; path: string; dataset?: string; report?: unknown };
}

/**
 * Opens a project the command only reads. One that can only be read here (a read-only file system, a
 * file or folder the user may not write to) says so once, on stderr; the command goes on.
 */
export function openProjectToRead(path: string): Project {
  checkInputFile(path, 'project');
  const project = openProject(path, { create: false });
  if (project.readOnly) process.stderr.write(`note: ${basename(path)}: opened read-only (${project.readOnlyReason}); nothing is written to it\n`);
  return project;
}

export function naCodesFrom(values: ParsedCommandLine['values']): string[] | undefined {
  const raw = values.na;
  return typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : undefined;
}

/**
 * `columnsFor`, given the dataset's column names, names the columns the command reads (null: all of
 * them); a project dataset is then read column by column and only those are held in memory, and with
 * `csvColumns` (the reports) a CSV builds only those columns.
 */
export async function loadData(values: ParsedCommandLine['values'], columnsFor?: (available: string[]) => string[] | null, options: { csvColumns?: boolean } = {}): Promise<LoadedData> {
  const started = performance.now();
  if (typeof values.csv === 'string') {
    const { frame, report } = await loadCsv(values.csv, { naCodes: naCodesFrom(values), ...(columnsFor && options.csvColumns ? { keepColumns: columnsFor } : {}) });
    return { frame, loadMs: performance.now() - started, source: { kind: 'csv', path: values.csv, report } };
  }
  if (typeof values.project === 'string') {
    if (typeof values.dataset !== 'string') throw new UsageError('--project needs --dataset NAME (list them with: datasets --project P.sqlite)');
    const project = openProjectToRead(values.project);
    try {
      const columns = columnsFor?.(project.datasetColumns(values.dataset).map((c) => c.name)) ?? undefined;
      const frame = project.readDataset(values.dataset, { columns });
      const report = project.listDatasets().find((d) => d.name === values.dataset);
      return { frame, loadMs: performance.now() - started, source: { kind: 'project', path: values.project, dataset: values.dataset, report } };
    } finally {
      project.close();
    }
  }
  throw new UsageError('give the data with --csv FILE, or --project P.sqlite --dataset NAME');
}
