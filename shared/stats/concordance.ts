/**
 * Harrell's concordance for a Cox model, with its infinitesimal-jackknife standard error, exactly as
 * R's coxph stores it in fit$concordance (survival 3.5, noweb/concordance.Rnw: concordancefit with
 * reverse = TRUE, timewt = "n", no case weights; pairs are formed only within strata).
 *
 * A pair (i, j) is comparable when the shorter of the two times is an event: i has an event at t_i and
 * t_j > t_i, or t_j = t_i and j is censored (a censoring at t is taken to outlast an event at t). Because
 * a higher risk score predicts a shorter time, the pair is
 *   concordant  when the subject with the event has the higher score,
 *   discordant  when it has the lower score,
 *   tiedRisk    when the scores are equal.
 * Two events at the same time are not comparable; R still counts them, as tiedTime (different scores)
 * and tiedTimeAndRisk (equal scores, R's tied.xy).
 *   estimate = (concordant + tiedRisk/2) / comparable,   comparable = concordant + discordant + tiedRisk.
 *
 * Standard error. With Somers' d = (C - D)/m (m = comparable) and w_k a case weight for subject k,
 * the infinitesimal jackknife gives var(d) = sum_k (dd/dw_k)^2 with
 *   dd/dw_k = [ dC/dw_k - dD/dw_k - d * (dC/dw_k + dD/dw_k + dT/dw_k) ] / m,
 * and var(concordance) = var(d)/4. Subject k's derivative of a count is the number of pairs it belongs
 * to in that category: as the event (its own risk set at t_k) plus as the longer-lived member of pairs
 * whose event happens earlier. The first part is read from a Fenwick tree of the current risk set's
 * scores; the second is (events in an event tree at the end) - (events in it when k joined the risk
 * set), since, walking from the longest time down, exactly the events processed after k joined are
 * the earlier events whose risk set holds k. This is R's two-tree algorithm with Fenwick trees
 * over the ranked scores in place of its balanced binary tree: O(n log n) overall.
 */
import { compactCodes, countingSortByKey, denseRanks, identityOrder } from './sort-order';

/** Counts and estimate as coxph reports them; null where R gives NaN (no comparable pairs). */
export interface ConcordanceResult {
  /** (concordant + tiedRisk/2) / comparable; null when there are no comparable pairs. */
  estimate: number | null;
  /** sqrt of R's infinitesimal-jackknife variance; null when there are no comparable pairs. */
  stdErr: number | null;
  /** Comparable pairs where the subject with the event has the higher risk score (R's concordant). */
  concordant: number;
  /** Comparable pairs where the subject with the event has the lower risk score (R's discordant). */
  discordant: number;
  /** Comparable pairs tied on the risk score (R's tied.x). */
  tiedRisk: number;
  /** Pairs of events at the same time with different scores (R's tied.y; not comparable). */
  tiedTime: number;
  /** Pairs of events at the same time with equal scores (R's tied.xy; not comparable). */
  tiedTimeAndRisk: number;
  /** concordant + discordant + tiedRisk. */
  comparable: number;
}

/**
 * Harrell's concordance of riskScore (the linear predictor; higher = shorter time) with the right-censored
 * outcome (time, status: 1 = event, 0 = censored), pairs formed within strata when strata is given.
 */
