/**
 * The computation of `analyze adjusted` (its declaration, options and methods are in adjusted.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import { finiteOrNull } from '../stats/finite';
import type { DataFrame } from '../data/frame';
import { fitCox } from '../stats/cox';
import { aeqSurv } from '../stats/timefix';
import { adjustedSurvival } from '../stats/adjusted-survival';
import { fitLogistic } from '../stats/logistic-regression';
import { fitMultinomial } from '../stats/multinomial-logistic';
import { stabilisedWeights, stabilisedWeightsByGroup, standardisedDifferencesByGroup, trimWeights } from '../stats/propensity-weights';
import { weightedKaplanMeier } from '../stats/weighted-kaplan-meier';
import { buildModelMatrix, ModelMatrixError, parseReferenceLevels, type ModelMatrix } from './model-matrix';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { groupCodes } from './group-levels';
import { requireColumn, survivalRows } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import { WORK_LIMIT, type AdjustedOptions, type AdjustedResult } from './adjusted';

const list = (names: string[]) => names.map((g) => `"${g}"`).join(', ');

function buildCaseMix(frame: DataFrame, options: AdjustedOptions, rows: Int32Array): ModelMatrix {
  try {
    return buildModelMatrix(frame, { covariates: options.covariates, categorical: options.categorical, reference: parseReferenceLevels(options.reference), strata: null }, rows);
  } catch (error) {
    if (error instanceof ModelMatrixError) throw new AnalysisError(error.message);
    throw error;
  }
}

export function runAdjusted(frame: DataFrame, options: AdjustedOptions): AdjustedResult {
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
  if (options.method === 'iptw') return runIptw({ options, n, time, status, caseMix, groups, participants, groupEvents, excluded: outcome.droppedMissing });
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
    propensityModel: null,
    weights: null,
    balance: null,
    ties: options.ties,
    confLevel: options.confLevel,
    excluded: outcome.droppedMissing,
    warnings,
  };
}

interface IptwInput {
  options: AdjustedOptions;
  n: number;
  time: Float64Array;
  status: Uint8Array;
  caseMix: ModelMatrix;
  groups: { codes: Int32Array; levels: string[] };
  participants: Float64Array;
  groupEvents: Float64Array;
  excluded: number;
}

/**
 * --method iptw: the logistic model of the second group on the case mix (glm(family = binomial)), or a
 * multinomial model with more groups,
 * stabilised weights trimmed at the --trim percentile, and each group's weighted Kaplan–Meier curve with
 * the robust SE (survfit(weights =, robust = TRUE, id =)); rows at the group's relapse times or at --times
 * up to the group's last follow-up. Engine: logistic-regression.ts, propensity-weights.ts,
 * weighted-kaplan-meier.ts.
 */
