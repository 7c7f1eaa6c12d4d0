/**
 * Competing risks: cumulative incidence of each cause (relapse, death, ...) per group, as R's
 * cmprsk::cuminc, with cmprsk::timepoints at chosen times and Gray's test per cause across groups.
 *
 * The event column codes censoring with `censorValue` (default '0') and each other value is a cause
 * (1 = relapse, 2 = death, ...); cause labels are the event values as text, numerically ordered for
 * a numeric column. Rows missing time, event or group are dropped and counted (`excluded`).
 *
 * Default times: the quartiles (R quantile type 7) of the analysed follow-up times, so a table is
 * always given without the user having to know the time scale.
 *
 * Gray's test runs by default ('auto') for up to GRAY_AUTO_LIMIT groups, as the log-rank's pairwise
 * comparisons do: above that a warning (gray-not-run) says why and `--gray-test yes` runs it. With
 * many small groups the (k-1)-df chi-square rests on few events per group, and its cost grows with
 * rows x groups x groups at risk.
 *
 * Confidence limits (an extra; cmprsk gives variances only): pointwise, on the log(-log) scale
 * recommended by Pintilie (2006, Competing Risks: A Practical Perspective) and used by tidycmprsk:
 * F^exp(±z·sqrt(var) / (F·log F)); null where F is 0 or 1.
 */
import { z } from 'zod';
import { type Column, isMissing, isNumericColumn, cellText } from '../data/frame';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { compareText, groupCodes, groupOrderSchema, groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs, requireColumn } from './outcome';
import { participantIdSchema, participantIdSpec, refuseRepeatedIds } from './participant-id';
import { cumulativeIncidence, incidenceAtTimes, orderByTime } from '../stats/cumulative-incidence';
import { grayTest } from '../stats/gray-test';
import { normalQuantile } from '../stats/distributions';

const GRAY_TEST_CHOICES = ['auto', 'yes', 'no'] as const;
/** With 'auto', Gray's test runs for at most this many groups (as the log-rank's pairwise comparisons). */
export const GRAY_AUTO_LIMIT = 20;

const timeSpec = outcomeOptionSpecs.find((o) => o.name === 'time')!;
const eventSpec = outcomeOptionSpecs.find((o) => o.name === 'event')!;

const options: OptionSpec[] = [
  timeSpec,
  { ...eventSpec, label: 'Event type', help: 'Column coding how follow-up ended: the censoring value, or the cause (e.g. 1 = relapse, 2 = death).' },
  { kind: 'text', name: 'censorValue', flag: 'censor-value', label: 'Value meaning censored', help: 'Event value that marks a censored follow-up; every other value is a cause.', default: '0' },
  { kind: 'column', name: 'group', flag: 'group', label: 'Group', help: 'Compare the cumulative incidence across the levels of this column (Gray\'s test).', accepts: 'any' },
  groupOrderSpec,
  { kind: 'enum', name: 'grayTest', flag: 'gray-test', label: "Gray's test", help: `Test whether the cumulative incidence differs across the groups: auto runs it for up to ${GRAY_AUTO_LIMIT} groups (above that most groups have few events for a test on groups - 1 degrees of freedom, and it takes long on many rows); yes runs it for any number of groups; no skips it.`, choices: GRAY_TEST_CHOICES, default: 'auto' },
  participantIdSpec,
  { kind: 'numbers', name: 'times', flag: 'times', label: 'Times', help: 'Times at which to report the cumulative incidence. Default: the quartiles of the follow-up times.' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Level of the pointwise confidence limits (log(-log) scale).', default: 0.95, min: 0, max: 1 },
];

const optionsSchema = z.object({
  time: z.string().min(1),
  event: z.string().min(1),
  censorValue: z.string().default('0'),
  group: z.string().min(1).optional(),
  levels: groupOrderSchema,
  grayTest: z.enum(GRAY_TEST_CHOICES).default('auto'),
  times: z.array(z.number()).optional(),
  confLevel: z.number().gt(0).lt(1).default(0.95),
  id: participantIdSchema,
});
export type CumincOptions = z.infer<typeof optionsSchema>;

const nullableNumber = z.number().nullable();
const resultSchema = z.object({
  curves: z.array(
    z.object({
      group: z.string(),
      cause: z.string(),
      n: z.number(),
      events: z.number(),
      atTimes: z.array(z.object({ time: z.number(), estimate: nullableNumber, variance: nullableNumber, lower: nullableNumber, upper: nullableNumber })),
      /** Step corners for plotting, as cmprsk's $time/$est/$var. */
      steps: z.object({ time: z.array(z.number()), estimate: z.array(z.number()), variance: z.array(z.number()) }),
    }),
  ),
  grayTest: z.array(z.object({ cause: z.string(), statistic: nullableNumber, df: z.number(), p: nullableNumber })),
  n: z.number(),
  excluded: z.number(),
  groups: z.array(z.string()),
  causes: z.array(z.string()),
  times: z.array(z.number()),
  confLevel: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type CumincResult = z.infer<typeof resultSchema>;

export const cumincAnalysis = defineAnalysis<CumincOptions, CumincResult>({
  id: 'cuminc',
  title: 'Cumulative incidence (competing risks)',
  summary: 'How likely is relapse by a given time when death or other events can end follow-up first, and does it differ between groups?',
  options,
  optionsSchema,
  resultSchema,
  run(frame, opts) {
    refuseRepeatedIds(frame, opts.id, 'the cumulative incidence analysis');
    const timeColumn = requireColumn(frame, opts.time, 'time');
    const eventColumn = requireColumn(frame, opts.event, 'event');
    const groupColumn = opts.group ? requireColumn(frame, opts.group, 'group') : undefined;
    if (!isNumericColumn(timeColumn) || timeColumn.type === 'boolean') {
      throw new AnalysisError(`time column "${opts.time}" is ${timeColumn.type}, not numeric`);
    }
    const warnings: AnalysisWarning[] = [];

    // Listwise deletion over time, event and group.
    const nRows = frame.nRows;
    const keep = new Int32Array(nRows);
    let kept = 0;
    for (let i = 0; i < nRows; i++) {
      const t = timeColumn.values[i];
      if (Number.isNaN(t) || isMissing(eventColumn, i) || (groupColumn && isMissing(groupColumn, i))) continue;
      if (t < 0) throw new AnalysisError(`time column "${opts.time}", data row ${i + 1}: negative time ${t}`);
      keep[kept++] = i;
    }
    const rows = keep.slice(0, kept);
    const excluded = nRows - kept;
    if (kept === 0) throw new AnalysisError(`no rows have both "${opts.time}" and "${opts.event}"${groupColumn ? ` and "${opts.group}"` : ''}`);
    if (excluded > 0) warnings.push({ code: 'rows-excluded', message: `${excluded} row(s) with a missing time, event${groupColumn ? ' or group' : ''} were left out` });

    const time = Float64Array.from(rows, (r) => timeColumn.values[r]);
    const { cause, causes } = causeCodes(eventColumn, rows, opts.censorValue);
    if (opts.levels && !groupColumn) throw new AnalysisError('levels: a group order needs a group column (--group)');
    const grouping = groupColumn ? groupCodes(groupColumn, rows, opts.levels) : { codes: new Int32Array(kept), levels: ['all'] };
    const nGroups = grouping.levels.length;

    const order = orderByTime(time);
    const times = opts.times && opts.times.length > 0 ? Array.from(new Set(opts.times)).sort((a, b) => a - b) : quartiles(time, order);
    const z = normalQuantile(1 - (1 - opts.confLevel) / 2);

    if (causes.length === 0) {
      warnings.push({ code: 'no-events', message: `every row is censored ("${opts.event}" = ${opts.censorValue}): there is no cumulative incidence to estimate` });
    }
    const curves = causes.length === 0 ? [] : cumulativeIncidence(time, cause, causes.length, { group: grouping.codes, nGroups, order });
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
        const test = grayTest(time, cause, grouping.codes, nGroups, k + 1, { order });
        if (test.statistic === null) {
          warnings.push({ code: 'gray-singular', message: `Gray's test for cause ${label}: the score variance is singular (too few events or rows at risk), no statistic` });
        }
        grayResults.push({ cause: label, statistic: test.statistic, df: test.df, p: test.p });
      });
    }
    const lastTime = time[order[kept - 1]];
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
  },
});

