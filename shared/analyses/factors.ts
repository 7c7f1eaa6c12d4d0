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
import type { DataFrame } from '../data/frame';
import { FACTOR_IDS, type FactorId } from '../factors/ids';
import { FACTOR_CATALOGUE } from '../factors/catalogue';
import { AnalysisError, defineAnalysis, type AnalysisWarning, type OptionSpec } from './declaration';
import { type Mapping, MappingFormatError, MAPPING_FORMAT, MAPPING_VERSION, parseMapping } from '../mapping/format';
import { deriveOutcome, STATUS_EVENT, STATUS_MISSING, uncodedEventRows } from '../mapping/outcome';
import { factorScores } from '../mapping/scores';
import { cronbachAlpha } from '../stats/cronbach-alpha';
import { fitCox } from '../stats/cox';
import { normalQuantile, normalTwoSided } from '../stats/distributions';

const options: OptionSpec[] = [
  { kind: 'text', name: 'mapping', flag: 'mapping', label: 'Mapping', help: 'The column mapping (on the command line: the path of a mapping template JSON file, see docs/mapping-format.md).', required: true },
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Ties', help: 'How tied relapse times enter the partial likelihood (Efron, as R coxph, or Breslow).', choices: ['efron', 'breslow'], default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Level of the confidence limits of the hazard ratios.', default: 0.95, min: 0, max: 1 },
];

/** Accepts a template object (with or without format/version) and turns it into a Mapping. */
const mappingOption = z.unknown().transform((value, ctx): Mapping => {
  const template = value !== null && typeof value === 'object' && !Array.isArray(value) && !('format' in value)
    ? { format: MAPPING_FORMAT, version: MAPPING_VERSION, ...(value as object) }
    : value;
  try {
    return parseMapping(template);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof MappingFormatError ? error.message : String(error) });
    return z.NEVER;
  }
});

const optionsSchema = z.object({
  mapping: mappingOption,
  ties: z.enum(['efron', 'breslow']).default('efron'),
  confLevel: z.number().gt(0).lt(1).default(0.95),
});
export type FactorsOptions = z.output<typeof optionsSchema>;

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

