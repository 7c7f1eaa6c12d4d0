/**
 * Harrell's concordance of a Cox model on (start, stop] counting-process data, with its
 * infinitesimal-jackknife standard error, as R's coxph stores it in fit$concordance (survival 3.5,
 * R/concordance.R concordancefit and src/concordance3.c concordance4; reverse = TRUE, timewt = "n",
 * no case weights; pairs only within strata). With a cluster (coxph's cluster or robust id) the
 * per-row influences are summed within clusters before squaring, as concordancefit does.
 *
 * Pairs. At each event time t (the stop of an event row i), i is compared with every row j of its
 * stratum at risk at t: start_j < t <= stop_j and j not an event at t (a censoring at t outlasts an
 * event at t). As in concordance.ts, with a higher risk score predicting a shorter time, the pair is
 * concordant when i has the higher score, discordant when the lower, tiedRisk when equal; events at the
 * same time are tiedTime (different scores) or tiedTimeAndRisk (equal scores), not comparable. For
 * right-censored data (every start below every time) this is the concordance of concordance.ts.
 *
 * Standard error. With Somers' d = (C − D)/m (m = comparable), the influence of row k is
 *   dfbeta_k = [ (dC_k − dD_k) − d (dC_k + dD_k + dT_k) ] / m,
 * its derivatives being the number of pairs of each kind it takes part in: as the event (read from a
 * Fenwick tree of the current risk set's scores) and as the longer-lived member of pairs whose event
 * is earlier. Walking from the longest time down, the latter are the events added to an event tree
 * while k was at risk: (event tree when k leaves the risk set, or at the end) − (event tree when k
 * joined). A row leaves when the walk reaches a time at or below its start (concordance4's pass over
 * the start times). var(concordance) = Σ_clusters (Σ_{k in cluster} dfbeta_k)² / 4.
 * Cost O(n log n): two sorts and Fenwick trees over the ranked scores.
 */
import { fenwickAdd, prefixSum, type ConcordanceResult } from './concordance';
import { compactCodes, countingSortByKey, denseRanks, identityOrder } from './sort-order';

export interface CountingConcordanceInput {
  /** Interval start (exclusive); for right-censored data any value below every time (e.g. -Infinity). */
  start: Float64Array;
  /** Interval stop; the event, if any, happens here. */
  stop: Float64Array;
  /** 1 = event at stop, 0 = no event. */
  status: Uint8Array;
  /** The linear predictor (higher = shorter time). */
  riskScore: Float64Array;
  strata?: Int32Array | null;
  /** Cluster per row (any integers); the influences are summed within clusters. */
  cluster?: ArrayLike<number> | null;
}

