/**
 * The factor model: a Cox proportional-hazards model (R coxph, Efron ties by default) of time to
 * relapse on the scores of every mapped relapse factor, so each hazard ratio is per SD of its factor.
 *
 * Scores come from the mapping (shared/mapping/scores.ts): item z-scores, reversed when protective,
 * averaged per factor and standardised again over the rows that have the factor score. The model uses
 * the rows whose outcome (time ≥ 0 and event) and every factor score are present. A competing end of
 * follow-up (`competingValues`) counts as censored for relapse: the model estimates the cause-specific
 * hazard of relapse. Confidence limits are exp(β ± z·SE) and p-values Wald z, as summary.coxph.
 * Cronbach's alpha and the corrected item-total correlations are given for each multi-item factor.
 */
import { z } from 'zod';
import { defineAnalysis, type OptionSpec } from './declaration';
import type { OptionsOf } from './options-schema';
import { type Mapping, MAPPING_FORMAT, MAPPING_VERSION, parseMapping } from '../mapping/format';

/** A template object (with or without format/version) as a Mapping; a template that is not one throws MappingFormatError, naming what is wrong. */
function readMapping(value: unknown): Mapping {
  const template = value !== null && typeof value === 'object' && !Array.isArray(value) && !('format' in value)
    ? { format: MAPPING_FORMAT, version: MAPPING_VERSION, ...(value as object) }
    : value;
  return parseMapping(template);
}

const options = [
  { kind: 'text', name: 'mapping', flag: 'mapping', label: 'Mapping', help: 'The column mapping (on the command line: the path of a mapping template JSON file, see docs/mapping-format.md).', required: true, parse: readMapping },
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Ties', help: 'How tied relapse times enter the partial likelihood (Efron, as R coxph, or Breslow).', choices: ['efron', 'breslow'], default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Level of the confidence limits of the hazard ratios.', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
] as const satisfies readonly OptionSpec[];
export type FactorsOptions = OptionsOf<typeof options>;

const nullableNumber = z.number().nullable();
const testSchema = z.object({ statistic: nullableNumber, df: z.number(), p: nullableNumber });
const resultSchema = z.object({
  n: z.number(),
  events: z.number(),
  factors: z.array(
    z.object({ factor: z.string(), label: z.string(), coef: nullableNumber, se: nullableNumber, hr: nullableNumber, lower: nullableNumber, upper: nullableNumber, z: nullableNumber, p: nullableNumber }),
  ),
  reliability: z.record(
    z.string(),
    z.object({
      alpha: nullableNumber,
      items: z.array(z.object({ column: z.string(), itemTotalCorrelation: nullableNumber, alphaIfDropped: nullableNumber })),
    }),
  ),
  scores: z.array(
    z.object({
      factor: z.string(),
      n: z.number(),
      missing: z.number(),
      items: z.array(z.object({ column: z.string(), direction: z.enum(['risk', 'protective']), n: z.number(), missing: z.number(), mean: z.number(), sd: z.number() })),
    }),
  ),
  tests: z.object({ likelihoodRatio: testSchema, wald: testSchema, score: testSchema }),
  logLik: z.object({ null: nullableNumber, final: nullableNumber }),
  ties: z.enum(['efron', 'breslow']),
  confLevel: z.number(),
  excluded: z.object({
    count: z.number(),
    missingTime: z.number(),
    negativeTime: z.number(),
    missingEvent: z.number(),
    missingScore: z.number(),
    /** First excluded rows (1-based data rows), at most 100. */
    rows: z.array(z.number()),
  }),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type FactorsResult = z.infer<typeof resultSchema>;

export const factorsAnalysis = defineAnalysis({
  id: 'factors',
  title: 'Factor model',
  summary: 'Which relapse factors carry the most risk: the hazard ratio of relapse per SD of each factor score, all factors together in one Cox model.',
  options,
  resultSchema,
});
