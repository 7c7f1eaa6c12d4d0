/**
 * Cluster-robust ("sandwich") variance of Cox coefficients, as R's coxph(… + cluster(id)) (survival 3.5:
 * R/coxph.R's robust block, residuals.coxph type "score"/"dfbeta", src/agscore3.c for (start, stop]
 * data; Lin & Wei 1989, JASA 84:1074). Also for right-censored data, given start = 0.
 *
 * Score residual of row i (for (start, stop] data within its stratum), with r_i = exp(η_i),
 * x̄(t) = Σ_risk r x / Σ_risk r and the hazard increment h(t) = d(t) / Σ_risk r:
 *     L_i = Σ_{t event, start_i < t <= stop_i} [ (x_i − x̄(t)) dN_i(t) − r_i (x_i − x̄(t)) h(t) ].
 * Efron ties (agscore3): the d events at t are d steps k = 0..d−1 with the events down-weighted by k/d:
 *     D_k = S0 − (k/d) S0_D, x̄_k = (S1 − (k/d) S1_D) / D_k, h_k = 1 / D_k;
 * a row at risk but without an event gets −r_i Σ_k (x_i − x̄_k) h_k; a row with an event at t gets
 *     (x_i − mean_k x̄_k) − r_i Σ_k (1 − k/d)(x_i − x̄_k) h_k.
 * The sums over event times are taken as differences of cumulative sums, as agscore3 does.
 *
 * dfbeta = L V (V the model-based variance), summed within each cluster; the robust variance is
 * D = Σ_clusters dfbeta dfbetaᵀ (R's crossprod of the collapsed dfbeta). Tests as summary.coxph:
 * the robust Wald test βᵀ D⁻ β over the non-redundant coefficients (coxph.wtest), and the robust
 * score test UᵀB⁻U where the score residuals are taken at β = 0, summed within clusters (B = their
 * crossproduct, U = their total), R's fit$rscore. Both on df = number of non-redundant coefficients.
 *
 * Case weights w (coxph(…, weights = w), whose robust variance is R's default when a weight is fractional,
 * each row its own cluster): the risk sums hold w r, the hazard increment is Σ_events w / Σ_risk w r (Efron:
 * each step with the events' mean weight), and dfbeta is w_i L_i V (residuals.coxph(type = "dfbeta",
 * weighted = TRUE)); the robust score test likewise sums w_i L_i(β = 0). Without weights every w is 1.
 */
import { chiSquareUpperTail } from './distributions';
import { waldStatistic, type CoxTest, type CoxTies } from './cox';
import { countAtOrBelow, orderByStratumDescending, stratumCodes, waldOnKept } from './cox-counting-process';

export interface ScoreResidualInput {
  /** Interval start and stop as fitted (after timefix); start 0 for right-censored data. */
  start: Float64Array;
  stop: Float64Array;
  status: Uint8Array;
  covariates: Float64Array[];
  strata?: Int32Array | null;
  /** η_i per row (any centring: residuals do not depend on it). */
  linearPredictor: Float64Array;
  ties: CoxTies;
  /** Case weights; absent: every row weighs 1. The residuals returned are L_i, not yet multiplied by w_i. */
  weights?: Float64Array | null;
}

