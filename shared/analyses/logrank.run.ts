/**
 * The computation of `analyze logrank` (its declaration, options and methods are in logrank.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import type { DataFrame } from '../data/frame';
import { logRankSorted, sortSurvival, type LogRankResult } from '../stats/log-rank';
import { logRankCounting } from '../stats/log-rank-counting';
import { robustLogRank } from '../stats/log-rank-robust';
import { mergeCountingTimes } from '../stats/kaplan-meier-counting';
import { aeqSurv } from '../stats/timefix';
import { logRankTrend } from '../stats/log-rank-trend';
import { type PAdjustMethod } from '../stats/p-adjust';
import { pairwiseLogRank } from '../stats/pairwise-log-rank';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { groupCodes } from './group-levels';
import { requireColumn, survivalRows } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import { intervalStarts, refuseOverlaps, startColumn } from './intervals.run';
import { pAdjust } from '../stats/p-adjust';
import { logRankCaseWeights } from '../stats/log-rank-case-weights';
import { hasFractionalWeights } from '../stats/kaplan-meier-case-weights';
import { caseWeights, refuseZeroWeights, weightColumn } from './case-weights';
import { PAIRWISE_AUTO_LIMIT, type LogrankOptions, type LogrankResult } from './logrank';

export function runLogrank(frame: DataFrame, options: LogrankOptions): LogrankResult {
  const counting = options.start !== undefined;
  // Without a start each participant has one row; with one, its intervals are checked below.
  if (!counting) refuseRepeatedIds(frame, options.id, 'the log-rank test');
  if (counting && options.rho !== 0) {
    throw new AnalysisError(`rho: Fleming–Harrington weights (rho ${options.rho}) are not available for (start, stop] intervals (R's survdiff takes right-censored data only); use rho 0 with --start`);
  }
  const groupColumn = requireColumn(frame, options.group, 'group');
  const strataColumn = options.strata ? requireColumn(frame, options.strata, 'strata') : undefined;
  const extra = strataColumn ? [groupColumn, strataColumn] : [groupColumn];
  if (counting) extra.push(startColumn(frame, options.start!));
  if (counting && options.id) extra.push(requireColumn(frame, options.id, 'id'));
  const clusterColumn = options.cluster ? requireColumn(frame, options.cluster, 'cluster') : undefined;
  if (clusterColumn && options.rho !== 0) throw new AnalysisError(`cluster: the robust test is the log-rank test (rho 0), not the Fleming–Harrington test with rho ${options.rho}`);
  if (clusterColumn) extra.push(clusterColumn);
  if (options.weights) {
    if (counting) throw new AnalysisError('weights: case weights (--weights) cannot be combined with an interval start (--start)');
    if (clusterColumn) throw new AnalysisError('weights: case weights (--weights) cannot be combined with --cluster');
    if (options.rho !== 0) throw new AnalysisError(`weights: with case weights the test is the weighted log-rank (score) test, rho 0, not the Fleming–Harrington test with rho ${options.rho}`);
    extra.push(weightColumn(frame, options.weights));
  }
  const outcome = survivalRows(frame, options, extra);
  if (outcome.rows.length === 0) {
    const needed = ['time', 'event', 'group', ...(strataColumn ? ['stratum'] : []), ...(counting ? ['start'] : []), ...(counting && options.id ? ['id'] : []), ...(clusterColumn ? ['cluster'] : []), ...(options.weights ? ['weight'] : [])];
    throw new AnalysisError(`no rows with a usable ${needed.slice(0, -1).join(', ')} and ${needed[needed.length - 1]} (${outcome.droppedMissing} rows had a missing value)`);
  }
  const { codes, levels } = groupCodes(groupColumn, outcome.rows, options.levels);
  const strata = strataColumn ? groupCodes(strataColumn, outcome.rows) : undefined;
  const engineOptions = { strata: strata?.codes, rho: options.rho, nGroups: levels.length };

  let start: Float64Array | null = null;
  let participants: number | undefined;
  if (counting) {
    start = intervalStarts(frame, options.start!, outcome.rows, outcome.time);
    if (options.id) participants = refuseOverlaps(frame, options.id, outcome.rows, start, outcome.time, outcome.status);
  }
  const weight = options.weights ? caseWeights(frame, options.weights, outcome.rows) : null;
  if (weight) refuseZeroWeights(weight, outcome.rows, options.weights!, 'the weighted log-rank test');
  const sorted = start || weight ? null : sortSurvival(outcome.time, outcome.status, codes, strata?.codes);
  const test = weight
    ? logRankCaseWeights(outcome.time, outcome.status, codes, weight, { nGroups: levels.length, strata: strata?.codes })
    : start
      ? countingTest(start, outcome.time, outcome.status, codes, levels.length, strata?.codes)
      : logRankSorted(sorted!, levels.length, options.rho);
  const warnings: AnalysisWarning[] = test.warnings.map((w) =>
    w.code === 'single-group'
      ? { code: w.code, message: `Column "${options.group}" has only one value (${levels[0]}) among the usable rows, so there are no groups to compare.` }
      : { ...w },
  );

  const presentGroups = test.n.filter((count) => count > 0).length;
  const runPairwise = options.pairwise === 'yes' || (options.pairwise === 'auto' && presentGroups <= PAIRWISE_AUTO_LIMIT);
  if (options.pairwise === 'auto' && !runPairwise) {
    const pairs = (presentGroups * (presentGroups - 1)) / 2;
    warnings.push({
      code: 'pairwise-not-run',
      message: `Pairwise comparisons were not run: column "${options.group}" has ${presentGroups} groups (${pairs} pairs), more than the ${PAIRWISE_AUTO_LIMIT} for which they run by default. Set "Pairwise comparisons" to yes (--pairwise yes) to run them.`,
    });
  }
  const pairwise = !runPairwise
    ? []
    : (weight
        ? pairwiseWeighted(outcome.time, outcome.status, codes, weight, levels.length, strata?.codes, options.pAdjust)
        : start
        ? pairwiseCounting(start, outcome.time, outcome.status, codes, levels.length, strata?.codes, options.pAdjust)
        : pairwiseLogRank(outcome.time, outcome.status, codes, { ...engineOptions, pAdjust: options.pAdjust, sorted: sorted! })
      ).map((pair) => {
        for (const w of pair.warnings) {
          if (w.code !== 'single-group') warnings.push({ code: `pairwise-${w.code}`, message: `${levels[pair.group1]} vs ${levels[pair.group2]}: ${w.message}` });
        }
        return { group1: levels[pair.group1], group2: levels[pair.group2], chisq: pair.chisq, df: pair.df, p: pair.p, pAdjusted: pair.pAdjusted };
      });

  let trend: LogrankResult['trend'] = null;
  if (options.trend === 'yes' || options.scores) {
    if (options.scores && options.scores.length !== levels.length) {
      throw new AnalysisError(`scores: ${options.scores.length} trend score${options.scores.length === 1 ? '' : 's'} for ${levels.length} groups (${levels.join(', ')}); give one per group, in that order`);
    }
    const t = logRankTrend(test, options.scores);
    warnings.push(...t.warnings);
    trend = { scores: t.scores, statistic: t.statistic, variance: t.variance, z: t.z, chisq: t.chisq, df: t.df, p: t.p };
  }

  let robust: LogrankResult['robust'];
  if (clusterColumn) {
    const cluster = groupCodes(clusterColumn, outcome.rows);
    let riskStart: Float64Array;
    let riskStop: Float64Array;
    if (start) {
      ({ start: riskStart, stop: riskStop } = mergeCountingTimes(start, outcome.time));
    } else {
      // Right-censored rows as intervals from before the first time (timefix as coxph's aeqSurv).
      riskStop = aeqSurv(outcome.time);
      let first = Infinity;
      for (const t of riskStop) if (t < first) first = t;
      riskStart = new Float64Array(riskStop.length).fill(first - 1);
    }
    const r = robustLogRank({ start: riskStart, stop: riskStop, status: outcome.status, group: codes, nGroups: levels.length, strata: strata?.codes, cluster: cluster.codes });
    robust = { column: clusterColumn.name, clusters: r.clusters, chisq: r.chisq, df: r.df, p: r.p };
  }

  let weighted: LogrankResult['weights'];
  if (weight) {
    const fractional = hasFractionalWeights(weight);
    weighted = { column: options.weights!, robust: fractional };
    warnings.push({
      code: 'weighted-score-test',
      message: `With case weights the test is the score test of R's coxph(… ~ factor(${options.group}), weights = ${options.weights}, ties = "breslow") (survdiff takes no weights); observed and expected are sums of weights.`,
    });
    if (fractional) {
      // Right-censored rows as intervals from before the first time (timefix as coxph's aeqSurv); each row its own cluster.
      const riskStop = aeqSurv(outcome.time);
      let first = Infinity;
      for (const t of riskStop) if (t < first) first = t;
      const n = riskStop.length;
      const r = robustLogRank({ start: new Float64Array(n).fill(first - 1), stop: riskStop, status: outcome.status, group: codes, nGroups: levels.length, strata: strata?.codes, cluster: Int32Array.from({ length: n }, (_, i) => i), weights: weight });
      weighted.robustScore = { chisq: r.chisq, df: r.df, p: r.p };
      warnings.push({
        code: 'robust-se',
        message: `Some case weights in column "${options.weights}" are not whole numbers: R's coxph then uses the robust variance by default, so its robust score test is reported beside the test (weights.robustScore).`,
      });
    }
  }

  return {
    chisq: test.chisq,
    df: test.df,
    p: test.p,
    groups: levels.map((group, k) => ({ group, n: test.n[k], observed: test.observed[k], expected: test.expected[k] })),
    rho: options.rho,
    strata: strata ? { column: options.strata!, levels: strata.levels } : null,
    variance: test.variance,
    pairwise,
    pAdjustMethod: options.pAdjust,
    trend,
    excluded: outcome.droppedMissing,
    ...(counting ? { start: options.start! } : {}),
    ...(participants !== undefined ? { participants } : {}),
    ...(robust ? { robust } : {}),
    ...(weighted ? { weights: weighted } : {}),
    warnings,
  };
}

/**
 * Every pair of groups with rows, tested on the rows of the two groups (within strata) by `testPair`, p adjusted
 * over the pairs; a pair that cannot be compared counts with chisq 0 and p 1, as pairwise-log-rank.ts.
 */
