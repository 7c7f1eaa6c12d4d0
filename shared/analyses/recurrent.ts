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
import { finiteOrNull } from '../stats/finite';
import { z } from 'zod';
import { type Column, type DataFrame, isNumericColumn } from '../data/frame';
import { fitCountingProcessCox, IntervalError, type CountingProcessCoxFit } from '../stats/cox-counting-process';
import { clusterRobustVariance } from '../stats/robust-variance';
import { meanCumulativeFunctionByGroup } from '../stats/mean-cumulative-function';
import { normalQuantile, normalTwoSided } from '../stats/distributions';
import { COX_TIES } from './cox';
import { buildModelMatrix, ModelMatrixError, parseReferenceLevels, type ModelMatrix } from './model-matrix';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { groupCodes, groupOrderSchema, groupOrderSpec } from './group-levels';
import { outcomeSchema, requireColumn, survivalRows } from './outcome';

export const RECURRENT_MODELS = ['ag', 'pwp-total', 'pwp-gap'] as const;
export type RecurrentModel = (typeof RECURRENT_MODELS)[number];

const recurrentOptionSpecs: OptionSpec[] = [
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
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1 },
];

const columnList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : value),
  z.array(z.string().min(1)),
);

export const recurrentOptionsSchema = outcomeSchema.extend({
  start: z.string().min(1),
  id: z.string().min(1),
  group: z.string().min(1).optional(),
  levels: groupOrderSchema,
  model: z.enum(RECURRENT_MODELS).default('ag'),
  covariates: columnList.default([]),
  categorical: columnList.default([]),
  reference: z.string().optional(),
  ties: z.enum(COX_TIES).default('efron'),
  confLevel: z.coerce.number().gt(0).lt(1).default(0.95),
});
export type RecurrentOptions = z.infer<typeof recurrentOptionsSchema>;

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


function numericColumn(frame: DataFrame, name: string, role: string): Column {
  const column = requireColumn(frame, name, role);
  if (!isNumericColumn(column) || column.type === 'boolean') throw new AnalysisError(`${role} column "${name}" is ${column.type}, not numeric`);
  return column;
}

/**
 * Episode number per row (1, 2, … by start within each participant) and a check that a participant's
 * intervals do not overlap (survcheck's "overlap"); one line naming the data rows when they do.
 */
function episodeNumbers(idCodes: Int32Array, start: Float64Array, stop: Float64Array, frameRows: Int32Array, idLabels: string[]): Int32Array {
  const n = idCodes.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => idCodes[a] - idCodes[b] || start[a] - start[b] || a - b);
  const episode = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const row = order[k];
    const previous = k > 0 ? order[k - 1] : -1;
    if (previous >= 0 && idCodes[previous] === idCodes[row]) {
      if (start[row] < stop[previous]) {
        throw new AnalysisError(
          `participant "${idLabels[idCodes[row]]}": the intervals of data rows ${frameRows[previous] + 1} (${start[previous]}, ${stop[previous]}] and ${frameRows[row] + 1} (${start[row]}, ${stop[row]}] overlap; each participant's intervals must not overlap`,
        );
      }
      episode[row] = episode[previous] + 1;
    } else episode[row] = 1;
  }
  return episode;
}