/** Score residuals (R's residuals(fit, type = "score")), n×p row-major. */
export function scoreResiduals(input: ScoreResidualInput): Float64Array {
  const { start, stop, status, covariates, linearPredictor } = input;
  const strata = input.strata ?? null;
  const n = start.length;
  const p = covariates.length;
  const efron = input.ties === 'efron';
  const residuals = new Float64Array(n * p);
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) risk[i] = Math.exp(linearPredictor[i]);
  const weight = input.weights ?? null;
  const x = new Float64Array(n * p);
  for (let k = 0; k < p; k++) for (let i = 0; i < n; i++) x[i * p + k] = covariates[k][i];

  // Rows by (stratum, stop descending) and (stratum, start descending); stratum blocks at the same offsets.
  const codes = stratumCodes(strata, n);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const byStop = orderByStratumDescending(all, stop, codes);
  const byStart = orderByStratumDescending(all, start, codes);
  const blockStart = new Int32Array(codes.count + 1);
  for (let i = 0; i < n; i++) blockStart[codes.codes[i] + 1]++;
  for (let s = 0; s < codes.count; s++) blockStart[s + 1] += blockStart[s];

  // Distinct event times per stratum, ascending, at offsets timeStart[s].
  const timeStart = new Int32Array(codes.count + 1);
  const timesDescending: number[] = [];
  for (let s = 0; s < codes.count; s++) {
    timeStart[s] = timesDescending.length;
    let last = NaN;
    for (let m = blockStart[s]; m < blockStart[s + 1]; m++) {
      const row = byStop[m];
      if (status[row] === 1 && stop[row] !== last) timesDescending.push((last = stop[row]));
    }
    // Reverse this stratum's run to ascending order.
    for (let lo = timeStart[s], hi = timesDescending.length - 1; lo < hi; lo++, hi--) {
      const tmp = timesDescending[lo];
      timesDescending[lo] = timesDescending[hi];
      timesDescending[hi] = tmp;
    }
  }
  timeStart[codes.count] = timesDescending.length;
  const eventTimes = Float64Array.from(timesDescending);
  const nTimes = eventTimes.length;

  // Per event time t: the hazard increment and Σ x̄ h; for its events Breslow's x̄, or Efron's mean of
  // x̄_k, Σ h_k k/d and Σ x̄_k h_k k/d. Then per stratum cumulative sums (index s + t + 1, 0 before the first time).
  const hazardAt = new Float64Array(nTimes);
  const meanHazardAt = new Float64Array(nTimes * p);
  const eventMean = new Float64Array(nTimes * p);
  const efronHazard = new Float64Array(nTimes);
  const efronMeanHazard = new Float64Array(nTimes * p);
  const joined = new Uint8Array(n);
  const riskSum1 = new Float64Array(p);
  const deathSum1 = new Float64Array(p);
  for (let s = 0; s < codes.count; s++) {
    let joining = blockStart[s];
    let leaving = blockStart[s];
    const end = blockStart[s + 1];
    let riskSum0 = 0;
    let atRisk = 0;
    riskSum1.fill(0);
    for (let t = timeStart[s + 1] - 1; t >= timeStart[s]; t--) {
      const time = eventTimes[t];
      for (; leaving < end && start[byStart[leaving]] >= time; leaving++) {
        const row = byStart[leaving];
        if (!joined[row]) continue; // never at risk at a later event time
        atRisk--;
        if (atRisk === 0) {
          riskSum0 = 0;
          riskSum1.fill(0);
        } else {
          const wr = weight ? weight[row] * risk[row] : risk[row];
          riskSum0 -= wr;
          for (let k = 0; k < p; k++) riskSum1[k] -= wr * x[row * p + k];
        }
      }
      let deaths = 0;
      let deathWeight = 0;
      let deathSum0 = 0;
      deathSum1.fill(0);
      for (; joining < end && stop[byStop[joining]] >= time; joining++) {
        const row = byStop[joining];
        if (start[row] >= time) continue; // starts at or after every event time it spans: never at risk
        joined[row] = 1;
        atRisk++;
        const r = weight ? weight[row] * risk[row] : risk[row];
        riskSum0 += r;
        for (let k = 0; k < p; k++) riskSum1[k] += r * x[row * p + k];
        if (status[row] === 1 && stop[row] === time) {
          deaths++;
          deathWeight += weight ? weight[row] : 1;
          deathSum0 += r;
          for (let k = 0; k < p; k++) deathSum1[k] += r * x[row * p + k];
        }
      }
      if (!efron || deaths < 2) {
        const hazard = (weight ? deathWeight : deaths) / riskSum0;
        hazardAt[t] = hazard;
        for (let k = 0; k < p; k++) {
          const mean = riskSum1[k] / riskSum0;
          eventMean[t * p + k] = mean;
          meanHazardAt[t * p + k] = mean * hazard;
        }
      } else {
        let hazardTotal = 0;
        const meanWeight = weight ? deathWeight / deaths : 1;
        for (let step = 0; step < deaths; step++) {
          const downWeight = step / deaths;
          const denominator = riskSum0 - downWeight * deathSum0;
          const hazard = meanWeight / denominator;
          hazardTotal += hazard;
          efronHazard[t] += hazard * downWeight;
          for (let k = 0; k < p; k++) {
            const xbar = (riskSum1[k] - downWeight * deathSum1[k]) / denominator;
            meanHazardAt[t * p + k] += xbar * hazard;
            efronMeanHazard[t * p + k] += xbar * hazard * downWeight;
            eventMean[t * p + k] += xbar / deaths;
          }
        }
        hazardAt[t] = hazardTotal;
      }
    }
  }
  const cumHazard = new Float64Array(nTimes + codes.count);
  const cumMeanHazard = new Float64Array((nTimes + codes.count) * p);
  for (let s = 0; s < codes.count; s++) {
    for (let t = timeStart[s]; t < timeStart[s + 1]; t++) {
      const c = s + t + 1;
      cumHazard[c] = cumHazard[c - 1] + hazardAt[t];
      for (let k = 0; k < p; k++) cumMeanHazard[c * p + k] = cumMeanHazard[(c - 1) * p + k] + meanHazardAt[t * p + k];
    }
  }

  for (let row = 0; row < n; row++) {
    const s = codes.codes[row];
    const first = timeStart[s];
    const last = timeStart[s + 1];
    if (first === last) continue;
    const low = countAtOrBelow(eventTimes, first, last, start[row]);
    const high = countAtOrBelow(eventTimes, first, last, stop[row]);
    if (high === low) continue;
    const r = risk[row];
    // Cumulative index of "through event time t" is s + t + 1; "before the first" is s + first.
    const hazard = cumHazard[s + high] - cumHazard[s + low];
    for (let k = 0; k < p; k++) {
      const xk = x[row * p + k];
      residuals[row * p + k] = -r * (xk * hazard - (cumMeanHazard[(s + high) * p + k] - cumMeanHazard[(s + low) * p + k]));
    }
    if (status[row] === 1) {
      const t = high - 1; // stop is the event time eventTimes[high − 1]
      for (let k = 0; k < p; k++) {
        const xk = x[row * p + k];
        residuals[row * p + k] += xk - eventMean[t * p + k];
        if (efron) residuals[row * p + k] += r * (xk * efronHazard[t] - efronMeanHazard[t * p + k]);
      }
    }
  }
  return residuals;
}

