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
import { finiteOrNull } from '../stats/finite';
import { z } from 'zod';
import { isNumericColumn, type Column, type DataFrame } from '../data/frame';
import { fitCox } from '../stats/cox';
import { coxPredictedSurvival, type PredictedSurvivalCurve } from '../stats/cox-predicted-survival';
import { survivalAtTimes } from '../stats/survival-at-times';
import { aeqSurv } from '../stats/timefix';
import { buildDesign, COX_TIES, coxOptionSpecs, coxOptionsSchema, namedWarnings } from './cox';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { matchLevel, type ModelMatrix } from './model-matrix';
import { requireColumn, survivalRows } from './outcome';
import { participantIdSpec, refuseRepeatedIds } from './participant-id';

/** The Cox options that apply to right-censored follow-up (no --start, --cluster or interval --id). */
const COX_OPTIONS_LEFT_OUT = new Set(['start', 'id', 'cluster']);

const predictOptionSpecs: OptionSpec[] = [
  ...coxOptionSpecs.filter((spec) => !COX_OPTIONS_LEFT_OUT.has(spec.name)),
  participantIdSpec,
  {
    kind: 'text',
    name: 'profile',
    flag: 'profile',
    label: 'Covariate profile',
    help: 'A participant profile whose survival is predicted, written column=value for every covariate (and the stratum), e.g. age=40,arm=patch; repeat the flag (or separate profiles with ";") for several curves.',
    required: true,
    multiple: true,
  },
  { kind: 'numbers', name: 'times', flag: 'times', label: 'Report survival at times', help: 'Comma-separated follow-up times (days) at which to report each predicted survival, e.g. 90,180,365.' },
];

/** One or more profile texts: a list (the CLI's repeated flag), or one text with profiles separated by ";". */
const profileList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(';') : value),
  z
    .array(z.string().transform((s) => s.trim()))
    .transform((list) => list.filter((s) => s !== ''))
    .refine((list) => list.length > 0, 'give at least one profile, e.g. --profile "age=40,arm=patch"'),
);

/** Accepts a list of numbers, or the CLI's comma-separated text ("30,90"). */
const numberList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '').map((s) => Number(s)) : value),
  z.array(z.number().finite()),
);

export const predictOptionsSchema = coxOptionsSchema
  .pick({ time: true, event: true, eventValue: true, covariates: true, categorical: true, reference: true, strata: true, ties: true, confLevel: true, id: true })
  .extend({
    profile: profileList,
    times: numberList.default([]),
  });
export type PredictOptions = z.infer<typeof predictOptionsSchema>;

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


interface Profile {
  echo: Record<string, string | number>;
  row: Float64Array;
  stratum: number;
  /** "column = value (min to max)" for each numeric value outside the data's range. */
  outside: string[];
}

/** The range of each numeric covariate over the rows analysed, for the extrapolation warning. */
function numericRanges(design: ModelMatrix): Map<string, { min: number; max: number }> {
  const ranges = new Map<string, { min: number; max: number }>();
  for (const term of design.terms) {
    if (term.kind !== 'numeric') continue;
    const values = design.columns[term.columns[0]];
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      if (values[i] < min) min = values[i];
      if (values[i] > max) max = values[i];
    }
    ranges.set(term.name, { min, max });
  }
  return ranges;
}

