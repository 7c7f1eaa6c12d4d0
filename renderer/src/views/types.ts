/**
 * The shapes the workspace reads from main's replies. They are structural copies of the result models
 * (shared/analyses/*.ts result schemas, node/import preview and report, the store's records):
 * the renderer imports only from shared/, so these are written out here and kept to the fields used.
 */
import type { FactorId } from '../../../shared/factors/ids';

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
    event: string;
    eventValues: (string | number | boolean)[];
    competingValues?: (string | number | boolean)[];
  };
  groups: string[];
  factors: Partial<Record<FactorId, MappingItemDraft[]>>;
}

export interface ValidationIssueInfo {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  column: string | null;
  rows: number[];
  count: number;
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

export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface KmGroupResult {
  group: string;
  n: number;
  events: number;
  table: { time: number; nRisk: number; nEvent: number; nCensor: number; survival: number; stdErr: number | null; lower: number | null; upper: number | null }[];
  median: Interval;
  quantiles: (Interval & { p: number })[];
  atTimes: { time: number; nRisk: number; survival: number; stdErr: number | null; lower: number | null; upper: number | null }[];
  rmst: { tau: number; estimate: number; stdErr: number };
  followUp?: Interval;
}

export interface KmResultInfo {
  groups: KmGroupResult[];
  confType: string;
  confLevel: number;
  excluded: number;
  warnings: Warning[];
}

export interface LogrankResultInfo {
  chisq: number | null;
  df: number;
  p: number | null;
  groups: { group: string; n: number; observed: number; expected: number }[];
  rho?: number;
  warnings?: Warning[];
  pairwise?: { a?: string; b?: string; group1?: string; group2?: string; chisq?: number | null; p: number | null; pAdjusted?: number | null }[];
  /** The p.adjust method applied over the pairs. */
  pAdjustMethod?: string;
}

export interface CoxCoefficient {
  term: string;
  coef: number | null;
  se: number | null;
  z: number | null;
  p: number | null;
  hr: number | null;
  hrLower: number | null;
  hrUpper: number | null;
}

export interface TestInfo {
  statistic: number | null;
  df: number;
  p: number | null;
}

export interface CoxResultInfo {
  n: number;
  events: number;
  coefficients: CoxCoefficient[];
  tests: { likelihoodRatio: TestInfo; wald: TestInfo; score: TestInfo };
  concordance: { estimate: number | null; stdErr: number | null };
  ph: { terms: { term: string; chisq: number | null; df: number; p: number | null }[]; global: { chisq: number | null; df: number; p: number | null } };
  forestPlot?: { term: string; label: string; reference: boolean; hr: number | null; lower: number | null; upper: number | null; p: number | null }[];
  confLevel: number;
  ties: string;
  converged?: boolean;
  iterations?: number;
  excluded?: number;
  warnings: Warning[];
  /** Scaled Schoenfeld residuals per term, when the analysis returns them. */
  residuals?: unknown;
}

export interface CumincResultInfo {
  curves: { group: string; cause: string; n: number; events: number; atTimes: { time: number; estimate: number | null; variance: number | null; lower: number | null; upper: number | null }[]; steps: { time: number[]; estimate: number[]; variance: number[] } }[];
  grayTest: { cause: string; statistic: number | null; df: number; p: number | null }[];
  groups?: string[];
  causes?: string[];
  times?: number[];
  excluded?: number;
  confLevel: number;
  warnings: Warning[];
}

export interface CorrelationPairInfo {
  x: string;
  y: string;
  n: number;
  estimate: number | null;
  statistic: number | null;
  p: number | null;
  pAdjusted: number | null;
  lower: number | null;
  upper: number | null;
  /** Spearman and Kendall: how the p-value was found; null for Pearson. */
  pValueMethod?: 'exact' | 'edgeworth' | 'asymptotic' | null;
}

export interface CorrelationResultInfo {
  pairs: CorrelationPairInfo[];
  method?: string;
  /** R's p.adjust method the pairs' adjusted p-values were computed with. */
  pAdjustMethod?: string;
  missing?: string;
  warnings?: Warning[];
}

export interface FactorsResultInfo {
  n: number;
  events: number;
  factors: { factor: string; label: string; hr: number | null; lower: number | null; upper: number | null; p: number | null }[];
  scores: { factor: string; n: number; missing: number }[];
  reliability: Record<string, { alpha: number | null }>;
  confLevel: number;
  warnings: Warning[];
}
