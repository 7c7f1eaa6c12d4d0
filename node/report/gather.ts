/**
 * Gathers what a report needs from where the data live: a dataset in a project (its stored import
 * report gives the file name, size, SHA-256 and import date) or a CSV loaded for the occasion (the
 * import report of that load).
 */
import { collectNames } from '../../shared/analyses/columns-used';
import type { CodedColumn, Column, ColumnType, DataFrame, NumericColumn } from '../../shared/data/frame';
import { describeRepeatedIds, findRepeatedCodes, SEVERAL_ROWS_ADVICE } from '../../shared/data/repeated-values';
import { UserFacingError } from '../../shared/errors';
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
 * `columns`, only those columns are read (a report reads the columns its mapping names). With `lazy`,
 * each column is read from the project when first used (the project must stay open until then): a
 * report's mapping then holds only the columns it is working on, one factor's items at a time, instead of
 * every mapped column at once (at 5,000,000 participants, 21 columns of 40 MB).
 */
export function gatherFromProject(project: Project, dataset: string, columns?: readonly string[], options: { lazy?: boolean } = {}): { frame: DataFrame; provenance: Provenance } {
  const frame = options.lazy ? lazyDataset(project, dataset, columns) : project.readDataset(dataset, { columns });
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

/** The dataset's columns (in stored order), each read from the project on first use and kept from then on. */
function lazyDataset(project: Project, dataset: string, columns?: readonly string[]): DataFrame {
  const wanted = columns ? new Set(columns) : null;
  const stored = project.datasetColumns(dataset).filter((c) => wanted === null || wanted.has(c.name));
  const nRows = project.listDatasets().find((d) => d.name === dataset)?.rows ?? 0;
  return { nRows, columns: stored.map((c) => lazyColumn(project, dataset, c.name, c.type)) };
}

function lazyColumn(project: Project, dataset: string, name: string, type: ColumnType): Column {
  let read: Column | null = null;
  const column = (): Column => (read ??= project.readDataset(dataset, { columns: [name] }).columns[0]);
  if (type === 'categorical' || type === 'text') {
    return {
      name,
      type,
      get codes() {
        return (column() as CodedColumn).codes;
      },
      get levels() {
        return (column() as CodedColumn).levels;
      },
    };
  }
  return {
    name,
    type,
    get values() {
      return (column() as NumericColumn).values;
    },
  };
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
 * analysed columns are read; a text id column as its codes only (at 5,000,000 participants its level
 * strings were 430 MB of heap, and the heap V8 kept afterwards stayed in the report's peak).
 */
export function refuseRepeatedIdsInProject(project: Project, dataset: string, mapping: unknown): void {
  if (severalRows(mapping)) return;
  const id = isRecord(mapping) && typeof mapping.id === 'string' ? mapping.id : isRecord(mapping) && isRecord(mapping.mapping) && typeof mapping.mapping.id === 'string' ? mapping.mapping.id : null;
  if (id === null || !project.datasetColumns(dataset).some((c) => c.name === id)) return;
  // A text id column is checked on its codes (each level is a distinct id): its level strings, one per
  // participant, are not built; only a repeated one is read, for the message.
  const coded = project.readColumnCodes(dataset, id);
  if (coded !== null) {
    let largest = -1;
    for (let i = 0; i < coded.codes.length; i++) if (coded.codes[i] > largest) largest = coded.codes[i];
    const repeated = findRepeatedCodes(coded.codes, largest + 1);
    if (repeated === null) return;
    const where = describeRepeatedIds({ ...repeated, value: coded.level(coded.codes[repeated.rows[0]]) });
    // applyMapping's refusal (refuseRepeatedMappedIds), word for word
    throw new UserFacingError(`mapping: id column "${id}": ${where}, but the mapped analyses take one row per participant; ${SEVERAL_ROWS_ADVICE}`);
  }
  const frame = project.readDataset(dataset, { columns: [id] });
  refuseRepeatedMappedIds(frame, { id } as Mapping);
}