/** "column=value,column=value" to the design row of the profile and its stratum; one-line errors naming the profile and the column. */
function parseProfile(
  text: string,
  design: ModelMatrix,
  covariateColumns: Map<string, Column>,
  strataColumn: Column | null,
  ranges: Map<string, { min: number; max: number }>,
  warnings: AnalysisWarning[],
): Profile {
  const refuse = (message: string) => new AnalysisError(`profile "${text}": ${message}`);
  const given = new Map<string, string>();
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const column = eq < 0 ? '' : part.slice(0, eq).trim();
    if (column === '') throw refuse(`"${part.trim()}" should be written column=value, e.g. ${design.terms[0].name}=${design.terms[0].levels?.[0] ?? '1'}`);
    if (given.has(column)) throw refuse(`column "${column}" is given twice`);
    given.set(column, part.slice(eq + 1).trim());
  }
  const strataName = strataColumn?.name ?? null;
  for (const column of given.keys()) {
    if (!covariateColumns.has(column) && column !== strataName) {
      const model = [...covariateColumns.keys()].join(', ');
      throw refuse(`column "${column}" is not in the model (covariates: ${model}${strataName ? `; strata: ${strataName}` : ''})`);
    }
  }

  const echo: Record<string, string | number> = {};
  const outside: string[] = [];
  const row = new Float64Array(design.columns.length);
  for (const term of design.terms) {
    const value = given.get(term.name);
    if (value === undefined) throw refuse(`no value for covariate "${term.name}" (every covariate of the model needs one)`);
    if (term.kind === 'numeric') {
      const number = Number(value);
      if (value === '' || !Number.isFinite(number)) throw refuse(`${term.name} = "${value}" is not a number (${term.name} is a numeric covariate)`);
      row[term.columns[0]] = number;
      echo[term.name] = number;
      const range = ranges.get(term.name)!;
      if (number < range.min || number > range.max) {
        outside.push(`${term.name} = ${number} (the data: ${range.min} to ${range.max})`);
        warnings.push({
          code: 'extrapolation',
          message: `Profile "${text}": ${term.name} = ${number} is outside the range of the data (${range.min} to ${range.max}): extrapolation.`,
        });
      }
      continue;
    }
    const levels = term.levels!;
    const k = matchLevel(levels, value, isNumericColumn(covariateColumns.get(term.name)!));
    if (k < 0) throw refuse(`${term.name} = "${value}" is not a level of ${term.name} in the rows analysed (levels: ${levels.join(', ')})`);
    // levels[0] is the reference; the indicators are the other levels in order.
    for (let j = 1; j < levels.length; j++) row[term.columns[j - 1]] = j === k ? 1 : 0;
    echo[term.name] = levels[k];
  }

  let stratum = 0;
  if (strataColumn) {
    const value = given.get(strataColumn.name);
    const levels = design.strataLevels!;
    if (value === undefined) throw refuse(`no value for the strata column "${strataColumn.name}" (each profile names its stratum, e.g. ${strataColumn.name}=${levels[0]})`);
    stratum = matchLevel(levels, value, isNumericColumn(strataColumn));
    if (stratum < 0) throw refuse(`${strataColumn.name} = "${value}" is not a stratum of ${strataColumn.name} in the rows analysed (strata: ${levels.join(', ')})`);
    echo[strataColumn.name] = levels[stratum];
  }
  return { echo, row, stratum, outside };
}

function curveRows(curve: PredictedSurvivalCurve, standardErrorOfSurvival: Float64Array) {
  return Array.from(curve.time, (time, j) => ({
    time,
    nRisk: curve.nRisk[j],
    nEvent: curve.nEvent[j],
    nCensor: curve.nCensor[j],
    survival: curve.survival[j],
    stdErr: finiteOrNull(standardErrorOfSurvival[j]),
    lower: finiteOrNull(curve.lower[j]),
    upper: finiteOrNull(curve.upper[j]),
    cumHaz: curve.cumulativeHazard[j],
    cumHazStdErr: finiteOrNull(curve.stdErr[j]),
  }));
}

