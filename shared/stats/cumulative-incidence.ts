/**
 * Cumulative incidence functions under competing risks (Aalen–Johansen estimator), per cause and
 * group, with the variance estimate of Gray's cmprsk package, exactly as R `cmprsk::cuminc` returns
 * them (its Fortran routine `cinc`), and their values at chosen times as `cmprsk::timepoints` gives.
 * Reference: Gray RJ (1988), Ann Stat 16:1141–1154; cmprsk 2.2 (src/cincsub.f, src/tpoi.f).
 *
 * Estimate. With distinct times t_j, at-risk count r_j, d_kj failures from cause k and d_j from any
 * cause, and S(t_j-) the all-cause Kaplan–Meier just before t_j,
 *     F_k(t) = sum_{t_j <= t} S(t_j-) d_kj / r_j.
 *
 * Variance (cmprsk's delta-method form, not survfit's). Three running sums v1, v2, v3 pick up, at each
 * time with failures, a term for the cause of interest and a term for the other causes. For a block of
 * d failures (of one kind) the binomial-type weight is
 *     w = S(t_j-)^2 * (1 - (d - 1)/(r_j - 1)) * d / r_j^2          (the factor in brackets only if d > 1)
 * and with S_j = S(t_j) (after the time) and F = F_k(t_j):
 *     other causes (only if S_j > 0):  a = F / S_j,     b = 1 / S_j
 *     cause k:                         a = 1 + F / S_j, b = 1 / S_j   (a = 1, b = 0 when S_j = 0)
 *     v1 += a^2 w,   v2 += a b w,   v3 += b^2 w,
 * and the variance recorded at a failure of cause k is Var F_k(t_j) = v1 + F^2 v3 - 2 F v2.
 * Between failures of cause k the expression does not change (the other-cause terms cancel while
 * F is flat), so the variance, like the estimate, is a right-continuous step function.
 *
 * Curve layout (as cmprsk's `$time`, `$est`, `$var`, ready to draw as a step function): the first
 * point is (0, 0, 0); each distinct failure time of the cause gives two points, (t, value before t)
 * and (t, value at t); the last point carries the final value out to the group's largest time.
 *
 * Times are compared exactly, as cmprsk does: unlike survfit and survdiff, cuminc never merges near-tied
 * times (no timefix; see timefix.ts), so 0.1 + 0.2 and 0.3 are two times here, as in R.
 *
 * Cost: one radix sort of the times (O(n)), the rows gathered once into time order
 * (time-ordered-rows.ts), then one pass over them in sequence for every group and cause together; no
 * per-row allocation.
 */
import { orderByTime, timeOrderedRows } from './time-ordered-rows';

/** Step curve of one cause in one group, in cmprsk's corner layout (see the file header). */
export interface IncidenceCurve {
  /** Group code (0..nGroups-1). */
  group: number;
  /** Cause code (1..nCauses). */
  cause: number;
  /** Number of rows in the group. */
  n: number;
  /** Number of failures from this cause in the group. */
  events: number;
  /** Corner times: 0, t1, t1, t2, t2, ..., largest time in the group. */
  time: Float64Array;
  /** Cumulative incidence at each corner. */
  estimate: Float64Array;
  /** Gray's variance of the estimate at each corner. */
  variance: Float64Array;
}

export interface CumulativeIncidenceOptions {
  /** Group codes 0..nGroups-1 (default: one group). */
  group?: Int32Array;
  nGroups?: number;
  /** Row order by increasing time, as from orderByTime(time); computed when absent. */
  order?: Uint32Array;
  /** The rows are already in increasing order of time (as timeOrderedRows gives them): no order is used. */
  sorted?: boolean;
}

/** Growable list of (time, estimate, variance) corners for one curve. */
class CornerList {
  time: Float64Array;
  estimate: Float64Array;
  variance: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.estimate = new Float64Array(capacity);
    this.variance = new Float64Array(capacity);
  }
  push(t: number, f: number, v: number): void {
    if (this.length === this.time.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.time = grow(this.time);
      this.estimate = grow(this.estimate);
      this.variance = grow(this.variance);
    }
    this.time[this.length] = t;
    this.estimate[this.length] = f;
    this.variance[this.length] = v;
    this.length++;
  }
}

/**
 * Cumulative incidence of every cause 1..nCauses in every non-empty group, as cmprsk::cuminc.
 * `cause` codes 0 for censored and 1..nCauses for the causes. Curves come cause by cause and,
 * within a cause, in group order (cmprsk's order). A cause without failures in a group gives the
 * flat curve (0, 0) .. (largest time, 0).
 */
