/**
 * Correlations between every pair of several columns, each pair tested as R's
 * cor.test(x, y, method, exact = FALSE) on its complete pairs, with the p-values adjusted over all
 * pairs by p.adjust. Missing values are NaN.
 *
 *   missing = "pairwise": each pair uses the rows where both columns are present (cor.test's own rule);
 *   missing = "listwise": every pair uses the rows complete on all the columns.
 *
 * Speed (1,000,000 rows x 9 columns): each column is centred (and, for Spearman, sorted and ranked)
 * once; a pair without missing values then costs one pass of products. Pearson's sums use centred
 * values with the residual-sum correction of the two-pass algorithm, so they match R's cor to
 * rounding. When missing values make a pair's rows differ from a column's own rows, Spearman ranks
 * that pair again from the stored sort order (one linear pass), as cor.test ranks the complete pairs.
 */
import { kendallTest } from './kendall';
import { type PAdjustMethod, pAdjust } from './p-adjust';
import { type CorrelationTest, clampCorrelation, pearsonTestFromEstimate } from './pearson';
import { sortOrder, spearmanTestFromEstimate } from './spearman';

export const CORRELATION_METHODS = ['pearson', 'spearman', 'kendall'] as const;
export type CorrelationMethod = (typeof CORRELATION_METHODS)[number];
export const MISSING_POLICIES = ['pairwise', 'listwise'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

export interface CorrelationMatrixOptions {
  method?: CorrelationMethod;
  missing?: MissingPolicy;
  pAdjust?: PAdjustMethod;
  confLevel?: number;
}

export interface CorrelationPair extends CorrelationTest {
  /** Column indices, x < y. */
  x: number;
  y: number;
  pAdjusted: number | null;
}

export interface CorrelationMatrixResult {
  pairs: CorrelationPair[];
  /** Rows complete on every column. */
  completeRows: number;
}

/** A column prepared once: values centred on their mean, NaN where missing. */
interface PreparedColumn {
  centred: Float64Array;
  missing: number;
  /** Sum of the centred values (the rounding residual of the mean) and their sum of squares. */
  residual: number;
  sumSquares: number;
  constant: boolean;
  /** Sort order of the raw values (NaN last), kept for re-ranking; Spearman only. */
  order?: Uint32Array;
  values: Float64Array;
}

function prepare(values: Float64Array): PreparedColumn {
  const n = values.length;
  let sum = 0;
  let present = 0;
  let first = NaN;
  let constant = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (present === 0) first = v;
    else if (v !== first) constant = false;
    sum += v;
    present++;
  }
  const mean = present > 0 ? sum / present : 0;
  const centred = new Float64Array(n);
  let residual = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    centred[i] = d;
    if (d === d) {
      residual += d;
      sumSquares += d * d;
    }
  }
  return { centred, missing: n - present, residual, sumSquares, constant: constant || present < 2, values };
}

/** Average ranks 1..m of the present values, NaN where missing or excluded by `keep` (pairwise re-ranking). */
function ranksAmong(values: Float64Array, order: Uint32Array, other?: Float64Array): Float64Array {
  const n = values.length;
  const ranks = new Float64Array(n).fill(NaN);
  // Present rows in sorted order (NaN sorts last, so stop at the first NaN).
  const kept = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const row = order[i];
    const v = values[row];
    if (v !== v) break;
    if (other && other[row] !== other[row]) continue;
    kept[m++] = row;
  }
  let start = 0;
  while (start < m) {
    const v = values[kept[start]];
    let end = start + 1;
    while (end < m && values[kept[end]] === v) end++;
    const rank = (start + 1 + end) / 2;
    for (let j = start; j < end; j++) ranks[kept[j]] = rank;
    start = end;
  }
  return ranks;
}

