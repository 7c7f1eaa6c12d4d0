/**
 * Gathers what a report needs from where the data live: a dataset in a project (its stored import
 * report gives the file name, size, SHA-256 and import date) or a CSV loaded for the occasion (the
 * import report of that load).
 */
import type { DataFrame } from '../../../shared/data/frame';
import type { Provenance } from '../../../shared/report/build-model';
import type { Project } from '../store';

interface ImportReportLike {
  fileName?: string | null;
  fileSize?: number | null;
  sha256?: string | null;
  importedAt?: string | null;
  rows?: number;
  rejectedRows?: number;
  rejections?: { byReason?: { reason: string; count: number }[] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Provenance from an import report (CSV load or the report stored with a project dataset). */
export function provenanceFromImport(report: unknown, frame: DataFrame, extra: { source: 'csv' | 'project'; dataset?: string; projectFile?: string }): Provenance {
  const r: ImportReportLike = isRecord(report) ? (report as ImportReportLike) : {};
  return {
    source: extra.source,
    fileName: r.fileName ?? null,
    fileSize: typeof r.fileSize === 'number' ? r.fileSize : null,
    sha256: r.sha256 ? r.sha256 : null,
    importedAt: r.importedAt ?? null,
    rowsRead: typeof r.rows === 'number' ? r.rows : frame.nRows,
    rejectedRows: typeof r.rejectedRows === 'number' ? r.rejectedRows : 0,
    rejectionsByReason: r.rejections?.byReason ?? [],
    ...(extra.dataset ? { dataset: extra.dataset } : {}),
    ...(extra.projectFile ? { projectFile: extra.projectFile } : {}),
  };
}

/**
 * A project dataset and its provenance (the stored import report, completed by the dataset list); with
 * `columns`, only those columns are read (a report reads the columns its mapping names).
 */
export function gatherFromProject(project: Project, dataset: string, columns?: readonly string[]): { frame: DataFrame; provenance: Provenance } {
  const frame = project.readDataset(dataset, { columns });
  const summary = project.listDatasets().find((d) => d.name === dataset);
  let stored: unknown = {};
  try {
    stored = project.datasetReport(dataset);
  } catch {
    stored = {};
  }
  const merged = {
    ...(isRecord(stored) ? stored : {}),
    ...(summary ? { fileName: summary.fileName ?? (stored as ImportReportLike).fileName, fileSize: summary.fileSize ?? (stored as ImportReportLike).fileSize, sha256: summary.sha256 ?? (stored as ImportReportLike).sha256, importedAt: summary.importedAt } : {}),
  };
  const projectFile = project.path.split(/[\\/]/).pop();
  return { frame, provenance: provenanceFromImport(merged, frame, { source: 'project', dataset, projectFile }) };
}
