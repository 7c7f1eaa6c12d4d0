/**
 * `analyze cox`: Cox proportional-hazards regression of time to relapse on covariates, as R's
 * summary(coxph(Surv(time, event) ~ covariates + strata(s), ties = …)), with Harrell's concordance
 * (coxph's fit$concordance) and the proportional-hazards test cox.zph(fit, transform = "km").
 * Engine files: shared/analyses/model-matrix.ts (design), shared/stats/cox.ts (fit), concordance.ts, cox-zph.ts.
 *
 * With --start, rows are intervals (start, stop] and the model is R's coxph(Surv(start, stop, event) ~ …)
 * (shared/stats/cox-counting-process.ts; intervals.ts): delayed entry and time-dependent covariates. A
 * repeated --id is then allowed (the intervals of one participant) but overlapping intervals of one
 * participant are refused. The concordance is concordancefit on the (start, stop] data
 * (concordance-counting.ts) and the PH test cox.zph's zph2 (cox-zph.ts with a start).
 * With --cluster COL, the sandwich variance by that column as coxph(…, cluster = COL)
 * (shared/stats/robust-variance.ts): each coefficient carries robustSe beside the model-based se, and, as
 * summary.coxph, z, p and the CI use the robust SE, the Wald test uses the robust variance and the robust
 * score test (R's fit$rscore) is added; the concordance SE sums its influences within clusters.
 *
 * Coefficients: z = coef/se, p two-sided normal, hr = exp(coef), CI exp(coef ± z_{1−α/2} se) as
 * summary.coxph's conf.int. A column R would drop as collinear (NA coefficient) is reported with
 * nulls and leaves the tests' df, the concordance and the PH test, as in R. Rows missing the time,
 * the event, a covariate or the stratum are dropped and counted in `excluded`. With no events the
 * model cannot be estimated (R returns only NA coefficients) and the analysis stops with a message.
 *
 * With --weights COL (case-weights.ts), R's coxph(…, weights = w): the weighted partial likelihood (cox.ts),
 * the weighted concordance (concordance-case-weights.ts) and cox.zph with the weights (cox-zph.ts). As R's
 * default, when some weight is fractional the variance is the robust one with each row its own cluster
 * (robust-variance.ts with weights): robustSe, z, p, CI, Wald and the robust score test as with --cluster;
 * with whole weights (frequencies) the model-based variance. R's coxph refuses weights of 0 ("Invalid
 * weights, must be >0"), and so does this (one line naming the row). With --cluster too, coxph(…, weights = w,
 * cluster = cl): the sandwich variance by cluster with the weights, and the weighted concordance's influences
 * summed by cluster. --weights with --start is refused. `n` and `events` count rows, as R's n and nevent.
 */
import { z } from 'zod';
import { defineAnalysis, type OptionSpec } from './declaration';
import { outcomeOptionSpecs } from './outcome';
import { intervalIdSpec, intervalStartSpec } from './intervals';
import { caseWeightsSpec } from './case-weights';
import { optionsSchemaOf, withOptionBefore, type OptionsOf } from './options-schema';

export const COX_TIES = ['efron', 'breslow'] as const;
/** A model needs a covariate: the `atLeast` of every list of model covariates (cox, predict, sites, adjusted). */
export const AT_LEAST_ONE_COVARIATE = { count: 1, message: 'name at least one covariate' } as const;

export const coxOptionSpecs = [
  ...outcomeOptionSpecs,
  intervalStartSpec,
  { kind: 'columns', name: 'covariates', flag: 'covariates', label: 'Covariates', help: 'Columns whose association with the hazard of relapse is estimated, adjusted for each other.', accepts: 'any', required: true, atLeast: AT_LEAST_ONE_COVARIATE },
  { kind: 'columns', name: 'categorical', flag: 'categorical', label: 'Treat as categorical', help: 'Covariates to treat as categories (one hazard ratio per level against the reference), even when their values are numbers.', accepts: 'any' },
  { kind: 'text', name: 'reference', flag: 'reference', label: 'Reference levels', help: 'Reference level of categorical covariates, e.g. clinic=1,arm=patch; default: the first level in sort order.' },
  { kind: 'column', name: 'strata', flag: 'strata', label: 'Stratify by', help: 'Optional column whose groups each get their own baseline hazard (no hazard ratio is estimated for it).', accepts: 'any' },
  intervalIdSpec,
  { kind: 'column', name: 'cluster', flag: 'cluster', label: 'Robust variance by', help: 'Optional column (usually the participant id) whose rows are correlated: the standard errors, z, p, confidence intervals and Wald test then use the cluster-robust (sandwich) variance, as R coxph(…, cluster = COL).', accepts: 'any' },
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Tied times', help: 'How relapses on the same day are handled in the partial likelihood: efron (default, as R) or breslow.', choices: COX_TIES, default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the hazard-ratio confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
] as const satisfies readonly OptionSpec[];

