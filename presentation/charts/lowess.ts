/**
 * LOWESS scatterplot smoother (Cleveland 1979, "Robust locally weighted regression and smoothing
 * scatterplots", JASA 74:829–836), following R's stats::lowess (the clowess routine in R's src/appl/lowess.c):
 * span f, `iterations` robustness passes, and the `delta` shortcut (points within delta of the last fitted x
 * are interpolated linearly instead of fitted). Used for the smoothed line of a Schoenfeld residual plot.
 *
 * At each fitted x0, the ns = max(2, floor(f n)) nearest points (a window slid along the sorted x) get tricube
 * weights w = (1 − (|x − x0| / h)^3)^3, h the distance to the farthest of them (times robustness weights after
 * the first pass), and a weighted straight line is evaluated at x0. Robustness weights are bisquare in the
 * residual over 6 × median |residual|.
 */

export interface LowessOptions {
  /** Smoother span, the share of points in each local fit (R default 2/3). */
  span?: number;
  /** Robustifying iterations (R default 3). */
  iterations?: number;
  /** Interpolation distance (R default 1% of the x range). */
  delta?: number;
}

export interface LowessResult {
  /** x sorted increasingly. */
  x: Float64Array;
  /** Smoothed y at each sorted x. */
  y: Float64Array;
}

/** One local weighted linear fit at xs over points left..right (0-based, inclusive window); null if no weight. */
function localFit(
  x: Float64Array,
  y: Float64Array,
  xs: number,
  left: number,
  right: number,
  weights: Float64Array,
  robustness: Float64Array | null,
): number | null {
  const n = x.length;
  const range = x[n - 1] - x[0];
  const h = Math.max(xs - x[left], x[right] - xs);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let total = 0;
  let j = left;
  // Points beyond the window but tied with its edge (distance ≤ h) take part too, as in clowess.
  for (; j < n; j++) {
    weights[j] = 0;
    const r = Math.abs(x[j] - xs);
    if (r <= h9) {
      weights[j] = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      if (robustness) weights[j] *= robustness[j];
      total += weights[j];
    } else if (x[j] > xs) break;
  }
  const last = j - 1;
  if (total <= 0) return null;
  for (let i = left; i <= last; i++) weights[i] /= total;
  if (h > 0) {
    // Weighted least-squares line through the window, written as weights on y (clowess form).
    let mean = 0;
    for (let i = left; i <= last; i++) mean += weights[i] * x[i];
    let slope = xs - mean;
    let spread = 0;
    for (let i = left; i <= last; i++) spread += weights[i] * (x[i] - mean) ** 2;
    if (Math.sqrt(spread) > 0.001 * range) {
      slope /= spread;
      for (let i = left; i <= last; i++) weights[i] *= slope * (x[i] - mean) + 1;
    }
  }
  let fitted = 0;
  for (let i = left; i <= last; i++) fitted += weights[i] * y[i];
  return fitted;
}

/** Median of the absolute residuals, via a sorted copy (n is the number of events; small). */
function medianAbs(residuals: Float64Array): number {
  const sorted = Float64Array.from(residuals, Math.abs).sort();
  const n = sorted.length;
  const m = Math.floor(n / 2);
  return n % 2 === 0 ? (sorted[m - 1] + sorted[m]) / 2 : sorted[m];
}

export function lowess(xIn: ArrayLike<number>, yIn: ArrayLike<number>, options: LowessOptions = {}): LowessResult {
  const n = xIn.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xIn[a] - xIn[b] || a - b);
  const x = Float64Array.from(order, (i) => xIn[i]);
  const y = Float64Array.from(order, (i) => yIn[i]);
  const fitted = new Float64Array(n);
  if (n < 2) {
    fitted.set(y);
    return { x, y: fitted };
  }
  const span = options.span ?? 2 / 3;
  const iterations = options.iterations ?? 3;
  const delta = options.delta ?? 0.01 * (x[n - 1] - x[0]);
  const windowSize = Math.max(2, Math.min(n, Math.floor(span * n + 1e-7)));
  const weights = new Float64Array(n);
  const residuals = new Float64Array(n);
  let robustness: Float64Array | null = null;

  for (let pass = 0; pass <= iterations; pass++) {
    let left = 0;
    let right = windowSize - 1;
    let last = -1;
    let i = 0;
    for (;;) {
      // Slide the window right while that brings it closer to x[i].
      while (right < n - 1 && x[i] - x[left] > x[right + 1] - x[i]) {
        left++;
        right++;
      }
      fitted[i] = localFit(x, y, x[i], left, right, weights, robustness) ?? y[i];
      if (last < i - 1) {
        // Linear interpolation over the points skipped by the delta shortcut.
        const span = x[i] - x[last];
        for (let j = last + 1; j < i; j++) {
          const alpha = (x[j] - x[last]) / span;
          fitted[j] = alpha * fitted[i] + (1 - alpha) * fitted[last];
        }
      }
      last = i;
      const cut = x[last] + delta;
      for (i = last + 1; i < n; i++) {
        if (x[i] > cut) break;
        if (x[i] === x[last]) {
          fitted[i] = fitted[last];
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n - 1) break;
    }
    for (let j = 0; j < n; j++) residuals[j] = y[j] - fitted[j];
    if (pass === iterations) break;
    let meanAbs = 0;
    for (let j = 0; j < n; j++) meanAbs += Math.abs(residuals[j]);
    meanAbs /= n;
    const cmad = 6 * medianAbs(residuals);
    if (cmad < 1e-7 * meanAbs) break;
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    robustness ??= new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const r = Math.abs(residuals[j]);
      robustness[j] = r <= c1 ? 1 : r > c9 ? 0 : (1 - (r / cmad) ** 2) ** 2;
    }
  }
  return { x, y: fitted };
}
