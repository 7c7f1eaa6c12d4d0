/**
 * `analyze recurrent`: recurrent relapses, each participant followed over one or more (start, stop]
 * intervals, one per episode. Three Cox models of the rate of relapse episodes, each with the
 * cluster-robust variance by participant, as R survival 3.5:
 *   ag         Andersen–Gill, total time:  coxph(Surv(start, stop, event) ~ x + cluster(id))
 *   pwp-total  Prentice–Williams–Peterson, total time:
 *                                          coxph(Surv(start, stop, event) ~ x + strata(episode) + cluster(id))
 *   pwp-gap    PWP, gap time (the clock restarts at each episode):
 *                                          coxph(Surv(stop - start, event) ~ x + strata(episode) + cluster(id))
 * and the mean cumulative function (mean number of relapses per participant over time, with its robust
 * CI), overall or by group: survfit(Surv(start, stop, event) ~ group, id = id), its cumhaz.
 *
 * The episode number is derived by ordering each participant's rows by start (1, 2, …). The model's
 * covariates are --covariates; without them the group (as categories) is the model's covariate; with
 * neither, only the MCF is given. As summary.coxph with a robust variance, z = coef / robust SE and the
 * p-value and the hazard-ratio CI use the robust SE; `se` is the model-based SE.
 * Engine files: shared/stats/cox-counting-process.ts, robust-variance.ts, mean-cumulative-function.ts.
 *
 * Refused with one line: an interval whose stop is not after its start, and a participant's intervals
 * that overlap (data checks as R's survcheck). Rows missing a value are dropped and counted.
 */
import { z } from 'zod';
import { COX_TIES } from './cox';
import { defineAnalysis, type OptionSpec } from './declaration';
import { groupOrderSpec } from './group-levels';
import type { OptionsOf } from './options-schema';

export const RECURRENT_MODELS = ['ag', 'pwp-total', 'pwp-gap'] as const;
export type RecurrentModel = (typeof RECURRENT_MODELS)[number];

const recurrentOptionSpecs = [
  { kind: 'column', name: 'start', flag: 'start', label: 'Interval start', help: 'Time (days) at which each interval of follow-up begins; the participant is at risk after it.', accepts: 'numeric', required: true },
  { kind: 'column', name: 'time', flag: 'time', label: 'Interval stop', help: 'Time (days) at which each interval ends, with a relapse or without one.', accepts: 'numeric', required: true },
  { kind: 'column', name: 'event', flag: 'event', label: 'Relapse at stop', help: 'Column that records whether the interval ended in a relapse.', accepts: 'any', required: true },
  { kind: 'text', name: 'eventValue', flag: 'event-value', label: 'Value meaning relapse', help: 'Event value that marks a relapse; any other non-missing value means no relapse. Default: 1/true/yes.' },
  { kind: 'column', name: 'id', flag: 'id', label: 'Participant', help: 'Column identifying the participant each interval belongs to (the cluster of the robust variance).', accepts: 'any', required: true },
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Optional column whose values split the participants into separate mean cumulative functions (and the model covariate when no covariates are named).', accepts: 'any' },
  groupOrderSpec,
  { kind: 'enum', name: 'model', flag: 'model', label: 'Model', help: 'ag (Andersen–Gill, total time; default), pwp-total (Prentice–Williams–Peterson, strata by episode, total time) or pwp-gap (PWP, time since the previous episode).', choices: RECURRENT_MODELS, default: 'ag' },
  { kind: 'columns', name: 'covariates', flag: 'covariates', label: 'Covariates', help: 'Columns whose association with the rate of relapse episodes is estimated, adjusted for each other.', accepts: 'any' },
  { kind: 'columns', name: 'categorical', flag: 'categorical', label: 'Treat as categorical', help: 'Covariates to treat as categories (one rate ratio per level against the reference), even when their values are numbers.', accepts: 'any' },
  { kind: 'text', name: 'reference', flag: 'reference', label: 'Reference levels', help: 'Reference level of categorical covariates, e.g. arm=control; default: the first level in sort order.' },
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Tied times', help: 'How relapses on the same day are handled in the partial likelihood: efron (default, as R) or breslow.', choices: COX_TIES, default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
] as const satisfies readonly OptionSpec[];
export type RecurrentOptions = OptionsOf<typeof recurrentOptionSpecs>;

const nullableNumber = z.number().nullable();
const testSchema = z.object({ statistic: nullableNumber, df: z.number(), p: nullableNumber });

export const recurrentResultSchema = z.object({
  model: z.enum(RECURRENT_MODELS),
  /** Intervals (rows) analysed. */
  n: z.number(),
  participants: z.number(),
  events: z.number(),
  /** Largest episode number (the number of PWP strata). */
  episodes: z.number(),
  coefficients: z.array(
    z.object({
      term: z.string(),
      coef: nullableNumber,
      /** Model-based SE (R's se(coef)). */
      se: nullableNumber,
      /** Cluster-robust SE by participant (R's robust se). */
      robustSe: nullableNumber,
      /** coef / robustSe. */
      z: nullableNumber,
      p: nullableNumber,
      hr: nullableNumber,
      hrLower: nullableNumber,
      hrUpper: nullableNumber,
    }),
  ),
  logLik: z.object({ null: z.number(), final: z.number() }).nullable(),
  tests: z
    .object({
      likelihoodRatio: testSchema,
      /** Wald test with the robust variance, as summary.coxph reports it. */
      wald: testSchema,
      /** Model-based score test. */
      score: testSchema,
      /** summary.coxph's "Robust" score test. */
      robustScore: testSchema,
    })
    .nullable(),
  terms: z.array(z.object({ term: z.string(), kind: z.enum(['numeric', 'factor']), coefficients: z.array(z.string()), reference: z.string().nullable() })),
  mcf: z.array(
    z.object({
      group: z.string(),
      participants: z.number(),
      events: z.number(),
      rows: z.array(z.object({ time: z.number(), mcf: z.number(), stdErr: z.number(), lower: nullableNumber, upper: nullableNumber, atRisk: z.number(), events: z.number() })),
    }),
  ),
  ties: z.enum(COX_TIES),
  confLevel: z.number(),
  iterations: z.number().nullable(),
  converged: z.boolean().nullable(),
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type RecurrentResult = z.infer<typeof recurrentResultSchema>;

export const recurrentAnalysis = defineAnalysis({
  id: 'recurrent',
  title: 'Recurrent relapses',
  summary: 'How the rate of repeated relapse episodes differs between participants (Andersen–Gill or PWP models with robust SEs by participant), and the mean number of relapses per participant over time.',
  options: recurrentOptionSpecs,
  resultSchema: recurrentResultSchema,
});
export const recurrentOptionsSchema = recurrentAnalysis.optionsSchema;