/** The options above alone, without the case weights (the model of predict, sites and adjusted checks them so). */
export const coxOptionsSchema = optionsSchemaOf(coxOptionSpecs);
/**
 * The Cox analysis's own options: those above (shared with predict, sites and adjusted, which build on the
 * same model) and the case weights (--weights), which only `analyze cox` takes.
 */
const coxAnalysisOptionSpecs = withOptionBefore(coxOptionSpecs, 'ties', caseWeightsSpec);
export type CoxOptions = OptionsOf<typeof coxAnalysisOptionSpecs>;

const nullableNumber = z.number().nullable();
const testSchema = z.object({ statistic: nullableNumber, df: z.number(), p: nullableNumber });
const phTestSchema = z.object({ chisq: nullableNumber, df: z.number(), p: nullableNumber });

export const coxResultSchema = z.object({
  /** Rows analysed (intervals with --start), as R's fit$n. */
  n: z.number(),
  events: z.number(),
  /** Distinct participants (--id) or clusters (--cluster without --id), when either is given. */
  participants: z.number().optional(),
  /** Number of clusters of the robust variance (--cluster). */
  clusters: z.number().optional(),
  /** The interval start column (--start), or null for right-censored follow-up from 0. */
  start: z.string().nullable().optional(),
  coefficients: z.array(
    z.object({
      term: z.string(),
      coef: nullableNumber,
      se: nullableNumber,
      /** Cluster-robust SE (--cluster; R's robust se); z, p and the CI then use it. */
      robustSe: nullableNumber.optional(),
      z: nullableNumber,
      p: nullableNumber,
      hr: nullableNumber,
      hrLower: nullableNumber,
      hrUpper: nullableNumber,
    }),
  ),
  logLik: z.object({ null: z.number(), final: z.number() }),
  /** With --cluster the Wald test uses the robust variance and robustScore is R's robust score test (fit$rscore). */
  tests: z.object({ likelihoodRatio: testSchema, wald: testSchema, score: testSchema, robustScore: testSchema.optional() }),
  concordance: z.object({ estimate: nullableNumber, stdErr: nullableNumber }),
  ph: z.object({
    terms: z.array(phTestSchema.extend({ term: z.string() })),
    global: phTestSchema,
    /** Scaled Schoenfeld residuals for the residual plot per term (R plot.cox.zph), thinned to at most PH_PLOT_POINTS events. */
    residuals: z
      .object({
        events: z.number(),
        thinned: z.boolean(),
        time: z.array(z.number()),
        transformedTime: z.array(z.number()),
        terms: z.array(z.object({ term: z.string(), coefficient: nullableNumber, scaled: z.array(nullableNumber) })),
      })
      .optional(),
  }),
  /** Model terms (one per covariate) and the coefficient rows each owns; a factor's df is its row count. */
  terms: z.array(z.object({ term: z.string(), kind: z.enum(['numeric', 'factor']), coefficients: z.array(z.string()), reference: z.string().nullable() })),
  /** Hazard ratios for a forest plot, grouped by term; a factor's reference level appears with hr 1. */
  forestPlot: z.array(
    z.object({
      term: z.string(),
      label: z.string(),
      reference: z.boolean(),
      hr: nullableNumber,
      lower: nullableNumber,
      upper: nullableNumber,
      p: nullableNumber,
    }),
  ),
  ties: z.enum(COX_TIES),
  confLevel: z.number(),
  strata: z.object({ column: z.string(), levels: z.array(z.string()) }).nullable(),
  iterations: z.number(),
  converged: z.boolean(),
  /** Rows dropped because the time, the event, a covariate, the stratum (or another named column, e.g. the weight) was missing. */
  excluded: z.number(),
  /**
   * The case-weight column (--weights) and whether the variance is the robust one: some weight fractional (each
   * row its own cluster, R's default), or a --cluster given with the weights (the sandwich by cluster).
   */
  weights: z.object({ column: z.string(), robust: z.boolean() }).optional(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type CoxResult = z.infer<typeof coxResultSchema>;

export const coxAnalysis = defineAnalysis({
  id: 'cox',
  title: 'Cox regression',
  summary: 'Which characteristics raise or lower the hazard of relapse, each adjusted for the others (hazard ratios from a Cox model).',
  options: coxAnalysisOptionSpecs,
  resultSchema: coxResultSchema,
});
export const coxAnalysisOptionsSchema = coxAnalysis.optionsSchema;
