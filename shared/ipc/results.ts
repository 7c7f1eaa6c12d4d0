/**
 * Result types of the IPC channels (what each handler in electron/main/ipc/handlers.ts returns).
 * Kept apart from contract.ts so that the renderer can import the types without the schemas.
 */
import type { ColumnSummary } from '../data/column-summary';
import type { TimelineProblems } from '../data/timeline-frames';
import type { Mapping, MappingTemplate } from '../mapping/format';
import type { HistogramBin } from '../stats/histogram';

export interface ProjectDescription {
  path: string | null;
  /** Opened read-only (the file or its folder cannot be written): imports and saves are refused. */
  readOnly: boolean;
  /** Why it is read-only (e.g. "the file system is read-only"); null when writable. */
  readOnlyReason: string | null;
  datasets: DatasetListing[];
  mappings: string[];
  /** Dataset name to the name of the mapping saved for it (the demo's episodes); the app takes it when the dataset is chosen. */
  mappingFor: Record<string, string>;
}

export interface DatasetListing {
  name: string;
  rows: number;
  importedAt: string;
  sha256: string;
}

export interface AnalysisRunResult<Result = unknown> {
  analysis: string;
  options: unknown;
  result: Result;
  analysisMs: number;
}

/** What the timeline builder stored: the new dataset, its size and every row left out or time ignored. */
export interface TimelineBuildResult {
  /** The new dataset's name. */
  dataset: string;
  /** (start, stop] rows stored. */
  rows: number;
  participants: number;
  columns: string[];
  problems: TimelineProblems;
  /** The project after the change (the new dataset listed). */
  project: ProjectDescription;
}

export interface IpcResults {
  /** firstRun: no project was ever opened here, so the start screen opens the demo cohort. */
  'app:info': { version: string; analyses: { id: string; title: string; summary: string }[]; offline: boolean; firstRun: boolean };
  'project:current': ProjectDescription;
  'project:open': ProjectDescription;
  'project:openDemo': ProjectDescription;
  'project:recent': string[];
  'dialog:openCsv': string | null;
  'dialog:openProject': string | null;
  'dialog:openMapping': { path: string; text: string } | null;
  'file:save': string | null;
  'dataset:list': DatasetListing[];
  /** The project after the change. */
  'dataset:rename': ProjectDescription;
  'dataset:delete': ProjectDescription;
  'dataset:timeline': TimelineBuildResult;
  'dataset:summary': { rows: number; columns: ColumnSummary[] };
  /** Numeric values (null where missing); every k-th row when the data have more than maxRows rows. */
  'dataset:values': { rows: number; sampled: boolean; columns: { name: string; values: (number | null)[] }[] };
  /** Each column binned over all rows as R's hist() by default (shared/stats/histogram.ts); n binned, missing not. */
  'dataset:histograms': { rows: number; columns: { name: string; n: number; missing: number; bins: HistogramBin[] }[] };
  'job:cancel': boolean;
  'mapping:save': string[];
  /** The rows the mapping leaves out, as recorded in the audit log (none: nothing recorded). */
  'mapping:use': { excludedRows: number };
  'mapping:list': string[];
  /** The saved template (public format), or null when there is none by that name. */
  'mapping:get': MappingTemplate | null;
  'mapping:parse': Mapping;
  'analysis:run': AnalysisRunResult;
  'report:html': { html: string; sections: string[] };
  /** Path the PDF was saved to, or null when the user cancelled the save dialog. */
  'report:pdf': string | null;
}
