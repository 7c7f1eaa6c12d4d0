/**
 * The computation of `analyze factors` (its declaration, options and methods are in factors.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import type { DataFrame } from '../data/frame';
import { FACTOR_IDS, type FactorId } from '../factors/ids';
import { FACTOR_CATALOGUE } from '../factors/catalogue';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { deriveOutcome, STATUS_EVENT, STATUS_MISSING, uncodedEventRows } from '../mapping/outcome';
import { factorScores } from '../mapping/scores';
import { cronbachAlpha } from '../stats/cronbach-alpha';
import { fitCox } from '../stats/cox';
import { normalQuantile, normalTwoSided } from '../stats/distributions';
import type { FactorsOptions, FactorsResult } from './factors';

const EXCLUDED_ROWS_SHOWN = 100;
/** Fewer events per estimated coefficient than this makes the estimates unreliable (Peduzzi et al. 1995). */
const MIN_EVENTS_PER_PARAMETER = 10;

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function runFactors(frame: DataFrame, opts: FactorsOptions): FactorsResult {
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
}
