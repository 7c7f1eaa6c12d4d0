/**
 * The report as data: sections made of paragraphs, tables, charts, definition lists and code blocks.
 * Numbers stay numbers here (the renderer formats them); counts are already suppressed (a count below
 * the small-cell threshold is stored as `{ kind: 'suppressed' }`, never as its value), so nothing that
 * renders this model can leak a small cell.
 */
import type { CountValue } from './suppression';

export type Cell =
  | { kind: 'text'; text: string }
  | CountValue
  /** A number shown with `digits` decimals. */
  | { kind: 'number'; value: number | null; digits: number }
  /** A proportion shown as a percentage. */
  | { kind: 'percent'; value: number | null; digits: number }
  | { kind: 'p'; value: number | null }
  | { kind: 'interval'; lower: number | null; upper: number | null; digits: number }
  /** An estimate withheld by small-cell suppression (fewer than k at risk). */
  | { kind: 'withheld'; reason: string };

export interface TableColumn {
  label: string;
  align?: 'left' | 'right';
}

export interface KmCurve {
  group: string;
  n?: number;
  events?: number;
  table: { time: number; nRisk: number; nEvent: number; nCensor: number; survival: number; lower: number | null; upper: number | null }[];
  median?: { estimate: number | null };
}

export type ChartSpec =
  | { type: 'km'; title: string; subtitle?: string; groups: KmCurve[]; timeUnit?: string; minAtRisk?: number; suppressBelow?: number; ticks?: number[]; pValue?: { p: number | null; label?: string } }
  | { type: 'forest'; title: string; subtitle?: string; rows: { term: string; hr: number | null; hrLower: number | null; hrUpper: number | null; p: number | null; reference?: boolean }[]; confLevel: number }
  | { type: 'cuminc'; title: string; subtitle?: string; timeUnit?: string; curves: { group: string; cause: string; points: { time: number; estimate: number }[] }[]; causeLabels: Record<string, string> }
  /** Observed/expected relapse ratio per site against expected relapses, with funnel limits (analyze sites). */
  | { type: 'funnel'; title: string; subtitle?: string; sites: { group: string; expected: number; ratio: number | null; outside95: boolean; outside998: boolean }[]; limits: { expected: number; lower95: number; upper95: number; lower998: number; upper998: number }[] }
  /** Case-mix-adjusted survival curves (analyze adjusted): no risk sets, so no counts. */
  | { type: 'adjusted'; title: string; subtitle?: string; timeUnit?: string; curves: { group: string; rows: { time: number; survival: number; lower: number | null; upper: number | null }[] }[] }
  | { type: 'heatmap'; title: string; subtitle?: string; variables: { id: string; label: string }[]; pairs: { x: string; y: string; n: number; estimate: number | null; pAdjusted: number | null }[]; method: string; minCell?: number }
  /** The mean cumulative function of repeated relapses per group (analyze recurrent), with the number at risk. */
  | { type: 'mcf'; title: string; subtitle?: string; timeUnit?: string; curves: { group: string; participants: number; events: number; rows: { time: number; mcf: number; lower: number | null; upper: number | null; atRisk: number; events: number }[] }[] };

/** Running text whose numbers stay numbers: strings and cells, concatenated. */
export type Inline = string | Cell;

export type Block =
  | { kind: 'paragraph'; parts: Inline[]; tone?: 'summary' | 'note' | 'warning' }
  | { kind: 'table'; id: string; caption: string; columns: TableColumn[]; rows: Cell[][]; footnotes?: string[] }
  | { kind: 'chart'; id: string; chart: ChartSpec; caption?: string }
  | { kind: 'definitions'; id: string; items: { term: string; value: Cell }[] }
  /** `download`: the file name under which the HTML report offers the text for download (a data: link, offline). */
  | { kind: 'code'; language: 'json'; text: string; download?: string }
  | { kind: 'list'; items: string[] };

export type SectionId =
  | 'overview'
  | 'notes'
  | `group:${string}`
  | 'factors'
  | 'sites'
  | 'competing'
  | 'correlation'
  | 'recurrent'
  /** A declared analysis's section (its presentation's report part; shared/report/plan.ts planDeclared). */
  | `declared:${string}`
  | 'methods'
  | 'provenance'
  | 'mapping';

export interface ReportSection {
  id: SectionId;
  title: string;
  blocks: Block[];
}

export interface ReportModel {
  title: string;
  subtitle: string;
  generatedAt: string;
  software: { name: string; version: string };
  /** The small-cell threshold in force (0 = off). */
  minCell: number;
  sections: ReportSection[];
}

/**
 * Every section id a report can hold, in the default order (group sections expand per group column).
 * 'sites' is opt-in: it holds something only when the settings name the site column (sitesBy).
 */
export const DEFAULT_SECTION_ORDER = ['notes', 'overview', 'groups', 'factors', 'sites', 'recurrent', 'competing', 'correlation', 'methods', 'provenance', 'mapping'] as const;

/** The sections that take one row per participant: left out of a report of several rows per participant (episodes or intervals). */
export const ONE_ROW_SECTIONS: readonly string[] = ['overview', 'groups', 'factors', 'sites', 'competing', 'correlation'];
/** The sections that take several rows per participant: left out of a report of one row per participant. */
export const SEVERAL_ROWS_SECTIONS: readonly string[] = ['recurrent'];

/**
 * Whether a section (a `group:<column>` one counting as 'groups') holds anything for data of one row or several rows
 * per participant. A declared analysis's section (`declared:<id>`) is planned on one row per participant.
 */
export function sectionFitsRows(id: string, severalRows: boolean): boolean {
  if (id.startsWith('declared:')) return !severalRows;
  const key = id.startsWith('group:') ? 'groups' : id;
  return severalRows ? !ONE_ROW_SECTIONS.includes(key) : !SEVERAL_ROWS_SECTIONS.includes(key);
}
