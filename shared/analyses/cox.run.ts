/**
 * The computation of `analyze cox` (its declaration, options and methods are in cox.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import { finiteOrNull } from '../stats/finite';
import { dropGivenUpColumns, type Column, type DataFrame, type RunContext } from '../data/frame';
import { fitCox, type CoxFit, type SortedDesign } from '../stats/cox';
import { aeqSurv } from '../stats/timefix';
import { concordance } from '../stats/concordance';
import { coxZph } from '../stats/cox-zph';
import { normalQuantile, normalTwoSided } from '../stats/distributions';
import { buildModelMatrix, ModelMatrixError, parseReferenceLevels, type ModelMatrix } from './model-matrix';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { requireColumn, survivalRows } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import { fitCountingProcessCox, IntervalError } from '../stats/cox-counting-process';
import { clusterRobustVariance } from '../stats/robust-variance';
import { concordanceCounting } from '../stats/concordance-counting';
import { groupCodes } from './group-levels';
import { intervalStarts, refuseOverlaps, startColumn } from './intervals.run';
import { caseWeights, refuseZeroWeights, weightColumn } from './case-weights';
import { hasFractionalWeights } from '../stats/kaplan-meier-case-weights';
import { concordanceCaseWeights } from '../stats/concordance-case-weights';
import { type CoxOptions, type CoxResult } from './cox';

/** Above this many coefficients for one categorical covariate, a warning suggests strata instead. */
const MANY_LEVEL_COEFFICIENTS = 20;

export function buildDesign(
  frame: DataFrame,
  options: Pick<CoxOptions, 'covariates' | 'categorical' | 'reference' | 'strata'>,
  rows: Int32Array,
  release?: (column: Column) => void,
): ModelMatrix {
  try {
    return buildModelMatrix(
      frame,
      { covariates: options.covariates, categorical: options.categorical, reference: parseReferenceLevels(options.reference), strata: options.strata ?? null },
      rows,
      release,
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

export function runCox(frame: DataFrame, options: CoxOptions, context: RunContext = {}): CoxResult {
  const counting = options.start !== undefined;
  // Without a start each participant has one row; with one, its intervals are checked below.
  if (!counting) refuseRepeatedIds(frame, options.id, 'the Cox model');
  const extra = options.covariates.map((name) => requireColumn(frame, name, 'covariate'));
  if (options.strata) extra.push(requireColumn(frame, options.strata, 'strata'));
  if (counting) extra.push(startColumn(frame, options.start!));
  if (counting && options.id) extra.push(requireColumn(frame, options.id, 'id'));
  let clusterColumn = options.cluster ? requireColumn(frame, options.cluster, 'cluster') : null;
  const clustered = clusterColumn !== null;
  if (clusterColumn) extra.push(clusterColumn);
  if (options.weights) {
    if (counting) throw new AnalysisError('weights: case weights (--weights) cannot be combined with an interval start (--start)');
    extra.push(weightColumn(frame, options.weights));
  }
  const outcome = survivalRows(frame, options, extra);
  const needed = ['time', 'event', 'covariates', ...(options.strata ? ['stratum'] : []), ...(counting ? ['start'] : []), ...(counting && options.id ? ['id'] : []), ...(clustered ? ['cluster'] : []), ...(options.weights ? ['weight'] : [])];
  const neededText = `${needed.slice(0, -1).join(', ')} and ${needed[needed.length - 1]}`;
  if (outcome.rows.length === 0) {
    throw new AnalysisError(`no rows with a usable ${neededText} (${outcome.droppedMissing} rows had a missing value)`);
  }
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
  // The design is read last. A caller that has given the frame up lets each covariate column go as soon as
  // the design holds its copy (at 5,000,000 rows, 40 MB a column), and the rest of the frame after it: the
  // outcome, weights, starts and cluster are copies already.
  if (context.frameGivenUp) {
    extra.length = 0;
    clusterColumn = null;
  }
  const release = context.frameGivenUp ? (column: Column) => (frame.columns = frame.columns.filter((c) => c !== column)) : undefined;
  const design = buildDesign(frame, options, outcome.rows, release);
  dropGivenUpColumns(frame, context);

  // coxph's timefix, applied once so the fit, the concordance and the PH test see the same ties.
  let time: Float64Array;
  let fit: FittedCox;
  // The fit's sorted design, reused by cox.zph (one n × p copy less).
  let sortedDesign: SortedDesign | null = null;
  const robustNeeded = cluster !== null || weightedRobust;
  // Without a robust variance nothing reads the design's columns in data order after the fit; when the frame
  // is given up they are the run's own (copies, or the frame's columns compacted in place), so the fit sorts
  // them in place (the design is held once, not twice). Otherwise a column may be the cached frame's own array.
  const consumeDesign = !robustNeeded && context.frameGivenUp === true;
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
    const coxFit = fitCox({ time, status, covariates: design.columns, strata: design.strata, ties: options.ties, timefix: false, weights: weight, keepSortedDesign: true, consumeCovariates: consumeDesign });
    sortedDesign = coxFit.sortedDesign ?? null;
    coxFit.sortedDesign = undefined;
    fit = coxFit;
  }
  const names = design.columnNames;
  // Right-censored rows as intervals from before the first time (for the robust variance and a clustered concordance).
  const riskStart = (): Float64Array => {
    if (start) return start;
    let first = Infinity;
    for (let i = 0; i < n; i++) if (time[i] < first) first = time[i];
    return new Float64Array(n).fill(first - 1);
  };
  const robust = robustNeeded
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
    sortedDesign: sortedDesign && kept.length < p ? sortedDesignColumns(sortedDesign, kept) : sortedDesign,
    // Only the plotted rows are kept (residualPlotData): one value per event and column would be most of the PH test's memory.
    residualStride: plotStride(events),
  });
  sortedDesign = null;

  // After cox.zph, which has consumed the fit's sorted design (so the two are not held at once).
  // Concordance of the linear predictor (higher risk, shorter time), within strata, as coxph; on
  // (start, stop] data or with a cluster, concordancefit's counting form with influences summed by cluster.
  const harrell = weight
    ? concordanceCaseWeights(time, status, fit.linearPredictor, weight, design.strata, cluster?.codes ?? null)
    : start || cluster
      ? concordanceCounting({ start: riskStart(), stop: time, status, riskScore: fit.linearPredictor, strata: design.strata, cluster: cluster?.codes ?? null })
      : concordance(time, status, fit.linearPredictor, design.strata);

  const warnings: AnalysisWarning[] = [...namedWarnings(fit, names), ...zph.warnings];
  if (weightedRobust && !clustered) {
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
    const extraRoles = [...(counting ? ['the start'] : []), ...(counting && options.id ? ['the id'] : []), ...(clustered ? ['the cluster'] : []), ...(options.weights ? ['the weight'] : [])];
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
    ...(options.weights ? { weights: { column: options.weights, robust: weightedRobust || clustered } } : {}),
    warnings,
  };
}

