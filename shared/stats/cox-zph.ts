/**
 * Test of proportional hazards for a fitted Cox model, as R survival >= 3.0's
 * cox.zph(fit, transform = "km", terms = TRUE) (survival 3.5, noweb/zph.Rnw and src/zph1.c).
 *
 * Score-test form. Let beta(t) = beta + theta * g(t) for each covariate, with g(t) the "km" transform
 * g(t) = 1 - S(t-) (S the Kaplan-Meier curve of all the data, ignoring strata) centred at its mean over
 * the event times. The score test of theta = 0 is taken at (beta-hat, 0) without iterating: with x-bar(t)
 * and V(t) the risk-weighted mean and variance of the covariates over the risk set at event time t (Efron
 * or Breslow as in the fit), the 2p-vector of first derivatives is
 *   U = sum_events ( x_i - x-bar(t_i),  g(t_i) (x_i - x-bar(t_i)) )
 * whose first half is 0 at beta-hat, and the 2p x 2p information matrix is
 *   H = sum_events [ V   gV ; gV   g^2 V ].
 * For a term with columns J, the test is chisq = u' H_K^{-1} u with K = (1..p, p + J) and u = (0, U_{p+J}),
 * on |J| degrees of freedom; the global test uses all 2p rows.
 *
 * Scaled Schoenfeld residuals (for the residual plot): r_i = x_i - x-bar(t_i) (Efron: the mean of the
 * Efron-weighted means over the tied events), scaled by an averaged information per event:
 * V-mean = H_11 / (events that informed each element), then per stratum r V-mean^{-1} + beta-hat.
 * A term with several columns (a factor) is collapsed to one column by its linear predictor, r * beta_J,
 * whose coefficient is 1. R's fit$var is not used by cox.zph; the argument is accepted for the caller's
 * convenience.
 *
 * Times are merged by R's timefix first (timefix.ts), as coxph.getdata does for a fit with timefix = TRUE.
 *
 * Case weights w (right-censored data; zph1.c with the fit's weights): the risk sums hold w exp(η), an event
 * adds w x and g w x to U, and a time's events count with their total weight in U and H (Efron: each step
 * with their mean weight). The "km" transform, its centring and the Schoenfeld residuals stay unweighted,
 * as in R (survfitKM without weights; x − x̄). Without weights every w is 1 (the same arithmetic).
 *
 * Where R stops with an error (a singular score-test system, e.g. a single event or a covariate on a huge
 * scale: solve()'s "system is computationally singular") the test is null and `warnings` carries R's
 * reason in one line. The singularity rule is solve()'s: an exactly zero LU pivot, or a reciprocal
 * condition number (1-norm) below machine epsilon. One
 * deliberate departure: in a stratum with events where every term is constant, R's row bookkeeping
 * (rep(strata, max(used))) shifts later strata's rows; here that stratum's residuals are simply NaN.
 * Cost: two native sorts plus O(n p^2) arithmetic; Efron ties are summed in closed form (see below).
 */
import { solveLikeR, type SingularSystem } from './linear-algebra';
import { chiSquareUpperTail } from './distributions';
import { compactCodes, countingSortByKey, denseRanks, identityOrder } from './sort-order';
import { aeqSurv } from './timefix';
import { countingProcessTimefix } from './cox-counting-process';
import { kaplanMeierCounting } from './kaplan-meier-counting';
import type { SortedDesign } from './cox';

export interface CoxZphInput {
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Uint8Array;
  /** Stratum codes (their ascending order is R's level order), or null for an unstratified fit. */
  strata: Int32Array | null;
  /**
   * Uncentred design columns, as given to the fit. With `sortedDesign` they are not read (a fit that consumed
   * them has rearranged them into the sorted design); their number must still be the design's.
   */
  covariates: Float64Array[];
  coefficients: Float64Array;
  /** p x p variance of the coefficients, row-major (not needed by the test; see the header). */
  variance: Float64Array;
  ties: 'efron' | 'breslow';
  /** Model terms and the design columns (0-based) each one owns. */
  terms: { name: string; columns: number[] }[];
  /** Merge near-tied times first (aeqSurv), as cox.zph does through coxph.getdata when the fit used timefix. Default true. */
  timefix?: boolean;
  /** Interval starts of (start, stop] data (then `time` is the stop), or null/absent for right-censored data. */
  start?: Float64Array | null;
  /** Case weights (right-censored data only); absent: every row weighs 1. */
  weights?: Float64Array | null;
  /**
   * The fit's sorted design (fitCox with keepSortedDesign), right-censored data, with the columns tested
   * (a subset of the fit's columns when some were redundant): its rows are already in cox.zph's order
   * (stratum, time; ties by row), so it is used in place of a second n × p copy. It is overwritten (the fit
   * must be done with it).
   */
  sortedDesign?: SortedDesign | null;
  /**
   * Keep the residuals of every `residualStride`-th event only (events 0, k, 2k, … in R's output order);
   * default 1, all of them. The tests do not depend on it; a caller that only plots the residuals saves
   * the p arrays of one value per event (at 5M rows and 9 covariates, about 200 MB).
   */
  residualStride?: number;
}

export interface ZphTest {
  chisq: number | null;
  df: number;
  p: number | null;
}

export interface CoxZphResult {
  terms: ({ term: string } & ZphTest)[];
  global: ZphTest;
  /** Where R's cox.zph would stop with an error (a singular system), the tests are null and this says why. */
  warnings: { code: string; message: string }[];
  /** One row per event, sorted by stratum then time (R's cox.zph order); with a residualStride k, every k-th of them. */
  residuals: {
    /** The number of events, and the stride at which their rows were kept (1: every row). */
    events: number;
    stride: number;
    time: Float64Array;
    /** 1 - KM(t-), the x axis of R's plot.cox.zph with transform "km". */
    transformedTime: Float64Array;
    /** Scaled Schoenfeld residuals + coefficient, one array per term; NaN where R gives NA. */
    scaled: Float64Array[];
  };
}