function pairwiseTests(group: Int32Array, nGroups: number, method: PAdjustMethod, testPair: (inPair: (_: number, i: number) => boolean, pairGroup: Int32Array) => LogRankResult) {
  const counts = new Int32Array(nGroups);
  for (let i = 0; i < group.length; i++) counts[group[i]]++;
  const comparisons: { group1: number; group2: number; chisq: number | null; df: number; p: number | null; pAdjusted: number | null; warnings: AnalysisWarning[] }[] = [];
  for (let a = 0; a < nGroups; a++) {
    if (counts[a] === 0) continue;
    for (let b = a + 1; b < nGroups; b++) {
      if (counts[b] === 0) continue;
      const inPair = (_: number, i: number) => group[i] === a || group[i] === b;
      const test = testPair(inPair, group.filter(inPair).map((g) => (g === a ? 0 : 1)));
      if (test.warnings.some((w) => w.code === 'no-test')) {
        comparisons.push({ group1: a, group2: b, chisq: 0, df: 1, p: 1, pAdjusted: null, warnings: [{ code: 'no-test', message: 'the two groups cannot be compared (fewer than two of them have anyone at risk at a relapse); the pair counts with chi-square 0 and p = 1 among the comparisons adjusted for.' }] });
        continue;
      }
      comparisons.push({ group1: a, group2: b, chisq: test.chisq, df: test.df, p: test.p, pAdjusted: null, warnings: test.warnings });
    }
  }
  const adjusted = pAdjust(comparisons.map((c) => c.p), method);
  comparisons.forEach((c, i) => (c.pAdjusted = adjusted[i]));
  return comparisons;
}

