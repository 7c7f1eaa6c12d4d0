/**
 * `analyze rmst`: how much relapse-free time, on average, each group has up to a horizon tau (the
 * restricted mean survival time), and for every pair of groups the difference and the ratio of those
 * means with confidence intervals and p-values, as survRM2's rmst2 (engine:
 * shared/stats/rmst-difference.ts on the Kaplan–Meier curves of kaplan-meier.ts and R survival's
 * restricted mean and SE of rmst.ts).
 *
 * Pairs: with the groups in order L1, L2, ..., Lk (R's factor order or the user's --levels;
 * group-levels.ts), each pair is a later group against an earlier one, a = Lj and b = Li for i < j,
 * listed (L2, L1), (L3, L1), ..., (L3, L2), ...: difference = RMST_a - RMST_b and ratio = RMST_a /
 * RMST_b, as survRM2's "arm 1 vs arm 0" with the earlier level as arm 0. With --pairwise auto (the
 * default) the pairs are listed for up to 20 groups, as the log-rank's; above that a warning says so and
 * --pairwise yes lists them all. The p-values are per pair, not adjusted for multiple comparisons.
 *
 * Horizon: --tau, or by default survRM2's (rmst2's default tau, generalised to k groups): the smallest
 * last follow-up time among the groups whose last observation is a censoring, or the largest last time
 * when every group ends with a relapse (a curve that has reached 0 is known beyond its follow-up). A tau
 * after the last time of a group whose curve is still above 0 carries that curve flat and is reported as
 * a warning, as in `analyze km`.
 *
 * Rows missing the time, the event or the group are dropped and counted in `excluded`. A grouping with
 * a single group among the analysed rows is refused: there is nothing to compare.
 */
import { z } from 'zod';
import { defineAnalysis, type OptionSpec } from './declaration';
import { groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs } from './outcome';
import { participantIdSpec } from './participant-id';
import type { OptionsOf } from './options-schema';
import { PAIRWISE_AUTO_LIMIT } from './logrank';
import { rmstPresentation } from './rmst.presentation';

const PAIRWISE_CHOICES = ['auto', 'yes', 'no'] as const;

const rmstOptionSpecs = [
  ...outcomeOptionSpecs,
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Column whose values define the groups whose restricted mean time free of relapse is compared (e.g. programme or clinic).', accepts: 'any', required: true },
  groupOrderSpec,
  { kind: 'number', name: 'tau', flag: 'tau', label: 'Restricted mean horizon', help: 'Horizon (days) up to which the mean time free of relapse is taken; default as R survRM2: the shortest last follow-up among groups whose follow-up ends without a relapse, so that no group is followed past its data (the longest follow-up when every group ends with a relapse).', min: 0, exclusiveMin: true },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
  { kind: 'enum', name: 'pairwise', flag: 'pairwise', label: 'Pairwise comparisons', help: `Compare every pair of groups: auto does so for up to ${PAIRWISE_AUTO_LIMIT} groups (above that the pairs are too many to read); yes for any number of groups; no gives the groups' restricted means only.`, choices: PAIRWISE_CHOICES, default: 'auto' },
  participantIdSpec,
] as const satisfies readonly OptionSpec[];
export type RmstOptions = OptionsOf<typeof rmstOptionSpecs>;

const nullableNumber = z.number().nullable();

export const rmstResultSchema = z.object({
  /** The horizon used, and whether the user chose it or it is the default (the shortest last follow-up time). */
  tau: z.number(),
  tauChosen: z.enum(['user', 'default']),
  confLevel: z.number(),
  groups: z.array(
    z.object({ group: z.string(), n: z.number(), events: z.number(), rmst: z.number(), stdErr: z.number(), lower: z.number(), upper: z.number() }),
  ),
  /** Every pair of groups: a (the later group) against b (the earlier); p is the difference's. */
  comparisons: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      difference: nullableNumber,
      differenceStdErr: nullableNumber,
      differenceLower: nullableNumber,
      differenceUpper: nullableNumber,
      p: nullableNumber,
      ratio: nullableNumber,
      logRatioStdErr: nullableNumber,
      ratioLower: nullableNumber,
      ratioUpper: nullableNumber,
      ratioP: nullableNumber,
    }),
  ),
  /** Rows dropped because the time, the event or the group was missing. */
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type RmstResult = z.infer<typeof rmstResultSchema>;

export const rmstAnalysis = defineAnalysis({
  id: 'rmst',
  title: 'Restricted mean time free of relapse',
  summary:
    'How much relapse-free time does each group have, on average, up to a chosen horizon, and how do the groups differ: the difference and the ratio of the restricted means for every pair of groups (later group against earlier), with confidence intervals and p-values. Default horizon as R survRM2: the shortest last follow-up among groups whose follow-up ends without a relapse.',
  options: rmstOptionSpecs,
  resultSchema: rmstResultSchema,
  presentation: rmstPresentation,
});
export const rmstOptionsSchema = rmstAnalysis.optionsSchema;
