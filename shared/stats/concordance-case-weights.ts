/**
 * Harrell's concordance of a Cox model with case weights, as R's coxph(…, weights = w) stores it in
 * fit$concordance (survival 3.5, concordancefit(y, lp, strata, weights, reverse = TRUE, timewt = "n")).
 * The algorithm of concordance.ts with each pair (i, j) counted with weight w_i w_j: the Fenwick trees hold
 * weights instead of counts, so a subject's derivative of a count is the total weight of the subjects it is
 * paired with in that category. The infinitesimal-jackknife variance is concordancefit's
 *   dfbeta_k = w_k [ (dC/dw_k − dD/dw_k) − d (dC/dw_k + dD/dw_k + dT/dw_k) ] / m,  var(d) = Σ_k dfbeta_k²,
 * var(concordance) = var(d)/4 (with fractional weights coxph passes one cluster per row, which sums the same).
 * With a cluster (coxph(…, weights = w, cluster = cl)), concordancefit sums the dfbeta within each cluster
 * first (tapply(dfbeta, cluster, sum)): var(d) = Σ_c (Σ_{k in c} dfbeta_k)².
 * Pairs are formed within strata. Tied events (R's tied.y, tied.xy) are Σ w_i w_j over pairs of events at the
 * same time. A row of weight 0 pairs with nothing.
 */
import { denseRanks } from './sort-order';
import { survivalOrder, type ConcordanceResult } from './concordance';

/**
 * Weighted Harrell's concordance of riskScore (the linear predictor; higher = shorter time) with the right-censored
 * outcome, pairs within strata.
 */
export function concordanceCaseWeights(
  time: Float64Array,
  status: Uint8Array,
  riskScore: Float64Array,
  weight: Float64Array,
  strata?: Int32Array | null,
  /** Cluster code per row (0, 1, …), or null for one cluster per row. */
  cluster?: Int32Array | null,
): ConcordanceResult {
  const n = time.length;
  if (status.length !== n || riskScore.length !== n || weight.length !== n || (strata && strata.length !== n) || (cluster && cluster.length !== n)) {
    throw new RangeError('concordanceCaseWeights: time, status, riskScore, weight, strata and cluster must have the same length');
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(time[i]) || !Number.isFinite(riskScore[i]) || !(weight[i] >= 0) || !Number.isFinite(weight[i])) {
      throw new RangeError('concordanceCaseWeights: time, riskScore and weight must be free of missing values, weights finite and ≥ 0');
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
  const sortedWeight = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const subject = order[q];
    sortedWeight[q] = weight[subject];
    sortedRank[q] = rank[subject];
    sortedStatus[q] = status[subject] === 0 ? 0 : 1;
    sortedTime[q] = time[subject];
    if (sortedStratum) sortedStratum[q] = strata![subject];
  }

  // Fenwick trees (1-based over score ranks) of the weights: the risk set, and the events.
  const atRiskTree = new Float64Array(distinctScores + 1);
  const atRiskAtRank = new Float64Array(distinctScores + 1);
  const eventTree = new Float64Array(distinctScores + 1);
  const eventAtRank = new Float64Array(distinctScores + 1);
  const tiedEventsAtRank = new Float64Array(distinctScores + 1); // scratch within one event time

  // Per subject (by position in processing order): dC/dw - dD/dw, and dC/dw + dD/dw + dT/dw (the
  // weights of the subjects it is paired with).
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
        const w = sortedWeight[i];
        fenwickAdd(atRiskTree, r, w);
        atRiskAtRank[r] += w;
        atRiskTotal += w;
        i++;
        continue;
      }

      // All events at this time (censored subjects at the same time were placed before them).
      const t = sortedTime[i];
      let groupEnd = i;
      while (groupEnd < stratumEnd && sortedTime[groupEnd] === t) groupEnd++;

      // Pass 1: compare each event with the risk set of longer times; the tied events are not in it.
      let tiedBefore = 0;
      let groupWeight = 0;
      for (let j = i; j < groupEnd; j++) {
        const r = sortedRank[j];
        const w = sortedWeight[j];
        const lower = prefixSum(atRiskTree, r - 1);
        const equal = atRiskAtRank[r];
        const higher = atRiskTotal - lower - equal;
        concordant += w * lower;
        discordant += w * higher;
        tiedRisk += w * equal;
        netInfluence[j] += lower - higher;
        pairInfluence[j] += lower + higher + equal;
        tiedTimeAll += w * tiedBefore;
        tiedTimeAndRisk += w * tiedEventsAtRank[r];
        tiedEventsAtRank[r] += w;
        tiedBefore += w;
        groupWeight += w;
        fenwickAdd(eventTree, r, w);
        eventAtRank[r] += w;
      }
      eventTotal += groupWeight;
      for (let j = i; j < groupEnd; j++) tiedEventsAtRank[sortedRank[j]] = 0;

      // Pass 2: the events join the risk set; the event tree now holds their own tied events too,
      // which is what the end-of-stratum readout will also hold, so ties cancel out of the influence.
      for (let j = i; j < groupEnd; j++) {
        const r = sortedRank[j];
        const eventsBelow = prefixSum(eventTree, r - 1);
        const eventsAbove = eventTotal - eventsBelow - eventAtRank[r];
        netInfluence[j] -= eventsAbove - eventsBelow;
        pairInfluence[j] -= eventTotal;
        fenwickAdd(atRiskTree, r, sortedWeight[j]);
        atRiskAtRank[r] += sortedWeight[j];
      }
      atRiskTotal += groupWeight;
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
        const w = sortedWeight[j];
        fenwickAdd(atRiskTree, r, -w);
        atRiskAtRank[r] -= w;
        if (sortedStatus[j] !== 0) {
          fenwickAdd(eventTree, r, -w);
          eventAtRank[r] -= w;
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
  if (cluster) {
    let clusters = 0;
    for (let i = 0; i < n; i++) if (cluster[i] + 1 > clusters) clusters = cluster[i] + 1;
    const clusterSum = new Float64Array(clusters);
    for (let k = 0; k < n; k++) clusterSum[cluster[order[k]]] += (sortedWeight[k] * (netInfluence[k] - somersD * pairInfluence[k])) / comparable;
    for (let c = 0; c < clusters; c++) varianceSomersD += clusterSum[c] * clusterSum[c];
  } else {
    for (let k = 0; k < n; k++) {
      const dfbeta = (sortedWeight[k] * (netInfluence[k] - somersD * pairInfluence[k])) / comparable;
      varianceSomersD += dfbeta * dfbeta;
    }
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

function fenwickAdd(tree: Float64Array, position: number, amount: number): void {
  for (let p = position; p < tree.length; p += p & -p) tree[p] += amount;
}

/** Sum of positions 1..position. */
function prefixSum(tree: Float64Array, position: number): number {
  let total = 0;
  for (let p = position; p > 0; p -= p & -p) total += tree[p];
  return total;
}
