/**
 * `analyze logrank`: do relapse-free survival curves differ between groups? The k-sample log-rank
 * test or a Fleming–Harrington G^rho test, optionally stratified, as R's
 * survdiff(Surv(time, event) ~ group + strata(s), rho = rho) (engine: shared/stats/log-rank.ts).
 *
 * Beyond the contract's chisq, df, p and per-group n / observed / expected, the result carries the
 * variance matrix, every pairwise comparison (survminer's pairwise_survdiff, p adjusted over the
 * pairs; by default only up to PAIRWISE_AUTO_LIMIT groups, above which a warning says they were not
 * run and `--pairwise yes` runs them), the test for trend over the ordered groups when asked
 * (Collett; scores 1..k in group order, or the user's `scores`), the number of rows excluded for a
 * missing value, and warnings.
 *
 * Groups (and strata) are ordered as R orders factor levels, or the groups as the user lists them
 * (`levels`; group-levels.ts); that order is the dose order of the test for trend. Rows missing the time, the
 * event, the group or the stratum are dropped and counted in `excluded`.
 *
 * With --start, rows are intervals (start, stop] (delayed entry, several intervals per participant;
 * intervals.ts) and the test is the score test of R's coxph(Surv(start, stop, event) ~ factor(group)
 * [+ strata(s)], ties = "breslow") (shared/stats/log-rank-counting.ts; R's survdiff takes right-censored
 * data only): without tied event times it equals the log-rank test, with ties it leaves out survdiff's
 * (n - d)/(n - 1). A repeated --id is then allowed, overlapping intervals of one participant are
 * refused, and `n` counts intervals. The test for trend and the pairwise tests are the same score test
 * on a score covariate and on the rows of each pair; Fleming–Harrington weights (rho > 0) are refused,
 * as no R function computes them on intervals.
 *
 * With --cluster COL (with or without --start), `robust` adds R's robust score test of the same model
 * with cluster = COL (summary(coxph)$robscore; shared/stats/log-rank-robust.ts), which allows for
 * correlated rows (the intervals or relapses of a participant, the participants of a site); the
 * log-rank test itself is unchanged beside it. Only for rho 0.
 *
 * With --weights COL (case-weights.ts): R's survdiff takes no weights, so the test is the score test of
 * coxph(Surv(time, event) ~ factor(group) [+ strata(s)], weights = w, ties = "breslow")
 * (shared/stats/log-rank-case-weights.ts): observed and expected are sums of weights, the variance is the
 * Breslow information (with tied event times it leaves out survdiff's (n - d)/(n - 1)); the pairwise tests
 * and the test for trend are the same score test on the rows of each pair and on a score covariate. When a
 * weight is fractional, `weights.robustScore` adds R's robust score test of that model (its default
 * variance then, each row its own cluster; log-rank-robust.ts with weights). Weights of 0 are refused, as
 * coxph refuses them; so are --weights with --start, --cluster or rho > 0.
 */
import { z } from 'zod';
import type { DataFrame } from '../data/frame';
import { logRankSorted, sortSurvival, type LogRankResult } from '../stats/log-rank';
import { logRankCounting } from '../stats/log-rank-counting';
import { robustLogRank } from '../stats/log-rank-robust';
import { mergeCountingTimes } from '../stats/kaplan-meier-counting';
import { aeqSurv } from '../stats/timefix';
import { logRankTrend } from '../stats/log-rank-trend';
import { P_ADJUST_METHODS, type PAdjustMethod } from '../stats/p-adjust';
import { pairwiseLogRank } from '../stats/pairwise-log-rank';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { groupCodes, groupOrderSchema, groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs, outcomeSchema, requireColumn, survivalRows } from './outcome';
import { participantIdSchema, refuseRepeatedIds } from './participant-id';
import { intervalIdSpec, intervalStarts, intervalStartSchema, intervalStartSpec, refuseOverlaps, startColumn } from './intervals';
import { pAdjust } from '../stats/p-adjust';
import { logRankCaseWeights } from '../stats/log-rank-case-weights';
import { hasFractionalWeights } from '../stats/kaplan-meier-case-weights';
import { caseWeights, caseWeightsSchema, caseWeightsSpec, refuseZeroWeights, weightColumn } from './case-weights';

const YES_NO = ['no', 'yes'] as const;
const PAIRWISE_CHOICES = ['auto', 'yes', 'no'] as const;
/** With 'auto', pairwise comparisons run for at most this many groups (k (k - 1) / 2 = 190 pairs). */
export const PAIRWISE_AUTO_LIMIT = 20;

