/**
 * Adjustment of p-values for multiple comparisons, as R's stats::p.adjust.
 *
 *   bonferroni  min(1, m p)
 *   holm        step-down: p_(i) sorted ascending, adjusted = min(1, cummax((m - i + 1) p_(i)))
 *   hochberg    step-up:   p sorted descending, adjusted = min(1, cummin((m - i + 1) p_(i)))
 *   BH          Benjamini–Hochberg false discovery rate: descending, min(1, cummin(m / i p_(i)))
 *   BY          Benjamini–Yekutieli: BH multiplied by sum_{j=1..m} 1/j
 *
 * i is the rank of p among the m available values (1 = smallest). As in R, a missing p-value (null or
 * NaN) stays missing and does not count in m; with m <= 1 the values come back unchanged.
 */

export const P_ADJUST_METHODS = ['none', 'holm', 'hochberg', 'bonferroni', 'BH', 'BY'] as const;
export type PAdjustMethod = (typeof P_ADJUST_METHODS)[number];

/** Adjusted p-values in the order given; null where the input is null or NaN. */
export function pAdjust(p: ArrayLike<number | null>, method: PAdjustMethod): (number | null)[] {
  const adjusted: (number | null)[] = Array.from({ length: p.length }, (_, i) => {
    const v = p[i];
    return v === null || Number.isNaN(v) ? null : v;
  });
  const available: number[] = [];
  for (let i = 0; i < adjusted.length; i++) if (adjusted[i] !== null) available.push(i);
  const m = available.length;
  if (m <= 1 || method === 'none') return adjusted;

  const value = (k: number) => adjusted[available[k]] as number;
  if (method === 'bonferroni') {
    for (const i of available) adjusted[i] = Math.min(1, m * (adjusted[i] as number));
    return adjusted;
  }

  if (method === 'holm') {
    // Ascending order; the k-th smallest (k = 0..m-1) is multiplied by m - k, then a running maximum.
    const ascending = Array.from({ length: m }, (_, k) => k).sort((a, b) => value(a) - value(b));
    const result = new Float64Array(m);
    let runningMax = -Infinity;
    for (let k = 0; k < m; k++) {
      runningMax = Math.max(runningMax, (m - k) * value(ascending[k]));
      result[ascending[k]] = Math.min(1, runningMax);
    }
    available.forEach((row, k) => (adjusted[row] = result[k]));
    return adjusted;
  }

  // Step-up methods walk from the largest p down; i = m - k is the ascending rank of the k-th largest.
  const harmonic = method === 'BY' ? sumOfReciprocals(m) : 1;
  const descending = Array.from({ length: m }, (_, k) => k).sort((a, b) => value(b) - value(a));
  const result = new Float64Array(m);
  let runningMin = Infinity;
  for (let k = 0; k < m; k++) {
    const rank = m - k;
    const factor = method === 'hochberg' ? m - rank + 1 : (harmonic * m) / rank;
    runningMin = Math.min(runningMin, factor * value(descending[k]));
    result[descending[k]] = Math.min(1, runningMin);
  }
  available.forEach((row, k) => (adjusted[row] = result[k]));
  return adjusted;
}

function sumOfReciprocals(m: number): number {
  let sum = 0;
  for (let j = 1; j <= m; j++) sum += 1 / j;
  return sum;
}
