/**
 * `analyze survival-difference`: the proportion of each group still free of relapse at one follow-up time, and
 * the difference between every pair of groups with its confidence interval and p (shared/stats/survival-
 * difference.ts: Kaplan–Meier with Greenwood SEs, as R's summary(survfit(Surv(time, status) ~ group), times = t)).
 * The question a funder asks in one line: "at one year, how many more participants of site A than of site B
 * were still free of relapse?". Declared once here, table, sentences and methods included; run in
 * survival-difference.run.ts; nothing else names it.
 */
import { z } from 'zod';
import { defineAnalysis, type OptionSpec } from './declaration';
import { groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs } from './outcome';
import { participantIdSpec } from './participant-id';
import type { OptionsOf } from './options-schema';
import type { Sentence } from '../report/sentences';

const survivalDifferenceOptionSpecs = [
  ...outcomeOptionSpecs,
  { kind: 'column', name: 'group', flag: 'group', label: 'Compare groups', help: 'Column whose values define the groups compared (e.g. site, programme arm or cohort).', accepts: 'any', required: true },
  groupOrderSpec,
  { kind: 'number', name: 'at', flag: 'at', label: 'At follow-up time', help: 'The follow-up time (days) at which the groups are compared, e.g. 365 for one year.', required: true, min: 0, exclusiveMin: true },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the confidence intervals, between 0 and 1 (default 0.95).', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
  participantIdSpec,
] as const satisfies readonly OptionSpec[];
export type SurvivalDifferenceOptions = OptionsOf<typeof survivalDifferenceOptionSpecs>;

const nullableNumber = z.number().nullable();

export const survivalDifferenceResultSchema = z.object({
  at: z.number(),
  confLevel: z.number(),
  /** Each group at `at`: still free of relapse (KM), its Greenwood SE and the number still followed; null after the group's last follow-up. */
  groups: z.array(z.object({ group: z.string(), n: z.number(), events: z.number(), atRisk: nullableNumber, survival: nullableNumber, stdErr: nullableNumber })),
  /** Every pair, the later group a against the earlier b: survival of a minus survival of b. */
  comparisons: z.array(z.object({ a: z.string(), b: z.string(), difference: nullableNumber, stdErr: nullableNumber, lower: nullableNumber, upper: nullableNumber, p: nullableNumber })),
  /** Rows dropped because the time, the event or the group was missing. */
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type SurvivalDifferenceResult = z.infer<typeof survivalDifferenceResultSchema>;

const percent = (value: number | null) => ({ kind: 'percent' as const, value, digits: 1 });
const points = (value: number | null) => ({ kind: 'number' as const, value: value === null ? null : value * 100, digits: 1 });

function differenceSentence(options: SurvivalDifferenceOptions, result: SurvivalDifferenceResult, c: SurvivalDifferenceResult['comparisons'][number]): Sentence {
  const a = `${options.group} ${c.a}`;
  const b = `${options.group} ${c.b}`;
  const at = { kind: 'number' as const, value: result.at, digits: Number.isInteger(result.at) ? 0 : 1 };
  if (c.difference === null) return [`The proportions of ${a} and ${b} still free of relapse at `, at, ' could not be compared (a group was no longer followed then).'];
  const level = { kind: 'percent' as const, value: result.confLevel, digits: 0 };
  const range: Sentence = ['difference ', points(c.difference), ' percentage points, ', level, ' CI ', points(c.lower), ' to ', points(c.upper)];
  const clear = c.lower !== null && c.upper !== null && (c.lower > 0 || c.upper < 0);
  if (!clear) return [`These data do not show whether more participants of ${a} than of ${b} were still free of relapse at `, at, ' (', ...range, ', an interval that includes 0).'];
  return ['At ', at, `, the proportion still free of relapse was `, points(Math.abs(c.difference)), ` percentage points ${c.difference > 0 ? 'higher' : 'lower'} in ${a} than in ${b} (`, ...range, ').'];
}

export const survivalDifferenceAnalysis = defineAnalysis({
  id: 'survival-difference',
  title: 'Free of relapse at a chosen time',
  summary:
    "The proportion of each group still free of relapse at one follow-up time (Kaplan–Meier), and the difference between every pair of groups in percentage points, with confidence intervals and p-values (R's summary(survfit(…), times = t) with Greenwood standard errors).",
  options: survivalDifferenceOptionSpecs,
  resultSchema: survivalDifferenceResultSchema,
  presentation: {
    tables: [
      {
        id: 'survival-at',
        title: 'Still free of relapse at the chosen time, by group',
        rowsOf: (result) => result.groups.map((g) => ({ ...g, at: result.at })),
        columns: [
          { label: 'Group', field: 'group', format: { kind: 'text' } },
          { label: 'Participants', field: 'n', format: { kind: 'count' } },
          { label: 'Relapses', field: 'events', format: { kind: 'count' } },
          { label: 'At', field: 'at', format: { kind: 'time' } },
          { label: 'Still followed', field: 'atRisk', format: { kind: 'count' } },
          { label: 'Free of relapse (proportion)', field: 'survival', format: { kind: 'number', digits: 3 } },
          { label: 'SE', field: 'stdErr', format: { kind: 'number', digits: 3 } },
        ],
      },
      {
        id: 'survival-differences',
        title: 'Difference in the proportion free of relapse, for each pair of groups',
        rows: 'comparisons',
        columns: [
          { label: 'Group', field: 'a', format: { kind: 'text' } },
          { label: 'Compared with', field: 'b', format: { kind: 'text' } },
          { label: 'Difference (proportion)', field: 'difference', format: { kind: 'number', digits: 3 } },
          { label: '{level} CI', format: { kind: 'ci', lower: 'lower', upper: 'upper', digits: 3 } },
          { label: 'p', field: 'p', format: { kind: 'p' } },
        ],
        note: 'Each pair is the later group against the earlier one; the p-values are per pair, not adjusted for multiple comparisons.',
      },
    ],
    sentences: (result, options) => [
      ...result.groups.filter((g) => g.survival !== null).map((g): Sentence => [`At `, { kind: 'number', value: result.at, digits: Number.isInteger(result.at) ? 0 : 1 }, `, `, percent(g.survival), ` of the participants in ${options.group} ${g.group} were still free of relapse.`]),
      ...result.comparisons.map((c) => differenceSentence(options, result, c)),
    ],
    // In the report: each group column the report compares, at the last of the report's times (one year when the
    // follow-up is in days, weeks or months).
    report: {
      label: 'Free of relapse at the last report time: differences between groups',
      plan: (context) => {
        const at = context.times[context.times.length - 1];
        return at === undefined ? [] : context.groups.map((group) => ({ group, options: { ...context.outcome, group, at, confLevel: context.confLevel } }));
      },
      leftOut: 'The report compares no group column, so there is no difference between groups to give.',
    },
    methods: (options) => [
      `The proportion still free of relapse at follow-up time ${options.at} was estimated in each group of "${options.group}" by the Kaplan–Meier method with Greenwood standard errors (R survival's summary(survfit(…), times = ${options.at})). Groups were compared by the difference of these proportions, with the standard error the square root of the sum of the two squared standard errors, a normal-theory ${Math.round(options.confLevel * 100)}% confidence interval and a two-sided z-test (Klein et al., Statistics in Medicine 2007), not adjusted for multiple comparisons.`,
    ],
  },
});