/** Pearson r and n over the rows where both are present; r null when either is constant there. */
function pairPearson(a: PreparedColumn, b: PreparedColumn): { r: number | null; n: number } {
  const x = a.centred;
  const y = b.centred;
  const rows = x.length;
  if (a.missing === 0 && b.missing === 0) {
    let sxy = 0;
    for (let i = 0; i < rows; i++) sxy += x[i] * y[i];
    if (a.constant || b.constant || rows < 2) return { r: null, n: rows };
    sxy -= (a.residual * b.residual) / rows;
    const sxx = a.sumSquares - (a.residual * a.residual) / rows;
    const syy = b.sumSquares - (b.residual * b.residual) / rows;
    return { r: clampCorrelation(sxy / Math.sqrt(sxx * syy)), n: rows };
  }
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let firstX = NaN;
  let firstY = NaN;
  let varyX = false;
  let varyY = false;
  for (let i = 0; i < rows; i++) {
    const dx = x[i];
    const dy = y[i];
    if (dx !== dx || dy !== dy) continue;
    if (n === 0) {
      firstX = dx;
      firstY = dy;
    } else {
      if (dx !== firstX) varyX = true;
      if (dy !== firstY) varyY = true;
    }
    n++;
    sx += dx;
    sy += dy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!varyX || !varyY || n < 2) return { r: null, n };
  const cxx = sxx - (sx * sx) / n;
  const cyy = syy - (sy * sy) / n;
  const cxy = sxy - (sx * sy) / n;
  return { r: clampCorrelation(cxy / Math.sqrt(cxx * cyy)), n };
}

/** Every pair (i < j) of `columns`, in order (0,1), (0,2), ..., (1,2), ... */
export function correlationMatrix(columns: Float64Array[], options: CorrelationMatrixOptions = {}): CorrelationMatrixResult {
  const method = options.method ?? 'pearson';
  const confLevel = options.confLevel ?? 0.95;
  const rows = columns.length > 0 ? columns[0].length : 0;
  for (const c of columns) if (c.length !== rows) throw new RangeError('correlationMatrix: columns differ in length');

  const complete = new Uint8Array(rows).fill(1);
  let completeRows = 0;
  for (let i = 0; i < rows; i++) {
    for (const c of columns) if (c[i] !== c[i]) complete[i] = 0;
    completeRows += complete[i];
  }
  let data = columns;
  if (options.missing === 'listwise' && completeRows < rows) {
    data = columns.map((c) => {
      const kept = new Float64Array(completeRows);
      let m = 0;
      for (let i = 0; i < rows; i++) if (complete[i]) kept[m++] = c[i];
      return kept;
    });
  }

  let prepared: PreparedColumn[] = [];
  if (method === 'pearson') prepared = data.map(prepare);
  if (method === 'spearman') {
    prepared = data.map((values) => {
      const order = sortOrder(values);
      const column = prepare(ranksAmong(values, order));
      return { ...column, order, values };
    });
  }

  const pairs: CorrelationPair[] = [];
  for (let a = 0; a < data.length; a++) {
    for (let b = a + 1; b < data.length; b++) {
      let test: CorrelationTest;
      if (method === 'pearson') {
        const { r, n } = pairPearson(prepared[a], prepared[b]);
        test = pearsonTestFromEstimate(r, n, confLevel);
      } else if (method === 'spearman') {
        let x = prepared[a];
        let y = prepared[b];
        if (x.missing > 0 || y.missing > 0) {
          // Rank each column among the rows where the other is present too, as cor.test does.
          const [rawX, rawY] = [x, y];
          x = prepare(ranksAmong(rawX.values, rawX.order!, rawY.values));
          y = prepare(ranksAmong(rawY.values, rawY.order!, rawX.values));
        }
        const { r, n } = pairPearson(x, y);
        test = spearmanTestFromEstimate(r, n);
      } else {
        const [x, y] = completePairs(data[a], data[b]);
        test = kendallTest(x, y);
      }
      pairs.push({ x: a, y: b, ...test, pAdjusted: null });
    }
  }
  const adjusted = pAdjust(pairs.map((p) => p.p), options.pAdjust ?? 'none');
  pairs.forEach((p, i) => (p.pAdjusted = adjusted[i]));
  return { pairs, completeRows };
}

function completePairs(x: Float64Array, y: Float64Array): [Float64Array, Float64Array] {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i]) m++;
  if (m === x.length) return [x, y];
  const cx = new Float64Array(m);
  const cy = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === x[i] && y[i] === y[i]) {
      cx[k] = x[i];
      cy[k] = y[i];
      k++;
    }
  }
  return [cx, cy];
}
