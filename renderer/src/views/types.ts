/**
 * The shapes the workspace reads from main's replies. They are structural copies of the result models
 * (shared/analyses/*.ts result schemas, node/import preview and report, the store's records):
 * the renderer imports only from shared/, so these are written out here and kept to the fields used.
 */
import type { FactorId } from '../../../shared/factors/ids';
import type { CorrelationResult } from '../../../shared/analyses/correlation';
import type { CoxResult } from '../../../shared/analyses/cox';
import type { CumincResult } from '../../../shared/analyses/cuminc';
import type { KmResult } from '../../../shared/analyses/km';
import type { LogrankResult } from '../../../shared/analyses/logrank';

export interface DatasetInfo {
  name: string;
  rows: number;
  importedAt?: string;
}

export interface ProjectInfo {
  path: string | null;
  /** Opened read-only (main could not write the file or its folder): imports and saves are refused. */
  readOnly?: boolean;
  readOnlyReason?: string | null;
  datasets: DatasetInfo[];
  /** The saved mapping templates (names, or the store's records with a name); read with mappingNames(). */
  mappings: unknown[];
  /** Dataset name to the mapping saved for it (the demo's episodes): taken when that dataset is chosen. */
  mappingFor?: Record<string, string>;
}

export interface ColumnInfo {
  name: string;
  type: string;
  n?: number;
  missing?: number;
  mean?: number | null;
  sd?: number | null;
  min?: number | null;
  max?: number | null;
  distinct?: number;
  levels?: { value: string; count: number }[];
}

export interface DatasetSummaryInfo {
  rows: number;
  columns: ColumnInfo[];
}

export type PreviewCell = string | number | boolean | null;

export interface ImportPreviewInfo {
  file: string;
  fileName: string;
  fileSize: number;
  encoding: string;
  delimiter: string;
  decimalComma: boolean;
  hasHeader: boolean;
  sampleRecords: number;
  columns: {
    name: string;
    type: string;
    /** The type inferred from the sample (differs from `type` when the user chose another). */
    inferredType?: string;
    missing: number;
    dateFormat?: string;
    ambiguousDate: boolean;
    /** Sample values that do not fit `type`: missing after the import. */
    invalid?: number;
    invalidExamples?: { line: number; value: string }[];
  }[];
  rows: PreviewCell[][];
  lines: number[];
  flaggedIdentifiers: { column: string; kind: string; evidence: string; reason: string }[];
  ambiguousDateColumns: string[];
  warnings: string[];
}

export interface ImportReportInfo {
  name: string;
  fileName: string;
  rows: number;
  rejectedRows: number;
  columns?: { name: string; type: string; missing: number; invalid: number; invalidExamples?: { line: number; value: string }[] }[];
}

/** The public mapping template (shared/mapping/format.ts), as the renderer edits it. */
export interface MappingItemDraft {
  column: string;
  direction: 'risk' | 'protective';
  riskValues?: (string | number | boolean)[];
}

export interface MappingTemplate {
  format: 'relapse-workbench-mapping';
  version: 1;
  id?: string;
  outcome: {
    time?: string;
    /** Several rows per participant: the start (days) of each row's (start, stop] interval; `time` is its stop. */
    intervalStart?: string;
    start?: string;
    end?: string;
    censorEnd?: string;
    /** The unit of the time column (shared/mapping/units.ts); days when absent. */
    unit?: 'days' | 'weeks' | 'months' | 'years';
    event: string;
    eventValues: (string | number | boolean)[];
    competingValues?: (string | number | boolean)[];
  };
  groups: string[];
  factors: Partial<Record<FactorId, MappingItemDraft[]>>;
  /** Rows the user left out in the Mapping step (shared/mapping/format.ts excludeRows). */
  excludeRows?: { reason: 'end-before-start' | 'missing-time'; rows: number[] }[];
}

export interface ValidationIssueInfo {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  column: string | null;
  rows: number[];
  count: number;
  /** The rows can be left out (shared/mapping/validate.ts): all of them, and the values of the first. */
  exclusion?: { reason: 'end-before-start' | 'missing-time'; rows: number[]; values: { row: number; cells: { column: string; value: string }[] }[] };
}

export interface AnalysisOutcomeInfo<R> {
  analysis: string;
  options: Record<string, unknown>;
  result: R;
  analysisMs: number;
}

export interface Warning {
  code: string;
  message: string;
}

/*
 * Analysis results: the types inferred from each declaration's result schema (shared/analyses/<id>.ts), imported as
 * types only, so the views read exactly the fields the engine returns and the bundle carries no engine code.
 */
export type KmResultInfo = KmResult;
export type KmGroupResult = KmResult['groups'][number];
export type LogrankResultInfo = LogrankResult;
export type CoxResultInfo = CoxResult;
export type CoxCoefficient = CoxResult['coefficients'][number];
export type CumincResultInfo = CumincResult;
export type CorrelationResultInfo = CorrelationResult;
export type CorrelationPairInfo = CorrelationResult['pairs'][number];

export interface FactorsResultInfo {
  n: number;
  events: number;
  factors: { factor: string; label: string; hr: number | null; lower: number | null; upper: number | null; p: number | null }[];
  scores: { factor: string; n: number; missing: number }[];
  reliability: Record<string, { alpha: number | null }>;
  confLevel: number;
  warnings: Warning[];
}
