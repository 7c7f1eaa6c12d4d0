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
 * weights, must be >0"), and so does this (one line naming the row); --weights with --start or --cluster is
 * refused. `n` and `events` count rows, as R's n and nevent.
 */
import { finiteOrNull } from '../stats/finite';
import { z } from 'zod';
import type { DataFrame } from '../data/frame';
import { fitCox, type CoxFit } from '../stats/cox';
import { aeqSurv } from '../stats/timefix';
import { concordance } from '../stats/concordance';
import { coxZph } from '../stats/cox-zph';
import { normalQuantile, normalTwoSided } from '../stats/distributions';
import { buildModelMatrix, ModelMatrixError, parseReferenceLevels, type ModelMatrix } from './model-matrix';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { outcomeOptionSpecs, outcomeSchema, requireColumn, survivalRows } from './outcome';
import { participantIdSchema, refuseRepeatedIds } from './participant-id';
import { fitCountingProcessCox, IntervalError } from '../stats/cox-counting-process';
import { clusterRobustVariance } from '../stats/robust-variance';
import { concordanceCounting } from '../stats/concordance-counting';
import { groupCodes } from './group-levels';
import { intervalIdSpec, intervalStarts, intervalStartSchema, intervalStartSpec, refuseOverlaps, startColumn } from './intervals';
import { caseWeights, caseWeightsSchema, caseWeightsSpec, refuseZeroWeights, weightColumn } from './case-weights';
import { hasFractionalWeights } from '../stats/kaplan-meier-case-weights';
import { concordanceCaseWeights } from '../stats/concordance-case-weights';

export const COX_TIES = ['efron', 'breslow'] as const;
/** Above this many coefficients for one categorical covariate, a warning suggests strata instead. */
const MANY_LEVEL_COEFFICIENTS = 20;

export const coxOptionSpecs: OptionSpec[] = [
  ...outcomeOptionSpecs,
  intervalStartSpec,
  { kind: 'columns', name: 'covariates', flag: 'covariates', label: 'Covariates', help: 'Columns whose association with the hazard of relapse is estimated, adjusted for each other.', accepts: 'any', required: true },
  { kind: 'columns', name: 'categorical', flag: 'categorical', label: 'Treat as categorical', help: 'Covariates to treat as categories (one hazard ratio per level against the reference), even when their values are numbers.', accepts: 'any' },
  { kind: 'text', name: 'reference', flag: 'reference', label: 'Reference levels', help: 'Reference level of categorical covariates, e.g. clinic=1,arm=patch; default: the first level in sort order.' },
  { kind: 'column', name: 'strata', flag: 'strata', label: 'Stratify by', help: 'Optional column whose groups each get their own baseline hazard (no hazard ratio is estimated for it).', accepts: 'any' },
  intervalIdSpec,
  { kind: 'column', name: 'cluster', flag: 'cluster', label: 'Robust variance by', help: 'Optional column (usually the participant id) whose rows are correlated: the standard errors, z, p, confidence intervals and Wald test then use the cluster-robust (sandwich) variance, as R coxph(…, cluster = COL).', accepts: 'any' },
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Tied times', help: 'How relapses on the same day are handled in the partial likelihood: efron (default, as R) or breslow.', choices: COX_TIES, default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the hazard-ratio confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1 },
];

/** Accepts a list of column names, or the CLI's comma-separated text ("age,sex"). */
const columnList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : value),
  z.array(z.string().min(1)),
);

export const coxOptionsSchema = outcomeSchema.extend({
  covariates: columnList.refine((list) => list.length > 0, 'name at least one covariate'),
  categorical: columnList.default([]),
  reference: z.string().optional(),
  strata: z.string().min(1).optional(),
  ties: z.enum(COX_TIES).default('efron'),
  confLevel: z.coerce.number().gt(0).lt(1).default(0.95),
  id: participantIdSchema,
  start: intervalStartSchema,
  cluster: z.string().min(1).optional(),
});
/**
 * The Cox analysis's own options: those above (shared with predict, sites and adjusted, which build on the
 * same model) and the case weights (--weights), which only `analyze cox` takes.
 */
