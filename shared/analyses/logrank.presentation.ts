/**
 * How `analyze logrank` is shown through its declaration (presentation.ts): observed and expected relapses
 * per group, the test, the test for trend and the pairwise comparisons, the sentence of
 * shared/report/sentences.ts (logrankSentence) and the methods paragraph. The app's Survival step keeps its
 * specialised view (curves beside the test); the CLI's text output and the report read this one.
 */
import type { AnalysisPresentation } from './presentation';
import { logrankSentence } from '../report/sentences';
import type { LogrankOptions, LogrankResult } from './logrank';

export const logrankPresentation: AnalysisPresentation<LogrankOptions, LogrankResult> = {
  tables: [
    {
      id: 'logrank-groups',
      title: 'Observed and expected relapses by group',
      rows: 'groups',
      columns: [
        { label: 'Group', field: 'group', format: { kind: 'text' } },
        { label: 'Participants', field: 'n', format: { kind: 'count' } },
        { label: 'Observed relapses', field: 'observed', format: { kind: 'count' } },
        { label: 'Expected relapses', field: 'expected', format: { kind: 'number', digits: 2 } },
      ],
    },
    {
      id: 'logrank-test',
      title: 'Test of equal relapse-free survival across the groups',
      rowsOf: (result) => [
        { test: result.rho === 0 ? 'Log-rank' : 'Fleming–Harrington', chisq: result.chisq, df: result.df, p: result.p },
        ...(result.trend ? [{ test: 'Trend over the ordered groups', chisq: result.trend.chisq, df: result.trend.df, p: result.trend.p }] : []),
        ...(result.robust ? [{ test: `Robust score test by ${result.robust.column}`, chisq: result.robust.chisq, df: result.robust.df, p: result.robust.p }] : []),
      ],
      columns: [
        { label: 'Test', field: 'test', format: { kind: 'text' } },
        { label: 'Chi-square', field: 'chisq', format: { kind: 'number', digits: 2 } },
        { label: 'df', field: 'df', format: { kind: 'count' } },
        { label: 'p', field: 'p', format: { kind: 'p' } },
      ],
    },
    {
      id: 'logrank-pairwise',
      title: 'Pairwise comparisons',
      rows: 'pairwise',
      columns: [
        { label: 'Group', field: 'group1', format: { kind: 'text' } },
        { label: 'Compared with', field: 'group2', format: { kind: 'text' } },
        { label: 'Chi-square', field: 'chisq', format: { kind: 'number', digits: 2 } },
        { label: 'p', field: 'p', format: { kind: 'p' } },
        { label: 'Adjusted p', field: 'pAdjusted', format: { kind: 'p' } },
      ],
    },
  ],
  sentences(result, options) {
    return [logrankSentence({ column: options.group, chisq: result.chisq, df: result.df, p: result.p, rho: result.rho })];
  },
  methods(options) {
    const test = options.rho === 0 ? 'the log-rank test' : 'the Fleming–Harrington test';
    const strata = options.strata ? `, stratified by ${options.strata}` : '';
    return [`Time to relapse was compared between the groups of ${options.group} with ${test}${strata}, as R survival\u2019s survdiff; pairwise comparisons had their p-values adjusted over the pairs (${options.pAdjust}).`];
  },
};
