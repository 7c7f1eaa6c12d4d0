/**
 * The k-sample log-rank test and the Fleming–Harrington G^rho family, as R's survdiff(..., rho = rho)
 * (survival 3.5: R/survdiff.R and the C routine src/survdiff2.c).
 *
 * At each distinct time t with n(t) at risk, d(t) events and n_g(t) at risk in group g, with weight
 * w(t) = S(t-)^rho, where S(t-) is the left-continuous Kaplan–Meier estimate of the pooled sample
 * (within stratum):
 *   O_g  = sum_t w(t) d_g(t)                                (weighted, as survdiff reports it)
 *   E_g  = sum_t w(t) d(t) n_g(t) / n(t)
 *   V_gh = sum_t w(t)^2 d(t) (n(t) - d(t)) / (n(t) - 1) * (n_g(t)/n(t)) (delta_gh - n_h(t)/n(t))
 * rho = 0 is the log-rank test, rho = 1 the Peto–Peto modification of the Gehan–Wilcoxon test.
 * With strata, O, E and V are summed over strata and the weight's Kaplan–Meier is taken within each.
 *
 *   chisq = (O - E)' V^- (O - E), over the groups with E_g > 0 leaving out the first of them,
 *   df    = (number of groups with E_g > 0) - 1.
 *
 * Times closer than R's aeqSurv tolerance (sqrt of machine epsilon, absolute or relative to the mean
 * absolute distinct time) are tied, as survdiff(timefix = TRUE); see timefix.ts.
 *
 * Where R stops (one group) or reports a degenerate test (fewer than two groups with expected events,
 * where R prints chisq = 0 and a meaningless p), chisq and p are null and a warning says why.
 */
import { solveLinear } from './linear-algebra';
import { chiSquareUpperTail } from './distributions';
import { denseCodes, sortOrder } from './sort-order';
import { aeqSurv } from './timefix';

export interface TestWarning {
  code: string;
  message: string;
}

export interface LogRankOptions {
  /** Stratum codes 0..s-1 (R's strata() term). */
  strata?: Int32Array;
  /** Fleming–Harrington rho >= 0 (0 log-rank, 1 Peto–Peto). */
  rho?: number;
  /** Number of group codes; defaults to max(group) + 1. */
  nGroups?: number;
}

export interface LogRankResult {
  rho: number;
  /** Subjects per group. */
  n: number[];
  /** Weighted observed events per group, summed over strata. */
  observed: number[];
  /** Weighted expected events per group, summed over strata. */
  expected: number[];
  /** k x k variance matrix of O - E. */
  variance: number[][];
  chisq: number | null;
  df: number;
  p: number | null;
  warnings: TestWarning[];
}

/** Rows sorted once by stratum then time, with the tie classes of the times; reusable for subsets. */
export interface SurvivalOrder {
  /** Row indices sorted by stratum, then time (stable). */
  order: Uint32Array;
  /** Per row: rows sharing a class share a time (after the near-tie merge); classes increase with time. */
  timeClass: Int32Array;
  strata: Int32Array | undefined;
}

/** Sort rows by stratum and time and classify tied times, as survdiff does before its C routine. */
export function survivalOrder(time: Float64Array, strata?: Int32Array): SurvivalOrder {
  const n = time.length;
  // survdiff(timefix = TRUE): near-tied times are merged first (aeqSurv), then ties are exact.
  const fixedTime = aeqSurv(time);
  const byTime = sortOrder(fixedTime);
  const timeClass = new Int32Array(n);
  let currentClass = 0;
  for (let i = 1; i < n; i++) {
    if (fixedTime[byTime[i]] !== fixedTime[byTime[i - 1]]) currentClass++;
    timeClass[byTime[i]] = currentClass;
  }
  if (!strata) return { order: byTime, timeClass, strata: undefined };

  // Stable counting sort by stratum keeps the time order within each stratum.
  let nStrata = 0;
  for (let i = 0; i < n; i++) if (strata[i] + 1 > nStrata) nStrata = strata[i] + 1;
  const start = new Uint32Array(nStrata + 1);
  for (let i = 0; i < n; i++) start[strata[i] + 1]++;
  for (let s = 0; s < nStrata; s++) start[s + 1] += start[s];
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const row = byTime[i];
    order[start[strata[row]]++] = row;
  }
  return { order, timeClass, strata };
}

/** The data laid out in stratum and time order, position by position, so the test reads it in sequence. */
export interface SortedSurvival {
  timeClass: Int32Array;
  status: Uint8Array;
  group: Int32Array;
  /** Stratum at each position; undefined without strata. */
  stratum: Int32Array | undefined;
}

/**
 * Sorts once and lays the rows out in that order. Usually one counting sort: the time classes are the
 * codes of the distinct (merged) times, by direct indexing for whole numbers, and each row is written
 * straight to its place by (stratum, class); survivalOrder's radix sort and gather otherwise (when the
 * strata x classes table would be large, or a time is missing).
 */