function runIptw(input: IptwInput): AdjustedResult {
  const { options, n, time, status, caseMix, groups, participants, groupEvents } = input;
  const k = groups.levels.length;
  const intercept = new Float64Array(n).fill(1);
  const design = [intercept, ...caseMix.columns];
  const terms = ['(Intercept)', ...caseMix.columnNames];
  const collinear = () =>
    new AnalysisError(`the covariates ${caseMix.columnNames.join(', ')} are constant or collinear in the rows analysed, or they predict a group perfectly: the probability of each group cannot be estimated`);
  let stabilised: Float64Array;
  let propensityModel: NonNullable<AdjustedResult['propensityModel']>;
  if (k === 2) {
    const treated = Uint8Array.from(groups.codes, (c) => (c === 1 ? 1 : 0));
    const logistic = fitLogistic(design, treated);
    if (logistic.singular) throw collinear();
    stabilised = stabilisedWeights(logistic.fitted, treated);
    propensityModel = {
      coefficients: terms.map((term, j) => ({ term, coef: logistic.coefficients[j], oddsRatio: Math.exp(logistic.coefficients[j]) })),
      converged: logistic.converged,
      iterations: logistic.iterations,
    };
  } else {
    const multinomial = fitMultinomial(design, groups.codes, k);
    if (multinomial.singular) throw collinear();
    stabilised = stabilisedWeightsByGroup(multinomial.fitted, groups.codes, k);
    const p = design.length;
    propensityModel = {
      coefficients: groups.levels.slice(1).flatMap((level, g) =>
        terms.map((term, j) => ({ term: `${level}: ${term}`, coef: multinomial.coefficients[g * p + j], oddsRatio: Math.exp(multinomial.coefficients[g * p + j]) })),
      ),
      converged: multinomial.converged,
      iterations: multinomial.iterations,
    };
  }
  const trimmed = trimWeights(stabilised, options.trim);
  const weights = trimmed.weights;

  let lastTime = 0;
  for (let i = 0; i < n; i++) if (time[i] > lastTime) lastTime = time[i];
  const beyond = (options.times ?? []).filter((t) => t > lastTime);
  if (beyond.length > 0) {
    throw new AnalysisError(`time ${beyond.join(', ')} is after the last follow-up (${lastTime}): the adjusted curves end there`);
  }

  const curves = weightedKaplanMeier({ time, status, weight: weights, group: groups.codes, groupCount: k, confLevel: options.confLevel });
  const warnings: AnalysisWarning[] = [];
  if (!propensityModel.converged) warnings.push({ code: 'not-converged', message: `The model of the groups did not converge in ${propensityModel.iterations} iterations: the weights may be unreliable.` });
  const ended: string[] = [];
  const rowsOf = (g: number) => {
    const c = curves[g];
    const m = c.time.length;
    const row = (j: number, t: number) =>
      j < 0 ? { time: t, survival: 1, stdErr: 0, lower: 1, upper: 1 } : { time: t, survival: c.survival[j], stdErr: c.stdErr[j], lower: finiteOrNull(c.lower[j]), upper: finiteOrNull(c.upper[j]) };
    if (!options.times) {
      const out = [];
      for (let j = 0; j < m; j++) if (c.nEvent[j] > 0) out.push(row(j, c.time[j]));
      return out;
    }
    const out = [];
    const last = m > 0 ? c.time[m - 1] : -Infinity;
    for (const t of [...new Set(options.times)].sort((a, b) => a - b)) {
      if (t > last) {
        ended.push(`${t} in group "${groups.levels[g]}"`);
        continue;
      }
      let j = -1;
      while (j + 1 < m && c.time[j + 1] <= t) j++;
      out.push(row(j, t));
    }
    return out;
  };
  const curveRows = groups.levels.map((group, g) => ({ group, rows: rowsOf(g) }));
  if (ended.length > 0) warnings.push({ code: 'times-beyond-group-follow-up', message: `No row at ${ended.join(', ')}: the group's follow-up ends before (as R's summary(fit, times, extend = FALSE)).` });
  if (trimmed.trimmed > 0) {
    warnings.push({ code: 'weights-trimmed', message: `${trimmed.trimmed} weights were trimmed to the ${options.trim} percentile limits (${trimmed.lowerLimit?.toPrecision(3)}, ${trimmed.upperLimit?.toPrecision(3)}).` });
  }
  if (input.excluded > 0) {
    warnings.push({ code: 'rows-excluded', message: `${input.excluded} rows were left out because the time, the event, the group or a covariate was missing.` });
  }
  // Each group after the first against the first, over the rows of the two.
  const balance = caseMix.columnNames.flatMap((term, c) =>
    standardisedDifferencesByGroup(caseMix.columns[c], groups.codes, k, weights).map((smd, index) => ({
      term,
      group: groups.levels[index + 1],
      before: finiteOrNull(smd.before ?? NaN),
      after: finiteOrNull(smd.after ?? NaN),
    })),
  );
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const w of weights) {
    if (w < min) min = w;
    if (w > max) max = w;
    sum += w;
  }
  return {
    method: options.method,
    n,
    events: groupEvents.reduce((a, b) => a + b, 0),
    curves: curveRows,
    groups: groups.levels.map((group, g) => ({ group, participants: participants[g], events: groupEvents[g] })),
    model: null,
    propensityModel,
    weights: { trim: options.trim, lowerLimit: trimmed.lowerLimit, upperLimit: trimmed.upperLimit, trimmed: trimmed.trimmed, min, max, sum },
    balance,
    ties: options.ties,
    confLevel: options.confLevel,
    excluded: input.excluded,
    warnings,
  };
}