/** Rows summed within clusters: k×p row-major, clusters in order of first appearance (R's rowsum up to order). */
export function sumWithinClusters(values: Float64Array, p: number, cluster: ArrayLike<number>): { sums: Float64Array; clusters: number } {
  const index = clusterIndex(cluster);
  const sums = new Float64Array(index.count * p);
  for (let i = 0; i < cluster.length; i++) {
    const base = index.codes[i] * p;
    for (let k = 0; k < p; k++) sums[base + k] += values[i * p + k];
  }
  return { sums, clusters: index.count };
}

/** Cluster codes 0..k-1 in order of first appearance: a direct table for whole numbers in a small range, a Map otherwise. */
function clusterIndex(cluster: ArrayLike<number>): { codes: Int32Array; count: number } {
  const n = cluster.length;
  const codes = new Int32Array(n);
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const c = cluster[i];
    if (c !== Math.floor(c)) whole = false;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  let count = 0;
  if (whole && n > 0 && max - min <= 4 * n + 1024) {
    const table = new Int32Array(max - min + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const slot = cluster[i] - min;
      if (table[slot] < 0) table[slot] = count++;
      codes[i] = table[slot];
    }
    return { codes, count };
  }
  const code = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let c = code.get(cluster[i]);
    if (c === undefined) code.set(cluster[i], (c = count++));
    codes[i] = c;
  }
  return { codes, count };
}