const coxAnalysisOptionSpecs: OptionSpec[] = coxOptionSpecs.flatMap((spec) => (spec.name === 'ties' ? [caseWeightsSpec, spec] : [spec]));
export const coxAnalysisOptionsSchema = coxOptionsSchema.extend({ weights: caseWeightsSchema });
export type CoxOptions = z.infer<typeof coxAnalysisOptionsSchema>;

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
  /** The case-weight column (--weights) and whether its weights made the variance robust (some weight fractional). */
  weights: z.object({ column: z.string(), robust: z.boolean() }).optional(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type CoxResult = z.infer<typeof coxResultSchema>;


export function buildDesign(frame: DataFrame, options: Pick<CoxOptions, 'covariates' | 'categorical' | 'reference' | 'strata'>, rows: Int32Array): ModelMatrix {
  try {
    return buildModelMatrix(
      frame,
      { covariates: options.covariates, categorical: options.categorical, reference: parseReferenceLevels(options.reference), strata: options.strata ?? null },
      rows,
    );
  } catch (error) {
    if (error instanceof ModelMatrixError) throw new AnalysisError(error.message);
    throw error;
  }
}

/** Fit warnings reworded with the coefficient names instead of R's column numbers. */
export function namedWarnings(fit: Pick<CoxFit, 'warnings' | 'possiblyInfinite' | 'redundant'>, names: string[]): AnalysisWarning[] {
  return fit.warnings.map((w) => {
    if (w.code === 'infinite-coefficient' && fit.possiblyInfinite.some(Boolean)) {
      const which = names.filter((_, k) => fit.possiblyInfinite[k]);
      return {
        code: w.code,
        message: `The log-likelihood converged while ${which.join(', ')} kept growing: its hazard ratio may be infinite (complete separation, e.g. all relapses in one group); its SE, z and CI are not reliable.`,
      };
    }
    if (w.code === 'singular') {
      const which = names.filter((_, k) => fit.redundant[k]);
      return { code: w.code, message: `${which.join(', ')} ${which.length > 1 ? 'are linear combinations' : 'is a linear combination'} of the other covariates; no coefficient is estimated for ${which.length > 1 ? 'them' : 'it'} (R: NA).` };
    }
    return w;
  });
}

/** The fitted model as the rest of runCox reads it, from either engine. */
type FittedCox = Pick<
  CoxFit,
  'coefficients' | 'standardErrors' | 'variance' | 'redundant' | 'possiblyInfinite' | 'logLikNull' | 'logLikFinal' | 'scoreTest' | 'waldTest' | 'likelihoodRatioTest' | 'iterations' | 'converged' | 'linearPredictor'
> & { warnings: AnalysisWarning[] };

function runCox(frame: DataFrame, options: CoxOptions): CoxResult {
  const counting = options.start !== undefined;
  // Without a start each participant has one row; with one, its intervals are checked below.
  if (!counting) refuseRepeatedIds(frame, options.id, 'the Cox model');
  const extra = options.covariates.map((name) => requireColumn(frame, name, 'covariate'));
  if (options.strata) extra.push(requireColumn(frame, options.strata, 'strata'));
  if (counting) extra.push(startColumn(frame, options.start!));
  if (counting && options.id) extra.push(requireColumn(frame, options.id, 'id'));
  const clusterColumn = options.cluster ? requireColumn(frame, options.cluster, 'cluster') : null;
  if (clusterColumn) extra.push(clusterColumn);
  if (options.weights) {
    if (counting) throw new AnalysisError('weights: case weights (--weights) cannot be combined with an interval start (--start)');
    if (clusterColumn) throw new AnalysisError('weights: case weights (--weights) cannot be combined with --cluster');
    extra.push(weightColumn(frame, options.weights));
  }
  const outcome = survivalRows(frame, options, extra);
  const needed = ['time', 'event', 'covariates', ...(options.strata ? ['stratum'] : []), ...(counting ? ['start'] : []), ...(counting && options.id ? ['id'] : []), ...(clusterColumn ? ['cluster'] : []), ...(options.weights ? ['weight'] : [])];
  const neededText = `${needed.slice(0, -1).join(', ')} and ${needed[needed.length - 1]}`;
  if (outcome.rows.length === 0) {
    throw new AnalysisError(`no rows with a usable ${neededText} (${outcome.droppedMissing} rows had a missing value)`);
  }
  const design = buildDesign(frame, options, outcome.rows);
  const status = outcome.status;
  // Case weights: R's coxph takes them > 0 and, when one is fractional, the robust variance by row.
  const weight = options.weights ? caseWeights(frame, options.weights, outcome.rows) : null;
  if (weight) refuseZeroWeights(weight, outcome.rows, options.weights!, 'the Cox model');
  const weightedRobust = weight !== null && hasFractionalWeights(weight);
  const n = status.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += status[i];
  if (events === 0) {
    throw new AnalysisError(`no relapses among the ${n} rows analysed: the Cox model cannot be estimated`);
  }
  if (n < 2) throw new AnalysisError('only one row has a usable time, event and covariates: the Cox model needs at least two');

  let start: Float64Array | null = null;
  let participants: number | undefined;
  if (counting) {
    start = intervalStarts(frame, options.start!, outcome.rows, outcome.time);
    if (options.id) participants = refuseOverlaps(frame, options.id, outcome.rows, start, outcome.time, status);
  }
  const cluster = clusterColumn ? groupCodes(clusterColumn, outcome.rows) : null;
  if (cluster && participants === undefined) participants = cluster.levels.length;

  // coxph's timefix, applied once so the fit, the concordance and the PH test see the same ties.
  let time: Float64Array;
  let fit: FittedCox;
  if (start) {
    try {
      const countingFit = fitCountingProcessCox({ start, stop: outcome.time, status, covariates: design.columns, strata: design.strata, ties: options.ties });
      fit = countingFit;
      start = countingFit.start;
      time = countingFit.stop;
    } catch (error) {
      if (error instanceof IntervalError) throw new AnalysisError(error.message);
      throw error;
    }
  } else {
    time = aeqSurv(outcome.time);
    fit = fitCox({ time, status, covariates: design.columns, strata: design.strata, ties: options.ties, timefix: false, weights: weight });
  }
  const names = design.columnNames;
  // Right-censored rows as intervals from before the first time (for the robust variance and a clustered concordance).
  const riskStart = (): Float64Array => {
    if (start) return start;
    let first = Infinity;
    for (let i = 0; i < n; i++) if (time[i] < first) first = time[i];
    return new Float64Array(n).fill(first - 1);
  };
  const robust = cluster || weightedRobust
    ? clusterRobustVariance({
        start: riskStart(),
        stop: time,
        status,
        covariates: design.columns,
        strata: design.strata,
        // With fractional weights and no cluster, each row is its own cluster (R's cluster = 1:n).
        cluster: cluster ? cluster.codes : Int32Array.from({ length: n }, (_, i) => i),
        ties: options.ties,
        weights: weight,
        coefficients: Float64Array.from(fit.coefficients, (c, k) => (fit.redundant[k] ? NaN : c)),
        variance: fit.variance,
        linearPredictor: fit.linearPredictor,
      })
    : null;

  const zCrit = normalQuantile(1 - (1 - options.confLevel) / 2);
  const coefficients = names.map((term, k) => {
    const coef = fit.coefficients[k];
    const modelSe = fit.standardErrors[k];
    if (fit.redundant[k] || !Number.isFinite(coef)) {
      return { term, coef: null, se: null, ...(robust ? { robustSe: null } : {}), z: null, p: null, hr: null, hrLower: null, hrUpper: null };
    }
    const se = robust ? robust.standardErrors[k] : modelSe;
    const zValue = coef / se;
    return {
      term,
      coef,
      se: finiteOrNull(modelSe),
      ...(robust ? { robustSe: finiteOrNull(se) } : {}),
      z: finiteOrNull(zValue),
      p: finiteOrNull(normalTwoSided(zValue)),
      hr: finiteOrNull(Math.exp(coef)),
      hrLower: finiteOrNull(Math.exp(coef - zCrit * se)),
      hrUpper: finiteOrNull(Math.exp(coef + zCrit * se)),
    };
  });

  // Concordance of the linear predictor (higher risk, shorter time), within strata, as coxph; on
  // (start, stop] data or with a cluster, concordancefit's counting form with influences summed by cluster.
  const harrell = weight
    ? concordanceCaseWeights(time, status, fit.linearPredictor, weight, design.strata)
    : start || cluster
      ? concordanceCounting({ start: riskStart(), stop: time, status, riskScore: fit.linearPredictor, strata: design.strata, cluster: cluster?.codes ?? null })
      : concordance(time, status, fit.linearPredictor, design.strata);

  // PH test on the estimable columns only (R's cox.zph drops NA coefficients and empty terms).
  const kept: number[] = [];
  names.forEach((_, k) => {
    if (!fit.redundant[k]) kept.push(k);
  });
  if (kept.length === 0) {
    throw new AnalysisError(`no covariate can be estimated: ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} constant or collinear in the rows analysed`);
  }
  const newIndex = new Map(kept.map((k, i) => [k, i]));
  const zphTerms = design.terms
    .map((t) => ({ name: t.name, columns: t.columns.filter((c) => newIndex.has(c)).map((c) => newIndex.get(c)!) }))
    .filter((t) => t.columns.length > 0);
  const p = names.length;
  const keptVariance = new Float64Array(kept.length * kept.length);
  kept.forEach((j, a) => kept.forEach((k, b) => (keptVariance[a * kept.length + b] = fit.variance[j * p + k])));
  const zph = coxZph({
    time,
    start,
    status,
    strata: design.strata,
    covariates: kept.map((k) => design.columns[k]),
    coefficients: Float64Array.from(kept, (k) => fit.coefficients[k]),
    variance: keptVariance,
    ties: options.ties,
    terms: zphTerms,
    timefix: false,
    weights: weight,
  });

  const warnings: AnalysisWarning[] = [...namedWarnings(fit, names), ...zph.warnings];
  if (weightedRobust) {
    warnings.push({
      code: 'robust-se',
      message: `Some case weights in column "${options.weights}" are not whole numbers, so z, p, the confidence intervals and the Wald test use the robust (sandwich) variance, as R coxph(…, weights = ${options.weights}) does by default; se is the model-based SE.`,
    });
  }
  // A categorical covariate with many levels: one hazard ratio per level, each from few participants, and a
  // fit whose cost grows with the square of the number of coefficients (929 levels: 166 s, R 101 s).
  for (const term of design.terms) {
    if (term.kind === 'factor' && term.columns.length > MANY_LEVEL_COEFFICIENTS) {
      warnings.push({
        code: 'many-levels',
        message: `Covariate "${term.name}" has ${term.levels?.length ?? term.columns.length + 1} levels, so the model estimates ${term.columns.length} hazard ratios for it against ${term.reference ?? 'its reference'}, each from few participants. To allow for it without estimating each level, stratify by it (--strata ${term.name}); to compare many sites fairly, use analyze sites.`,
      });
    }
  }
  if (outcome.droppedMissing > 0) {
    const extraRoles = [...(counting ? ['the start'] : []), ...(counting && options.id ? ['the id'] : []), ...(clusterColumn ? ['the cluster'] : []), ...(options.weights ? ['the weight'] : [])];
    warnings.push({ code: 'rows-excluded', message: `${outcome.droppedMissing} rows were left out because the time, the event, a covariate${extraRoles.length > 0 ? ', the stratum' : ' or the stratum'}${extraRoles.map((r, i) => (i === extraRoles.length - 1 ? ` or ${r}` : `, ${r}`)).join('')} was missing.` });
  }

  const byName = new Map(coefficients.map((c) => [c.term, c]));
  const forestPlot = design.terms.flatMap((t) => {
    if (t.kind === 'numeric') {
      const c = byName.get(t.name)!;
      return [{ term: t.name, label: t.name, reference: false, hr: c.hr, lower: c.hrLower, upper: c.hrUpper, p: c.p }];
    }
    return t.levels!.map((level, k) => {
      if (k === 0) return { term: t.name, label: `${t.name}=${level}`, reference: true, hr: 1, lower: null, upper: null, p: null };
      const c = byName.get(`${t.name}=${level}`)!;
      return { term: t.name, label: c.term, reference: false, hr: c.hr, lower: c.hrLower, upper: c.hrUpper, p: c.p };
    });
  });

  const test = (t: CoxFit['scoreTest']) => ({ statistic: t.statistic, df: t.df, p: t.p });
  return {
    n,
    events,
    ...(participants !== undefined ? { participants } : {}),
    ...(cluster ? { clusters: cluster.levels.length } : {}),
    ...(counting ? { start: options.start! } : {}),
    coefficients,
    logLik: { null: fit.logLikNull, final: fit.logLikFinal },
    tests: robust
      ? { likelihoodRatio: test(fit.likelihoodRatioTest), wald: test(robust.waldTest), score: test(fit.scoreTest), robustScore: test(robust.scoreTest) }
      : { likelihoodRatio: test(fit.likelihoodRatioTest), wald: test(fit.waldTest), score: test(fit.scoreTest) },
    concordance: { estimate: harrell.estimate, stdErr: harrell.stdErr },
    ph: {
      terms: zph.terms.map((t) => ({ term: t.term, chisq: t.chisq, df: t.df, p: t.p })),
      global: { chisq: zph.global.chisq, df: zph.global.df, p: zph.global.p },
      residuals: residualPlotData(
        zph.residuals,
        zphTerms.map((t) => t.name),
        // R plot.cox.zph: a one-column term's residuals are centred on its coefficient; a multi-column term's on 1.
        zphTerms.map((t) => (t.columns.length === 1 ? fit.coefficients[kept[t.columns[0]]] : null)),
      ),
    },
    terms: design.terms.map((t) => ({ term: t.name, kind: t.kind, coefficients: t.columns.map((c) => names[c]), reference: t.reference ?? null })),
    forestPlot,
    ties: options.ties,
    confLevel: options.confLevel,
    strata: options.strata ? { column: options.strata, levels: design.strataLevels ?? [] } : null,
    iterations: fit.iterations,
    converged: fit.converged,
    excluded: outcome.droppedMissing,
    ...(options.weights ? { weights: { column: options.weights, robust: weightedRobust } } : {}),
    warnings,
  };
}

/** At most this many event rows go to the residual plots: the plot's shape needs no more, and 1M rows would make a huge document. */
export const PH_PLOT_POINTS = 2000;

/** Scaled Schoenfeld residuals per PH-test term (cox.zph terms = TRUE), every k-th event row when there are more than PH_PLOT_POINTS. */
function residualPlotData(residuals: { time: Float64Array; transformedTime: Float64Array; scaled: Float64Array[] }, terms: string[], coefficients: (number | null)[]) {
  const events = residuals.time.length;
  const step = Math.max(1, Math.ceil(events / PH_PLOT_POINTS));
  const pick = <T>(values: ArrayLike<number>, map: (v: number) => T): T[] => {
    const out: T[] = [];
    for (let i = 0; i < events; i += step) out.push(map(values[i]));
    return out;
  };
  return {
    events,
    thinned: step > 1,
    time: pick(residuals.time, (v) => v),
    transformedTime: pick(residuals.transformedTime, (v) => v),
    terms: terms.map((term, j) => ({ term, coefficient: coefficients[j], scaled: pick(residuals.scaled[j], (v) => (Number.isFinite(v) ? v : null)) })),
  };
}

export const coxAnalysis = defineAnalysis<CoxOptions, CoxResult>({
  id: 'cox',
  title: 'Cox regression',
  summary: 'Which characteristics raise or lower the hazard of relapse, each adjusted for the others (hazard ratios from a Cox model).',
  options: coxAnalysisOptionSpecs,
  optionsSchema: coxAnalysisOptionsSchema as unknown as z.ZodType<CoxOptions>,
  resultSchema: coxResultSchema,
  run: runCox,
});