export function cumulativeIncidence(
  time: Float64Array,
  cause: Int32Array,
  nCauses: number,
  options: CumulativeIncidenceOptions = {},
): IncidenceCurve[] {
  const n = time.length;
  const nGroups = options.group ? (options.nGroups ?? maxPlusOne(options.group)) : 1;
  const group = options.group ?? new Int32Array(n);
  const K = nCauses;
  const stride = K + 1; // block counts per group: index 0 censored, 1..K causes

  const groupSize = new Float64Array(nGroups);
  for (let i = 0; i < n; i++) {
    const c = cause[i];
    if (c < 0 || c > K || !Number.isInteger(c)) throw new RangeError(`cause code ${c} outside 0..${K}`);
    groupSize[group[i]]++;
  }
  const atRisk = Float64Array.from(groupSize);
  const survivalBefore = new Float64Array(nGroups).fill(1); // all-cause KM S(t-) per group
  const lastTime = new Float64Array(nGroups);
  const incidence = new Float64Array(nGroups * K);
  const v1 = new Float64Array(nGroups * K);
  const v2 = new Float64Array(nGroups * K);
  const v3 = new Float64Array(nGroups * K);
  const events = new Float64Array(nGroups * K);
  const corners: CornerList[] = [];
  for (let s = 0; s < nGroups * K; s++) {
    const list = new CornerList(16);
    list.push(0, 0, 0);
    corners.push(list);
  }

  // The rows in time order, read in sequence below.
  const rows = options.sorted ? { time, cause, group } : timeOrderedRows(time, cause, group, options.order ?? orderByTime(time));
  const sortedTime = rows.time;
  const sortedCause = rows.cause;
  const sortedGroup = rows.group;

  const blockCount = new Int32Array(nGroups * stride);
  const blockTotal = new Int32Array(nGroups);
  const touched = new Int32Array(nGroups);

  let i = 0;
  while (i < n) {
    const t = sortedTime[i];
    let nTouched = 0;
    let j = i;
    for (; j < n && sortedTime[j] === t; j++) {
      const g = sortedGroup[j];
      if (blockTotal[g] === 0) touched[nTouched++] = g;
      blockTotal[g]++;
      blockCount[g * stride + sortedCause[j]]++;
    }
    for (let m = 0; m < nTouched; m++) {
      const g = touched[m];
      const rs = atRisk[g];
      const fk = survivalBefore[g];
      const failures = blockTotal[g] - blockCount[g * stride];
      if (failures > 0) {
        const fkn = (fk * (rs - failures)) / rs; // S(t_j)
        for (let k = 1; k <= K; k++) {
          const s = g * K + (k - 1);
          const nd1 = blockCount[g * stride + k];
          const nd2 = failures - nd1;
          let f = incidence[s];
          const before = f;
          if (nd1 > 0) f = f + (fk * nd1) / rs;
          if (nd2 > 0 && fkn > 0) {
            const t5 = nd2 > 1 ? 1 - (nd2 - 1) / (rs - 1) : 1;
            const t6 = (fk * fk * t5 * nd2) / (rs * rs);
            const b = 1 / fkn;
            const a = f / fkn;
            v1[s] += a * a * t6;
            v2[s] += b * a * t6;
            v3[s] += b * b * t6;
          }
          if (nd1 > 0) {
            const t5 = nd1 > 1 ? 1 - (nd1 - 1) / (rs - 1) : 1;
            const t6 = (fk * fk * t5 * nd1) / (rs * rs);
            const b = fkn > 0 ? 1 / fkn : 0;
            const a = 1 + b * f;
            v1[s] += a * a * t6;
            v2[s] += b * a * t6;
            v3[s] += b * b * t6;
            const list = corners[s];
            list.push(t, before, list.variance[list.length - 1]);
            list.push(t, f, v1[s] + f * f * v3[s] - 2 * f * v2[s]);
            incidence[s] = f;
            events[s] += nd1;
          }
        }
        survivalBefore[g] = fkn;
      }
      atRisk[g] = rs - blockTotal[g];
      lastTime[g] = t;
      blockTotal[g] = 0;
      for (let k = 0; k <= K; k++) blockCount[g * stride + k] = 0;
    }
    i = j;
  }

  const curves: IncidenceCurve[] = [];
  for (let k = 1; k <= K; k++) {
    for (let g = 0; g < nGroups; g++) {
      if (groupSize[g] === 0) continue;
      const s = g * K + (k - 1);
      const list = corners[s];
      list.push(lastTime[g], list.estimate[list.length - 1], list.variance[list.length - 1]);
      curves.push({
        group: g,
        cause: k,
        n: groupSize[g],
        events: events[s],
        time: list.time.slice(0, list.length),
        estimate: list.estimate.slice(0, list.length),
        variance: list.variance.slice(0, list.length),
      });
    }
  }
  return curves;
}

export interface IncidenceAtTimes {
  time: Float64Array;
  /** null before time 0 and after the group's largest time (R: NA). */
  estimate: (number | null)[];
  variance: (number | null)[];
}

/**
 * Estimate and variance of a curve at chosen times, as cmprsk::timepoints: the right-continuous
 * value at t for 0 <= t <= the group's largest time, null (NA) outside. Binary search per time.
 */
export function incidenceAtTimes(curve: IncidenceCurve, times: ArrayLike<number>): IncidenceAtTimes {
  const x = curve.time;
  const m = x.length;
  const last = x[m - 1];
  const out: IncidenceAtTimes = { time: Float64Array.from(times), estimate: [], variance: [] };
  for (let q = 0; q < times.length; q++) {
    const t = times[q];
    if (!(t <= last) || !(t >= x[0])) {
      out.estimate.push(null);
      out.variance.push(null);
      continue;
    }
    // Number of corners among x[0..m-2] that are <= t; the value sits at the corner after the last.
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    const index = lo; // lo >= 1 because x[0] <= t
    out.estimate.push(curve.estimate[index]);
    out.variance.push(curve.variance[index]);
  }
  return out;
}

function maxPlusOne(codes: Int32Array): number {
  let max = -1;
  for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  return max + 1;
}