const logrankOptionSpecs: OptionSpec[] = [
  ...outcomeOptionSpecs,
  intervalStartSpec,
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Column whose values define the groups whose relapse-free survival is compared (e.g. programme or clinic).', accepts: 'any', required: true },
  groupOrderSpec,
  intervalIdSpec,
  { kind: 'column', name: 'cluster', flag: 'cluster', label: 'Robust test by', help: 'Optional column (usually the participant id, or the site) whose rows are correlated: adds the robust log-rank (score) test allowing for it, as R coxph(Surv(…) ~ group, ties = "breslow", cluster = COL)\'s robust score test.', accepts: 'any' },
  caseWeightsSpec,
  { kind: 'column', name: 'strata', flag: 'strata', label: 'Stratify by', help: 'Optional column: the groups are compared within each of its levels and the evidence is pooled (R strata()).', accepts: 'any' },
  { kind: 'number', name: 'rho', flag: 'rho', label: 'Weight (rho)', help: 'Fleming–Harrington rho: 0 is the log-rank test (equal weight over time), 1 the Peto–Peto test (more weight on early relapses); any value >= 0.', default: 0, min: 0 },
  { kind: 'enum', name: 'trend', flag: 'trend', label: 'Test for trend', help: 'Also test for a trend over the groups in their order (see Group order; scores 1, 2, ..., k unless Trend scores are given): useful when the groups are ordered, such as dose bands.', choices: YES_NO, default: 'no' },
  { kind: 'numbers', name: 'scores', flag: 'scores', label: 'Trend scores', help: 'Scores of the groups for the test for trend, one per group in the group order, comma-separated (e.g. 40,60,80 for dose bands); giving them also runs the test for trend. Default: 1, 2, ..., k.' },
  { kind: 'enum', name: 'pairwise', flag: 'pairwise', label: 'Pairwise comparisons', help: `Also compare every pair of groups: auto runs them for up to ${PAIRWISE_AUTO_LIMIT} groups (above that the number of pairs grows too large to read and to run quickly); yes runs them for any number of groups; no skips them.`, choices: PAIRWISE_CHOICES, default: 'auto' },
  { kind: 'enum', name: 'pAdjust', flag: 'p-adjust', label: 'Pairwise p-value adjustment', help: 'How the p-values of the pairwise group comparisons are adjusted for multiple testing over all pairs (R p.adjust, as survminer pairwise_survdiff; default BH); a pair that cannot be compared (no relapse while both groups are followed) counts with p = 1.', choices: P_ADJUST_METHODS, default: 'BH' },
];

export const logrankOptionsSchema = outcomeSchema.extend({
  group: z.string().min(1),
  levels: groupOrderSchema,
  scores: z
    .preprocess((value) => (typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '').map((s) => Number(s)) : value), z.array(z.number().finite()).min(1))
    .optional(),
  strata: z.string().min(1).optional(),
  rho: z.coerce.number().finite().min(0).default(0),
  trend: z.enum(YES_NO).default('no'),
  pairwise: z.enum(PAIRWISE_CHOICES).default('auto'),
  pAdjust: z.enum(P_ADJUST_METHODS as unknown as [PAdjustMethod, ...PAdjustMethod[]]).default('BH'),
  id: participantIdSchema,
  start: intervalStartSchema,
  cluster: z.string().min(1).optional(),
  weights: caseWeightsSchema,
});
export type LogrankOptions = z.infer<typeof logrankOptionsSchema>;

const nullableNumber = z.number().nullable();
const warningSchema = z.object({ code: z.string(), message: z.string() });