/**
 * cox.zph in its steps (survival noweb/zph.Rnw and src/zph1.c; zph2 on (start, stop] data):
 *  1. setup (`zphSetup`): times merged by timefix, strata as codes, the events counted;
 *  2. sort and transformed time (`gatherZph`): rows in R's order (stratum, time), g(t) = 1 − S(t−);
 *  3. centring and risk scores (`centreAndScore`): x − x̄, exp((x − x̄)'β̂), and which columns vary per stratum;
 *  4. the score-test sums and Schoenfeld residuals over the risk sets (`accumulateScore`; on (start, stop]
 *     data `accumulateCounting`): U, H and r_i = x_i − x̄(t_i);
 *  5. the score tests and the scaled Schoenfeld residuals (`finishZph`: `zphScoreTests`, `scaledSchoenfeld`).
 */
export function coxZph(input: CoxZphInput): CoxZphResult {
  const setup = zphSetup(input);
  const { time, start, stratum, nStrata, eventCount, efron } = setup;
  const { status, covariates, coefficients, terms } = input;
  const n = time.length;
  const p = covariates.length;
  if (eventCount === 0) {
    // No event: no score test exists (R's coxph has nothing to test either).
    return {
      terms: terms.map((term) => ({ term: term.name, chisq: null, df: term.columns.length, p: null })),
      global: { chisq: null, df: p, p: null },
      warnings: [],
      residuals: { events: 0, stride: 1, time: new Float64Array(0), transformedTime: new Float64Array(0), scaled: terms.map(() => new Float64Array(0)) },
    };
  }

  const caseWeights = input.weights ?? null;
  if (caseWeights && (start || caseWeights.length !== n)) throw new RangeError('coxZph: case weights need right-censored data, one weight per row');
  const stride = Math.max(1, Math.floor(input.residualStride ?? 1));
  if (start) return finishZph(accumulateCounting({ start, stop: time, status, covariates, coefficients, terms, efron, stratum, nStrata, eventCount, stride }));

  const reused = input.sortedDesign ?? null;
  const sorted = gatherZph({ time, status, stratum, nStrata, stratified: input.strata != null, covariates, caseWeights, eventCount, reused });
  const { sortedRisk, used } = centreAndScore(sorted, reused ? reused.columnMeans : columnMeansOf(covariates), coefficients, nStrata, reused);
  const sums = accumulateScore(sorted, sortedRisk, p, eventCount, efron, stride);
  return finishZph({ p, nStrata, eventCount, stride, coefficients, terms, ...sums, used, ...eventsInOrder(sorted, eventCount, stride) });
}

/** Step 1 (zph.Rnw's setup): the data as cox.zph reads it back from the fit. */
interface ZphSetup {
  /** Times after timefix (aeqSurv: near-ties within sqrt(machine epsilon), relative, merged), the stop of (start, stop] rows. */
  time: Float64Array;
  start: Float64Array | null;
  /** Strata as compact codes 0..S−1 in ascending order of the given codes (R's level order); all 0 without strata. */
  stratum: Int32Array;
  nStrata: number;
  eventCount: number;
  efron: boolean;
}

/**
 * Step 1: timefix as coxph.getdata does for a fit with timefix = TRUE (aeqSurv on right-censored times;
 * on (start, stop] rows both ends merged together), the lengths checked, the strata coded, the events counted.
 */
function zphSetup(input: CoxZphInput): ZphSetup {
  const { status, covariates, coefficients } = input;
  let time = input.timefix === false ? input.time : aeqSurv(input.time);
  let start: Float64Array | null = input.start ?? null;
  if (start && input.timefix !== false) {
    const merged = countingProcessTimefix(start, input.time);
    start = merged.start;
    time = merged.stop;
  }
  const n = time.length;
  const p = covariates.length;
  // With the fit's sorted design the columns are read from it, and the given ones may have been consumed.
  const design = input.sortedDesign ? input.sortedDesign.columns : covariates;
  if (input.sortedDesign && (start || design.length !== p)) throw new RangeError('coxZph: the sorted design needs right-censored data and one column per covariate');
  if (status.length !== n || design.some((x) => x.length !== n) || coefficients.length !== p) {
    throw new RangeError('coxZph: time, status and covariates must have the same length, one coefficient per column');
  }
  if (input.strata && input.strata.length !== n) throw new RangeError('coxZph: strata must have one code per row');

  let eventCount = 0;
  for (let i = 0; i < n; i++) if (status[i] !== 0) eventCount++;
  let stratum: Int32Array = new Int32Array(n);
  let nStrata = 1;
  if (input.strata && eventCount > 0) {
    const ranked = compactCodes(input.strata);
    stratum = ranked.ranks;
    nStrata = ranked.count;
  }
  return { time, start, stratum, nStrata, eventCount, efron: input.ties === 'efron' };
}

/** Each column's mean Σx/n, summed in data order (as the fit's SortedDesign.columnMeans). */
function columnMeansOf(covariates: Float64Array[]): Float64Array {
  return Float64Array.from(covariates, (x) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += x[i];
    return sum / x.length;
  });
}

/**
 * Step 3 (zph1.c's set-up of the covariates), rows in sorted order: each value centred at its overall
 * mean, x̃ = x − x̄ (as zph1 does; with the fit's sorted design, whose rows hold (x − m_fit) s, as
 * (x − m_fit) s / s + (m_fit − x̄), equal to rounding), written back into its column, and the risk score
 * r = w exp(x̃'β̂) (w the case weight, 1 without). Along the way used[s][j], R's zph1 "used": the events of
 * stratum s when column j varies within s, else 0 (the events that inform column j's residual scaling).
 */
