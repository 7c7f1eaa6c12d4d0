/**
 * Histogram bins as R's hist() forms them by default: Sturges' number of classes, ceil(log2(n) + 1), turned
 * into round break points covering the data with R's pretty() rule (prettyBreaks), and counts over right-closed intervals (a, b], the first one closed [a, b]
 * (hist's right = TRUE, include.lowest = TRUE). Missing values (null, NaN) are counted, not binned.
 */
import { prettyBreaks } from './ticks';

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

export interface BinnedValues {
  bins: HistogramBin[];
  /** Non-missing values binned. */
  n: number;
  /** null or NaN values. */
  missing: number;
}

export function sturgesClassCount(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(1, n)) + 1));
}

export function binValues(values: ArrayLike<number | null>, classCount?: number): BinnedValues {
  const present: number[] = [];
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) missing++;
    else present.push(v);
  }
  if (present.length === 0) return { bins: [], n: 0, missing };
  let min = Infinity;
  let max = -Infinity;
  for (const v of present) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const breaks = prettyBreaks(min, max, classCount ?? sturgesClassCount(present.length));
  const bins = breaks.slice(0, -1).map((lower, i) => ({ lower, upper: breaks[i + 1], count: 0 }));
  for (const v of present) {
    // First break ≥ v closes its interval on the right; v equal to the lowest break goes to the first bin.
    let lo = 0;
    let hi = bins.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= bins[mid].upper) hi = mid;
      else lo = mid + 1;
    }
    bins[lo].count++;
  }
  return { bins, n: present.length, missing };
}
