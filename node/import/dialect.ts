/**
 * CSV dialect detection on the decoded head of a file: the line break, the delimiter (, ; tab |) and
 * whether numbers use a decimal comma. Quoted text is skipped so that delimiters inside quotes do not count.
 */
import { type MissingCodes, trimCell } from './values';

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** The first line break outside quotes: '\r\n', '\n' or '\r' ('\n' when there is none). */
export function detectNewline(text: string): '\r\n' | '\n' | '\r' {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (!inQuotes && c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : i + 1 < text.length ? '\r' : '\n';
    else if (!inQuotes && c === 10) return '\n';
  }
  return '\n';
}

/**
 * Counts each candidate delimiter per line (outside quotes) over the first lines. The delimiter is the
 * candidate that occurs the same, positive number of times on the most lines (ties: more per line, then
 * the order , ; tab |). A file with none of them is one column, read with ','.
 */
export function detectDelimiter(text: string, maxLines = 50): Delimiter {
  const counts: number[][] = DELIMITERS.map(() => []);
  const current = [0, 0, 0, 0];
  let inQuotes = false;
  let lines = 0;
  let lineHasContent = false;
  const endLine = () => {
    if (lineHasContent) {
      for (let k = 0; k < DELIMITERS.length; k++) counts[k].push(current[k]);
      lines++;
    }
    current.fill(0);
    lineHasContent = false;
  };
  for (let i = 0; i < text.length && lines < maxLines; i++) {
    const ch = text[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      lineHasContent = true;
    } else if (inQuotes) {
      continue;
    } else if (ch === '\n' || ch === '\r') {
      endLine();
    } else {
      lineHasContent = true;
      const k = DELIMITERS.indexOf(ch as Delimiter);
      if (k >= 0) current[k]++;
    }
  }
  // the last line may be cut off by the head's end: count it only if the text is short (whole file)
  if (lines === 0) endLine();
  let best: Delimiter = ',';
  let bestScore = -1;
  let bestPerLine = 0;
  DELIMITERS.forEach((delimiter, k) => {
    const perLine = counts[k];
    const tally = new Map<number, number>();
    for (const c of perLine) if (c > 0) tally.set(c, (tally.get(c) ?? 0) + 1);
    for (const [count, lineCount] of tally) {
      if (lineCount > bestScore || (lineCount === bestScore && count > bestPerLine)) {
        best = delimiter;
        bestScore = lineCount;
        bestPerLine = count;
      }
    }
  });
  return best;
}

/**
 * Decimal comma: only possible when the delimiter is not a comma; chosen when values like 3,5 occur in
 * the sample and values like 3.5 do not outnumber them.
 */
export function detectDecimalComma(rows: readonly (readonly string[])[], delimiter: Delimiter, missing: MissingCodes): boolean {
  if (delimiter === ',') return false;
  let comma = 0;
  let dot = 0;
  const commaNumber = /^[+-]?\d*,\d+$/;
  const dotNumber = /^[+-]?\d*\.\d+$/;
  for (const row of rows) {
    for (const cell of row) {
      const s = trimCell(cell);
      if (s.length === 0 || s.length > 30 || missing.isMissing(s)) continue;
      if (commaNumber.test(s)) comma++;
      else if (dotNumber.test(s)) dot++;
    }
  }
  return comma > 0 && comma >= dot;
}
