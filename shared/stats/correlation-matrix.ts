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
import { rankWithOrder, spearmanTestFromEstimate } from './spearman';

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

/** One pass over a column: how many values are missing, their mean, and whether the rest are all equal. */
interface ColumnSummary {
  values: Float64Array;
  missing: number;
  mean: number;
  constant: boolean;
}

function summarise(values: Float64Array): ColumnSummary {
  let sum = 0;
  let present = 0;
  let first = NaN;
  let constant = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (present === 0) first = v;
    else if (v !== first) constant = false;
    sum += v;
    present++;
  }
  return { values, missing: values.length - present, mean: present > 0 ? sum / present : 0, constant: constant || present < 2 };
}

const BLOCK = 2048;

/**
 * Centred cross products of columns without missing values, all pairs in one pass over the data:
 * the rows are taken in blocks small enough to stay in cache, so each value is read once rather than
 * once per pair. cross[a * k + b] = sum (x_a - mean_a)(x_b - mean_b); residual[a] = sum (x_a - mean_a).
 */
function blockedCrossProducts(columns: Float64Array[], means: number[]): { cross: Float64Array; residual: Float64Array } {
  const k = columns.length;
  const rows = k > 0 ? columns[0].length : 0;
  const cross = new Float64Array(k * k);
  const residual = new Float64Array(k);
  const centred = columns.map(() => new Float64Array(BLOCK));
  for (let start = 0; start < rows; start += BLOCK) {
    const length = Math.min(BLOCK, rows - start);
    for (let a = 0; a < k; a++) {
      const source = columns[a];
      const target = centred[a];
      const mean = means[a];
      let sum = 0;
      for (let i = 0; i < length; i++) {
        const d = source[start + i] - mean;
        target[i] = d;
        sum += d;
      }
      residual[a] += sum;
    }
    for (let a = 0; a < k; a++) {
      const x = centred[a];
      for (let b = a; b < k; b++) {
        const y = centred[b];
        let sum = 0;
        for (let i = 0; i < length; i++) sum += x[i] * y[i];
        cross[a * k + b] += sum;
      }
    }
  }
  return { cross, residual };
}

/** Pearson r and n over the rows where both are present (NaN = missing), centred on the given means. */
function maskedPearson(x: Float64Array, y: Float64Array, meanX: number, meanY: number): { r: number | null; n: number } {
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
  for (let i = 0; i < x.length; i++) {
    const vx = x[i];
    const vy = y[i];
    if (vx !== vx || vy !== vy) continue;
    if (n === 0) {
      firstX = vx;
      firstY = vy;
    } else {
      if (vx !== firstX) varyX = true;
      if (vy !== firstY) varyY = true;
    }
    const dx = vx - meanX;
    const dy = vy - meanY;
    n++;
    sx += dx;
    sy += dy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!varyX || !varyY || n < 2) return { r: null, n };
  return { r: correlationFromSums(n, sx, sy, sxx, syy, sxy), n };
}

/** r from centred sums, with the two-pass residual correction: S_xy = sum dx dy - (sum dx)(sum dy) / n. */
function correlationFromSums(n: number, sx: number, sy: number, sxx: number, syy: number, sxy: number): number {
  const cxx = sxx - (sx * sx) / n;
  const cyy = syy - (sy * sy) / n;
  const cxy = sxy - (sx * sy) / n;
  return clampCorrelation(cxy / Math.sqrt(cxx * cyy));
}

/** Centred average ranks (rank - mean rank) of the present values, NaN where missing or where `other` is missing. */
function centredRanks(values: Float64Array, order: Uint32Array, other: Float64Array): { ranks: Float64Array; present: number; distinct: number } {
  const n = values.length;
  const ranks = new Float64Array(n).fill(NaN);
  const kept = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const row = order[i];
    if (values[row] !== values[row]) break; // NaN sorts last
    if (other[row] === other[row]) kept[m++] = row;
  }
  const meanRank = (m + 1) / 2;
  let distinct = 0;
  let start = 0;
  while (start < m) {
    const v = values[kept[start]];
    let end = start + 1;
    while (end < m && values[kept[end]] === v) end++;
    // Positions start..end-1 share the ranks start+1..end; their average is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2 - meanRank;
    for (let j = start; j < end; j++) ranks[kept[j]] = rank;
    distinct++;
    start = end;
  }
  return { ranks, present: m, distinct };
}

