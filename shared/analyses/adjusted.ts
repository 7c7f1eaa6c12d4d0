/**
 * `analyze adjusted`: survival curves by group (site, programme arm, cohort) adjusted for case mix
 * (issue 14 item 2), by direct standardisation (the g-formula).
 *
 * A Cox model of time to relapse on the group (as a factor) and the case-mix covariates is fitted to
 * the analysed participants, R's coxph(Surv(time, event) ~ factor(group) + covariates, ties = …). Each
 * group's adjusted curve is the average of the model's predicted curves of ALL participants with the
 * group set to that level: the survival the whole cohort would have had in that group. It equals the
 * mean of R's survfit(fit, newdata = everyone with the group set to g), which is 1 − the meanRisk of
 * riskRegression::ate(fit, treatment = group). Standard errors from the influence function of the
 * g-formula (Ozenne et al. 2020, as riskRegression's ate; with tied relapse times coxph's score
 * residuals are used, see shared/stats/adjusted-survival.ts); pointwise CI S ∓ z·SE clipped to [0, 1].
 * Rows: at every distinct relapse time (where the curves change), or at the --times asked for; with very
 * many distinct case mixes (continuous covariates in a large cohort) at evenly spaced relapse times, with a warning.
 *
 * Refused (one line): a single group (nothing to compare), a group without relapses (its Cox
 * coefficient is infinite, so its curve and SE are not estimable), a group indicator collinear with the
 * covariates, times after the last follow-up, no relapses at all. Rows missing the time, the event, the
 * group or a covariate are left out (R's complete cases) and counted in `excluded`.
 * Engine: shared/stats/cox.ts (the fit), shared/stats/adjusted-survival.ts (the curves and their SEs).
 */
import { z } from 'zod';
import type { DataFrame } from '../data/frame';
import { fitCox } from '../stats/cox';
import { aeqSurv } from '../stats/timefix';
import { adjustedSurvival } from '../stats/adjusted-survival';
import { COX_TIES, coxOptionsSchema } from './cox';
import { buildModelMatrix, ModelMatrixError, parseReferenceLevels, type ModelMatrix } from './model-matrix';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { groupCodes, groupOrderSchema, groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs, requireColumn, survivalRows } from './outcome';
import { participantIdSpec, refuseRepeatedIds } from './participant-id';

export const ADJUSTED_METHODS = ['direct'] as const;

/**
 * Distinct case mixes × relapse times × groups above which the default rows (every relapse time) are
 * thinned to evenly spaced relapse times: about 3 s of curve computation (see adjusted-survival.ts).
 */
export const WORK_LIMIT = 5e7;

const adjustedOptionSpecs: OptionSpec[] = [
  ...outcomeOptionSpecs,
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Column naming the group (site, programme arm, cohort) whose adjusted curves are compared.', accepts: 'any', required: true },
  groupOrderSpec,
  { kind: 'columns', name: 'covariates', flag: 'covariates', label: 'Adjust for', help: 'Characteristics of the participants (case mix) the curves are adjusted for, in a Cox model with the group.', accepts: 'any', required: true },
  { kind: 'columns', name: 'categorical', flag: 'categorical', label: 'Treat as categorical', help: 'Covariates to treat as categories, even when their values are numbers.', accepts: 'any' },
  { kind: 'text', name: 'reference', flag: 'reference', label: 'Reference levels', help: 'Reference level of categorical covariates, e.g. arm=control; it does not change the curves.' },
  { kind: 'enum', name: 'method', flag: 'method', label: 'Method', help: 'direct (default): direct standardisation, each group\'s curve the average of the Cox model\'s predicted curves of all participants with the group set to it (the g-formula).', choices: ADJUSTED_METHODS, default: 'direct' },
  { kind: 'numbers', name: 'times', flag: 'times', label: 'At times', help: 'Comma-separated follow-up times (days) at which to give the adjusted curves; default every relapse time.' },
  participantIdSpec,
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Tied times', help: 'How relapses on the same day are handled in the Cox model and its baseline hazard: efron (default, as R) or breslow.', choices: COX_TIES, default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the pointwise confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1 },
];

