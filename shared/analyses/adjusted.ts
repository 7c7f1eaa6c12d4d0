/**
 * `analyze adjusted`: survival curves by group (site, programme arm, cohort) adjusted for case mix
 * (issue 14 item 2), by direct standardisation (the g-formula, the default) or by inverse-probability
 * weighting (--method iptw).
 *
 * direct: a Cox model of time to relapse on the group (as a factor) and the case-mix covariates is fitted
 * to the analysed participants, R's coxph(Surv(time, event) ~ factor(group) + covariates, ties = …). Each
 * group's adjusted curve is the average of the model's predicted curves of ALL participants with the
 * group set to that level: the survival the whole cohort would have had in that group. It equals the
 * mean of R's survfit(fit, newdata = everyone with the group set to g), which is 1 − the meanRisk of
 * riskRegression::ate(fit, treatment = group). Standard errors from the influence function of the
 * g-formula (Ozenne et al. 2020, as riskRegression's ate; with tied relapse times coxph's score
 * residuals are used, see shared/stats/adjusted-survival.ts); pointwise CI S ∓ z·SE clipped to [0, 1].
 * Rows: at every distinct relapse time (where the curves change), or at the --times asked for; with very
 * many distinct case mixes (continuous covariates in a large cohort) at evenly spaced relapse times, with a warning.
 *
 * iptw: a logistic model of the second group against the first on the covariates (glm(family =
 * binomial)), or with more groups a multinomial one (as nnet::multinom); stabilised weights
 * P(group)/P(group | covariates), trimmed at the --trim
 * percentile and its complement (default 0.99 and 0.01; quantile type 7); each group's Kaplan–Meier curve
 * weighted by them with the robust (infinitesimal-jackknife) SE by participant, R's survfit(Surv ~ group,
 * weights = w, robust = TRUE, id = participant), log CI as survfit's. The SE treats the weights as known.
 * Rows: at the group's relapse times, or at the --times up to the group's last follow-up (R's summary(fit,
 * times, extend = FALSE); times past it are named in a warning). `balance`: the standardised mean
 * difference of each design column, each group against the first, before and after weighting.
 * In both, `stdErr` is the SE of the survival itself.
 *
 * Refused (one line): a single group (nothing to compare); with direct a group without relapses (its Cox
 * coefficient is infinite, so its curve and SE are not estimable) or a group indicator collinear with the
 * covariates; with iptw covariates that are collinear or predict a group perfectly; times after the last follow-up; no relapses at all. Rows missing the time, the event, the
 * group or a covariate are left out (R's complete cases) and counted in `excluded`.
 * Engine: shared/stats/cox.ts and adjusted-survival.ts (direct); logistic-regression.ts,
 * multinomial-logistic.ts, propensity-weights.ts and weighted-kaplan-meier.ts (iptw).
 */
import { z } from 'zod';
import { AT_LEAST_ONE_COVARIATE, COX_TIES } from './cox';
import { defineAnalysis, type OptionSpec } from './declaration';
import { groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs } from './outcome';
import { participantIdSpec } from './participant-id';
import type { OptionsOf } from './options-schema';

export const ADJUSTED_METHODS = ['direct', 'iptw'] as const;

/**
 * Distinct case mixes × relapse times × groups above which the default rows (every relapse time) are
 * thinned to evenly spaced relapse times: about 3 s of curve computation (see adjusted-survival.ts).
 */
export const WORK_LIMIT = 5e7;