/** Every pair of groups with rows, the weighted score test on the rows of the two groups (within strata), p adjusted over the pairs. */
function pairwiseWeighted(time: Float64Array, status: Uint8Array, group: Int32Array, weight: Float64Array, nGroups: number, strata: Int32Array | undefined, method: PAdjustMethod) {
  return pairwiseTests(group, nGroups, method, (inPair, pairGroup) =>
    logRankCaseWeights(time.filter(inPair), status.filter(inPair), pairGroup, weight.filter(inPair), { nGroups: 2, strata: strata?.filter(inPair) }),
  );
}

/** The log-rank test on (start, stop] rows, its engine's errors worded for the user. */
function countingTest(start: Float64Array, stop: Float64Array, status: Uint8Array, group: Int32Array, nGroups: number, strata: Int32Array | undefined): LogRankResult {
  try {
    return logRankCounting(start, stop, status, group, { nGroups, strata });
  } catch (error) {
    if (error instanceof RangeError) throw new AnalysisError(error.message.replace(/^[A-Za-z]+: /, ''));
    throw error;
  }
}

/** Every pair of groups with rows, the log-rank test on (start, stop] rows of the two groups (within strata), p adjusted over the pairs. */
function pairwiseCounting(start: Float64Array, stop: Float64Array, status: Uint8Array, group: Int32Array, nGroups: number, strata: Int32Array | undefined, method: PAdjustMethod) {
  return pairwiseTests(group, nGroups, method, (inPair, pairGroup) =>
    logRankCounting(start.filter(inPair), stop.filter(inPair), status.filter(inPair), pairGroup, { nGroups: 2, strata: strata?.filter(inPair) }),
  );
}
