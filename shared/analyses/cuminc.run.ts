/**
 * The computation of `analyze cuminc` (its declaration, options and methods are in cuminc.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import { type Column, type DataFrame, isNumericColumn, cellText } from '../data/frame';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { compareText, groupCodes } from './group-levels';
import { requireColumn } from './outcome';
import { refuseRepeatedIds } from './participant-id';
import { cumulativeIncidence, incidenceAtTimes } from '../stats/cumulative-incidence';
import { orderByTime, timeOrderedRows } from '../stats/time-ordered-rows';
import { ScratchArrays } from '../stats/scratch-arrays';
import { grayTest } from '../stats/gray-test';
import { normalQuantile } from '../stats/distributions';
import { GRAY_AUTO_LIMIT, type CumincOptions, type CumincResult } from './cuminc';

/**
 * The run's large temporaries (a few arrays of a number per row: the kept rows, their times and causes, the
 * sort order, the rows in time order), lent for each run and reused by the next (scratch-arrays.ts): at
 * 1,000,000 rows they are about 50 MB, which, allocated anew, cost a full garbage collection of the worker's
 * heap nearly every run. None of them is part of the result.
 */
const scratch = new ScratchArrays();

export function runCuminc(frame: DataFrame, opts: CumincOptions): CumincResult {
  refuseRepeatedIds(frame, opts.id, 'the cumulative incidence analysis');
  const timeColumn = requireColumn(frame, opts.time, 'time');
  const eventColumn = requireColumn(frame, opts.event, 'event');
  const groupColumn = opts.group ? requireColumn(frame, opts.group, 'group') : undefined;
  if (!isNumericColumn(timeColumn) || timeColumn.type === 'boolean') {
    throw new AnalysisError(`time column "${opts.time}" is ${timeColumn.type}, not numeric`);
  }
  const warnings: AnalysisWarning[] = [];

  // Listwise deletion over time, event and group, the kept rows' times gathered in the same pass. Plain loops over
  // the columns' arrays, no call per row: an analysis at 1,000,000 rows is often among the first few the worker
  // runs, before the engine's functions are compiled, when a call per row costs most.
  const nRows = frame.nRows;
  const timeValues = timeColumn.values;
  const eventValues = isNumericColumn(eventColumn) ? eventColumn.values : null;
  const eventLevels = isNumericColumn(eventColumn) ? null : eventColumn.codes;
  const groupValues = groupColumn && isNumericColumn(groupColumn) ? groupColumn.values : null;
  const groupLevels = groupColumn && !isNumericColumn(groupColumn) ? groupColumn.codes : null;
  const keep = scratch.int32.take(nRows);
  const keptTime = scratch.float64.take(nRows);
  let kept = 0;
  for (let i = 0; i < nRows; i++) {
    const t = timeValues[i];
    if (t !== t) continue; // NaN: missing
    if (eventValues ? eventValues[i] !== eventValues[i] : eventLevels![i] < 0) continue;
    if (groupValues ? groupValues[i] !== groupValues[i] : groupLevels !== null && groupLevels[i] < 0) continue;
    if (t < 0) throw new AnalysisError(`time column "${opts.time}", data row ${i + 1}: negative time ${t}`);
    keep[kept] = i;
    keptTime[kept++] = t;
  }
  const rows = keep.subarray(0, kept);
  const time = keptTime.subarray(0, kept);
  const excluded = nRows - kept;
  if (kept === 0) throw new AnalysisError(`no rows have both "${opts.time}" and "${opts.event}"${groupColumn ? ` and "${opts.group}"` : ''}`);
  if (excluded > 0) warnings.push({ code: 'rows-excluded', message: `${excluded} row(s) with a missing time, event${groupColumn ? ' or group' : ''} were left out` });

  const { cause, causes } = causeCodes(eventColumn, rows, opts.censorValue, scratch.int32.take(kept));
  if (opts.levels && !groupColumn) throw new AnalysisError('levels: a group order needs a group column (--group)');
  const grouping = groupColumn ? groupCodes(groupColumn, rows, opts.levels) : { codes: new Int32Array(kept), levels: ['all'] };
  const nGroups = grouping.levels.length;

  // The rows in time order, gathered once: the estimate and each cause's Gray's test read them in sequence.
  const order = orderByTime(time, scratch);
  const rowsInTime = timeOrderedRows(time, cause, grouping.codes, order, scratch);
  scratch.uint32.give(order);
  const times = opts.times && opts.times.length > 0 ? Array.from(new Set(opts.times)).sort((a, b) => a - b) : quartiles(rowsInTime.time);
  const z = normalQuantile(1 - (1 - opts.confLevel) / 2);

  if (causes.length === 0) {
    warnings.push({ code: 'no-events', message: `every row is censored ("${opts.event}" = ${opts.censorValue}): there is no cumulative incidence to estimate` });
  }
  const curves = causes.length === 0 ? [] : cumulativeIncidence(rowsInTime.time, rowsInTime.cause, causes.length, { group: rowsInTime.group, nGroups, sorted: true });
  const curveResults = curves.map((curve) => {
    const at = incidenceAtTimes(curve, times);
    return {
      group: grouping.levels[curve.group],
      cause: causes[curve.cause - 1],
      n: curve.n,
      events: curve.events,
      atTimes: times.map((t, q) => {
        const estimate = at.estimate[q];
        const variance = at.variance[q];
        const [lower, upper] = logLogLimits(estimate, variance, z);
        return { time: t, estimate, variance, lower, upper };
      }),
      steps: { time: Array.from(curve.time), estimate: Array.from(curve.estimate), variance: Array.from(curve.variance) },
    };
  });

  const grayResults: CumincResult['grayTest'] = [];
  if (groupColumn && nGroups < 2) {
    warnings.push({ code: 'one-group', message: `group column "${opts.group}" has a single level among the analysed rows: no Gray's test` });
  } else if (groupColumn && opts.grayTest === 'auto' && nGroups > GRAY_AUTO_LIMIT) {
    warnings.push({
      code: 'gray-not-run',
      message: `Gray's test was not run: column "${opts.group}" has ${nGroups} groups, more than the ${GRAY_AUTO_LIMIT} for which it runs by default. Set "Gray's test" to yes (--gray-test yes) to run it.`,
    });
  } else if (groupColumn && opts.grayTest !== 'no') {
    causes.forEach((label, k) => {
      const test = grayTest(rowsInTime.time, rowsInTime.cause, rowsInTime.group, nGroups, k + 1, { sorted: true });
      if (test.statistic === null) {
        warnings.push({ code: 'gray-singular', message: `Gray's test for cause ${label}: the score variance is singular (too few events or rows at risk), no statistic` });
      }
      grayResults.push({ cause: label, statistic: test.statistic, df: test.df, p: test.p });
    });
  }
  const lastTime = rowsInTime.time[kept - 1];
  scratch.int32.give(keep);
  scratch.float64.give(keptTime);
  scratch.int32.give(cause);
  scratch.float64.give(rowsInTime.time);
  scratch.int32.give(rowsInTime.cause);
  scratch.int32.give(rowsInTime.group);
  if (times.some((t) => t > lastTime)) {
    warnings.push({ code: 'times-beyond-follow-up', message: 'some requested times lie beyond the last follow-up time of a group: their estimates are null' });
  }

  return {
    curves: curveResults,
    grayTest: grayResults,
    n: kept,
    excluded,
    groups: grouping.levels,
    causes,
    times,
    confLevel: opts.confLevel,
    warnings,
  };
}