const adjustedOptionSpecs = [
  ...outcomeOptionSpecs,
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Column naming the group (site, programme arm, cohort) whose adjusted curves are compared.', accepts: 'any', required: true },
  groupOrderSpec,
  { kind: 'columns', name: 'covariates', flag: 'covariates', label: 'Adjust for', help: 'Characteristics of the participants (case mix) the curves are adjusted for, in a Cox model with the group.', accepts: 'any', required: true, atLeast: AT_LEAST_ONE_COVARIATE },
  { kind: 'columns', name: 'categorical', flag: 'categorical', label: 'Treat as categorical', help: 'Covariates to treat as categories, even when their values are numbers.', accepts: 'any' },
  { kind: 'text', name: 'reference', flag: 'reference', label: 'Reference levels', help: 'Reference level of categorical covariates, e.g. arm=control; it does not change the curves.' },
  { kind: 'enum', name: 'method', flag: 'method', label: 'Method', help: 'direct (default): direct standardisation, each group\'s curve the average of the Cox model\'s predicted curves of all participants with the group set to it (the g-formula); iptw: Kaplan–Meier curves weighted by the inverse probability of the group given the covariates (logistic model, multinomial for more than two groups).', choices: ADJUSTED_METHODS, default: 'direct' },
  { kind: 'number', name: 'trim', flag: 'trim', label: 'Trim weights at percentile', help: 'iptw: weights above this percentile of the weights are set to it, and those below 1 minus it likewise (default 0.99; 1 keeps them as they are).', default: 0.99, min: 0.5, max: 1 },
  { kind: 'numbers', name: 'times', flag: 'times', label: 'At times', help: 'Comma-separated follow-up times (days) at which to give the adjusted curves; default every relapse time.', min: 0, minMessage: 'times cannot be negative', atLeast: { count: 1, message: 'give at least one time' } },
  participantIdSpec,
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Tied times', help: 'How relapses on the same day are handled in the Cox model and its baseline hazard: efron (default, as R) or breslow.', choices: COX_TIES, default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the pointwise confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
] as const satisfies readonly OptionSpec[];
export type AdjustedOptions = OptionsOf<typeof adjustedOptionSpecs>;

const nullableNumber = z.number().nullable();
/** stdErr is the SE of the survival itself (not of its log); lower and upper are null where R gives NA (iptw, S = 0). */
const rowSchema = z.object({ time: z.number(), survival: z.number(), stdErr: z.number(), lower: nullableNumber, upper: nullableNumber });

export const adjustedResultSchema = z.object({
  method: z.enum(ADJUSTED_METHODS),
  /** Participants analysed and their relapses. */
  n: z.number(),
  events: z.number(),
  /** One adjusted curve per group, in the group order. */
  curves: z.array(z.object({ group: z.string(), rows: z.array(rowSchema) })),
  /** Participants and relapses per group (the observed, unadjusted counts). */
  groups: z.array(z.object({ group: z.string(), participants: z.number(), events: z.number() })),
  /** direct: the Cox model the curves come from (group indicators first, then the case mix). */
  model: z
    .object({
      coefficients: z.array(z.object({ term: z.string(), coef: nullableNumber, hr: nullableNumber })),
      converged: z.boolean(),
    })
    .nullable(),
  /** iptw: the model of the group, glm(family = binomial) with two groups; multinomial with more (terms "level: column"). */
  propensityModel: z
    .object({
      coefficients: z.array(z.object({ term: z.string(), coef: z.number(), oddsRatio: z.number() })),
      converged: z.boolean(),
      iterations: z.number(),
    })
    .nullable(),
  /** iptw: the stabilised weights, the percentile they were trimmed at and its limits. */
  weights: z
    .object({
      trim: z.number(),
      lowerLimit: nullableNumber,
      upperLimit: nullableNumber,
      trimmed: z.number(),
      min: z.number(),
      max: z.number(),
      sum: z.number(),
    })
    .nullable(),
  /** iptw: standardised mean differences of each design column, each group against the first, before and after weighting. */
  balance: z.array(z.object({ term: z.string(), group: z.string(), before: nullableNumber, after: nullableNumber })).nullable(),
  ties: z.enum(COX_TIES),
  confLevel: z.number(),
  /** Rows left out because the time, the event, the group or a covariate was missing. */
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type AdjustedResult = z.infer<typeof adjustedResultSchema>;

export const adjustedAnalysis = defineAnalysis({
  id: 'adjusted',
  title: 'Adjusted survival curves',
  summary:
    'Survival curves by group adjusted for case mix: by direct standardisation, each group\'s curve the survival the whole cohort would have had in that group under a Cox model of the group and the covariates (the g-formula, influence-function standard errors), or by inverse-probability weighting (stabilised, trimmed weights from a logistic model; weighted Kaplan–Meier with robust standard errors; a balance table), with pointwise confidence intervals.',
  options: adjustedOptionSpecs,
  resultSchema: adjustedResultSchema,
});
export const adjustedOptionsSchema = adjustedAnalysis.optionsSchema;