function centreAndScore(
  sorted: ZphSorted,
  means: Float64Array,
  coefficients: Float64Array,
  nStrata: number,
  reused: SortedDesign | null,
): { sortedRisk: Float64Array; used: number[][] } {
  const { columns, sortedStatus, sortedStratum, sortedWeight } = sorted;
  const n = sortedStatus.length;
  const p = columns.length;
  const shift = reused ? Float64Array.from(means, (mean, j) => reused.means[j] - mean) : null;
  const sortedRisk = new Float64Array(n);
  const used: number[][] = Array.from({ length: nStrata }, () => new Array<number>(p).fill(0));
  const varies = new Uint8Array(p);
  const firstValue = new Float64Array(p);
  let stratumEvents = 0;
  for (let q = 0; q < n; q++) {
    const newStratum = q === 0 || sortedStratum[q] !== sortedStratum[q - 1];
    if (newStratum) {
      if (q > 0) for (let j = 0; j < p; j++) used[sortedStratum[q - 1]][j] = varies[j] ? stratumEvents : 0;
      varies.fill(0);
      stratumEvents = 0;
    }
    if (sortedStatus[q] !== 0) stratumEvents++;
    let eta = 0;
    for (let j = 0; j < p; j++) {
      const column = columns[j];
      const value = column[q];
      if (newStratum) firstValue[j] = value;
      else if (value !== firstValue[j]) varies[j] = 1;
      const centredValue = shift ? value / reused!.scale[j] + shift[j] : value - means[j];
      column[q] = centredValue;
      eta += centredValue * coefficients[j];
    }
    sortedRisk[q] = sortedWeight ? Math.exp(eta) * sortedWeight[q] : Math.exp(eta);
  }
  for (let j = 0; j < p; j++) used[sortedStratum[n - 1]][j] = varies[j] ? stratumEvents : 0;
  return { sortedRisk, used };
}

/**
 * Step 4 (zph1.c), right-censored rows in sorted order, walking backwards in time within each stratum so
 * that the risk set of an event time t is the rows already passed. With r the risk scores, the risk-set
 * sums S0 = Σ r, S1 = Σ r x, S2 = Σ r x x' (lower triangle), the mean x̄(t) = S1/S0 and the variance
 * V(t) = S2/S0 − x̄ x̄', each time's d events (total weight w_d) add
 *   U[j]     += Σ_events w x_j − w_d x̄_j(t),        U[p + j] += g(t) × the same,
 *   H        += w_d [V, gV; gV, g² V]               (g the centred transform at t),
 * and the unscaled Schoenfeld residual r_i = x_i − x̄(t_i). Efron: the k-th of the d tied events sees the
 * risk set with the tied rows at weight k/d (closed form below); Breslow: every event the full risk set.
 */
function accumulateScore(
  sorted: ZphSorted,
  sortedRisk: Float64Array,
  p: number,
  eventCount: number,
  efron: boolean,
  stride: number,
): { score: Float64Array; information: Float64Array; schoenfeld: Float64Array[] } {
  const { columns, sortedTime, sortedStatus, sortedStratum, sortedTransformed, sortedWeight, transformedEventMean } = sorted;
  const n = sortedTime.length;
  // The current row's p values, gathered from the columns once per row.
  const rowValues = new Float64Array(p);
  // U (2p) and H (2p x 2p); the cross-product sums keep only their lower triangle (j >= k).
  const p2 = 2 * p;
  const score = new Float64Array(p2);
  const information = new Float64Array(p2 * p2);
  // Only the kept rows (every stride-th event) of the residuals are stored.
  const schoenfeld: Float64Array[] = Array.from({ length: p }, () => new Float64Array(Math.ceil(eventCount / stride)));
  const riskSum = new Float64Array(p); // sum of risk * x over the risk set
  const riskCross = new Float64Array(p * p); // sum of risk * x x'
  const tiedSum = new Float64Array(p); // the same over the events at the current time
  const tiedCross = new Float64Array(p * p);
  let eventRow = eventCount;
  let currentStratum = -1;
  let riskTotal = 0;
  let position = n - 1;
  while (position >= 0) {
    if (sortedStratum[position] !== currentStratum) {
      currentStratum = sortedStratum[position];
      riskTotal = 0;
      riskSum.fill(0);
      riskCross.fill(0);
    }
    const t = sortedTime[position];
    const g = sortedTransformed[position] - transformedEventMean;
    let deaths = 0;
    let deathWeight = 0;
    let tiedRiskTotal = 0;
    for (; position >= 0; position--) {
      if (sortedTime[position] !== t || sortedStratum[position] !== currentStratum) break;
      const r = sortedRisk[position];
      for (let j = 0; j < p; j++) rowValues[j] = columns[j][position];
      if (sortedStatus[position] === 0) {
        riskTotal += r;
        addOuter(riskSum, riskCross, rowValues, r, p);
      } else {
        deaths++;
        const w = sortedWeight ? sortedWeight[position] : 1;
        deathWeight += w;
        tiedRiskTotal += r;
        eventRow--;
        const slot = keptSlot(eventRow, stride);
        for (let j = 0; j < p; j++) {
          const x = rowValues[j];
          if (slot >= 0) schoenfeld[j][slot] = x;
          const wx = w * x;
          score[j] += wx;
          score[j + p] += g * wx;
        }
        addOuter(tiedSum, tiedCross, rowValues, r, p);
      }
    }
    if (deaths === 0) continue;

    if (!efron) {
      // Breslow: every tied event sees the full risk set.
      riskTotal += tiedRiskTotal;
      for (let j = 0; j < p; j++) riskSum[j] += tiedSum[j];
      for (let j = 0; j < p * p; j++) riskCross[j] += tiedCross[j];
      for (let j = 0; j < p; j++) {
        const mean = riskSum[j] / riskTotal;
        score[j] -= deathWeight * mean;
        score[j + p] -= g * deathWeight * mean;
        subtractFromKept(schoenfeld[j], eventRow, deaths, stride, mean);
      }
      addInformation(information, riskSum, riskCross, riskTotal, deathWeight, g, p);
    } else {
      // Efron: the k-th of the d tied events (k = 1..d) sees the risk set with the tied events entering
      // at fraction f_k = k/d: sums A + f_k B, C + f_k F and total D + f_k E, where A, C, D are over the
      // longer times and B, F, E over the tied events. Summing its mean and variance over k,
      //   sum_k mean_k = A s0 + B s1,
      //   sum_k V_k    = C s0 + F s1 - (A A' q0 + (A B' + B A') q1 + B B' q2),
      // with s_m = sum_k f_k^m / den_k and q_m = sum_k f_k^m / den_k^2, which costs O(d + p^2) per time.
      let s0 = 0;
      let s1 = 0;
      let q0 = 0;
      let q1 = 0;
      let q2 = 0;
      for (let k = 1; k <= deaths; k++) {
        const fraction = k / deaths;
        const inverse = 1 / (riskTotal + tiedRiskTotal * fraction);
        s0 += inverse;
        s1 += fraction * inverse;
        q0 += inverse * inverse;
        q1 += fraction * inverse * inverse;
        q2 += fraction * fraction * inverse * inverse;
      }
      // Each step counts with the events' mean weight (1 without weights).
      const meanWeight = deathWeight / deaths;
      for (let j = 0; j < p; j++) {
        const meanSum = riskSum[j] * s0 + tiedSum[j] * s1;
        const weightedMeanSum = meanWeight * meanSum;
        score[j] -= weightedMeanSum;
        score[j + p] -= g * weightedMeanSum;
        subtractFromKept(schoenfeld[j], eventRow, deaths, stride, meanSum / deaths);
      }
      for (let j = 0; j < p; j++) {
        const aj = riskSum[j];
        const bj = tiedSum[j];
        for (let k = 0; k < p; k++) {
          const ak = riskSum[k];
          const bk = tiedSum[k];
          const lower = j >= k ? j * p + k : k * p + j;
          const v = meanWeight * (riskCross[lower] * s0 + tiedCross[lower] * s1 - (aj * ak * q0 + (aj * bk + bj * ak) * q1 + bj * bk * q2));
          information[j * p2 + k] += v;
          information[j * p2 + k + p] += g * v;
          information[(j + p) * p2 + k] += g * v;
          information[(j + p) * p2 + k + p] += g * g * v;
        }
      }
      riskTotal += tiedRiskTotal;
      for (let j = 0; j < p; j++) riskSum[j] += tiedSum[j];
      for (let j = 0; j < p * p; j++) riskCross[j] += tiedCross[j];
    }
    tiedSum.fill(0);
    tiedCross.fill(0);
  }
  return { score, information, schoenfeld };
}

