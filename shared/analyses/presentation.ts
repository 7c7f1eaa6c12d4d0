/**
 * An analysis's presentation, declared once beside its options (issue 12 item 1): its tables (title, where
 * the rows come from, the columns with their named formats), its plain-language sentences and its methods
 * paragraph. The app's generic view (renderer/src/views/DeclaredAnalysisView.tsx), the CLI's text output
 * (cli/commands/analyze.ts) and the report (shared/report/declared-section.ts) render it alike.
 *
 * Pure data and pure functions, no engine (the renderer reads declarations). Numbers are never formatted
 * here: a column names its format, and `declaredTableCells` turns each row into the report's cells
 * (shared/report/model.ts: numbers that stay numbers, with their digits); the presentation layer
 * (presentation/report/format-cell.ts on presentation/format.ts) writes them. Sentences are running text
 * whose numbers stay cells (shared/report/sentences.ts).
 */
import type { FollowUpUnit } from '../mapping/units';
import type { Cell, TableColumn } from '../report/model';
import type { Sentence } from '../report/sentences';

/** Decimals of a ratio column (hazard ratios, ratios of restricted means). */
export const RATIO_DIGITS = 3;

/**
 * How a column's value is written:
 *  - `text`: as it is (a group, a term);
 *  - `count`: a whole number (participants, relapses);
 *  - `number`: with `digits` decimals;
 *  - `time`: a follow-up time, whole when it is whole, else with 2 decimals (as the report times);
 *  - `ratio`: with RATIO_DIGITS decimals;
 *  - `percent`: a proportion as a percentage with `digits` decimals;
 *  - `p`: a p-value (<0.001, 3 decimals below 0.1, 2 above);
 *  - `ci`: an interval "(lower–upper)" from the row's fields `lower` and `upper`, with `digits` decimals.
 */
export type ColumnFormat =
  | { kind: 'text' }
  | { kind: 'count' }
  | { kind: 'number'; digits: number }
  | { kind: 'time' }
  | { kind: 'ratio' }
  | { kind: 'percent'; digits: number }
  | { kind: 'p' }
  | { kind: 'ci'; lower: string; upper: string; digits: number };

export interface DeclaredColumn {
  /** The header; `{level}` stands for the table's confidence level as a percentage ("95%"). */
  label: string;
  /** The row's field shown (a dot path, e.g. "median.estimate"); not needed by a `ci` column. */
  field?: string;
  format: ColumnFormat;
}

/** The context a view, the CLI or the report gives: the follow-up's unit (days unless the mapping says otherwise). */
export interface PresentationContext {
  unit?: FollowUpUnit;
}

export interface DeclaredTable<Options = unknown, Result = unknown> {
  /** Stable id (test ids in the app, the report's table ids, CSV names come from the title). */
  id: string;
  title: string;
  /** The rows: a field path of the result holding an array of records (e.g. "groups") ... */
  rows?: string;
  /** ... or a pure function of the result and the options giving them. */
  rowsOf?(result: Result, options: Options): readonly object[];
  /** Whether the table is shown at all (default: when it has rows). */
  when?(result: Result, options: Options): boolean;
  /** The result's field giving the confidence level of `{level}` in the headers (default "confLevel"). */
  confLevel?: string;
  columns: readonly DeclaredColumn[];
  /** One line under the table. */
  note?: string;
}

export interface AnalysisPresentation<Options = unknown, Result = unknown> {
  tables: readonly DeclaredTable<Options, Result>[];
  /** Plain-language sentences under the tables (numbers as cells). */
  sentences?(result: Result, options: Options, context: PresentationContext): Sentence[];
  /** The methods paragraph: what was computed and as which R function. */
  methods?(options: Options): Sentence;
  /**
   * The analysis's section of the report (shared/report/plan.ts plans it, build-model.ts shows it with
   * declared-section.ts): how its options follow from what the report knows. Absent: not in the report.
   */
  report?: DeclaredReportPart<Options>;
}

/**
 * What the report knows when it plans its analyses (shared/report/plan.ts gives it, for a mapping of one
 * row per participant): enough for a declared analysis to choose its options.
 */
export interface ReportPlanContext {
  /** The follow-up column (in the mapping's unit) and the relapse indicator (1 relapse, 0 not) the report's survival analyses fit on. */
  outcome: { time: string; event: string };
  /** The group columns the report compares: the Survival step's when the user built it, else the mapping's. */
  groups: readonly string[];
  /** The factor score columns (score.<factor>) of the mapped factors, in the factors' order. */
  scores: readonly string[];
  /** The follow-up unit: every time of the report is in it. */
  unit: FollowUpUnit;
  /** The report times, in `unit`. */
  times: readonly number[];
  confLevel: number;
  /** The restricted mean horizon the user set for the report (in `unit`); absent: each analysis's own default. */
  tau?: number;
}