/**
 * Cause codes 1..K per row (0 = censored) and the cause labels. A numeric event column compares
 * with the censoring value numerically and orders causes numerically; a text column compares and
 * orders the text alphabetically (compareText, as group levels: R's sort() of the causes).
 */
function causeCodes(column: Column, rows: Int32Array, censorValue: string): { cause: Int32Array; causes: string[] } {
  const cause = new Int32Array(rows.length);
  const censorText = censorValue.trim();
  if (isNumericColumn(column) && column.type !== 'date') {
    const censorNumber = censorText === '' ? NaN : Number(censorText);
    const isCensored = (i: number) => {
      const v = column.values[rows[i]];
      return Number.isNaN(censorNumber) ? cellText(column, rows[i]) === censorText : v === censorNumber;
    };
    const distinct = new Set<number>();
    for (let i = 0; i < rows.length; i++) if (!isCensored(i)) distinct.add(column.values[rows[i]]);
    const values = Array.from(distinct).sort((a, b) => a - b);
    const index = new Map(values.map((v, k) => [v, k + 1]));
    for (let i = 0; i < rows.length; i++) cause[i] = isCensored(i) ? 0 : index.get(column.values[rows[i]])!;
    const sample = { ...column, values: new Float64Array(1) };
    return {
      cause,
      causes: values.map((v) => {
        sample.values[0] = v;
        return cellText(sample, 0);
      }),
    };
  }
  const text = (i: number) => cellText(column, rows[i]);
  const distinct = new Set<string>();
  for (let i = 0; i < rows.length; i++) if (text(i) !== censorText) distinct.add(text(i));
  const labels = Array.from(distinct).sort(compareText);
  const index = new Map(labels.map((v, k) => [v, k + 1]));
  for (let i = 0; i < rows.length; i++) cause[i] = index.get(text(i)) ?? 0;
  return { cause, causes: labels };
}

/** Quartiles of the times by R's default quantile rule (type 7), from the sorted order. */
function quartiles(time: Float64Array, order: Uint32Array): number[] {
  const n = order.length;
  return [0.25, 0.5, 0.75].map((p) => {
    const h = (n - 1) * p;
    const below = Math.floor(h);
    const lo = time[order[below]];
    const hi = time[order[Math.min(below + 1, n - 1)]];
    return lo + (h - below) * (hi - lo);
  });
}

/** Pointwise log(-log) limits F^exp(∓z·se/(F·log F)); null where F is 0, 1 or missing. */
function logLogLimits(estimate: number | null, variance: number | null, z: number): [number | null, number | null] {
  if (estimate === null || variance === null || !(estimate > 0 && estimate < 1)) return [null, null];
  const scale = (z * Math.sqrt(variance)) / (estimate * Math.log(estimate));
  return [estimate ** Math.exp(-scale), estimate ** Math.exp(scale)];
}