/** The kept events' stratum, time and transformed time (every stride-th), in the sorted order (R's cox.zph output order: stratum, then time). */
function eventsInOrder(sorted: ZphSorted, eventCount: number, stride: number): { eventStratum: Int32Array; eventTime: Float64Array; eventTransformed: Float64Array } {
  const { sortedTime, sortedStatus, sortedStratum, sortedTransformed } = sorted;
  const kept = Math.ceil(eventCount / stride);
  const eventStratum = new Int32Array(kept);
  const eventTime = new Float64Array(kept);
  const eventTransformed = new Float64Array(kept);
  let e = 0;
  for (let q = 0; q < sortedTime.length; q++) {
    if (sortedStatus[q] === 0) continue;
    const slot = keptSlot(e++, stride);
    if (slot < 0) continue;
    eventStratum[slot] = sortedStratum[q];
    eventTime[slot] = sortedTime[q];
    eventTransformed[slot] = sortedTransformed[q];
  }
  return { eventStratum, eventTime, eventTransformed };
}

/** The data in processing order, as zph1 reads it. */
interface ZphSorted {
  /** p columns in the sorted order (uncentred), or the fit's centred and scaled design when reused. */
  columns: Float64Array[];
  sortedTime: Float64Array;
  sortedStatus: Uint8Array;
  sortedStratum: Int32Array;
  /** The "km" transform g(t) = 1 − S(t−) of each sorted row. */
  sortedTransformed: Float64Array;
  /** Case weights in sorted order, or null (every row weighs 1). */
  sortedWeight: Float64Array | null;
  /** Mean of g over the events (g is centred at it). */
  transformedEventMean: number;
}

/**
 * Step 2 (noweb/zph.Rnw, cox.zph's sort and transform): R's order(istrat, time) with ties by row
 * (stable counting sorts by time rank, then by stratum); the "km" transform g(t) = 1 − S(t−) from the
 * Kaplan–Meier curve S of all the data (ignoring strata), centred at its mean over the events; time, status, stratum, g and the covariates gathered once in that order (each row
 * written to its sorted position while the columns are read in sequence). With the fit's sorted design
 * (same order) the fit's sorted rows, time and status are used as they are and no copy is made.
 */
