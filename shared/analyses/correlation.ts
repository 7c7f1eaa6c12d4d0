/**
 * `analyze correlation`: how strongly do numeric columns go together? Every pair of the chosen
 * columns is tested as R's cor.test(x, y, method) with its default `exact` and the p-values are
 * adjusted over all pairs with p.adjust (engine: shared/stats/correlation-matrix.ts, pearson.ts,
 * spearman.ts, kendall.ts). For Pearson the statistic is t and the confidence interval is Fisher's z;
 * for Spearman the statistic is R's S; for Kendall it is z; only Pearson has an interval.
 *
 * Small samples, as R's default: Kendall's p is exact for fewer than 50 pairs without ties; Spearman's
 * is exact for up to 9 pairs and AS 89's Edgeworth series for 10 to 1290 pairs without ties. Each pair
 * says which in `pValueMethod` ('exact', 'edgeworth', 'asymptotic'; null for Pearson's t test and where
 * there is no p). Where ties prevent the exact p R warns "Cannot compute exact p-value with ties"; here
 * one warning lists those pairs.
 *
 * Missing values: "pairwise" uses, for each pair, the rows where both columns are present (as
 * cor.test); "listwise" uses only the rows complete on all the chosen columns. The survival outcome
 * options do not apply. Only numeric columns qualify (dates and yes/no columns count as numbers).
 */
import { z } from 'zod';
import type { CorrelationMethod, MissingPolicy } from '../stats/correlation-matrix';
import { defineAnalysis, type OptionSpec } from './declaration';
import type { OptionsOf } from './options-schema';

/** The engine's CorrelationMethod and MissingPolicy: listed here rather than imported so that the declaration, which the renderer reads, loads no engine code (test/shared/analyses/run.test.ts checks the lists agree). */
export const CORRELATION_METHODS = ['pearson', 'spearman', 'kendall'] as const satisfies readonly CorrelationMethod[];
export const MISSING_POLICIES = ['pairwise', 'listwise'] as const satisfies readonly MissingPolicy[];
const CORRELATION_P_ADJUST = ['none', 'holm', 'BH', 'bonferroni', 'hochberg', 'BY'] as const;

const correlationOptionSpecs = [
  { kind: 'columns', name: 'columns', flag: 'columns', label: 'Columns', help: 'Two or more numeric columns; every pair of them is correlated.', accepts: 'numeric', required: true, atLeast: { count: 2, message: 'give at least two columns' } },
  { kind: 'enum', name: 'method', flag: 'method', label: 'Method', help: 'Pearson (linear association), Spearman (rank, monotone association) or Kendall (rank concordance, robust to ties and outliers).', choices: CORRELATION_METHODS, default: 'pearson' },
  { kind: 'enum', name: 'pAdjust', flag: 'p-adjust', label: 'p-value adjustment', help: 'How the p-values are adjusted for testing many pairs at once (R p.adjust; default holm).', choices: CORRELATION_P_ADJUST, default: 'holm' },
  { kind: 'enum', name: 'missing', flag: 'missing', label: 'Missing values', help: 'pairwise: each pair uses every row where both values are present; listwise: only rows complete on all chosen columns.', choices: MISSING_POLICIES, default: 'pairwise' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: "Coverage of Pearson's confidence interval, between 0 and 1 (default 0.95).", default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
] as const satisfies readonly OptionSpec[];
export type CorrelationOptions = OptionsOf<typeof correlationOptionSpecs>;

const nullableNumber = z.number().nullable();

export const correlationResultSchema = z.object({
  pairs: z.array(
    z.object({
      x: z.string(),
      y: z.string(),
      n: z.number(),
      estimate: nullableNumber,
      statistic: nullableNumber,
      p: nullableNumber,
      pAdjusted: nullableNumber,
      lower: nullableNumber,
      upper: nullableNumber,
      /** Spearman and Kendall: 'exact', 'edgeworth' or 'asymptotic'; null for Pearson and without a p. */
      pValueMethod: z.enum(['exact', 'edgeworth', 'asymptotic']).nullable(),
    }),
  ),
  method: z.string(),
  /** Name of the statistic: t (Pearson), S (Spearman) or z (Kendall). */
  statisticName: z.string(),
  pAdjustMethod: z.string(),
  missing: z.string(),
  confLevel: z.number(),
  /** Rows complete on every chosen column, and rows left out of the listwise analysis. */
  completeRows: z.number(),
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type CorrelationResult = z.infer<typeof correlationResultSchema>;

export const correlationAnalysis = defineAnalysis({
  id: 'correlation',
  title: 'Correlation',
  summary: 'How strongly do measures such as age, dose and prior attempts go together? Pearson, Spearman or Kendall correlations for every pair, with adjusted p-values.',
  options: correlationOptionSpecs,
  resultSchema: correlationResultSchema,
});
export const correlationOptionsSchema = correlationAnalysis.optionsSchema;
