/**
 * `analyze cox`: Cox proportional-hazards regression of time to relapse on covariates, as R's
 * summary(coxph(Surv(time, event) ~ covariates + strata(s), ties = …)), with Harrell's concordance
 * (coxph's fit$concordance) and the proportional-hazards test cox.zph(fit, transform = "km").
 * Engine files: shared/analyses/model-matrix.ts (design), shared/stats/cox.ts (fit), concordance.ts, cox-zph.ts.
 *
 * Coefficients: z = coef/se, p two-sided normal, hr = exp(coef), CI exp(coef ± z_{1−α/2} se) as
 * summary.coxph's conf.int. A column R would drop as collinear (NA coefficient) is reported with
 * nulls and leaves the tests' df, the concordance and the PH test, as in R. Rows missing the time,
 * the event, a covariate or the stratum are dropped and counted in `excluded`. With no events the
 * model cannot be estimated (R returns only NA coefficients) and the analysis stops with a message.
 */
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
import { participantIdSchema, participantIdSpec, refuseRepeatedIds } from './participant-id';

export const COX_TIES = ['efron', 'breslow'] as const;

const coxOptionSpecs: OptionSpec[] = [
  ...outcomeOptionSpecs,
  { kind: 'columns', name: 'covariates', flag: 'covariates', label: 'Covariates', help: 'Columns whose association with the hazard of relapse is estimated, adjusted for each other.', accepts: 'any', required: true },
  { kind: 'columns', name: 'categorical', flag: 'categorical', label: 'Treat as categorical', help: 'Covariates to treat as categories (one hazard ratio per level against the reference), even when their values are numbers.', accepts: 'any' },
  { kind: 'text', name: 'reference', flag: 'reference', label: 'Reference levels', help: 'Reference level of categorical covariates, e.g. clinic=1,arm=patch; default: the first level in sort order.' },
  { kind: 'column', name: 'strata', flag: 'strata', label: 'Stratify by', help: 'Optional column whose groups each get their own baseline hazard (no hazard ratio is estimated for it).', accepts: 'any' },
  participantIdSpec,
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
});
export type CoxOptions = z.infer<typeof coxOptionsSchema>;

const nullableNumber = z.number().nullable();
const testSchema = z.object({ statistic: nullableNumber, df: z.number(), p: nullableNumber });
const phTestSchema = z.object({ chisq: nullableNumber, df: z.number(), p: nullableNumber });

export const coxResultSchema = z.object({
  n: z.number(),
  events: z.number(),
  coefficients: z.array(
    z.object({
      term: z.string(),
      coef: nullableNumber,
      se: nullableNumber,
      z: nullableNumber,
      p: nullableNumber,
      hr: nullableNumber,
      hrLower: nullableNumber,
      hrUpper: nullableNumber,
    }),
  ),
  logLik: z.object({ null: z.number(), final: z.number() }),
  tests: z.object({ likelihoodRatio: testSchema, wald: testSchema, score: testSchema }),
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
  /** Rows dropped because the time, the event, a covariate or the stratum was missing. */
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type CoxResult = z.infer<typeof coxResultSchema>;

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

function buildDesign(frame: DataFrame, options: CoxOptions, rows: Int32Array): ModelMatrix {
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
function namedWarnings(fit: CoxFit, names: string[]): AnalysisWarning[] {
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

function runCox(frame: DataFrame, options: CoxOptions): CoxResult {
  refuseRepeatedIds(frame, options.id, 'the Cox model');
  const extra = options.covariates.map((name) => requireColumn(frame, name, 'covariate'));
  if (options.strata) extra.push(requireColumn(frame, options.strata, 'strata'));
  const outcome = survivalRows(frame, options, extra);
  if (outcome.rows.length === 0) {
    throw new AnalysisError(`no rows with a usable time, event, covariates${options.strata ? ' and stratum' : ''} (${outcome.droppedMissing} rows had a missing value)`);
  }
  const design = buildDesign(frame, options, outcome.rows);
  // coxph's timefix, applied once so the fit, the concordance and the PH test see the same ties.
  const time = aeqSurv(outcome.time);
  const status = outcome.status;
  const n = time.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += status[i];
  if (events === 0) {
    throw new AnalysisError(`no relapses among the ${n} rows analysed: the Cox model cannot be estimated`);
  }
  if (n < 2) throw new AnalysisError('only one row has a usable time, event and covariates: the Cox model needs at least two');

  const fit = fitCox({ time, status, covariates: design.columns, strata: design.strata, ties: options.ties, timefix: false });
  const names = design.columnNames;
  const zCrit = normalQuantile(1 - (1 - options.confLevel) / 2);
  const coefficients = names.map((term, k) => {
    const coef = fit.coefficients[k];
    const se = fit.standardErrors[k];
    if (fit.redundant[k] || !Number.isFinite(coef)) {
      return { term, coef: null, se: null, z: null, p: null, hr: null, hrLower: null, hrUpper: null };
    }
    const zValue = coef / se;
    return {
      term,
      coef,
      se: finiteOrNull(se),
      z: finiteOrNull(zValue),
      p: finiteOrNull(normalTwoSided(zValue)),
      hr: finiteOrNull(Math.exp(coef)),
      hrLower: finiteOrNull(Math.exp(coef - zCrit * se)),
      hrUpper: finiteOrNull(Math.exp(coef + zCrit * se)),
    };
  });

  // Concordance of the linear predictor (higher risk, shorter time), within strata, as coxph.
  const harrell = concordance(time, status, fit.linearPredictor, design.strata);

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
    status,
    strata: design.strata,
    covariates: kept.map((k) => design.columns[k]),
    coefficients: Float64Array.from(kept, (k) => fit.coefficients[k]),
    variance: keptVariance,
    ties: options.ties,
    terms: zphTerms,
    timefix: false,
  });

  const warnings: AnalysisWarning[] = [...namedWarnings(fit, names), ...zph.warnings];
  if (outcome.droppedMissing > 0) {
    warnings.push({ code: 'rows-excluded', message: `${outcome.droppedMissing} rows were left out because the time, the event, a covariate or the stratum was missing.` });
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
    coefficients,
    logLik: { null: fit.logLikNull, final: fit.logLikFinal },
    tests: { likelihoodRatio: test(fit.likelihoodRatioTest), wald: test(fit.waldTest), score: test(fit.scoreTest) },
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
  options: coxOptionSpecs,
  optionsSchema: coxOptionsSchema as unknown as z.ZodType<CoxOptions>,
  resultSchema: coxResultSchema,
  run: runCox,
});