function gatherZph(input: {
  time: Float64Array; status: Uint8Array; stratum: Int32Array; nStrata: number; stratified: boolean; covariates: Float64Array[];
  caseWeights: Float64Array | null; eventCount: number; reused: SortedDesign | null;
}): ZphSorted {
  const { time, status, stratum, nStrata, covariates, caseWeights, eventCount, reused } = input;
  const n = time.length;
  const p = covariates.length;
  if (reused && !input.stratified) {
    // One stratum: the fit's order is the time order, so the transform is computed in place, in order.
    const sortedTransformed = kaplanMeierTransform(reused.time, reused.status, null);
    let transformedEventSum = 0;
    for (let q = 0; q < n; q++) if (reused.status[q] !== 0) transformedEventSum += sortedTransformed[q];
    const sortedWeight = caseWeights ? Float64Array.from(reused.order, (row) => caseWeights[row]) : null;
    return {
      columns: reused.columns, sortedTime: reused.time, sortedStatus: reused.status, sortedStratum: new Int32Array(n), sortedTransformed, sortedWeight,
      transformedEventMean: transformedEventSum / eventCount,
    };
  }
  const timeRank = denseRanks(time);
  const byTime = countingSortByKey(identityOrder(n), timeRank.ranks, timeRank.count);
  const order = reused ? reused.order : input.stratified ? countingSortByKey(byTime, stratum, nStrata) : byTime;
  const transformed = kaplanMeierTransform(time, status, byTime);
  let transformedEventSum = 0;
  for (let i = 0; i < n; i++) if (status[i] !== 0) transformedEventSum += transformed[i];
  const sortedAt = new Int32Array(n);
  for (let q = 0; q < n; q++) sortedAt[order[q]] = q;
  const columns = reused ? reused.columns : Array.from({ length: p }, () => new Float64Array(n));
  const sortedTime = reused ? reused.time : new Float64Array(n);
  const sortedStatus = reused ? reused.status : new Uint8Array(n);
  const sortedStratum = new Int32Array(n);
  const sortedTransformed = new Float64Array(n);
  const sortedWeight = caseWeights ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const q = sortedAt[i];
    if (sortedWeight) sortedWeight[q] = caseWeights![i];
    sortedStratum[q] = stratum[i];
    sortedTransformed[q] = transformed[i];
    if (reused) continue;
    sortedTime[q] = time[i];
    sortedStatus[q] = status[i] !== 0 ? 1 : 0;
  }
  if (!reused) {
    for (let j = 0; j < p; j++) {
      const source = covariates[j];
      const column = columns[j];
      for (let q = 0; q < n; q++) column[q] = source[order[q]];
    }
  }
  return { columns, sortedTime, sortedStatus, sortedStratum, sortedTransformed, sortedWeight, transformedEventMean: transformedEventSum / eventCount };
}

/** What the accumulation over the risk sets leaves for the tests and the scaled residuals (events in R's output order). */
interface ZphState {
  p: number;
  nStrata: number;
  eventCount: number;
  /** The residual rows kept: events 0, stride, 2 stride, … (schoenfeld and the event arrays hold those only). */
  stride: number;
  coefficients: Float64Array;
  terms: { name: string; columns: number[] }[];
  /** 2p first derivatives and the 2p x 2p information (full, row-major). */
  score: Float64Array;
  information: Float64Array;
  /** Unscaled Schoenfeld residuals, one array per column over the events. */
  schoenfeld: Float64Array[];
  /** used[s][j]: the events of stratum s when column j varies within s, else 0 (R's zph "used"). */
  used: number[][];
  eventStratum: Int32Array;
  eventTime: Float64Array;
  eventTransformed: Float64Array;
}

/** Step 5: the score tests and the scaled Schoenfeld residuals from the sums of step 4. */
function finishZph(state: ZphState): CoxZphResult {
  const { terms, global, warnings } = zphScoreTests(state);
  return { terms, global, warnings, residuals: { events: state.eventCount, stride: state.stride, time: state.eventTime, transformedTime: state.eventTransformed, scaled: scaledSchoenfeld(state) } };
}

/**
 * Step 5a, the score tests (zph.Rnw's test chunk): at (β̂, θ = 0) the first half of U is 0, so for a term
 * with columns J the statistic is chisq = u' H_K⁻¹ u, K = (1..p, p + J), u = (0, U_{p+J}), on |J| degrees of
 * freedom; the global test takes all 2p rows, on p. A singular H_K (solve()'s refusal) gives a null test and a warning.
 */
function zphScoreTests(state: ZphState): { terms: CoxZphResult['terms']; global: ZphTest; warnings: CoxZphResult['warnings'] } {
  const { p, terms, score, information } = state;
  const p2 = 2 * p;
  const termTests = terms.map((term) => {
    const rows = [...Array.from({ length: p }, (_, j) => j), ...term.columns.map((c) => c + p)];
    const u = rows.map((r, i) => (i < p ? 0 : score[r]));
    return { term: term.name, ...scoreTest(information, p2, rows, u, term.columns.length) };
  });
  const allRows = Array.from({ length: p2 }, (_, j) => j);
  const globalTest = scoreTest(information, p2, allRows, allRows.map((r) => (r < p ? 0 : score[r])), p);
  const global: ZphTest = { chisq: globalTest.chisq, df: globalTest.df, p: globalTest.p };
  const warnings = singularWarnings(termTests, globalTest);
  return { terms: termTests.map((t) => ({ term: t.term, chisq: t.chisq, df: t.df, p: t.p })), global, warnings };
}

/**
 * Step 5b, the scaled Schoenfeld residuals (zph.Rnw's residual chunk): V-mean = H₁₁ / (the events that
 * informed each element, Σ_s min(used[s][j], used[s][k])); a term of several columns collapsed to one by its
 * linear predictor r β_J (coefficient 1); then per stratum, over the terms that vary in it,
 * r V-mean⁻¹ + β̂ (NaN where R gives NA). Overwrites `used` (a factor's columns share their widest count)
 * and, for one-column terms, the Schoenfeld residuals in place.
 */