export const logrankResultSchema = z.object({
  chisq: nullableNumber,
  df: z.number(),
  p: nullableNumber,
  /** n: rows of the group (intervals with --start). */
  groups: z.array(z.object({ group: z.string(), n: z.number(), observed: z.number(), expected: z.number() })),
  rho: z.number(),
  strata: z.object({ column: z.string(), levels: z.array(z.string()) }).nullable(),
  /** Variance matrix of observed minus expected, in group order. */
  variance: z.array(z.array(z.number())),
  pairwise: z.array(
    z.object({ group1: z.string(), group2: z.string(), chisq: nullableNumber, df: z.number(), p: nullableNumber, pAdjusted: nullableNumber }),
  ),
  pAdjustMethod: z.string(),
  trend: z
    .object({ scores: z.array(z.number()), statistic: z.number(), variance: z.number(), z: nullableNumber, chisq: nullableNumber, df: z.number(), p: nullableNumber })
    .nullable(),
  /** Rows dropped because the time, the event, the group or the stratum (or the start or id with --start) was missing. */
  excluded: z.number(),
  /** The interval start column (--start); absent for right-censored follow-up from 0. */
  start: z.string().optional(),
  /** Distinct participants (--start with --id). */
  participants: z.number().optional(),
  /** --cluster: R's robust score test of coxph(… ~ factor(group), ties = "breslow", cluster = column). */
  robust: z.object({ column: z.string(), clusters: z.number(), chisq: nullableNumber, df: z.number(), p: nullableNumber }).optional(),
  /** --weights: the weight column, whether a weight is fractional, and then R's robust score test of the weighted model (summary(coxph)$robscore). */
  weights: z
    .object({ column: z.string(), robust: z.boolean(), robustScore: z.object({ chisq: nullableNumber, df: z.number(), p: nullableNumber }).optional() })
    .optional(),
  warnings: z.array(warningSchema),
});
export type LogrankResult = z.infer<typeof logrankResultSchema>;

function runLogrank(frame: DataFrame, options: LogrankOptions): LogrankResult {
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

/** Every pair of groups with rows, the weighted score test on the rows of the two groups (within strata), p adjusted over the pairs. */
function pairwiseWeighted(time: Float64Array, status: Uint8Array, group: Int32Array, weight: Float64Array, nGroups: number, strata: Int32Array | undefined, method: PAdjustMethod) {
  const counts = new Int32Array(nGroups);
  for (let i = 0; i < group.length; i++) counts[group[i]]++;
  const comparisons: { group1: number; group2: number; chisq: number | null; df: number; p: number | null; pAdjusted: number | null; warnings: AnalysisWarning[] }[] = [];
  for (let a = 0; a < nGroups; a++) {
    if (counts[a] === 0) continue;
    for (let b = a + 1; b < nGroups; b++) {
      if (counts[b] === 0) continue;
      const inPair = (_: number, i: number) => group[i] === a || group[i] === b;
      const pairGroup = group.filter(inPair).map((g) => (g === a ? 0 : 1));
      const test = logRankCaseWeights(time.filter(inPair), status.filter(inPair), pairGroup, weight.filter(inPair), { nGroups: 2, strata: strata?.filter(inPair) });
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

/** The log-rank test on (start, stop] rows, its engine's errors worded for the user. */
function countingTest(start: Float64Array, stop: Float64Array, status: Uint8Array, group: Int32Array, nGroups: number, strata: Int32Array | undefined): LogRankResult {
  try {
    return logRankCounting(start, stop, status, group, { nGroups, strata });
  } catch (error) {
    if (error instanceof RangeError) throw new AnalysisError(error.message.replace(/^[A-Za-z]+: /, ''));
    throw error;
  }
}

/**
 * Every pair of groups with rows, tested on the rows of the two groups (within strata), p adjusted
 * over the pairs; a pair that cannot be compared counts with chisq 0 and p 1, as pairwise-log-rank.ts.
 */
function pairwiseCounting(start: Float64Array, stop: Float64Array, status: Uint8Array, group: Int32Array, nGroups: number, strata: Int32Array | undefined, method: PAdjustMethod) {
  const counts = new Int32Array(nGroups);
  for (let i = 0; i < group.length; i++) counts[group[i]]++;
  const comparisons: { group1: number; group2: number; chisq: number | null; df: number; p: number | null; pAdjusted: number | null; warnings: AnalysisWarning[] }[] = [];
  for (let a = 0; a < nGroups; a++) {
    if (counts[a] === 0) continue;
    for (let b = a + 1; b < nGroups; b++) {
      if (counts[b] === 0) continue;
      const inPair = (_: number, i: number) => group[i] === a || group[i] === b;
      const pairGroup = group.filter(inPair).map((g) => (g === a ? 0 : 1));
      const test = logRankCounting(start.filter(inPair), stop.filter(inPair), status.filter(inPair), pairGroup, { nGroups: 2, strata: strata?.filter(inPair) });
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

export const logrankAnalysis = defineAnalysis<LogrankOptions, LogrankResult>({
  id: 'logrank',
  title: 'Log-rank test',
  summary: 'Do the groups relapse at different rates over follow-up? The log-rank (or Peto–Peto) test, with pairwise comparisons and an optional test for trend.',
  options: logrankOptionSpecs,
  optionsSchema: logrankOptionsSchema,
  resultSchema: logrankResultSchema,
  run: runLogrank,
});
