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
import { defineAnalysis, type OptionSpec } from './declaration';
import { groupOrderSpec } from './group-levels';
import { eventSpec, timeSpec } from './outcome';
import { participantIdSpec } from './participant-id';
import type { OptionsOf } from './options-schema';

const GRAY_TEST_CHOICES = ['auto', 'yes', 'no'] as const;
/** With 'auto', Gray's test runs for at most this many groups (as the log-rank's pairwise comparisons). */
export const GRAY_AUTO_LIMIT = 20;

const options = [
  timeSpec,
  { ...eventSpec, label: 'Event type', help: 'Column coding how follow-up ended: the censoring value, or the cause (e.g. 1 = relapse, 2 = death).' },
  { kind: 'text', name: 'censorValue', flag: 'censor-value', label: 'Value meaning censored', help: 'Event value that marks a censored follow-up; every other value is a cause.', default: '0' },
  { kind: 'column', name: 'group', flag: 'group', label: 'Group', help: 'Compare the cumulative incidence across the levels of this column (Gray\'s test).', accepts: 'any' },
  groupOrderSpec,
  { kind: 'enum', name: 'grayTest', flag: 'gray-test', label: "Gray's test", help: `Test whether the cumulative incidence differs across the groups: auto runs it for up to ${GRAY_AUTO_LIMIT} groups (above that most groups have few events for a test on groups - 1 degrees of freedom, and it takes long on many rows); yes runs it for any number of groups; no skips it.`, choices: GRAY_TEST_CHOICES, default: 'auto' },
  participantIdSpec,
  { kind: 'numbers', name: 'times', flag: 'times', label: 'Times', help: 'Times at which to report the cumulative incidence. Default: the quartiles of the follow-up times.' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Level of the pointwise confidence limits (log(-log) scale).', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
] as const satisfies readonly OptionSpec[];
export type CumincOptions = OptionsOf<typeof options>;


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

export const cumincAnalysis = defineAnalysis({
  id: 'cuminc',
  title: 'Cumulative incidence (competing risks)',
  summary: 'How likely is relapse by a given time when death or other events can end follow-up first, and does it differ between groups?',
  options,
  resultSchema,
});