export function concordance(
  time: Float64Array,
  status: Uint8Array,
  riskScore: Float64Array,
  strata?: Int32Array | null,
): ConcordanceResult {
  const n = time.length;
  if (status.length !== n || riskScore.length !== n || (strata && strata.length !== n)) {
    throw new RangeError('concordance: time, status, riskScore and strata must have the same length');
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(time[i]) || !Number.isFinite(riskScore[i])) {
      throw new RangeError('concordance: time and riskScore must be free of missing values');
    }
  }

  // Fenwick positions are 1-based: the score ranks shifted by one.
  const { ranks: rank, count: distinctScores } = denseRanks(riskScore);
  for (let i = 0; i < n; i++) rank[i] += 1;
  const order = survivalOrder(time, status, strata ?? null);
  // The data in processing order, gathered once: the walk below then reads in sequence.
  const sortedRank = new Int32Array(n);
  const sortedStatus = new Uint8Array(n);
  const sortedTime = new Float64Array(n);
  const sortedStratum = strata ? new Int32Array(n) : null;
  for (let q = 0; q < n; q++) {
    const subject = order[q];
    sortedRank[q] = rank[subject];
    sortedStatus[q] = status[subject] === 0 ? 0 : 1;
    sortedTime[q] = time[subject];
    if (sortedStratum) sortedStratum[q] = strata![subject];
  }

  // Fenwick trees (1-based over score ranks) with their point counts: the risk set, and the events.
  // Counts below 2^31, so 32-bit integers: half the memory of doubles, and these trees are read at
  // random positions (over up to n distinct scores), where cache misses set the pace.
  const atRiskTree = new Int32Array(distinctScores + 1);
  const atRiskAtRank = new Int32Array(distinctScores + 1);
  const eventTree = new Int32Array(distinctScores + 1);
  const eventAtRank = new Int32Array(distinctScores + 1);
  const tiedEventsAtRank = new Int32Array(distinctScores + 1); // scratch within one event time

  // Per subject (by position in processing order): dC/dw - dD/dw, and dC/dw + dD/dw + dT/dw (the
  // pairs it takes part in).
  const netInfluence = new Float64Array(n);
  const pairInfluence = new Float64Array(n);

  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  let tiedTimeAll = 0;
  let tiedTimeAndRisk = 0;

  let stratumStart = 0;
  while (stratumStart < n) {
    let stratumEnd = stratumStart + 1;
    if (sortedStratum) {
      const s = sortedStratum[stratumStart];
      while (stratumEnd < n && sortedStratum[stratumEnd] === s) stratumEnd++;
    } else {
      stratumEnd = n;
    }

    let atRiskTotal = 0;
    let eventTotal = 0;
    let i = stratumStart;
    while (i < stratumEnd) {
      if (sortedStatus[i] === 0) {
        // A censored subject joins the risk set: first note how the event tree stands now.
        const r = sortedRank[i];
        const eventsBelow = prefixSum(eventTree, r - 1);
        const eventsAbove = eventTotal - eventsBelow - eventAtRank[r];
        netInfluence[i] -= eventsAbove - eventsBelow;
        pairInfluence[i] -= eventTotal;
        fenwickAdd(atRiskTree, r, 1);
        atRiskAtRank[r] += 1;
        atRiskTotal += 1;
        i++;
        continue;
      }

      // All events at this time (censored subjects at the same time were placed before them).
      const t = sortedTime[i];
      let groupEnd = i;
      while (groupEnd < stratumEnd && sortedTime[groupEnd] === t) groupEnd++;

      // Pass 1: compare each event with the risk set of longer times; the tied events are not in it.
      for (let j = i; j < groupEnd; j++) {
        const r = sortedRank[j];
        const lower = prefixSum(atRiskTree, r - 1);
        const equal = atRiskAtRank[r];
        const higher = atRiskTotal - lower - equal;
        concordant += lower;
        discordant += higher;
        tiedRisk += equal;
        netInfluence[j] += lower - higher;
        pairInfluence[j] += lower + higher + equal;
        tiedTimeAll += j - i;
        tiedTimeAndRisk += tiedEventsAtRank[r];
        tiedEventsAtRank[r] += 1;
        fenwickAdd(eventTree, r, 1);
        eventAtRank[r] += 1;
      }
      eventTotal += groupEnd - i;
      for (let j = i; j < groupEnd; j++) tiedEventsAtRank[sortedRank[j]] = 0;

      // Pass 2: the events join the risk set; the event tree now holds their own tied events too,
      // which is what the end-of-stratum readout will also hold, so ties cancel out of the influence.
      for (let j = i; j < groupEnd; j++) {
        const r = sortedRank[j];
        const eventsBelow = prefixSum(eventTree, r - 1);
        const eventsAbove = eventTotal - eventsBelow - eventAtRank[r];
        netInfluence[j] -= eventsAbove - eventsBelow;
        pairInfluence[j] -= eventTotal;
        fenwickAdd(atRiskTree, r, 1);
        atRiskAtRank[r] += 1;
      }
      atRiskTotal += groupEnd - i;
      i = groupEnd;
    }

    // Final readout of the event tree: every event processed after k joined is an earlier event
    // whose risk set holds k. Then empty both trees for the next stratum.
    for (let j = stratumStart; j < stratumEnd; j++) {
      const r = sortedRank[j];
      const eventsBelow = prefixSum(eventTree, r - 1);
      const eventsAbove = eventTotal - eventsBelow - eventAtRank[r];
      netInfluence[j] += eventsAbove - eventsBelow;
      pairInfluence[j] += eventTotal;
    }
    if (stratumEnd < n) {
      for (let j = stratumStart; j < stratumEnd; j++) {
        const r = sortedRank[j];
        fenwickAdd(atRiskTree, r, -1);
        atRiskAtRank[r] -= 1;
        if (sortedStatus[j] !== 0) {
          fenwickAdd(eventTree, r, -1);
          eventAtRank[r] -= 1;
        }
      }
    }
    stratumStart = stratumEnd;
  }

  const comparable = concordant + discordant + tiedRisk;
  const tiedTime = tiedTimeAll - tiedTimeAndRisk;
  if (comparable === 0) {
    return { estimate: null, stdErr: null, concordant, discordant, tiedRisk, tiedTime, tiedTimeAndRisk, comparable };
  }
  const somersD = (concordant - discordant) / comparable;
  let varianceSomersD = 0;
  for (let k = 0; k < n; k++) {
    const dfbeta = (netInfluence[k] - somersD * pairInfluence[k]) / comparable;
    varianceSomersD += dfbeta * dfbeta;
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

/**
 * Order of processing: by stratum, then time from longest to shortest, censored before events, then row.
 * A least-significant-key-first radix sort of stable counting passes (status, time rank, stratum).
 */
export function survivalOrder(time: Float64Array, status: Uint8Array, strata: Int32Array | null): Int32Array {
  const n = time.length;
  const censoredFirst = new Int32Array(n);
  for (let i = 0; i < n; i++) censoredFirst[i] = status[i] === 0 ? 0 : 1;
  let order = countingSortByKey(identityOrder(n), censoredFirst, 2);
  const { ranks: timeRank, count: distinct } = denseRanks(time);
  const longestFirst = new Int32Array(n);
  for (let i = 0; i < n; i++) longestFirst[i] = distinct - 1 - timeRank[i];
  order = countingSortByKey(order, longestFirst, distinct);
  if (strata) {
    const { ranks: stratumRank, count: nStrata } = compactCodes(strata);
    order = countingSortByKey(order, stratumRank, nStrata);
  }
  return order;
}

/** Fenwick (binary indexed) tree of counts, positions 1-based: add `amount` at `position`. */
export function fenwickAdd(tree: Int32Array, position: number, amount: number): void {
  for (let p = position; p < tree.length; p += p & -p) tree[p] += amount;
}

/** Sum of positions 1..position. */
export function prefixSum(tree: Int32Array, position: number): number {
  let total = 0;
  for (let p = position; p > 0; p -= p & -p) total += tree[p];
  return total;
}
