/**
 * `analyze predict`: predicted relapse-free survival for chosen covariate profiles from a Cox model
 * (issue 14 item 1), as R survival 3.5's
 *   fit <- coxph(Surv(time, event) ~ covariates + strata(s), ties = …)
 *   curve <- survfit(fit, newdata = profile, conf.int = …)      (se.fit = TRUE, conf.type = "log")
 *   summary(curve, times = …, extend = FALSE)
 * one profile at a time. Engine: shared/stats/cox.ts (fit) and cox-predicted-survival.ts (curve); the
 * design and the options are the Cox declaration's (cox.ts, model-matrix.ts), without --start and --cluster.
 *
 * Profiles: each --profile is "column=value,column=value" (several profiles: repeat --profile, or separate
 * them with ";" in one text). Every covariate needs a value (no default such as the cohort mean is
 * filled in); a categorical covariate's value must be one of its levels in the rows analysed; with
 * --strata the profile names its stratum (strata column = value). A numeric value outside the range of
 * the data is allowed and gives an `extrapolation` warning, unless it lies so far out that the profile's
 * hazard exp(zᵀβ − meansᵀβ) overflows (R then gives a curve of NaN, 0 and Inf): that is refused. Anything
 * else (a column that is not in the model, a column given twice, a value that is not a number or not a
 * level) is refused in one line that names the profile and the column. A value cannot contain a comma.
 *
 * Each curve: `profile` echoes the profile as an object {column: value} in the model's order (covariates,
 * then the strata column), a numeric covariate as its number, a categorical covariate or the stratum as
 * its level. `rows` has every distinct time of the profile's stratum (R's curve: events and censorings);
 * `atTimes` is summary(curve, times = --times, extend = FALSE) (times after the stratum's last time are
 * left out, and said in a warning; empty without --times). In both, `stdErr` is the SE of the survival
 * S(t) (R's summary(curve)$std.err = survfit's std.err × surv, as the Kaplan–Meier table's stdErr) and
 * the limits are the log CI exp(log S ± z std.err of the cumulative hazard), capped at 1; `rows` adds
 * `cumHaz` and `cumHazStdErr` (R's survfit std.err for a Cox curve: the SE of the cumulative hazard).
 *
 * Rows missing the time, the event, a covariate or the stratum are dropped and counted in `excluded`.
 * With no events the model cannot be estimated and the analysis stops with a message, as `analyze cox`.
 */
import { z } from 'zod';
import { predictPresentation } from './predict.presentation';
import { COX_TIES, coxOptionSpecs } from './cox';
import { defineAnalysis, type OptionSpec } from './declaration';
import { participantIdSpec } from './participant-id';
import { withoutOptions, type OptionsOf } from './options-schema';

const predictOptionSpecs = [
  // The Cox options that apply to right-censored follow-up (no --start, --cluster or interval --id).
  ...withoutOptions(coxOptionSpecs, ['start', 'id', 'cluster']),
  participantIdSpec,
  {
    kind: 'text',
    name: 'profile',
    flag: 'profile',
    label: 'Covariate profile',
    help: 'A participant profile whose survival is predicted, written column=value for every covariate (and the stratum), e.g. age=40,arm=patch; repeat the flag (or separate profiles with ";") for several curves.',
    required: true,
    multiple: true,
    separator: ';',
    atLeast: { count: 1, message: 'give at least one profile, e.g. --profile "age=40,arm=patch"' },
  },
  { kind: 'numbers', name: 'times', flag: 'times', label: 'Report survival at times', help: 'Comma-separated follow-up times (days) at which to report each predicted survival, e.g. 90,180,365.', default: [] },
] as const satisfies readonly OptionSpec[];
export type PredictOptions = OptionsOf<typeof predictOptionSpecs>;

const nullableNumber = z.number().nullable();
/** A row of a predicted curve, as summary(curve): stdErr is the SE of S(t) (R's summary std.err). */
const survivalRowSchema = z.object({
  time: z.number(),
  nRisk: z.number(),
  nEvent: z.number(),
  nCensor: z.number(),
  survival: z.number(),
  /** SE of S(t): R's summary(curve)$std.err (survfit's std.err × surv). */
  stdErr: nullableNumber,
  /** Log CI at confLevel (R's conf.type = "log"); null where R gives NA. */
  lower: nullableNumber,
  upper: nullableNumber,
});

export const predictResultSchema = z.object({
  /** Rows analysed and their relapses (R's fit$n, fit$nevent). */
  n: z.number(),
  events: z.number(),
  /** The fitted model: one row per design column (a factor's non-reference levels as column=level). */
  coefficients: z.array(z.object({ term: z.string(), coef: nullableNumber, se: nullableNumber, hr: nullableNumber })),
  curves: z.array(
    z.object({
      /** The profile: {column: value}, covariates then the stratum; numbers for numeric covariates, levels for the others. */
      profile: z.record(z.string(), z.union([z.string(), z.number()])),
      /** Every distinct time of the profile's stratum, as survfit(fit, newdata = profile). */
      rows: z.array(
        survivalRowSchema.extend({
          /** Cumulative hazard of the profile (R's curve$cumhaz). */
          cumHaz: z.number(),
          /** SE of the cumulative hazard (= of log S): R's survfit(coxph)$std.err. */
          cumHazStdErr: nullableNumber,
        }),
      ),
      /** summary(curve, times = --times, extend = FALSE); empty without --times. */
      atTimes: z.array(survivalRowSchema),
    }),
  ),
  /** The requested --times. */
  times: z.array(z.number()),
  ties: z.enum(COX_TIES),
  confLevel: z.number(),
  strata: z.object({ column: z.string(), levels: z.array(z.string()) }).nullable(),
  converged: z.boolean(),
  /** Rows dropped because the time, the event, a covariate or the stratum was missing. */
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type PredictResult = z.infer<typeof predictResultSchema>;

export const predictAnalysis = defineAnalysis({
  id: 'predict',
  title: 'Predicted survival from a Cox model',
  summary: 'How long would clients with a given profile stay relapse-free: survival curves predicted by a Cox model for chosen covariate values.',
  options: predictOptionSpecs,
  resultSchema: predictResultSchema,
  presentation: predictPresentation,
});
export const predictOptionsSchema = predictAnalysis.optionsSchema;
