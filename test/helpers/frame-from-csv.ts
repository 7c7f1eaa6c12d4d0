/**
 * Test helper: CSV text to a DataFrame, simply. A column whose non-empty cells are all numbers becomes
 * 'number'; all ISO dates (YYYY-MM-DD) becomes 'date' (days since 1970-01-01); anything else becomes
 * 'categorical' with levels in order of first appearance. Empty cells and NA are missing.
 */
import Papa from 'papaparse';
import type { Column, DataFrame } from '../../shared/data/frame';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isMissingText(v: string): boolean {
  return v === '' || v === 'NA';
}

export function frameFromCsv(text: string): DataFrame {
  const parsed = Papa.parse<string[]>(text.trim(), { header: false, skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const columns: Column[] = header.map((name, j) => {
    const raw = rows.map((r) => (r[j] ?? '').trim());
    const present = raw.filter((v) => !isMissingText(v));
    if (present.length > 0 && present.every((v) => Number.isFinite(Number(v)))) {
      return { name, type: 'number', values: Float64Array.from(raw, (v) => (isMissingText(v) ? NaN : Number(v))) };
    }
    if (present.length > 0 && present.every((v) => ISO_DATE.test(v))) {
      return { name, type: 'date', values: Float64Array.from(raw, (v) => (isMissingText(v) ? NaN : Date.parse(`${v}T00:00:00Z`) / 86_400_000)) };
    }
    const levels: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(raw, (v) => {
      if (isMissingText(v)) return -1;
      let code = index.get(v);
      if (code === undefined) {
        code = levels.length;
        levels.push(v);
        index.set(v, code);
      }
      return code;
    });
    return { name, type: 'categorical', codes, levels };
  });
  return { nRows: rows.length, columns };
}