/**
 * Cause codes 1..K per row (0 = censored) and the cause labels. A numeric event column compares
 * with the censoring value numerically and orders causes numerically; a text column compares and
 * orders the text alphabetically (compareText, as group levels: R's sort() of the causes); a date
 * column compares its dates' text. The few distinct causes are found first, then each row is coded
 * by a plain loop (no call per row). `cause` (one element per row, any contents) receives the codes.
 */
function causeCodes(column: Column, rows: Int32Array, censorValue: string, cause: Int32Array): { cause: Int32Array; causes: string[] } {
  const n = rows.length;
  const censorText = censorValue.trim();
  if (isNumericColumn(column) && column.type !== 'date') {
    const values = column.values;
    const censorNumber = censorText === '' ? NaN : Number(censorText);
    // Censored rows (code 0): equal to the censoring value, or, when that is no number, whose text is the censoring text.
    const byText = Number.isNaN(censorNumber);
    for (let i = 0; i < n; i++) cause[i] = (byText ? cellText(column, rows[i]) === censorText : values[rows[i]] === censorNumber) ? 0 : 1;
    const distinct = distinctCauseValues(values, rows, cause);
    // Codes 1..K in increasing order of the value; === treats -0 as 0, as the Set did.
    for (let i = 0; i < n; i++) {
      if (cause[i] === 0) continue;
      const v = values[rows[i]];
      let lo = 0;
      let hi = distinct.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (distinct[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      cause[i] = lo + 1;
    }
    const sample = { ...column, values: new Float64Array(1) };
    return {
      cause,
      causes: Array.from(distinct, (v) => {
        sample.values[0] = v;
        return cellText(sample, 0);
      }),
    };
  }
  if (isNumericColumn(column)) {
    // Dates: compared and ordered as their text.
    const distinct = new Set<string>();
    for (let i = 0; i < n; i++) {
      const text = cellText(column, rows[i]);
      if (text !== censorText) distinct.add(text);
    }
    const labels = Array.from(distinct).sort(compareText);
    const index = new Map(labels.map((v, k) => [v, k + 1]));
    for (let i = 0; i < n; i++) cause[i] = index.get(cellText(column, rows[i])) ?? 0;
    return { cause, causes: labels };
  }
  // Text: each level's cause code once, then each row's from its level.
  const codes = column.codes;
  const present = new Uint8Array(column.levels.length);
  for (let i = 0; i < n; i++) {
    const level = codes[rows[i]];
    if (level >= 0) present[level] = 1;
  }
  const distinct = new Set<string>();
  column.levels.forEach((label, level) => {
    if (present[level] && label !== censorText) distinct.add(label);
  });
  const labels = Array.from(distinct).sort(compareText);
  const index = new Map(labels.map((v, k) => [v, k + 1]));
  const levelCause = Int32Array.from(column.levels, (label) => index.get(label) ?? 0);
  for (let i = 0; i < n; i++) {
    const level = codes[rows[i]];
    cause[i] = level >= 0 ? levelCause[level] : 0;
  }
  return { cause, causes: labels };
}

/**
 * The distinct values of the uncensored rows (`uncensored` not 0), in increasing order. A short list is
 * searched while there are few (an event column holds a handful of causes), a Set once there are many.
 */
function distinctCauseValues(values: Float64Array, rows: Int32Array, uncensored: Int32Array): Float64Array {
  const few: number[] = [];
  let many: Set<number> | null = null;
  for (let i = 0; i < rows.length; i++) {
    if (uncensored[i] === 0) continue;
    const v = values[rows[i]];
    if (many) {
      many.add(v);
      continue;
    }
    let j = 0;
    while (j < few.length && few[j] !== v) j++;
    if (j === few.length) {
      few.push(v);
      if (few.length > 16) many = new Set(few);
    }
  }
  // Set semantics: -0 and 0 are one value, kept as 0.
  return Float64Array.from(many ?? few, (v) => v + 0).sort();
}

/** Quartiles of the times by R's default quantile rule (type 7), from the times in increasing order. */
function quartiles(sortedTime: Float64Array): number[] {
  const n = sortedTime.length;
  return [0.25, 0.5, 0.75].map((p) => {
    const h = (n - 1) * p;
    const below = Math.floor(h);
    const lo = sortedTime[below];
    const hi = sortedTime[Math.min(below + 1, n - 1)];
    return lo + (h - below) * (hi - lo);
  });
}

/** Pointwise log(-log) limits F^exp(∓z·se/(F·log F)); null where F is 0, 1 or missing. */
function logLogLimits(estimate: number | null, variance: number | null, z: number): [number | null, number | null] {
  if (estimate === null || variance === null || !(estimate > 0 && estimate < 1)) return [null, null];
  const scale = (z * Math.sqrt(variance)) / (estimate * Math.log(estimate));
  return [estimate ** Math.exp(-scale), estimate ** Math.exp(scale)];
}
