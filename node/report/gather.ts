/**
 * Gathers what a report needs from where the data live: a dataset in a project (its stored import
 * report gives the file name, size, SHA-256 and import date) or a CSV loaded for the occasion (the
 * import report of that load).
 */
import { collectNames } from '../../shared/analyses/columns-used';
import type { DataFrame } from '../../shared/data/frame';
import { refuseRepeatedMappedIds } from '../../shared/mapping/apply';
import type { Mapping } from '../../shared/mapping/format';
import type { Provenance } from '../../shared/report/build-model';
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

/** A mapping (or an export holding one) of several rows per participant: its id repeats by design. */
function severalRows(mapping: unknown): boolean {
  const inner = isRecord(mapping) && isRecord(mapping.mapping) ? mapping.mapping : mapping;
  return isRecord(inner) && isRecord(inner.outcome) && inner.outcome.intervalStart !== undefined;
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

/**
 * The columns a report reads: those its mapping (or the mapping and planned analyses of an export) names.
 * With `withoutId`, the participant identifier is left out (no report analysis uses it, and at 5,000,000
 * participants it is 5,000,000 distinct strings): the caller then checks it on its own with
 * `refuseRepeatedIdsInProject` before reading the rest. Null when there is no mapping: every column is read.
 */
export function reportColumns(mapping: unknown, available: readonly string[], options: { withoutId?: boolean } = {}): string[] | null {
  if (mapping === undefined) return null;
  const used = new Set<string>();
  // Several rows per participant: the recurrent analysis reads the id (its clusters), so it stays.
  const named = options.withoutId && isRecord(mapping) && 'id' in mapping && !severalRows(mapping) ? { ...mapping, id: undefined } : mapping;
  collectNames(named, new Set(available), used);
  return available.filter((name) => used.has(name));
}

/**
 * A report takes one row per participant: a mapping whose id column repeats a participant is refused in
 * one line (as applyMapping does), reading the id column alone so that it is freed before the
 * analysed columns are read.
 */
export function refuseRepeatedIdsInProject(project: Project, dataset: string, mapping: unknown): void {
  if (severalRows(mapping)) return;
  const id = isRecord(mapping) && typeof mapping.id === 'string' ? mapping.id : isRecord(mapping) && isRecord(mapping.mapping) && typeof mapping.mapping.id === 'string' ? mapping.mapping.id : null;
  if (id === null || !project.datasetColumns(dataset).some((c) => c.name === id)) return;
  const frame = project.readDataset(dataset, { columns: [id] });
  refuseRepeatedMappedIds(frame, { id } as Mapping);
}