/** Every pair (i < j) of `columns`, in order (0,1), (0,2), ..., (1,2), ... */
export function correlationMatrix(columns: Float64Array[], options: CorrelationMatrixOptions = {}): CorrelationMatrixResult {
  const method = options.method ?? 'pearson';
  const confLevel = options.confLevel ?? 0.95;
  const rows = columns.length > 0 ? columns[0].length : 0;
  for (const c of columns) if (c.length !== rows) throw new RangeError('correlationMatrix: columns differ in length');

  let summaries = columns.map(summarise);
  let completeRows = rows;
  if (summaries.some((s) => s.missing > 0)) {
    const complete = new Uint8Array(rows).fill(1);
    for (const c of columns) for (let i = 0; i < rows; i++) if (c[i] !== c[i]) complete[i] = 0;
    completeRows = 0;
    for (let i = 0; i < rows; i++) completeRows += complete[i];
    if (options.missing === 'listwise') {
      summaries = columns.map((c) => {
        const kept = new Float64Array(completeRows);
        let m = 0;
        for (let i = 0; i < rows; i++) if (complete[i]) kept[m++] = c[i];
        return summarise(kept);
      });
    }
  }
  const k = summaries.length;
  const tests: CorrelationTest[][] = Array.from({ length: k }, () => new Array<CorrelationTest>(k));

  if (method === 'pearson' || method === 'spearman') {
    // The analysed values: the data (Pearson) or their centred ranks (Spearman), with their means.
    const analysed: Float64Array[] = [];
    const means: number[] = [];
    const constant: boolean[] = [];
    const orders: (Uint32Array | undefined)[] = [];
    for (const s of summaries) {
      if (method === 'pearson') {
        analysed.push(s.values);
        means.push(s.mean);
        constant.push(s.constant);
        orders.push(undefined);
      } else {
        // Ranks centred on their mean (m + 1) / 2: exact, since ranks are multiples of 1/2.
        const { ranks, order, distinct, present } = rankWithOrder(s.values);
        const meanRank = (present + 1) / 2;
        for (let i = 0; i < ranks.length; i++) ranks[i] -= meanRank;
        analysed.push(ranks);
        means.push(0);
        constant.push(distinct < 2);
        orders.push(order);
      }
    }
    const full = summaries.map((s, a) => (s.missing === 0 ? a : -1)).filter((a) => a >= 0);
    const { cross, residual } = blockedCrossProducts(full.map((a) => analysed[a]), full.map((a) => means[a]));
    const position = new Int32Array(k).fill(-1);
    full.forEach((a, index) => (position[a] = index));
    const m = full.length;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        let r: number | null;
        let n: number;
        if (position[a] >= 0 && position[b] >= 0) {
          const pa = position[a];
          const pb = position[b];
          n = summaries[a].values.length;
          r = constant[a] || constant[b] || n < 2
            ? null
            : correlationFromSums(n, residual[pa], residual[pb], cross[pa * m + pa], cross[pb * m + pb], cross[pa * m + pb]);
        } else if (method === 'pearson') {
          ({ r, n } = maskedPearson(analysed[a], analysed[b], means[a], means[b]));
        } else {
          // Rank each column among the rows where the other is present too, as cor.test does.
          const x = centredRanks(summaries[a].values, orders[a]!, summaries[b].values);
          const y = centredRanks(summaries[b].values, orders[b]!, summaries[a].values);
          ({ r, n } = maskedPearson(x.ranks, y.ranks, 0, 0));
        }
        tests[a][b] = method === 'pearson' ? pearsonTestFromEstimate(r, n, confLevel) : spearmanTestFromEstimate(r, n);
      }
    }
  } else {
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const [x, y] = completePairs(summaries[a].values, summaries[b].values);
        tests[a][b] = kendallTest(x, y);
      }
    }
  }

  const pairs: CorrelationPair[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) pairs.push({ x: a, y: b, ...tests[a][b], pAdjusted: null });
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