/** Accepts a list of numbers, or the CLI's comma-separated text ("30,90"). */
const numberList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '').map((s) => Number(s)) : value),
  z.array(z.number().finite().min(0, 'times cannot be negative')).min(1, 'give at least one time'),
);

export const adjustedOptionsSchema = coxOptionsSchema
  .pick({ time: true, event: true, eventValue: true, covariates: true, categorical: true, reference: true, ties: true, confLevel: true, id: true })
  .extend({
    group: z.string().min(1),
    levels: groupOrderSchema,
    method: z.enum(ADJUSTED_METHODS).default('direct'),
    times: numberList.optional(),
  });
export type AdjustedOptions = z.infer<typeof adjustedOptionsSchema>;

const nullableNumber = z.number().nullable();
const rowSchema = z.object({ time: z.number(), survival: z.number(), stdErr: z.number(), lower: z.number(), upper: z.number() });

export const adjustedResultSchema = z.object({
  method: z.enum(ADJUSTED_METHODS),
  /** Participants analysed and their relapses. */
  n: z.number(),
  events: z.number(),
  /** One adjusted curve per group, in the group order. */
  curves: z.array(z.object({ group: z.string(), rows: z.array(rowSchema) })),
  /** Participants and relapses per group (the observed, unadjusted counts). */
  groups: z.array(z.object({ group: z.string(), participants: z.number(), events: z.number() })),
  /** The Cox model the curves come from (group indicators first, then the case mix). */
  model: z.object({
    coefficients: z.array(z.object({ term: z.string(), coef: nullableNumber, hr: nullableNumber })),
    converged: z.boolean(),
  }),
  ties: z.enum(COX_TIES),
  confLevel: z.number(),
  /** Rows left out because the time, the event, the group or a covariate was missing. */
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type AdjustedResult = z.infer<typeof adjustedResultSchema>;

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
const list = (names: string[]) => names.map((g) => `"${g}"`).join(', ');

function buildCaseMix(frame: DataFrame, options: AdjustedOptions, rows: Int32Array): ModelMatrix {
  try {
    return buildModelMatrix(frame, { covariates: options.covariates, categorical: options.categorical, reference: parseReferenceLevels(options.reference), strata: null }, rows);
  } catch (error) {
    if (error instanceof ModelMatrixError) throw new AnalysisError(error.message);
    throw error;
  }
}

function runAdjusted(frame: DataFrame, options: AdjustedOptions): AdjustedResult {
  refuseRepeatedIds(frame, options.id, 'the adjusted curves');
  if (options.covariates.includes(options.group)) {
    throw new AnalysisError(`the group column "${options.group}" is also a covariate: adjust for the other characteristics only`);
  }
  const groupColumn = requireColumn(frame, options.group, 'group');
  const extra = [groupColumn, ...options.covariates.map((name) => requireColumn(frame, name, 'covariate'))];
  const outcome = survivalRows(frame, options, extra);
  const n = outcome.rows.length;
  if (n === 0) throw new AnalysisError(`no rows with a usable time, event, group and covariates (${outcome.droppedMissing} rows had a missing value)`);
  const caseMix = buildCaseMix(frame, options, outcome.rows);
  const groups = groupCodes(groupColumn, outcome.rows, options.levels);
  const k = groups.levels.length;
  if (k < 2) throw new AnalysisError(`all ${n} participants analysed are in one group ("${groups.levels[0]}"): adjusted curves compare two or more groups`);
  const time = aeqSurv(outcome.time);
  const status = outcome.status;
  const participants = new Float64Array(k);
  const groupEvents = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    participants[groups.codes[i]]++;
    groupEvents[groups.codes[i]] += status[i];
  }
  if (groupEvents.every((e) => e === 0)) throw new AnalysisError(`no relapses among the ${n} participants analysed: there is no curve to adjust`);
  const withoutEvents = groups.levels.filter((_, g) => groupEvents[g] === 0);
  if (withoutEvents.length > 0) {
    throw new AnalysisError(
      `no relapses in group ${list(withoutEvents)}: its Cox coefficient is infinite, so its adjusted curve cannot be estimated; leave the group out or merge it with another`,
    );
  }

  // Design: one indicator per group after the first (the reference), then the case-mix columns.
  const indicators: Float64Array[] = [];
  const names: string[] = [];
  for (let g = 1; g < k; g++) {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = groups.codes[i] === g ? 1 : 0;
    indicators.push(column);
    names.push(`${options.group}=${groups.levels[g]}`);
  }
  const covariates = [...indicators, ...caseMix.columns];
  const columnNames = [...names, ...caseMix.columnNames];
  const groupColumnIndex = Int32Array.from({ length: k }, (_, g) => g - 1);

  const fit = fitCox({ time, status, covariates, ties: options.ties, timefix: false });
  const collinearGroups = groups.levels.filter((_, g) => g > 0 && fit.redundant[g - 1]);
  if (collinearGroups.length > 0) {
    throw new AnalysisError(`group ${list(collinearGroups)} is determined by the covariates (collinear in the rows analysed): the groups cannot be compared at the same case mix`);
  }

  let lastTime = 0;
  for (let i = 0; i < n; i++) if (time[i] > lastTime) lastTime = time[i];
  const beyond = (options.times ?? []).filter((t) => t > lastTime);
  if (beyond.length > 0) {
    throw new AnalysisError(`time ${beyond.join(', ')} is after the last follow-up (${lastTime}): the adjusted curves end there`);
  }

  const curves = adjustedSurvival({
    time,
    status,
    covariates,
    group: groups.codes,
    groupCount: k,
    groupColumn: groupColumnIndex,
    ties: options.ties,
    coefficients: fit.coefficients,
    variance: fit.variance,
    means: fit.means,
    times: options.times ? Float64Array.from(options.times) : null,
    confLevel: options.confLevel,
    workLimit: WORK_LIMIT,
  });

  const warnings: AnalysisWarning[] = fit.warnings.map((w) =>
    w.code === 'singular' ? { code: w.code, message: `${columnNames.filter((_, j) => fit.redundant[j]).join(', ')}: collinear with the other covariates, left out of the model (R: NA).` } : w,
  );
  if (!options.times && curves.time.length < curves.eventTimes) {
    warnings.push({
      code: 'rows-thinned',
      message: `${curves.distinctCaseMix} distinct case mixes: the curves are given at ${curves.time.length} of the ${curves.eventTimes} relapse times (evenly spaced) to keep the computation short; ask for other times with --times.`,
    });
  }
  if (outcome.droppedMissing > 0) {
    warnings.push({ code: 'rows-excluded', message: `${outcome.droppedMissing} rows were left out because the time, the event, the group or a covariate was missing.` });
  }

  return {
    method: options.method,
    n,
    events: groupEvents.reduce((a, b) => a + b, 0),
    curves: groups.levels.map((group, g) => {
      const c = curves.curves[g];
      return {
        group,
        rows: Array.from(c.time, (t, j) => ({ time: t, survival: c.survival[j], stdErr: c.stdErr[j], lower: c.lower[j], upper: c.upper[j] })),
      };
    }),
    groups: groups.levels.map((group, g) => ({ group, participants: participants[g], events: groupEvents[g] })),
    model: {
      coefficients: columnNames.map((term, j) => {
        const coef = fit.redundant[j] ? NaN : fit.coefficients[j];
        return { term, coef: finiteOrNull(coef), hr: finiteOrNull(Math.exp(coef)) };
      }),
      converged: fit.converged,
    },
    ties: options.ties,
    confLevel: options.confLevel,
    excluded: outcome.droppedMissing,
    warnings,
  };
}

export const adjustedAnalysis = defineAnalysis<AdjustedOptions, AdjustedResult>({
  id: 'adjusted',
  title: 'Adjusted survival curves',
  summary:
    'Survival curves by group adjusted for case mix by direct standardisation: each group\'s curve is the survival the whole cohort would have had in that group under a Cox model of the group and the covariates (the g-formula), with influence-function standard errors and pointwise confidence intervals.',
  options: adjustedOptionSpecs,
  optionsSchema: adjustedOptionsSchema as unknown as z.ZodType<AdjustedOptions>,
  resultSchema: adjustedResultSchema,
  run: runAdjusted,
});
