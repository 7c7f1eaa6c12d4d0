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
import { logrankPresentation } from './logrank.presentation';
import type { PAdjustMethod } from '../stats/p-adjust';
import { defineAnalysis, type OptionSpec } from './declaration';
import { groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs } from './outcome';
import { intervalIdSpec, intervalStartSpec } from './intervals';
import { caseWeightsSpec } from './case-weights';
import type { OptionsOf } from './options-schema';

/** R p.adjust's methods, the engine's PAdjustMethod: listed here rather than imported so that the declaration, which the renderer reads, loads no engine code (test/shared/analyses/run.test.ts checks the lists agree). */
export const P_ADJUST_METHODS = ['none', 'holm', 'hochberg', 'bonferroni', 'BH', 'BY'] as const satisfies readonly PAdjustMethod[];
const YES_NO = ['no', 'yes'] as const;
const PAIRWISE_CHOICES = ['auto', 'yes', 'no'] as const;
/** With 'auto', pairwise comparisons run for at most this many groups (k (k - 1) / 2 = 190 pairs). */
export const PAIRWISE_AUTO_LIMIT = 20;

const logrankOptionSpecs = [
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
  { kind: 'numbers', name: 'scores', flag: 'scores', label: 'Trend scores', help: 'Scores of the groups for the test for trend, one per group in the group order, comma-separated (e.g. 40,60,80 for dose bands); giving them also runs the test for trend. Default: 1, 2, ..., k.', atLeast: { count: 1 } },
  { kind: 'enum', name: 'pairwise', flag: 'pairwise', label: 'Pairwise comparisons', help: `Also compare every pair of groups: auto runs them for up to ${PAIRWISE_AUTO_LIMIT} groups (above that the number of pairs grows too large to read and to run quickly); yes runs them for any number of groups; no skips them.`, choices: PAIRWISE_CHOICES, default: 'auto' },
  { kind: 'enum', name: 'pAdjust', flag: 'p-adjust', label: 'Pairwise p-value adjustment', help: 'How the p-values of the pairwise group comparisons are adjusted for multiple testing over all pairs (R p.adjust, as survminer pairwise_survdiff; default BH); a pair that cannot be compared (no relapse while both groups are followed) counts with p = 1.', choices: P_ADJUST_METHODS, default: 'BH' },
] as const satisfies readonly OptionSpec[];
export type LogrankOptions = OptionsOf<typeof logrankOptionSpecs>;

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

export const logrankAnalysis = defineAnalysis({
  id: 'logrank',
  title: 'Log-rank test',
  summary: 'Do the groups relapse at different rates over follow-up? The log-rank (or Peto–Peto) test, with pairwise comparisons and an optional test for trend.',
  options: logrankOptionSpecs,
  resultSchema: logrankResultSchema,
  presentation: logrankPresentation,
});
export const logrankOptionsSchema = logrankAnalysis.optionsSchema;