const EXCLUDED_ROWS_SHOWN = 100;
/** Fewer events per estimated coefficient than this makes the estimates unreliable (Peduzzi et al. 1995). */
const MIN_EVENTS_PER_PARAMETER = 10;

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export const factorsAnalysis = defineAnalysis<FactorsOptions, FactorsResult>({
  id: 'factors',
  title: 'Factor model',
  summary: 'Which relapse factors carry the most risk: the hazard ratio of relapse per SD of each factor score, all factors together in one Cox model.',
  options,
  optionsSchema: optionsSchema as unknown as z.ZodType<FactorsOptions>,
  resultSchema,
  run(frame: DataFrame, opts: FactorsOptions): FactorsResult {
    const { mapping } = opts;
    const mapped = FACTOR_IDS.filter((id) => (mapping.factors[id]?.length ?? 0) > 0);
    if (mapped.length === 0) throw new AnalysisError('the mapping has no factor columns: map at least one column to a factor');
    const warnings: AnalysisWarning[] = [];

    const outcome = deriveOutcome(frame, mapping.outcome);
    const uncoded = uncodedEventRows(frame, mapping.outcome);
    if (uncoded.length > 0) {
      warnings.push({ code: 'event-uncoded', message: `${uncoded.length} row(s) have an event value outside the coding (first: data row ${uncoded[0] + 1}); they count as censored` });
    }
    const scores = factorScores(frame, mapping);

    // Rows with the outcome and every factor score.
    const nRows = frame.nRows;
    const keep = new Int32Array(nRows);
    let kept = 0;
    const excluded = { count: 0, missingTime: 0, negativeTime: 0, missingEvent: 0, missingScore: 0, rows: [] as number[] };
    for (let i = 0; i < nRows; i++) {
      const t = outcome.time[i];
      let reason: 'missingTime' | 'negativeTime' | 'missingEvent' | 'missingScore' | null = null;
      if (Number.isNaN(t)) reason = 'missingTime';
      else if (t < 0) reason = 'negativeTime';
      else if (outcome.status[i] === STATUS_MISSING) reason = 'missingEvent';
      else {
        for (let k = 0; k < scores.length; k++) {
          if (Number.isNaN(scores[k].scores[i])) {
            reason = 'missingScore';
            break;
          }
        }
      }
      if (reason === null) {
        keep[kept++] = i;
        continue;
      }
      excluded[reason]++;
      excluded.count++;
      if (excluded.rows.length < EXCLUDED_ROWS_SHOWN) excluded.rows.push(i + 1);
    }
    if (kept === 0) throw new AnalysisError('no row has the outcome and every factor score: check the mapping and the missing values');
    if (excluded.negativeTime > 0) warnings.push({ code: 'negative-time', message: `${excluded.negativeTime} row(s) with a negative follow-up time were left out` });
    if (excluded.count > 0) warnings.push({ code: 'rows-excluded', message: `${excluded.count} of ${nRows} rows were left out (missing time ${excluded.missingTime}, negative time ${excluded.negativeTime}, missing event ${excluded.missingEvent}, missing factor score ${excluded.missingScore})` });

    const time = new Float64Array(kept);
    const status = new Uint8Array(kept);
    const covariates = scores.map(() => new Float64Array(kept));
    for (let r = 0; r < kept; r++) {
      const i = keep[r];
      time[r] = outcome.time[i];
      status[r] = outcome.status[i] === STATUS_EVENT ? 1 : 0;
      for (let k = 0; k < scores.length; k++) covariates[k][r] = scores[k].scores[i];
    }
    const fit = fitCox({ time, status, covariates, ties: opts.ties });
    warnings.push(...fit.warnings);
    const parameters = fit.redundant.filter((r) => !r).length;
    if (fit.events > 0 && fit.events / parameters < MIN_EVENTS_PER_PARAMETER) {
      warnings.push({ code: 'events-per-parameter', message: `${fit.events} relapses for ${parameters} factors (${(fit.events / parameters).toFixed(1)} per factor; at least ${MIN_EVENTS_PER_PARAMETER} are advised): the hazard ratios may be unstable` });
    }

    const zCrit = normalQuantile(1 - (1 - opts.confLevel) / 2);
    const factors = scores.map((s, k) => {
      const coef = fit.coefficients[k];
      const se = fit.standardErrors[k];
      const zValue = coef / se;
      return {
        factor: s.factor,
        label: FACTOR_CATALOGUE[s.factor].label,
        coef: finite(coef),
        se: finite(se),
        hr: finite(Math.exp(coef)),
        lower: finite(Math.exp(coef - zCrit * se)),
        upper: finite(Math.exp(coef + zCrit * se)),
        z: finite(zValue),
        p: Number.isFinite(zValue) ? normalTwoSided(zValue) : null,
      };
    });

    const reliability: FactorsResult['reliability'] = {};
    for (const s of scores) {
      if (s.items.length < 2) continue;
      const alpha = cronbachAlpha(s.items.map((item) => item.scores));
      reliability[s.factor as FactorId] = {
        alpha: alpha.alpha,
        items: s.items.map((item, j) => ({ column: item.column, itemTotalCorrelation: alpha.itemTotalCorrelations[j], alphaIfDropped: alpha.alphaIfDropped[j] })),
      };
    }

    const test = (t: { statistic: number | null; df: number; p: number | null }) => ({ statistic: t.statistic, df: t.df, p: t.p });
    return {
      n: fit.n,
      events: fit.events,
      factors,
      reliability,
      scores: scores.map((s) => ({
        factor: s.factor,
        n: s.n,
        missing: s.missing,
        items: s.items.map((item) => ({ column: item.column, direction: item.direction, n: item.n, missing: item.missing, mean: item.mean, sd: item.sd })),
      })),
      tests: { likelihoodRatio: test(fit.likelihoodRatioTest), wald: test(fit.waldTest), score: test(fit.scoreTest) },
      logLik: { null: finite(fit.logLikNull), final: finite(fit.logLikFinal) },
      ties: opts.ties,
      confLevel: opts.confLevel,
      excluded,
      warnings,
    };
  },
});