function scaledSchoenfeld(state: ZphState): Float64Array[] {
  const { p, nStrata, coefficients, terms, information, schoenfeld, used, eventStratum } = state;
  // The residual rows kept (every stride-th event).
  const rowCount = eventStratum.length;
  const p2 = 2 * p;
  for (const term of terms) {
    if (term.columns.length > 1) {
      for (let s = 0; s < nStrata; s++) {
        if (term.columns.some((c) => used[s][c] === 0)) {
          const widest = Math.max(...term.columns.map((c) => used[s][c]));
          for (const c of term.columns) used[s][c] = widest;
        }
      }
    }
  }
  // V-mean: the information per contributing event, element by element.
  const vMean = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      let weight = 0;
      for (let s = 0; s < nStrata; s++) weight += Math.min(used[s][j], used[s][k]);
      vMean[j * p + k] = information[j * p2 + k] / (weight === 0 ? 1 : weight);
    }
  }
  // Collapse to one column per term: single columns as they are, a factor by its coefficients.
  const nTerms = terms.length;
  const collapse = new Float64Array(p * nTerms); // p x nTerms
  terms.forEach((term, t) => {
    for (const c of term.columns) collapse[c * nTerms + t] = term.columns.length === 1 ? 1 : coefficients[c];
  });
  const termResidual: Float64Array[] = Array.from({ length: nTerms }, (_, t) => {
    // A one-column term's residuals are its column's (r · 1, exactly): they are scaled in place, no copy.
    if (terms[t].columns.length === 1) return schoenfeld[terms[t].columns[0]];
    const out = new Float64Array(rowCount);
    for (let j = 0; j < p; j++) {
      const w = collapse[j * nTerms + t];
      if (w === 0) continue;
      const r = schoenfeld[j];
      for (let e = 0; e < rowCount; e++) out[e] += r[e] * w;
    }
    return out;
  });
  const termVMean = new Float64Array(nTerms * nTerms);
  for (let a = 0; a < nTerms; a++) {
    for (let b = 0; b < nTerms; b++) {
      let sum = 0;
      for (let j = 0; j < p; j++) {
        const wa = collapse[j * nTerms + a];
        if (wa === 0) continue;
        for (let k = 0; k < p; k++) sum += wa * vMean[j * p + k] * collapse[k * nTerms + b];
      }
      termVMean[a * nTerms + b] = sum;
    }
  }
  const termUsed = used.map((row) => terms.map((term) => row[term.columns[0]]));

  let first = 0;
  while (first < rowCount) {
    const s = eventStratum[first];
    let last = first;
    while (last < rowCount && eventStratum[last] === s) last++;
    const informed = termUsed[s].flatMap((u, t) => (u > 0 ? [t] : []));
    const m = informed.length;
    // Inverse of V-mean restricted to the informed terms, column by column.
    const block = informed.flatMap((a) => informed.map((b) => termVMean[a * nTerms + b]));
    const inverse = new Float64Array(m * m);
    let invertible = m > 0;
    for (let c = 0; c < m && invertible; c++) {
      const column = solveLikeR(block, m, informed.map((_, r) => (r === c ? 1 : 0)));
      if ('reason' in column) invertible = false;
      else for (let r = 0; r < m; r++) inverse[r * m + c] = column.x[r];
    }
    const raw = new Float64Array(m);
    for (let e = first; e < last; e++) {
      for (let i = 0; i < m; i++) raw[i] = termResidual[informed[i]][e];
      for (let t = 0; t < nTerms; t++) termResidual[t][e] = NaN;
      if (!invertible) continue;
      for (let i = 0; i < m; i++) {
        let sum = 0;
        for (let k = 0; k < m; k++) sum += inverse[i * m + k] * raw[k];
        termResidual[informed[i]][e] = sum;
      }
    }
    first = last;
  }
  terms.forEach((term, t) => {
    const shift = term.columns.length === 1 ? coefficients[term.columns[0]] : 1;
    const r = termResidual[t];
    for (let e = 0; e < rowCount; e++) r[e] += shift;
  });
  return termResidual;
}

/**
 * Steps 2 to 4 on (start, stop] data: the sums of the score test, as R's zph2 (the first iteration of agfit4 at β-hat):
 * rows ordered by (stratum, stop) and (stratum, start) descending; at each event time t the rows with
 * start >= t leave the risk set, the rows with stop >= t join it (a row that starts at or after t never
 * joins: it spans no later event time), and the events at t are summed apart (Efron: the k-th of d
 * tied events sees them with weight k/d). The transform g is 1 - S(t-), S the Kaplan-Meier curve of
 * all the (start, stop] rows (survfitKM on the counting Surv, no strata), centred at its mean over
 * the events. Covariates are centred at their overall means; R's strata are walked from the last
 * down, and the events come out in R's order: stratum, then stop ascending (tied stops in reverse row order).
 */