/** Each row i of an n×p row-major matrix times w_i, in place (nothing without weights). */
function weighRows(values: Float64Array, p: number, weights: Float64Array | null | undefined): Float64Array {
  if (!weights) return values;
  for (let i = 0; i < weights.length; i++) for (let k = 0; k < p; k++) values[i * p + k] *= weights[i];
  return values;
}

/** AᵀA for a k×p row-major A. */
function crossProduct(a: Float64Array, rows: number, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < p; i++) {
      const v = a[r * p + i];
      if (v === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j] += v * a[r * p + j];
    }
  }
  return out;
}

export interface RobustVarianceInput {
  start: Float64Array;
  stop: Float64Array;
  status: Uint8Array;
  covariates: Float64Array[];
  strata?: Int32Array | null;
  /** Cluster per row (any integers, e.g. the participant id). */
  cluster: ArrayLike<number>;
  ties: CoxTies;
  /** The fitted model: β (NaN for a redundant column), its model-based variance, η per row. */
  coefficients: Float64Array;
  variance: Float64Array;
  linearPredictor: Float64Array;
  /** Case weights; absent: every row weighs 1. */
  weights?: Float64Array | null;
}

export interface RobustVariance {
  clusters: number;
  /** p×p row-major, R's fit$var under cluster(). */
  variance: Float64Array;
  /** sqrt of its diagonal; NaN for a redundant column. */
  standardErrors: Float64Array;
  /** summary.coxph's "Robust" score test (fit$rscore). */
  scoreTest: CoxTest;
  /** summary.coxph's Wald test with the robust variance. */
  waldTest: CoxTest;
}

export function clusterRobustVariance(input: RobustVarianceInput): RobustVariance {
  const { coefficients, variance, cluster } = input;
  const p = input.covariates.length;
  const n = input.start.length;
  if (cluster.length !== n) throw new Error('clusterRobustVariance: cluster differs in length from start');
  const kept: number[] = [];
  for (let k = 0; k < p; k++) if (!Number.isNaN(coefficients[k])) kept.push(k);
  const df = kept.length;

  // dfbeta = (weighted) score residuals × model variance, summed within clusters.
  const residuals = weighRows(scoreResiduals(input), p, input.weights);
  const { sums, clusters } = sumWithinClusters(residuals, p, cluster);
  const dfbeta = new Float64Array(clusters * p);
  for (let c = 0; c < clusters; c++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += sums[c * p + k] * variance[k * p + j];
      dfbeta[c * p + j] = s;
    }
  }
  const robust = crossProduct(dfbeta, clusters, p);
  const standardErrors = new Float64Array(p);
  for (let k = 0; k < p; k++) standardErrors[k] = Number.isNaN(coefficients[k]) ? NaN : Math.sqrt(robust[k * p + k]);

  // Robust score test: score residuals at β = 0, summed within clusters.
  const nullResiduals = weighRows(scoreResiduals({ ...input, linearPredictor: new Float64Array(n) }), p, input.weights);
  const nullSums = sumWithinClusters(nullResiduals, p, cluster);
  const total = new Float64Array(p);
  for (let c = 0; c < nullSums.clusters; c++) for (let k = 0; k < p; k++) total[k] += nullSums.sums[c * p + k];
  const scoreStatistic = waldStatistic(crossProduct(nullSums.sums, nullSums.clusters, p), total, p).statistic;

  const test = (statistic: number): CoxTest =>
    Number.isFinite(statistic) && df > 0 ? { statistic, df, p: chiSquareUpperTail(statistic, df) } : { statistic: Number.isFinite(statistic) ? statistic : null, df, p: null };
  return {
    clusters,
    variance: robust,
    standardErrors,
    scoreTest: test(scoreStatistic),
    waldTest: test(waldOnKept(robust, coefficients, p, kept)),
  };
}
