/**
 * `analyze sites`: relapses per site (or any grouping of participants) against the number expected from
 * the participants' characteristics, with funnel-plot limits (issue 14 item 3).
 *
 * Expected relapses: a Cox model of time to relapse on the covariates, WITHOUT the site, is fitted to all
 * analysed participants; each participant's expected count is their cumulative hazard at their own time
 * under that model, R's predict(coxph(Surv(time, event) ~ covariates, ties = …), type = "expected").
 * Per site: observed relapses O, expected E (the sum over its participants), the standardised relapse
 * ratio O/E and its exact Poisson (Garwood) interval, as poisson.test(O, E). The expected counts add up to
 * the observed over all sites, so the target ratio is 1 (and with one site its ratio is 1 by construction).
 *
 * Funnel limits (Spiegelhalter 2005, exact Poisson with his interpolation for discreteness): for O ~
 * Poisson(E) and tail probability p, r_p = qpois(p, E), α = (F(r_p) − p)/(F(r_p) − F(r_p − 1)) and the
 * limit of the ratio is (r_p − α)/E; 95% limits at p = 0.025, 0.975 and 99.8% limits at p = 0.001,
 * 0.999. `limits` gives them on a grid of E up to the largest site's E; whether a site lies outside uses
 * the limits at its own E.
 *
 * `--at-day D`: the proportion of participants relapse-free at day D per site, against the number of
 * participants whose status at D is known, with binomial funnel limits (same interpolation, Binomial(n,
 * overall proportion)). A participant's status at D is known when they relapsed on or before D, or were
 * followed to D or beyond without relapse; those censored before D are left out of the proportion (and
 * counted) rather than estimated, so the count is binomial and the limits exact. This assumes the
 * censoring before D is unrelated to relapse; a site with much early censoring is named in a warning.
 *
 * Rows missing the time, the event, a covariate or the site are left out and counted in `excluded`.
 * Engine files: shared/stats/cox.ts, expected-events.ts, poisson-ratio-interval.ts, funnel-limits.ts.
 */
import { z } from 'zod';
import { AT_LEAST_ONE_COVARIATE, COX_TIES } from './cox';
import { defineAnalysis, type OptionSpec } from './declaration';
import { groupOrderSpec } from './group-levels';
import { outcomeOptionSpecs } from './outcome';
import { participantIdSpec } from './participant-id';
import type { OptionsOf } from './options-schema';

/** A site expecting fewer relapses than this is named in a warning: its ratio is very imprecise. */
export const SMALL_EXPECTED = 1;

const sitesOptionSpecs = [
  ...outcomeOptionSpecs,
  { kind: 'column', name: 'group', flag: 'group', label: 'Site', help: 'Column naming the site (or other grouping) whose relapses are compared with the number expected.', accepts: 'any', required: true },
  groupOrderSpec,
  { kind: 'columns', name: 'covariates', flag: 'covariates', label: 'Case-mix covariates', help: 'Characteristics of the participants the expected relapses are adjusted for (a Cox model of these, without the site).', accepts: 'any', required: true, atLeast: AT_LEAST_ONE_COVARIATE },
  { kind: 'columns', name: 'categorical', flag: 'categorical', label: 'Treat as categorical', help: 'Covariates to treat as categories, even when their values are numbers.', accepts: 'any' },
  { kind: 'text', name: 'reference', flag: 'reference', label: 'Reference levels', help: 'Reference level of categorical covariates, e.g. arm=control; it does not change the expected relapses.' },
  participantIdSpec,
  { kind: 'enum', name: 'ties', flag: 'ties', label: 'Tied times', help: 'How relapses on the same day are handled in the Cox model and its baseline hazard: efron (default, as R) or breslow.', choices: COX_TIES, default: 'efron' },
  { kind: 'number', name: 'confLevel', flag: 'conf-level', label: 'Confidence level', help: 'Coverage of the exact Poisson intervals of the ratios, between 0 and 1 (default 0.95); the funnel limits are always 95% and 99.8%.', default: 0.95, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
  { kind: 'number', name: 'atDay', flag: 'at-day', label: 'Relapse-free at day', help: 'Also compare the proportion relapse-free at this day per site (among participants whose status at that day is known) with binomial funnel limits.', min: 0 },
] as const satisfies readonly OptionSpec[];
export type SitesOptions = OptionsOf<typeof sitesOptionSpecs>;

const nullableNumber = z.number().nullable();
const limitsSchema = { lower95: z.number(), upper95: z.number(), lower998: z.number(), upper998: z.number() };
/** Sites outside the limits, by direction (group names; data for a sentence, not the sentence). */
const outsideSchema = z.object({ above95: z.array(z.string()), below95: z.array(z.string()), above998: z.array(z.string()), below998: z.array(z.string()) });

export const sitesResultSchema = z.object({
  /** Participants analysed and their relapses. */
  n: z.number(),
  events: z.number(),
  sites: z.array(
    z.object({
      group: z.string(),
      participants: z.number(),
      observed: z.number(),
      expected: z.number(),
      /** O / E; null when E is 0. */
      ratio: nullableNumber,
      lower: nullableNumber,
      upper: nullableNumber,
      outside95: z.boolean(),
      outside998: z.boolean(),
    }),
  ),
  /** Funnel limits of the ratio on a grid of expected relapses, up to the largest site's. */
  limits: z.array(z.object({ expected: z.number(), ...limitsSchema })),
  outsideLimits: outsideSchema,
  /** The case-mix model (no site term). */
  model: z.object({
    coefficients: z.array(z.object({ term: z.string(), coef: nullableNumber, hr: nullableNumber })),
    converged: z.boolean(),
  }),
  atDay: z
    .object({
      day: z.number(),
      /** Proportion relapse-free at the day over all sites (the target of the funnel). */
      overall: nullableNumber,
      /** Participants whose status at the day is known, over all sites. */
      n: z.number(),
      sites: z.array(
        z.object({
          group: z.string(),
          /** Participants whose status at the day is known. */
          n: z.number(),
          relapseFree: z.number(),
          /** Participants censored before the day (status unknown, left out). */
          censoredBefore: z.number(),
          proportion: nullableNumber,
          outside95: z.boolean(),
          outside998: z.boolean(),
        }),
      ),
      limits: z.array(z.object({ n: z.number(), ...limitsSchema })),
      outsideLimits: outsideSchema,
    })
    .nullable(),
  ties: z.enum(COX_TIES),
  confLevel: z.number(),
  /** Rows left out because the time, the event, a covariate or the site was missing. */
  excluded: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type SitesResult = z.infer<typeof sitesResultSchema>;

export const sitesAnalysis = defineAnalysis({
  id: 'sites',
  title: 'Sites: relapses against expected',
  summary:
    'Whether any site has more or fewer relapses than expected from its participants (observed/expected ratio from a Cox model without the site, exact Poisson intervals, funnel limits at 95% and 99.8% after Spiegelhalter 2005), and optionally the proportion relapse-free at a day.',
  options: sitesOptionSpecs,
  resultSchema: sitesResultSchema,
});
export const sitesOptionsSchema = sitesAnalysis.optionsSchema;
