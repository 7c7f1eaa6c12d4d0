/**
 * The computation of `analyze predict` (its declaration, options and methods are in predict.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import { finiteOrNull } from '../stats/finite';
import { isNumericColumn, type Column, type DataFrame } from '../data/frame';
import { fitCox } from '../stats/cox';
import { coxPredictedSurvival, type PredictedSurvivalCurve } from '../stats/cox-predicted-survival';
import { survivalAtTimes } from '../stats/survival-at-times';
import { aeqSurv } from '../stats/timefix';
import { buildDesign, namedWarnings } from './cox.run';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { matchLevel, type ModelMatrix } from './model-matrix';
import { requireColumn, survivalRows } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import { type PredictOptions, type PredictResult } from './predict';

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

export function runPredict(frame: DataFrame, options: PredictOptions): PredictResult {
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
