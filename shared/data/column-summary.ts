/** Per-column summaries for the data check screen: type, missing count and a short description. */
import { type DataFrame, isNumericColumn } from './frame';

export interface ColumnSummary {
  name: string;
  type: string;
  n: number;
  missing: number;
  /** Numeric and date columns. */
  mean?: number | null;
  sd?: number | null;
  min?: number | null;
  max?: number | null;
  /** Categorical and text columns: the most frequent levels with their counts. */
  levels?: { value: string; count: number }[];
  distinct?: number;
}

const TOP_LEVELS = 12;

export function summariseColumns(frame: DataFrame): { rows: number; columns: ColumnSummary[] } {
  const columns = frame.columns.map((column): ColumnSummary => {
    if (isNumericColumn(column)) {
      let n = 0, sum = 0, min = Infinity, max = -Infinity;
      for (const v of column.values) {
        if (Number.isNaN(v)) continue;
        n++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const mean = n > 0 ? sum / n : null;
      let squares = 0;
      if (mean !== null) for (const v of column.values) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
      return { name: column.name, type: column.type, n, missing: frame.nRows - n, mean, sd: n > 1 ? Math.sqrt(squares / (n - 1)) : null, min: n ? min : null, max: n ? max : null };
    }
    const counts = new Float64Array(column.levels.length);
    let missing = 0;
    for (const code of column.codes) code < 0 ? missing++ : counts[code]++;
    const levels = column.levels.map((value, k) => ({ value, count: counts[k] })).filter((l) => l.count > 0).sort((a, b) => b.count - a.count);
    return { name: column.name, type: column.type, n: frame.nRows - missing, missing, distinct: levels.length, levels: levels.slice(0, TOP_LEVELS) };
  });
  return { rows: frame.nRows, columns };
}