export function sortSurvival(time: Float64Array, status: Uint8Array, group: Int32Array, strata?: Int32Array): SortedSurvival {
  const counted = countingSortSurvival(time, status, group, strata);
  if (counted) return counted;
  const { order, timeClass } = survivalOrder(time, strata);
  const n = order.length;
  const sorted: SortedSurvival = {
    timeClass: new Int32Array(n),
    status: new Uint8Array(n),
    group: new Int32Array(n),
    stratum: strata ? new Int32Array(n) : undefined,
  };
  for (let i = 0; i < n; i++) {
    const row = order[i];
    sorted.timeClass[i] = timeClass[row];
    sorted.status[i] = status[row];
    sorted.group[i] = group[row];
    if (strata) sorted.stratum![i] = strata[row];
  }
  return sorted;
}

function countingSortSurvival(time: Float64Array, status: Uint8Array, group: Int32Array, strata?: Int32Array): SortedSurvival | null {
  const n = time.length;
  const coded = denseCodes(aeqSurv(time));
  if (coded.counts[0] > 0) return null;
  const classes = coded.distinct;
  let nStrata = 1;
  if (strata) for (let i = 0; i < n; i++) if (strata[i] + 1 > nStrata) nStrata = strata[i] + 1;
  if (nStrata * classes > 4 * n + 65536) return null;
  const codes = coded.codes; // 1 + time class
  const start = new Int32Array(nStrata * classes + 1);
  for (let i = 0; i < n; i++) start[(strata ? strata[i] * classes : 0) + codes[i]]++;
  for (let key = 0; key < nStrata * classes; key++) start[key + 1] += start[key];
  const sorted: SortedSurvival = {
    timeClass: new Int32Array(n),
    status: new Uint8Array(n),
    group: new Int32Array(n),
    stratum: strata ? new Int32Array(n) : undefined,
  };
  for (let i = 0; i < n; i++) {
    const timeClass = codes[i] - 1;
    const at = start[(strata ? strata[i] * classes : 0) + timeClass]++;
    sorted.timeClass[at] = timeClass;
    sorted.status[at] = status[i];
    sorted.group[at] = group[i];
    if (strata) sorted.stratum![at] = strata[i];
  }
  return sorted;
}

/**
 * The G^rho test on data laid out in stratum and time order (sortSurvival). Group codes index 0..nGroups-1.
 *
 * Cost: linear in the rows plus O(k) per (group, time) at which a group's number at risk changes, plus
 * the (k-1) x (k-1) solve; never k^2 per event time. Between two changes of n_g and n_h the products
 * n_g n_h are constant, so each sum over t is kept as a running sum of its time factor, and a group's
 * terms are brought up to date only when its number at risk changes:
 *   E_g  = sum_t n_g(t) e(t),                 e(t) = w d / n
 *   V_gh = delta_gh sum_t n_g(t) c(t) - sum_t n_g(t) n_h(t) c(t) / n(t),   c(t) = w^2 d (n - d) / (n (n - 1))
 * which is the per-time formula of the file header, summed in another order.
 */
