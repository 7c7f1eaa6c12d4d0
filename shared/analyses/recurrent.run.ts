/**
 * The computation of `analyze recurrent` (its declaration, options and methods are in recurrent.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import { finiteOrNull } from '../stats/finite';
import { type Column, type DataFrame, isNumericColumn } from '../data/frame';
import { fitCountingProcessCox, IntervalError, type CountingProcessCoxFit } from '../stats/cox-counting-process';
import { clusterRobustVariance } from '../stats/robust-variance';
import { meanCumulativeFunctionByGroup } from '../stats/mean-cumulative-function';
import { normalQuantile, normalTwoSided } from '../stats/distributions';
import { buildModelMatrix, ModelMatrixError, parseReferenceLevels, type ModelMatrix } from './model-matrix';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { groupCodes } from './group-levels';
import { requireColumn, survivalRows } from './outcome';
import { type RecurrentOptions, type RecurrentResult } from './recurrent';

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

export function runRecurrent(frame: DataFrame, options: RecurrentOptions): RecurrentResult {
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
  // Plain loops and an array index of the outcome's rows: Float64Array.from(rows, map) walks the rows through the
  // iterator protocol with a call each, and a Map of millions of rows costs seconds and ~100 MB at 3M intervals.
  const startValues = (startColumn as { values: Float64Array }).values;
  const positionOf = new Int32Array(frame.nRows);
  for (let k = 0; k < outcome.rows.length; k++) positionOf[outcome.rows[k]] = k;
  const start = new Float64Array(n);
  const stop = new Float64Array(n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    const position = positionOf[row];
    start[i] = startValues[row];
    stop[i] = outcome.time[position];
    status[i] = outcome.status[position];
  }
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