export function concordanceCounting(input: CountingConcordanceInput): ConcordanceResult {
  const { start, stop, status, riskScore } = input;
  const strata = input.strata ?? null;
  const n = stop.length;
  if (start.length !== n || status.length !== n || riskScore.length !== n || (strata && strata.length !== n) || (input.cluster && input.cluster.length !== n)) {
    throw new RangeError('concordanceCounting: start, stop, status, riskScore, strata and cluster must have the same length');
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(stop[i]) || Number.isNaN(start[i]) || !Number.isFinite(riskScore[i])) {
      throw new RangeError('concordanceCounting: times and riskScore must be free of missing values');
    }
  }

  const { ranks, count: distinctScores } = denseRanks(riskScore);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[i] = ranks[i] + 1; // Fenwick positions are 1-based
  const { ranks: stratum, count: nStrata } = strata ? compactCodes(strata) : { ranks: new Int32Array(n), count: 1 };

  // Stop order: stratum, stop descending, censored before events. Start order: stratum, start descending.
  const censoredFirst = new Int32Array(n);
  for (let i = 0; i < n; i++) censoredFirst[i] = status[i] === 0 ? 0 : 1;
  let byStop = countingSortByKey(identityOrder(n), censoredFirst, 2);
  byStop = countingSortByKey(byStop, descendingRanks(stop), n);
  let byStart = countingSortByKey(identityOrder(n), descendingRanks(start), n);
  if (nStrata > 1) {
    byStop = countingSortByKey(byStop, stratum, nStrata);
    byStart = countingSortByKey(byStart, stratum, nStrata);
  }

  const atRiskTree = new Int32Array(distinctScores + 1);
  const atRiskAtRank = new Int32Array(distinctScores + 1);
  const eventTree = new Int32Array(distinctScores + 1);
  const eventAtRank = new Int32Array(distinctScores + 1);
  const tiedEventsAtRank = new Int32Array(distinctScores + 1);
  const netInfluence = new Float64Array(n);
  const pairInfluence = new Float64Array(n);
  const inRiskSet = new Uint8Array(n);

  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  let tiedTimeAll = 0;
  let tiedTimeAndRisk = 0;

  // Event-tree readout for row k: (events above its score) − (events below), and all events so far.
  let eventTotal = 0;
  const eventBalance = (k: number): number => {
    const r = rank[k];
    const below = prefixSum(eventTree, r - 1);
    return eventTotal - below - eventAtRank[r] - below;
  };
  const join = (k: number): void => {
    netInfluence[k] -= eventBalance(k);
    pairInfluence[k] -= eventTotal;
    fenwickAdd(atRiskTree, rank[k], 1);
    atRiskAtRank[rank[k]] += 1;
    inRiskSet[k] = 1;
  };
  const leave = (k: number): void => {
    netInfluence[k] += eventBalance(k);
    pairInfluence[k] += eventTotal;
    fenwickAdd(atRiskTree, rank[k], -1);
    atRiskAtRank[rank[k]] -= 1;
    inRiskSet[k] = 0;
  };

  let q = 0;
  let leaving = 0;
  while (q < n) {
    const s = stratum[byStop[q]];
    let end = q;
    while (end < n && stratum[byStop[end]] === s) end++;
    let startEnd = leaving;
    while (startEnd < n && stratum[byStart[startEnd]] === s) startEnd++;
    let atRiskTotal = 0;
    eventTotal = 0;
    let i = q;
    while (i < end) {
      const row = byStop[i];
      if (status[row] === 0) {
        join(row);
        atRiskTotal++;
        i++;
        continue;
      }
      const t = stop[row];
      // Rows whose start is at or after t are no longer at risk.
      for (; leaving < startEnd && start[byStart[leaving]] >= t; leaving++) {
        const k = byStart[leaving];
        if (!inRiskSet[k]) continue;
        leave(k);
        atRiskTotal--;
      }
      let groupEnd = i;
      while (groupEnd < end && stop[byStop[groupEnd]] === t) groupEnd++;
      // Pass 1: each event against the risk set (the tied events are not in it yet).
      for (let j = i; j < groupEnd; j++) {
        const k = byStop[j];
        const r = rank[k];
        const lower = prefixSum(atRiskTree, r - 1);
        const equal = atRiskAtRank[r];
        const higher = atRiskTotal - lower - equal;
        concordant += lower;
        discordant += higher;
        tiedRisk += equal;
        netInfluence[k] += lower - higher;
        pairInfluence[k] += lower + higher + equal;
        tiedTimeAll += j - i;
        tiedTimeAndRisk += tiedEventsAtRank[r];
        tiedEventsAtRank[r] += 1;
        fenwickAdd(eventTree, r, 1);
        eventAtRank[r] += 1;
      }
      eventTotal += groupEnd - i;
      for (let j = i; j < groupEnd; j++) tiedEventsAtRank[rank[byStop[j]]] = 0;
      // Pass 2: the events join the risk set.
      for (let j = i; j < groupEnd; j++) join(byStop[j]);
      atRiskTotal += groupEnd - i;
      i = groupEnd;
    }
    // Rows still at risk at the stratum's first time read the event tree a last time; empty the trees.
    for (; leaving < startEnd; leaving++) {
      const k = byStart[leaving];
      if (inRiskSet[k]) leave(k);
    }
    for (let j = q; j < end; j++) {
      const k = byStop[j];
      if (status[k] !== 0) {
        fenwickAdd(eventTree, rank[k], -1);
        eventAtRank[rank[k]] -= 1;
      }
    }
    q = end;
  }

  const comparable = concordant + discordant + tiedRisk;
  const tiedTime = tiedTimeAll - tiedTimeAndRisk;
  if (comparable === 0) {
    return { estimate: null, stdErr: null, concordant, discordant, tiedRisk, tiedTime, tiedTimeAndRisk, comparable };
  }
  const somersD = (concordant - discordant) / comparable;
  const dfbeta = new Float64Array(n);
  for (let k = 0; k < n; k++) dfbeta[k] = (netInfluence[k] - somersD * pairInfluence[k]) / comparable;
  let varianceSomersD = 0;
  if (input.cluster) {
    const sums = new Map<number, number>();
    for (let k = 0; k < n; k++) sums.set(input.cluster[k], (sums.get(input.cluster[k]) ?? 0) + dfbeta[k]);
    for (const v of sums.values()) varianceSomersD += v * v;
  } else {
    for (let k = 0; k < n; k++) varianceSomersD += dfbeta[k] * dfbeta[k];
  }
  return {
    estimate: (somersD + 1) / 2,
    stdErr: Math.sqrt(varianceSomersD / 4),
    concordant,
    discordant,
    tiedRisk,
    tiedTime,
    tiedTimeAndRisk,
    comparable,
  };
}

/** Ranks 0..n−1 with the largest value first (equal values share a rank). */
function descendingRanks(values: Float64Array): Int32Array {
  const { ranks, count } = denseRanks(values);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = count - 1 - ranks[i];
  return out;
}
