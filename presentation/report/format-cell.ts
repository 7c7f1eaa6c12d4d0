/**
 * How a report cell reads: the one place the report's numbers become text, using the app's formatting
 * (presentation/format.ts), so the report shows the numbers exactly as the screen does.
 */
import type { Cell, Inline } from '../../shared/report/model';
import { countText } from '../../shared/report/suppression';
import { formatCI, formatNumber, formatP } from '../format';

export function cellText(cell: Cell): string {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'count':
      // A count shows like every other number (thousands separators); a suppressed one as "<k".
      return formatNumber(cell.value);
    case 'suppressed':
      return countText(cell);
    case 'number':
      return formatNumber(cell.value, cell.digits);
    case 'percent':
      return formatNumber(cell.value === null ? null : cell.value * 100, cell.digits);
    case 'p':
      return formatP(cell.value);
    case 'interval':
      return formatCI(cell.lower, cell.upper, cell.digits);
    case 'withheld':
      return 'suppressed';
  }
}

/** A cell inside running text: percentages carry their sign, p-values read "= 0.012" or "< 0.001". */
export function inlineText(cell: Cell): string {
  if (cell.kind === 'percent') return `${cellText(cell)}%`;
  if (cell.kind === 'p') {
    const p = formatP(cell.value);
    return p.startsWith('<') ? `< ${p.slice(1)}` : `= ${p}`;
  }
  return cellText(cell);
}

/** Running text (a sentence of shared/report/sentences.ts, a report paragraph) as the screen and the report show it. */
export function sentenceText(parts: readonly Inline[]): string {
  return parts.map((part) => (typeof part === 'string' ? part : inlineText(part))).join('');
}
