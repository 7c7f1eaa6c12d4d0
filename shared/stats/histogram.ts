/**
 * Histogram bins as R's hist() forms them by default (graphics::hist.default): Sturges' number of classes,
 * ceil(log2(n) + 1) (grDevices::nclass.Sturges), turned into round break points covering the data with R's
 * pretty() rule (base::pretty, C R_pretty), and counts over right-closed intervals (a, b], the first one
 * closed [a, b] (hist's right = TRUE, include.lowest = TRUE). Missing values (null, NaN, ±Inf) are counted,
 * not binned.
 */

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

export interface BinnedValues {
  bins: HistogramBin[];
  /** Non-missing values binned. */
  n: number;
  /** null, NaN or infinite values. */
  missing: number;
}

/** Sturges' rule: ceil(log2(n) + 1) classes (at least one). */
export function sturgesClassCount(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(1, n)) + 1));
}

/**
 * Break points as R's pretty(c(min, max), n) chooses them (R's R_pretty, high.u.bias = 1.5,
 * u5.bias = 0.5 + 1.5 × 1.5): the step is 1, 2, 5 or 10 × 10^k, biased towards the larger unit, and the
 * breaks are the multiples of the step covering [min, max].
 * A zero-width range (all values equal) gets the unit step around the value instead of R's special case.
 */
export function prettyBreaks(min: number, max: number, n: number): number[] {
  const highBias = 1.5;
  const u5Bias = 0.5 + 1.5 * highBias;
  const span = max - min;
  if (!(span > 0)) {
    const unit = min === 0 ? 1 : 10 ** Math.floor(Math.log10(Math.abs(min)));
    return [roundToStep(min - unit, unit), roundToStep(min, unit), roundToStep(min + unit, unit)].filter(
      (v, i, all) => all.indexOf(v) === i,
    );
  }
  const cell = span / Math.max(1, n);
  const base = 10 ** Math.floor(Math.log10(cell));
  let unit = base;
  if (2 * base - cell < highBias * (cell - unit)) {
    unit = 2 * base;
    if (5 * base - cell < u5Bias * (cell - unit)) {
      unit = 5 * base;
      if (10 * base - cell < highBias * (cell - unit)) unit = 10 * base;
    }
  }
  let first = Math.floor(min / unit + 1e-7);
  let last = Math.ceil(max / unit - 1e-7);
  while (first * unit > min + 1e-10 * unit) first--;
  while (last * unit < max - 1e-10 * unit) last++;
  return Array.from({ length: last - first + 1 }, (_, i) => roundToStep((first + i) * unit, unit));
}

/** Removes floating noise such as 0.30000000000000004 from a multiple of the step. */
function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(decimals));
}

/**
 * Bins the finite values into hist()'s default classes (or `classCount` pretty classes). Two passes over the
 * input and one binary search per value over the breaks; no per-value allocation, so a typed column of a
 * million scores bins in place.
 */
export function binValues(values: ArrayLike<number | null>, classCount?: number): BinnedValues {
  let n = 0;
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      missing++;
      continue;
    }
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { bins: [], n: 0, missing };
  const breaks = prettyBreaks(min, max, classCount ?? sturgesClassCount(n));
  const binCount = breaks.length - 1;
  const counts = new Float64Array(binCount);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    // The first upper break ≥ v closes v's interval on the right; v equal to the lowest break goes to the first bin.
    let lo = 0;
    let hi = binCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= breaks[mid + 1]) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]++;
  }
  const bins: HistogramBin[] = [];
  for (let b = 0; b < binCount; b++) bins.push({ lower: breaks[b], upper: breaks[b + 1], count: counts[b] });
  return { bins, n, missing };
}