function runPredict(frame: DataFrame, options: PredictOptions): PredictResult {
  refuseRepeatedIds(frame, options.id, 'the prediction');
  const covariateColumns = new Map(options.covariates.map((name) => [name, requireColumn(frame, name, 'covariate')]));
  const strataColumn = options.strata ? requireColumn(frame, options.strata, 'strata') : null;
  const outcome = survivalRows(frame, options, [...covariateColumns.values(), ...(strataColumn ? [strataColumn] : [])]);
  const needed = options.strata ? 'time, event, covariates and stratum' : 'time, event and covariates';
  if (outcome.rows.length === 0) throw new AnalysisError(`no rows with a usable ${needed} (${outcome.droppedMissing} rows had a missing value)`);
  const design = buildDesign(frame, options, outcome.rows);
  const status = outcome.status;
  const n = status.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += status[i];
  if (events === 0) throw new AnalysisError(`no relapses among the ${n} rows analysed: the Cox model cannot be estimated, so no survival can be predicted`);
  if (n < 2) throw new AnalysisError(`only one row has a usable ${needed}: the Cox model needs at least two`);

  const warnings: AnalysisWarning[] = [];
  const ranges = numericRanges(design);
  const profiles = options.profile.map((text) => parseProfile(text, design, covariateColumns, strataColumn, ranges, warnings));

  // coxph's timefix once, so the fit and the curves see the same ties.
  const time = aeqSurv(outcome.time);
  const fit = fitCox({ time, status, covariates: design.columns, strata: design.strata, ties: options.ties, timefix: false });
  const names = design.columnNames;
  if (fit.redundant.every(Boolean)) {
    throw new AnalysisError(`no covariate can be estimated: ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} constant or collinear in the rows analysed`);
  }
  warnings.unshift(...namedWarnings(fit, names));
  if (outcome.droppedMissing > 0) {
    warnings.push({ code: 'rows-excluded', message: `${outcome.droppedMissing} rows were left out because the time, the event, a covariate or the stratum was missing.` });
  }

  const curves = coxPredictedSurvival({
    time,
    status,
    covariates: design.columns,
    strata: design.strata,
    ties: options.ties,
    coefficients: fit.coefficients,
    variance: fit.variance,
    means: fit.means,
    profiles: profiles.map((p) => p.row),
    profileStrata: design.strata ? Int32Array.from(profiles, (p) => p.stratum) : null,
    confLevel: options.confLevel,
    timefix: false,
  });

  const said = new Set<string>();
  const sayOnce = (warning: AnalysisWarning) => {
    if (said.has(warning.message)) return;
    said.add(warning.message);
    warnings.push(warning);
  };
  // exp(zᵀβ − c) beyond floating point: R gives a curve of NaN, 0 and Inf; nothing can be read from it.
  curves.forEach((curve, k) => {
    if (Number.isFinite(curve.relativeRisk)) return;
    const where = profiles[k].outside.length > 0 ? `${profiles[k].outside.join(', ')} lies so far outside the data that` : 'for this profile';
    throw new AnalysisError(`profile "${options.profile[k]}": ${where} the model's hazard overflows; no survival can be predicted`);
  });
  const result = curves.map((curve, k) => {
    const where = strataColumn ? ` in stratum ${strataColumn.name}=${design.strataLevels![profiles[k].stratum]}` : '';
    const m = curve.time.length;
    let stratumEvents = 0;
    for (let j = 0; j < m; j++) stratumEvents += curve.nEvent[j];
    if (stratumEvents === 0) sayOnce({ code: 'no-events', message: `No relapses${where}: the predicted survival there stays at 1.` });
    const lastTime = curve.time[m - 1];
    const beyond = options.times.filter((t) => t > lastTime);
    if (beyond.length > 0) {
      sayOnce({ code: 'times-beyond-follow-up', message: `Times ${beyond.join(', ')} are after the last follow-up${where} (${lastTime}); survival is not reported there.` });
    }
    // SE of S = S × SE of the cumulative hazard (R's summary.survfit).
    const stdErrSurvival = Float64Array.from(curve.stdErr, (se, j) => se * curve.survival[j]);
    const atTimes = survivalAtTimes(
      { time: curve.time, nRisk: curve.nRisk, nEvent: curve.nEvent, nCensor: curve.nCensor, survival: curve.survival, stdErr: stdErrSurvival, lower: curve.lower, upper: curve.upper },
      options.times,
    );
    return { profile: profiles[k].echo, rows: curveRows(curve, stdErrSurvival), atTimes };
  });

  return {
    n,
    events,
    coefficients: names.map((term, j) => {
      const coef = fit.redundant[j] ? NaN : fit.coefficients[j];
      return { term, coef: finiteOrNull(coef), se: finiteOrNull(fit.standardErrors[j]), hr: finiteOrNull(Math.exp(coef)) };
    }),
    curves: result,
    times: options.times,
    ties: options.ties,
    confLevel: options.confLevel,
    strata: strataColumn ? { column: strataColumn.name, levels: design.strataLevels ?? [] } : null,
    converged: fit.converged,
    excluded: outcome.droppedMissing,
    warnings,
  };
}

export const predictAnalysis = defineAnalysis<PredictOptions, PredictResult>({
  id: 'predict',
  title: 'Predicted survival from a Cox model',
  summary: 'How long would clients with a given profile stay relapse-free: survival curves predicted by a Cox model for chosen covariate values.',
  options: predictOptionSpecs,
  optionsSchema: predictOptionsSchema as unknown as z.ZodType<PredictOptions>,
  resultSchema: predictResultSchema,
  run: runPredict,
});
