/**
 * Cronbach's alpha and the corrected item-total correlations of a set of items, as R psych::alpha
 * reports them (`raw_alpha`, `alpha.drop$raw_alpha` and `item.stats$r.drop`) with its default
 * use = "pairwise": everything comes from the pairwise-complete covariance matrix C of the k items
 * (R's cov(x, use = "pairwise.complete.obs"), sample covariances with denominator m − 1 over the m rows
 * where both items are present, each pair with its own means).
 *
 *   alpha             = k / (k − 1) · (1 − tr C / ΣC)
 *   r.drop_i          = (Σ_j C_ij − C_ii) / sqrt(C_ii · ΣC_{−i,−i})   (item i against the sum of the others)
 *   alpha if dropped  = alpha of C without row and column i (needs k − 1 ≥ 2)
 *
 * Missing values are NaN. A value R gives as NA/NaN is null here.
 */
import { finiteOrNull } from './finite';

export interface CronbachAlpha {
  /** Number of items k. */
  items: number;
  alpha: number | null;
  /** Corrected item-total correlation of each item (r.drop). */
  itemTotalCorrelations: (number | null)[];
  /** Alpha of the other items when this one is dropped (null with fewer than 3 items). */
  alphaIfDropped: (number | null)[];
  /** The pairwise covariance matrix, k×k row-major. */
  covariance: Float64Array;
}


/** Sample covariance of x and y over the rows where both are present (NaN when fewer than 2 rows). */
export function pairwiseCovariance(x: Float64Array, y: Float64Array): number {
  let m = 0;
  let sumX = 0;
  let sumY = 0;
  for (let r = 0; r < x.length; r++) {
    if (Number.isNaN(x[r]) || Number.isNaN(y[r])) continue;
    m++;
    sumX += x[r];
    sumY += y[r];
  }
  if (m < 2) return NaN;
  const meanX = sumX / m;
  const meanY = sumY / m;
  let cross = 0;
  for (let r = 0; r < x.length; r++) {
    if (Number.isNaN(x[r]) || Number.isNaN(y[r])) continue;
    cross += (x[r] - meanX) * (y[r] - meanY);
  }
  return cross / (m - 1);
}

/** Alpha from a covariance matrix restricted to the listed item indices. */
function alphaOf(covariance: Float64Array, k: number, keep: number[]): number {
  const size = keep.length;
  let trace = 0;
  let total = 0;
  for (const i of keep) {
    trace += covariance[i * k + i];
    for (const j of keep) total += covariance[i * k + j];
  }
  return (size / (size - 1)) * (1 - trace / total);
}

export function cronbachAlpha(items: readonly Float64Array[]): CronbachAlpha {
  const k = items.length;
  const covariance = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const c = pairwiseCovariance(items[i], items[j]);
      covariance[i * k + j] = c;
      covariance[j * k + i] = c;
    }
  }
  const all = Array.from({ length: k }, (_, i) => i);
  const alpha = k >= 2 ? finiteOrNull(alphaOf(covariance, k, all)) : null;
  const itemTotalCorrelations: (number | null)[] = [];
  const alphaIfDropped: (number | null)[] = [];
  for (let i = 0; i < k; i++) {
    const others = all.filter((j) => j !== i);
    let withOthers = 0;
    let othersTotal = 0;
    for (const j of others) {
      withOthers += covariance[i * k + j];
      for (const l of others) othersTotal += covariance[j * k + l];
    }
    itemTotalCorrelations.push(k >= 2 ? finiteOrNull(withOthers / Math.sqrt(covariance[i * k + i] * othersTotal)) : null);
    alphaIfDropped.push(others.length >= 2 ? finiteOrNull(alphaOf(covariance, k, others)) : null);
  }
  return { items: k, alpha, itemTotalCorrelations, alphaIfDropped, covariance };
}