function accumulateCounting(input: {
  start: Float64Array;
  stop: Float64Array;
  status: Uint8Array;
  covariates: Float64Array[];
  coefficients: Float64Array;
  terms: { name: string; columns: number[] }[];
  efron: boolean;
  stratum: Int32Array;
  nStrata: number;
  eventCount: number;
  stride: number;
}): ZphState {
  const { start, stop, status, covariates, coefficients, terms, efron, stratum, nStrata, eventCount, stride } = input;
  const keptCount = Math.ceil(eventCount / stride);
  const n = stop.length;
  const p = covariates.length;
  const p2 = 2 * p;

  // g(t) = 1 - S(t-) at each row's stop, centred over the events.
  const km = kaplanMeierCounting(start, stop, status, { timefix: false });
  const transformed = new Float64Array(n);
  let transformedEventSum = 0;
  for (let i = 0; i < n; i++) {
    // the last curve time strictly below stop[i] (findInterval(left.open = TRUE))
    let low = 0;
    let high = km.time.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (km.time[mid] < stop[i]) low = mid + 1;
      else high = mid;
    }
    transformed[i] = low === 0 ? 0 : 1 - km.survival[low - 1];
    if (status[i] !== 0) transformedEventSum += transformed[i];
  }
  const transformedEventMean = transformedEventSum / eventCount;

  // Orders: R's order(-istrat, -stop) and order(-istrat, -start), ties in row order.
  const descending = (values: Float64Array): Int32Array => {
    const { ranks, count } = denseRanks(values);
    const key = new Int32Array(n);
    for (let i = 0; i < n; i++) key[i] = count - 1 - ranks[i];
    let order = countingSortByKey(identityOrder(n), key, count);
    if (nStrata > 1) {
      const strataKey = new Int32Array(n);
      for (let i = 0; i < n; i++) strataKey[i] = nStrata - 1 - stratum[i];
      order = countingSortByKey(order, strataKey, nStrata);
    }
    return order;
  };
  const byStop = descending(stop);
  const byStart = descending(start);

  // used[s][j]: the stratum's events when column j varies within it.
  const used: number[][] = Array.from({ length: nStrata }, () => new Array<number>(p).fill(0));
  {
    const firstRow = new Int32Array(nStrata).fill(-1);
    const varies: Uint8Array[] = Array.from({ length: nStrata }, () => new Uint8Array(p));
    const events = new Int32Array(nStrata);
    for (let i = 0; i < n; i++) {
      const s = stratum[i];
      events[s] += status[i] !== 0 ? 1 : 0;
      if (firstRow[s] < 0) firstRow[s] = i;
      else for (let j = 0; j < p; j++) if (covariates[j][i] !== covariates[j][firstRow[s]]) varies[s][j] = 1;
    }
    for (let s = 0; s < nStrata; s++) for (let j = 0; j < p; j++) used[s][j] = varies[s][j] ? events[s] : 0;
  }

  // Covariates centred at their overall means, row-major; the risk score from the centred values.
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += covariates[j][i];
    const mean = sum / n;
    for (let i = 0; i < n; i++) x[i * p + j] = covariates[j][i] - mean;
  }
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += x[i * p + j] * coefficients[j];
    eta[i] = e;
  }

  const score = new Float64Array(p2);
  const information = new Float64Array(p2 * p2);
  const schoenfeld: Float64Array[] = Array.from({ length: p }, () => new Float64Array(keptCount));
  const eventStratum = new Int32Array(keptCount);
  const eventTime = new Float64Array(keptCount);
  const eventTransformed = new Float64Array(keptCount);
  const keep = new Uint8Array(n);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  let eventRow = eventCount;
  let person = 0;
  let leaving = 0;
  let denom = 0;
  let nRisk = 0;
  let etaSum = 0;
  let recenter = 0;
  let currentStratum = -1;
  while (person < n) {
    let k = person;
    let eventTime0 = 0;
    let g = 0;
    for (; k < n; k++) {
      const row = byStop[k];
      if (stratum[row] !== currentStratum) {
        currentStratum = stratum[row];
        denom = 0;
        nRisk = 0;
        etaSum = 0;
        a.fill(0);
        cmat.fill(0);
        person = k;
        leaving = k;
      }
      if (status[row] === 1) {
        eventTime0 = stop[row];
        g = transformed[row] - transformedEventMean;
        break;
      }
    }
    if (k === n) break;
    for (; leaving < n; leaving++) {
      const row = byStart[leaving];
      if (stratum[row] !== currentStratum || start[row] < eventTime0) break;
      if (!keep[row]) continue;
      nRisk--;
      if (nRisk === 0) {
        etaSum = 0;
        denom = 0;
        a.fill(0);
        cmat.fill(0);
      } else {
        etaSum -= eta[row];
        const risk = Math.exp(eta[row] - recenter);
        denom -= risk;
        for (let i = 0; i < p; i++) {
          a[i] -= risk * x[row * p + i];
          for (let j = 0; j <= i; j++) cmat[i * p + j] -= risk * x[row * p + i] * x[row * p + j];
        }
      }
    }
    let denom2 = 0;
    let deaths = 0;
    a2.fill(0);
    cmat2.fill(0);
    for (; person < n; person++) {
      const row = byStop[person];
      if (stratum[row] !== currentStratum || stop[row] < eventTime0) break;
      etaSum += eta[row];
      nRisk++;
      if (Math.abs(etaSum / nRisk - recenter) > 200) {
        const shift = etaSum / nRisk - recenter;
        recenter = etaSum / nRisk;
        if (denom > 0) {
          const factor = Math.exp(-shift);
          denom *= factor;
          for (let i = 0; i < p; i++) a[i] *= factor;
          for (let i = 0; i < p * p; i++) cmat[i] *= factor;
        }
      }
      const risk = Math.exp(eta[row] - recenter);
      if (status[row] === 1) {
        keep[row] = 1;
        deaths++;
        eventRow--;
        const slot = keptSlot(eventRow, stride);
        if (slot >= 0) {
          eventStratum[slot] = stratum[row];
          eventTime[slot] = stop[row];
          eventTransformed[slot] = transformed[row];
        }
        denom2 += risk;
        for (let i = 0; i < p; i++) {
          const xi = x[row * p + i];
          score[i] += xi;
          score[i + p] += xi * g;
          a2[i] += risk * xi;
          if (slot >= 0) schoenfeld[i][slot] = xi;
          for (let j = 0; j <= i; j++) cmat2[i * p + j] += risk * xi * x[row * p + j];
        }
      } else if (start[row] < eventTime0) {
        keep[row] = 1;
        denom += risk;
        for (let i = 0; i < p; i++) {
          const xi = x[row * p + i];
          a[i] += risk * xi;
          for (let j = 0; j <= i; j++) cmat[i * p + j] += risk * xi * x[row * p + j];
        }
      }
    }
    const addInformationAt = (weight: number): void => {
      for (let i = 0; i < p; i++) {
        const mean = a[i] / denom;
        score[i] -= weight * mean;
        score[i + p] -= weight * mean * g;
        for (let j = 0; j <= i; j++) {
          const v = (weight * (cmat[i * p + j] - mean * a[j])) / denom;
          information[j * p2 + i] += v;
          information[j * p2 + i + p] += v * g;
          information[(j + p) * p2 + i + p] += v * g * g;
          if (i !== j) {
            information[i * p2 + j] += v;
            information[i * p2 + j + p] += v * g;
            information[(i + p) * p2 + j + p] += v * g * g;
          }
        }
      }
    };
    if (!efron || deaths === 1) {
      denom += denom2;
      for (let i = 0; i < p; i++) a[i] += a2[i];
      for (let i = 0; i < p * p; i++) cmat[i] += cmat2[i];
      for (let i = 0; i < p; i++) {
        const mean = a[i] / denom;
        subtractFromKept(schoenfeld[i], eventRow, deaths, stride, mean);
      }
      addInformationAt(deaths);
    } else {
      for (let i = 0; i < p; i++) {
        let meanSum = 0;
        for (let m = 0; m < deaths; m++) {
          const fraction = (m + 1) / deaths;
          meanSum += (a[i] + a2[i] * fraction) / (denom + denom2 * fraction);
        }
        subtractFromKept(schoenfeld[i], eventRow, deaths, stride, meanSum / deaths);
      }
      for (let m = 0; m < deaths; m++) {
        denom += denom2 / deaths;
        for (let i = 0; i < p; i++) a[i] += a2[i] / deaths;
        for (let i = 0; i < p * p; i++) cmat[i] += cmat2[i] / deaths;
        addInformationAt(1);
      }
    }
  }
  // The lower-left block mirrors the upper-right one.
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) information[(i + p) * p2 + j] = information[j * p2 + i + p];
  return { p, nStrata, eventCount, stride, coefficients, terms, score, information, schoenfeld, used, eventStratum, eventTime, eventTransformed };
}

