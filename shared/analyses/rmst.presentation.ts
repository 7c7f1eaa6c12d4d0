/**
 * How `analyze rmst` is shown (presentation.ts): the restricted mean per group, the difference and the ratio
 * for every pair with their confidence intervals and p-values, the sentences of shared/report/sentences.ts
 * (rmstSentence, rmstDifferenceSentence), the methods paragraph and its report section (one comparison per group
 * column the report compares). Attached to the declaration in rmst.ts.
 */
import type { AnalysisPresentation } from './presentation';
import { rmstDifferenceSentence, rmstSentence, type Sentence } from '../report/sentences';
import type { RmstOptions, RmstResult } from './rmst';

/** A group as the sentences name it: "clinic 2" (the grouping column, then the level). */
const groupWords = (options: RmstOptions, level: string) => `${options.group} ${level}`;

export const rmstPresentation: AnalysisPresentation<RmstOptions, RmstResult> = {
  tables: [
    {
      id: 'rmst-groups',
      title: 'Restricted mean time free of relapse by group',
      rowsOf: (result) => result.groups.map((g) => ({ ...g, tau: result.tau })),
      columns: [
        { label: 'Group', field: 'group', format: { kind: 'text' } },
        { label: 'Participants', field: 'n', format: { kind: 'count' } },
        { label: 'Relapses', field: 'events', format: { kind: 'count' } },
        { label: 'Up to', field: 'tau', format: { kind: 'time' } },
        { label: 'Restricted mean', field: 'rmst', format: { kind: 'number', digits: 1 } },
        { label: 'SE', field: 'stdErr', format: { kind: 'number', digits: 2 } },
        { label: '{level} CI', format: { kind: 'ci', lower: 'lower', upper: 'upper', digits: 1 } },
      ],
    },
    {
      id: 'rmst-comparisons',
      title: 'Difference and ratio of the restricted means, for each pair of groups',
      rows: 'comparisons',
      columns: [
        { label: 'Group', field: 'a', format: { kind: 'text' } },
        { label: 'Compared with', field: 'b', format: { kind: 'text' } },
        { label: 'Difference', field: 'difference', format: { kind: 'number', digits: 1 } },
        { label: 'Difference {level} CI', format: { kind: 'ci', lower: 'differenceLower', upper: 'differenceUpper', digits: 1 } },
        { label: 'p (difference)', field: 'p', format: { kind: 'p' } },
        { label: 'Ratio', field: 'ratio', format: { kind: 'ratio' } },
        { label: 'Ratio {level} CI', format: { kind: 'ci', lower: 'ratioLower', upper: 'ratioUpper', digits: 3 } },
        { label: 'p (ratio)', field: 'ratioP', format: { kind: 'p' } },
      ],
      note: 'Each pair is the later group against the earlier one; the p-values are per pair, not adjusted for multiple comparisons.',
    },
  ],
  sentences(result, options, context) {
    const unit = context.unit ?? 'days';
    return [
      ...result.groups.map((g) => rmstSentence(groupWords(options, g.group), result.tau, g.rmst, unit)),
      ...result.comparisons.map((c) =>
        rmstDifferenceSentence(groupWords(options, c.a), groupWords(options, c.b), result.tau, c.difference, c.differenceLower, c.differenceUpper, result.confLevel, unit),
      ),
    ];
  },
  // In the report: one comparison per group column the report compares, at survRM2's default horizon (the
  // shortest last follow-up among groups ending without a relapse) unless the report's settings set one (--tau).
  report: {
    label: 'Restricted mean time free of relapse: differences between groups',
    plan: (context) => context.groups.map((group) => ({ group, options: { ...context.outcome, group, confLevel: context.confLevel, ...(context.tau !== undefined ? { tau: context.tau } : {}) } })),
    leftOut: 'This section compares groups, and the report has no group column to compare; the restricted mean time free of relapse of the whole cohort is in the cohort overview.',
  },
  methods(options) {
    const horizon: Sentence =
      options.tau === undefined
        ? ['the default horizon of R survRM2 (the shortest last follow-up among the groups whose follow-up ends without a relapse)']
        : ['a horizon of ', { kind: 'number', value: options.tau, digits: Number.isInteger(options.tau) ? 0 : 2 }];
    return [
      `The restricted mean time free of relapse (the area under the Kaplan–Meier curve) was estimated for each group of ${options.group} up to `,
      ...horizon,
      ', and compared between every pair of groups by its difference and its ratio, with confidence intervals and p-values from the standard errors of the means, as R survRM2\u2019s rmst2; the p-values are not adjusted for multiple comparisons.',
    ];
  },
};
