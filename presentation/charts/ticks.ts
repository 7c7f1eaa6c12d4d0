/**
 * Axis ticks for charts: "nice" round steps (1, 2, 2.5, 5 × 10^k) as R's pretty() and d3's ticks choose them,
 * so the x ticks of a survival chart and the columns of its number-at-risk table are the same numbers.
 */

/** A round step near span / targetCount. */
export function niceStep(span: number, targetCount: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, targetCount);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

/** Ticks 0, step, 2·step, … up to the first multiple of the step that reaches `max` (max ≤ 0 gives [0, 1]). */
export function niceTicksFromZero(max: number, targetCount = 6): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const step = niceStep(max, targetCount);
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => roundToStep(i * step, step));
}

/**
 * Ticks 0, step, 2·step, … that do not pass `max`: for a time axis that ends at the last follow-up time (as
 * R's plot.survfit draws it, xlim = range of the times) rather than at a round number beyond it.
 */
export function niceTicksWithin(max: number, targetCount = 6): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  return niceTicksFromZero(max, targetCount).filter((tick) => tick <= max * (1 + 1e-12));
}

/** Ticks covering [min, max] with a nice step; the domain is [first tick, last tick]. */
export function niceTicks(min: number, max: number, targetCount = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, targetCount);
  }
  const step = niceStep(max - min, targetCount);
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  return Array.from({ length: last - first + 1 }, (_, i) => roundToStep((first + i) * step, step));
}

/** Removes floating noise such as 0.30000000000000004 from a multiple of the step. */
function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(decimals));
}

/**
 * Ticks for a log axis spanning [min, max] (both > 0): powers of two around 1 (0.25, 0.5, 1, 2, 4) when the
 * span is modest, powers of ten otherwise. Always includes 1, the no-effect line of a hazard ratio.
 */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.min(min, 1);
  const hi = Math.max(max, 1);
  const base = hi / lo > 1e3 ? 10 : 2;
  const first = Math.floor(Math.log(lo) / Math.log(base) + 1e-9);
  const last = Math.ceil(Math.log(hi) / Math.log(base) - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(base ** k);
  return ticks;
}
