/**
 * Test helper: a categorical column as the app holds one, levels in order of first appearance and
 * '' as missing (code -1).
 */
import type { Column } from '../../shared/data/frame';

export function textColumn(name: string, values: string[]): Column {
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (v === '') return -1;
    if (!index.has(v)) {
      index.set(v, levels.length);
      levels.push(v);
    }
    return index.get(v)!;
  });
  return { name, type: 'categorical', codes, levels };
}