export function logRankSorted(sorted: SortedSurvival, nGroups: number, rho = 0): LogRankResult {
  const k = nGroups;
  const { timeClass, status, group, stratum: strata } = sorted;
  const m = timeClass.length;
  const counts = new Float64Array(k);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k); // upper triangle (g <= h) until the end
  const atRisk = new Float64Array(k);
  // Running sums of e(t), c(t) and c(t)/n(t) within the stratum, and their values when each group
  // (or pair of groups) was last brought up to date.
  const expectedSince = new Float64Array(k);
  const diagonalSince = new Float64Array(k);
  const productSince = new Float64Array(k * k);
  const changed = new Uint8Array(k);
  const changedList = new Int32Array(k);

  let segmentStart = 0;
  while (segmentStart < m) {
    let segmentEnd = segmentStart + 1;
    if (strata) {
      const stratum = strata[segmentStart];
      while (segmentEnd < m && strata[segmentEnd] === stratum) segmentEnd++;
    } else segmentEnd = m;

    atRisk.fill(0);
    for (let i = segmentStart; i < segmentEnd; i++) atRisk[group[i]]++;
    for (let g = 0; g < k; g++) counts[g] += atRisk[g];
    let expectedSum = 0;
    let diagonalSum = 0;
    let productSum = 0;
    expectedSince.fill(0);
    diagonalSince.fill(0);
    productSince.fill(0);

    // Walk forward through the distinct times; `survivalBefore` is the pooled KM just before t.
    let survivalBefore = 1;
    let i = segmentStart;
    while (i < segmentEnd) {
      const timeId = timeClass[i];
      let j = i;
      let deaths = 0;
      while (j < segmentEnd && timeClass[j] === timeId) {
        deaths += status[j];
        j++;
      }
      const nRisk = segmentEnd - i;
      if (deaths > 0) {
        const weight = rho === 0 ? 1 : Math.pow(survivalBefore, rho);
        for (let r = i; r < j; r++) if (status[r] === 1) observed[group[r]] += weight;
        expectedSum += (weight * deaths) / nRisk;
        if (nRisk > 1) {
          const c = (weight * weight * deaths * (nRisk - deaths)) / (nRisk * (nRisk - 1));
          diagonalSum += c;
          productSum += c / nRisk;
        }
        survivalBefore *= (nRisk - deaths) / nRisk;
      }
      // The groups leaving the risk set after t: bring their sums up to date, then count them out.
      let nChanged = 0;
      for (let r = i; r < j; r++) {
        const g = group[r];
        if (!changed[g]) {
          changed[g] = 1;
          changedList[nChanged++] = g;
        }
      }
      for (let q = 0; q < nChanged; q++) {
        const g = changedList[q];
        const ng = atRisk[g];
        expected[g] += ng * (expectedSum - expectedSince[g]);
        expectedSince[g] = expectedSum;
        variance[g * k + g] += ng * (diagonalSum - diagonalSince[g]);
        diagonalSince[g] = diagonalSum;
        for (let h = 0; h < k; h++) {
          const nh = atRisk[h];
          if (nh === 0) continue;
          const cell = g <= h ? g * k + h : h * k + g;
          variance[cell] -= ng * nh * (productSum - productSince[cell]);
          productSince[cell] = productSum;
        }
      }
      for (let r = i; r < j; r++) atRisk[group[r]]--;
      for (let q = 0; q < nChanged; q++) changed[changedList[q]] = 0;
      i = j;
    }
    segmentStart = segmentEnd;
  }
  for (let g = 0; g < k; g++) for (let h = g + 1; h < k; h++) variance[h * k + g] = variance[g * k + h];

  const varianceMatrix = Array.from({ length: k }, (_, g) => Array.from(variance.subarray(g * k, (g + 1) * k)));
  const result: LogRankResult = {
    rho,
    n: Array.from(counts),
    observed: Array.from(observed),
    expected: Array.from(expected),
    variance: varianceMatrix,
    chisq: null,
    df: 0,
    p: null,
    warnings: [],
  };

  return groupScoreTest(result, observed, expected, variance, k, result.n.filter((c) => c > 0).length, true);
}

/**
 * The test of O − E over the groups with E > 0, the first of them dropped, as survdiff: U = (O − E) on the
 * free groups, chisq = Uᵀ V⁻¹ U with df = (groups tested) − 1. Fills result.df, chisq, p and warnings: one
 * group with data, fewer than two groups at risk at an event time, a singular variance. Shared by the
 * log-rank (rNotes: what R does in each case, in survdiff's words) and the score tests of coxph it stands
 * for on intervals (log-rank-counting.ts) and with case weights (log-rank-case-weights.ts).
 */
export function groupScoreTest(
  result: LogRankResult,
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
  variance: ArrayLike<number>,
  k: number,
  groupsWithData: number,
  rNotes: boolean,
): LogRankResult {
  if (groupsWithData < 2) {
    result.warnings.push({ code: 'single-group', message: `Only one group has data, so there is nothing to compare${rNotes ? ' (R stops: "There is only 1 group")' : ''}.` });
    return result;
  }
  // As survdiff: test over the groups with expected > 0, dropping the first of them.
  const tested: number[] = [];
  for (let g = 0; g < k; g++) if (expected[g] > 0) tested.push(g);
  if (tested.length < 2) {
    result.df = Math.max(0, tested.length - 1);
    result.warnings.push({
      code: 'no-test',
      message: `Fewer than two groups have anyone at risk at an event time, so the groups cannot be compared${rNotes ? ' (R reports chisq = 0)' : ''}.`,
    });
    return result;
  }
  const free = tested.slice(1);
  const difference = free.map((g) => observed[g] - expected[g]);
  const solution = solveLinear(
    free.map((g) => free.map((h) => variance[g * k + h])),
    difference,
  );
  result.df = tested.length - 1;
  if (!solution) {
    result.warnings.push({ code: 'singular-variance', message: `The variance matrix of observed minus expected is singular, so the test statistic is undefined${rNotes ? ' (R stops in solve())' : ''}.` });
    return result;
  }
  let chisq = 0;
  for (let a = 0; a < free.length; a++) chisq += solution[a] * difference[a];
  result.chisq = chisq;
  result.p = chiSquareUpperTail(chisq, result.df);
  return result;
}

/** The G^rho test of `group` (codes 0..k-1), optionally stratified; see the file header. */
export function logRankTest(time: Float64Array, status: Uint8Array, group: Int32Array, options: LogRankOptions = {}): LogRankResult {
  const rho = options.rho ?? 0;
  if (!(rho >= 0) || !Number.isFinite(rho)) throw new RangeError(`rho must be a finite number >= 0, got ${rho}`);
  let nGroups = options.nGroups ?? 0;
  if (options.nGroups === undefined) for (let i = 0; i < group.length; i++) if (group[i] + 1 > nGroups) nGroups = group[i] + 1;
  return logRankSorted(sortSurvival(time, status, group, options.strata), nGroups, rho);
}