/** One run of a declared analysis in its report section. */
export interface DeclaredReportRun<Options> {
  /** The options before validation (the declaration's schema fills the defaults). */
  options: Partial<Options>;
  /** The group column the run compares, when it compares one (named in the captions when the section holds several runs). */
  group?: string;
}

export interface DeclaredReportPart<Options> {
  /**
   * The runs the section shows, from the report's planning context: one per grouping, say; none when the
   * data cannot support the analysis (the section then says `leftOut`).
   */
  plan(context: ReportPlanContext): readonly DeclaredReportRun<Options>[];
  /** One plain line: why the section holds no result when `plan` gives no run. */
  leftOut: string;
  /** The Report step's label of the section's tick box (default: the title). */
  label?: string;
}

/** The value at a dot path of an object ("median.estimate"); undefined when a step is missing. */
export function valueAt(source: unknown, path: string): unknown {
  let value: unknown = source;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const asNumber = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** A row's cell in a column: the value and its named format, not yet written. */
export function declaredCell(column: DeclaredColumn, row: object): Cell {
  const format = column.format;
  if (format.kind === 'ci') return { kind: 'interval', lower: asNumber(valueAt(row, format.lower)), upper: asNumber(valueAt(row, format.upper)), digits: format.digits };
  const value = column.field === undefined ? undefined : valueAt(row, column.field);
  switch (format.kind) {
    case 'text':
      return { kind: 'text', text: value === null || value === undefined ? '' : String(value) };
    case 'count':
      return typeof value === 'number' ? { kind: 'count', value } : { kind: 'number', value: null, digits: 0 };
    case 'number':
      return { kind: 'number', value: asNumber(value), digits: format.digits };
    case 'time': {
      const time = asNumber(value);
      return { kind: 'number', value: time, digits: time !== null && Number.isInteger(time) ? 0 : 2 };
    }
    case 'ratio':
      return { kind: 'number', value: asNumber(value), digits: RATIO_DIGITS };
    case 'percent':
      return { kind: 'percent', value: asNumber(value), digits: format.digits };
    case 'p':
      return { kind: 'p', value: asNumber(value) };
  }
}

/** A table's rows: its field path's array, or its function's result. */
export function declaredRows<Options, Result>(table: DeclaredTable<Options, Result>, result: Result, options: Options): readonly object[] {
  if (table.rowsOf) return table.rowsOf(result, options);
  const rows = table.rows === undefined ? undefined : valueAt(result, table.rows);
  return Array.isArray(rows) ? (rows as object[]) : [];
}

/** A confidence level as the headers write it: 0.95 as "95%", 0.9 as "90%", 0.995 as "99.5%". */
export function levelLabel(confLevel: number): string {
  return `${Number((confLevel * 100).toPrecision(6))}%`;
}

/** A column's header, `{level}` replaced by the table's confidence level. */
export function columnLabel<Options, Result>(table: DeclaredTable<Options, Result>, column: DeclaredColumn, result: Result): string {
  if (!column.label.includes('{level}')) return column.label;
  const level = asNumber(valueAt(result, table.confLevel ?? 'confLevel'));
  return column.label.replaceAll('{level}', level === null ? 'CI' : levelLabel(level)).replace('CI CI', 'CI');
}

/** Numbers align right; text and intervals left. */
export function columnAlign(column: DeclaredColumn): 'left' | 'right' {
  return column.format.kind === 'text' || column.format.kind === 'ci' ? 'left' : 'right';
}

export interface DeclaredTableCells {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: Cell[][];
  note?: string;
}

/** Every table a result shows (those whose `when` holds, or with rows), as headers and cells. */
export function declaredTableCells<Options, Result>(presentation: AnalysisPresentation<Options, Result>, result: Result, options: Options): DeclaredTableCells[] {
  const tables: DeclaredTableCells[] = [];
  for (const table of presentation.tables) {
    const rows = declaredRows(table, result, options);
    if (table.when ? !table.when(result, options) : rows.length === 0) continue;
    tables.push({
      id: table.id,
      title: table.title,
      columns: table.columns.map((c) => ({ label: columnLabel(table, c, result), align: columnAlign(c) })),
      rows: rows.map((row) => table.columns.map((c) => declaredCell(c, row))),
      ...(table.note ? { note: table.note } : {}),
    });
  }
  return tables;
}
