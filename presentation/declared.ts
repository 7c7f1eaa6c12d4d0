/**
 * A declared presentation (shared/analyses/presentation.ts) as text: its tables' headers and cells written as
 * the app writes every number (format-cell.ts on format.ts), its sentences and its methods paragraph. The
 * app's generic view (renderer/src/views/DeclaredAnalysisView.tsx) and the CLI's text output
 * (cli/commands/analyze.ts) both read it, so the two show the same text.
 */
import { declaredTableCells, type AnalysisPresentation, type PresentationContext } from '../shared/analyses/presentation';
import { cellText, sentenceText } from './report/format-cell';

export interface TextTable {
  id: string;
  title: string;
  columns: { label: string; numeric: boolean }[];
  rows: string[][];
  note?: string;
}

export interface DeclaredText {
  tables: TextTable[];
  sentences: string[];
  methods: string | null;
}

export function declaredText<Options, Result>(presentation: AnalysisPresentation<Options, Result>, result: Result, options: Options, context: PresentationContext = {}): DeclaredText {
  return {
    tables: declaredTableCells(presentation, result, options).map((table) => ({
      id: table.id,
      title: table.title,
      columns: table.columns.map((c) => ({ label: c.label, numeric: c.align === 'right' })),
      rows: table.rows.map((row) => row.map(cellText)),
      ...(table.note ? { note: table.note } : {}),
    })),
    sentences: (presentation.sentences?.(result, options, context) ?? []).map(sentenceText),
    methods: presentation.methods ? sentenceText(presentation.methods(options)) : null,
  };
}

/** A text table with its columns aligned (numbers to the right), two spaces apart, for a terminal. */
export function alignedTable(table: TextTable, indent = '  '): string {
  const widths = table.columns.map((c, j) => Math.max(c.label.length, ...table.rows.map((row) => row[j].length)));
  const line = (values: string[]) =>
    values
      .map((v, j) => (table.columns[j].numeric ? v.padStart(widths[j]) : v.padEnd(widths[j])))
      .join('  ')
      .trimEnd();
  return [line(table.columns.map((c) => c.label)), ...table.rows.map(line)].map((l) => indent + l).join('\n');
}
