/**
 * A report section built generically from an analysis's declared presentation (shared/analyses/presentation.ts):
 * its tables as table blocks of cells (numbers stay numbers; presentation/report formats them), its sentences as a
 * summary paragraph, its methods as a note, its warnings, the same tables and sentences the app's generic view and
 * the CLI's text output show.
 *
 * Small-cell suppression, conservatively and without knowing the table: every `count` cell from 1 to k − 1 is
 * "<k", and the other numbers of its row (estimates of a group that small) are withheld, as are the numbers of
 * every later row that names that row's group (its first text cell; e.g. a difference against it, which with
 * the other group's mean would give it back); the sentences, which may name such a group's estimate, are then
 * left out with a note. (The report's own sections keep their
 * ledger of secondary suppression; a declared section has none, so it withholds more.)
 */
import type { AnalysisDeclaration } from '../analyses/declaration';
import { declaredTableCells, type PresentationContext } from '../analyses/presentation';
import type { Block, Cell } from './model';
import { suppressCount } from './suppression';

export interface DeclaredSection {
  title: string;
  blocks: Block[];
}

export interface DeclaredSectionSettings extends PresentationContext {
  /** The small-cell threshold k (0 or 1: off). */
  minCell: number;
}

export function declaredSection<Options, Result>(declaration: AnalysisDeclaration<Options, Result>, result: Result, options: Options, settings: DeclaredSectionSettings): DeclaredSection {
  const presentation = declaration.presentation;
  if (!presentation) throw new Error(`${declaration.id} has no declared presentation`);
  const blocks: Block[] = [];
  let withheldAny = false;
  /** The groups (first text cell) of the rows withheld so far. */
  const smallGroups = new Set<string>();
  const names = (row: readonly Cell[]) => row.filter((cell) => cell.kind === 'text').map((cell) => (cell as { text: string }).text);
  for (const table of declaredTableCells(presentation, result, options)) {
    const rows = table.rows.map((row) => {
      const counts = row.map((cell) => (cell.kind === 'count' ? suppressCount(cell.value, settings.minCell) : cell));
      const small = counts.some((cell) => cell.kind === 'suppressed');
      if (!small && !names(row).some((name) => smallGroups.has(name))) return counts;
      withheldAny = true;
      if (small && names(row).length > 0) smallGroups.add(names(row)[0]);
      return counts.map((cell): Cell => (cell.kind === 'number' || cell.kind === 'percent' || cell.kind === 'interval' || cell.kind === 'p' ? { kind: 'withheld', reason: `fewer than ${settings.minCell} in the row` } : cell));
    });
    blocks.push({ kind: 'table', id: `table-${table.id}`, caption: table.title, columns: table.columns, rows, ...(table.note ? { footnotes: [table.note] } : {}) });
  }
  const sentences = presentation.sentences?.(result, options, settings) ?? [];
  if (withheldAny) {
    blocks.push({ kind: 'paragraph', tone: 'note', parts: [`Rows with a count below ${settings.minCell} show no estimates, and the sentences describing the results are left out so that none is given for so few participants.`] });
  } else if (sentences.length > 0) {
    blocks.push({ kind: 'paragraph', tone: 'summary', parts: sentences.flatMap((s, i) => (i === 0 ? s : [' ', ...s])) });
  }
  if (presentation.methods) blocks.push({ kind: 'paragraph', tone: 'note', parts: presentation.methods(options) });
  const warnings = (result as { warnings?: { message: string }[] }).warnings ?? [];
  for (const warning of warnings) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [warning.message] });
  return { title: declaration.title, blocks };
}