/** 1 - S(t-) for each row, S the Kaplan-Meier estimate of all rows (left-continuous at t); order sorts time. */
function kaplanMeierTransform(time: Float64Array, status: Uint8Array, order: Int32Array | null): Float64Array {
  const n = time.length;
  const out = new Float64Array(n);
  // Without an order the rows are already in time order.
  const row = order ? (k: number) => order[k] : (k: number) => k;
  let survival = 1;
  let atRisk = n;
  let i = 0;
  while (i < n) {
    const t = time[row(i)];
    let j = i;
    let events = 0;
    while (j < n && time[row(j)] === t) {
      if (status[row(j)] !== 0) events++;
      j++;
    }
    for (let k = i; k < j; k++) out[row(k)] = 1 - survival; // survival just before t
    survival *= 1 - events / atRisk;
    atRisk -= j - i;
    i = j;
  }
  return out;
}

/** Adds weight * x to sum and weight * x x' to the lower triangle of cross (p x p); x = one row's p values. */
function addOuter(sum: Float64Array, cross: Float64Array, x: Float64Array, weight: number, p: number): void {
  for (let j = 0; j < p; j++) {
    const wx = weight * x[j];
    sum[j] += wx;
    const base = j * p;
    for (let k = 0; k <= j; k++) cross[base + k] += wx * x[k];
  }
}

/** Adds events * V (V the risk-set variance; events: their total weight) to the blocks [V, gV; gV, g^2 V] of the 2p information. */
function addInformation(
  information: Float64Array,
  riskSum: Float64Array,
  riskCross: Float64Array,
  riskTotal: number,
  events: number,
  g: number,
  p: number,
): void {
  const p2 = 2 * p;
  for (let j = 0; j < p; j++) {
    const meanJ = riskSum[j] / riskTotal;
    for (let k = 0; k < p; k++) {
      const cross = j >= k ? riskCross[j * p + k] : riskCross[k * p + j];
      const v = (events * (cross - meanJ * riskSum[k])) / riskTotal;
      information[j * p2 + k] += v;
      information[j * p2 + k + p] += g * v;
      information[(j + p) * p2 + k] += g * v;
      information[(j + p) * p2 + k + p] += g * g * v;
    }
  }
}

/**
 * One plain line for the tests R's cox.zph could not compute: R stops at the first singular system
 * with solve()'s error; here the tests are null and the line names them, with R's reason.
 */
function singularWarnings(termTests: ({ term: string } & ZphTest & { singular?: SingularSystem })[], global: ZphTest & { singular?: SingularSystem }): { code: string; message: string }[] {
  const failed = termTests.filter((t) => t.singular).map((t) => t.term);
  if (global.singular) failed.push('the global test');
  const first = termTests.find((t) => t.singular)?.singular ?? global.singular;
  if (!first) return [];
  return [
    {
      code: 'ph-test-singular',
      message: `The proportional-hazards test could not be computed for ${failed.join(', ')}: ${first.reason} (R's cox.zph stops with this error). A covariate on a very large or very small scale, or too few events, can cause it.`,
    },
  ];
}

/** u' H_K^{-1} u for the rows/columns K of the information, with its chi-square p-value. */
function scoreTest(information: Float64Array, p2: number, rows: number[], u: number[], df: number): ZphTest & { singular?: SingularSystem } {
  const m = rows.length;
  const sub = new Array<number>(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a * m + b] = information[rows[a] * p2 + rows[b]];
  const solved = solveLikeR(sub, m, u);
  if ('reason' in solved) return { chisq: null, df, p: null, singular: solved };
  let chisq = 0;
  for (let a = 0; a < m; a++) chisq += solved.x[a] * u[a];
  if (!Number.isFinite(chisq)) return { chisq: null, df, p: null };
  return { chisq, df, p: chiSquareUpperTail(chisq, df) };
}

/** The slot of event row e among the kept rows (every stride-th: 0, stride, 2 stride, …), or -1 when it is not kept. */
function keptSlot(e: number, stride: number): number {
  return e % stride === 0 ? e / stride : -1;
}

/** Subtracts `value` from the kept rows among the tied events first … first + count − 1. */
function subtractFromKept(residuals: Float64Array, first: number, count: number, stride: number, value: number): void {
  for (let e = first; e < first + count; e++) {
    const slot = keptSlot(e, stride);
    if (slot >= 0) residuals[slot] -= value;
  }
}