/** The fit's sorted design restricted to the kept (non-redundant) columns, for cox.zph. */
function sortedDesignColumns(design: SortedDesign, kept: number[]): SortedDesign {
  return {
    ...design,
    columns: kept.map((k) => design.columns[k]),
    columnMeans: Float64Array.from(kept, (k) => design.columnMeans[k]),
    means: Float64Array.from(kept, (k) => design.means[k]),
    scale: Float64Array.from(kept, (k) => design.scale[k]),
  };
}

/** At most this many event rows go to the residual plots: the plot's shape needs no more, and 1M rows would make a huge document. */
export const PH_PLOT_POINTS = 2000;

/** The stride at which event rows are plotted: every k-th when there are more than PH_PLOT_POINTS events. */
function plotStride(events: number): number {
  return Math.max(1, Math.ceil(events / PH_PLOT_POINTS));
}

/**
 * Scaled Schoenfeld residuals per PH-test term (cox.zph terms = TRUE), every k-th event row when there are more than
 * PH_PLOT_POINTS: coxZph has kept those rows only (residualStride), so every row it returns is plotted.
 */
function residualPlotData(residuals: { events: number; stride: number; time: Float64Array; transformedTime: Float64Array; scaled: Float64Array[] }, terms: string[], coefficients: (number | null)[]) {
  const pick = <T>(values: ArrayLike<number>, map: (v: number) => T): T[] => Array.from(values, map);
  return {
    events: residuals.events,
    thinned: residuals.stride > 1,
    time: pick(residuals.time, (v) => v),
    transformedTime: pick(residuals.transformedTime, (v) => v),
    terms: terms.map((term, j) => ({ term, coefficient: coefficients[j], scaled: pick(residuals.scaled[j], (v) => (Number.isFinite(v) ? v : null)) })),
  };
}