function runRecurrent(frame: DataFrame, options: RecurrentOptions): RecurrentResult {
  const startColumn = numericColumn(frame, options.start, 'start');
  numericColumn(frame, options.time, 'stop');
  const idColumn = requireColumn(frame, options.id, 'id');
  const groupColumn = options.group ? requireColumn(frame, options.group, 'group') : null;
  const covariates = options.covariates.length > 0 ? options.covariates : options.group ? [options.group] : [];
  const categorical = options.covariates.length > 0 ? options.categorical : options.group ? [options.group] : [];
  const extra = [startColumn, idColumn, ...covariates.map((name) => requireColumn(frame, name, 'covariate'))];
  if (groupColumn) extra.push(groupColumn);
  const outcome = survivalRows(frame, { time: options.time, event: options.event, eventValue: options.eventValue }, extra);

  let design: ModelMatrix | null = null;
  let rows = outcome.rows;
  if (covariates.length > 0) {
    try {
      design = buildModelMatrix(frame, { covariates, categorical, reference: parseReferenceLevels(options.reference), strata: null }, rows);
    } catch (error) {
      if (error instanceof ModelMatrixError) throw new AnalysisError(error.message);
      throw error;
    }
    rows = design.rows;
  }
  const n = rows.length;
  if (n === 0) throw new AnalysisError(`no rows with a usable start, stop, event, id${covariates.length > 0 ? ', covariates' : ''}${groupColumn ? ' and group' : ''}`);
  const start = Float64Array.from(rows, (r) => (startColumn as { values: Float64Array }).values[r]);
  const positionOf = new Map<number, number>();
  outcome.rows.forEach((r, k) => positionOf.set(r, k));
  const stop = Float64Array.from(rows, (r) => outcome.time[positionOf.get(r)!]);
  const status = Uint8Array.from(rows, (r) => outcome.status[positionOf.get(r)!]);
  for (let i = 0; i < n; i++) {
    if (!(stop[i] > start[i])) {
      throw new AnalysisError(`data row ${rows[i] + 1}: the interval stop (${stop[i]}) must be after its start (${start[i]}); an interval of length 0 or less cannot be at risk`);
    }
  }
  const ids = groupCodes(idColumn, rows);
  const episode = episodeNumbers(ids.codes, start, stop, rows, ids.levels);
  let events = 0;
  let episodes = 0;
  for (let i = 0; i < n; i++) {
    events += status[i];
    if (episode[i] > episodes) episodes = episode[i];
  }
  const excluded = frame.nRows - n;
  const warnings: AnalysisWarning[] = [];
  if (excluded > 0) warnings.push({ code: 'rows-excluded', message: `${excluded} rows were left out because the start, the stop, the event, the id, a covariate or the group was missing.` });

  // Mean cumulative function, overall or by group.
  const groups = groupColumn ? groupCodes(groupColumn, rows, options.levels) : { codes: new Int32Array(n), levels: ['all'] };
  let mcf: RecurrentResult['mcf'];
  try {
    mcf = meanCumulativeFunctionByGroup(start, stop, status, ids.codes, groups.codes, groups.levels.length, { confLevel: options.confLevel }).map((curve, g) => ({
      group: groups.levels[g],
      participants: curve.participants,
      events: curve.events,
      rows: curve.rows.map((r) => ({ time: r.time, mcf: r.mcf, stdErr: r.stdErr, lower: r.lower, upper: r.upper, atRisk: r.atRisk, events: r.events })),
    }));
  } catch (error) {
    throw new AnalysisError(error instanceof Error ? error.message : String(error));
  }

  const base = {
    model: options.model,
    n,
    participants: ids.levels.length,
    events,
    episodes,
    mcf,
    ties: options.ties,
    confLevel: options.confLevel,
    excluded,
  };
  if (!design) return { ...base, coefficients: [], logLik: null, tests: null, terms: [], iterations: null, converged: null, warnings };
  if (events === 0) throw new AnalysisError(`no relapses among the ${n} intervals analysed: the model cannot be estimated`);

  const gap = options.model === 'pwp-gap';
  const modelStart = gap ? new Float64Array(n) : start;
  const modelStop = gap ? Float64Array.from(stop, (s, i) => s - start[i]) : stop;
  const strata = options.model === 'ag' ? null : episode;
  let fit: CountingProcessCoxFit;
  try {
    fit = fitCountingProcessCox({ start: modelStart, stop: modelStop, status, covariates: design.columns, strata, ties: options.ties });
  } catch (error) {
    if (error instanceof IntervalError) throw new AnalysisError(error.message);
    throw error;
  }
  const names = design.columnNames;
  if (fit.coefficients.every((c) => Number.isNaN(c))) {
    throw new AnalysisError(`no covariate can be estimated: ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} constant or collinear in the rows analysed`);
  }
  const robust = clusterRobustVariance({
    start: fit.start,
    stop: fit.stop,
    status,
    covariates: design.columns,
    strata,
    cluster: ids.codes,
    ties: options.ties,
    coefficients: fit.coefficients,
    variance: fit.variance,
    linearPredictor: fit.linearPredictor,
  });
  for (const w of fit.warnings) {
    if (w.code === 'infinite-coefficient') {
      const which = names.filter((_, k) => fit.possiblyInfinite[k]);
      warnings.push({ code: w.code, message: `The log-likelihood converged while ${which.join(', ')} kept growing: its rate ratio may be infinite; its SE, z and CI are not reliable.` });
    } else if (w.code === 'singular') {
      const which = names.filter((_, k) => fit.redundant[k]);
      warnings.push({ code: w.code, message: `${which.join(', ')} ${which.length > 1 ? 'are linear combinations' : 'is a linear combination'} of the other covariates; no coefficient is estimated (R: NA).` });
    } else warnings.push(w);
  }

  const zCrit = normalQuantile(1 - (1 - options.confLevel) / 2);
  const coefficients = names.map((term, k) => {
    const coef = fit.coefficients[k];
    if (!Number.isFinite(coef)) return { term, coef: null, se: null, robustSe: null, z: null, p: null, hr: null, hrLower: null, hrUpper: null };
    const se = robust.standardErrors[k];
    const zValue = coef / se;
    return {
      term,
      coef,
      se: finiteOrNull(fit.standardErrors[k]),
      robustSe: finiteOrNull(se),
      z: finiteOrNull(zValue),
      p: finiteOrNull(normalTwoSided(zValue)),
      hr: finiteOrNull(Math.exp(coef)),
      hrLower: finiteOrNull(Math.exp(coef - zCrit * se)),
      hrUpper: finiteOrNull(Math.exp(coef + zCrit * se)),
    };
  });
  const test = (t: { statistic: number | null; df: number; p: number | null }) => ({ statistic: t.statistic, df: t.df, p: t.p });
  return {
    ...base,
    coefficients,
    logLik: { null: fit.logLikNull, final: fit.logLikFinal },
    tests: { likelihoodRatio: test(fit.likelihoodRatioTest), wald: test(robust.waldTest), score: test(fit.scoreTest), robustScore: test(robust.scoreTest) },
    terms: design.terms.map((t) => ({ term: t.name, kind: t.kind, coefficients: t.columns.map((c) => names[c]), reference: t.reference ?? null })),
    iterations: fit.iterations,
    converged: fit.converged,
    warnings,
  };
}

export const recurrentAnalysis = defineAnalysis<RecurrentOptions, RecurrentResult>({
  id: 'recurrent',
  title: 'Recurrent relapses',
  summary: 'How the rate of repeated relapse episodes differs between participants (Andersen–Gill or PWP models with robust SEs by participant), and the mean number of relapses per participant over time.',
  options: recurrentOptionSpecs,
  optionsSchema: recurrentOptionsSchema as unknown as z.ZodType<RecurrentOptions>,
  resultSchema: recurrentResultSchema,
  run: runRecurrent,
});
