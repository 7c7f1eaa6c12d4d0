/**
 * coxPredictedSurvival against R survival 3.5-3 survfit(coxph(...), newdata = profile)
 * (fixtures/cox-predicted-survival.R → .json): every row of each curve (time, survival, std.err,
 * CI, numbers at risk) to 1e-6 relative. The design is built by the model-matrix builder and the fit
 * by fitCox, as the analysis does; the profile rows are built here from the design's terms.
 */
import { describe, expect, it } from 'vitest';
import { findColumn, isNumericColumn, type DataFrame } from '../../../shared/data/frame';
import { buildModelMatrix, type ModelMatrix } from '../../../shared/analyses/model-matrix';
import { fitCox } from '../../../shared/stats/cox';
import { coxPredictedSurvival } from '../../../shared/stats/cox-predicted-survival';
import { expectAllClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { asArray, caseCsv, predictionCases, type PredictionCase } from './cox-predicted-survival-cases';

function numeric(frame: DataFrame, name: string): Float64Array {
  const column = findColumn(frame, name);
  if (!column || !isNumericColumn(column)) throw new Error(`${name} is not numeric`);
  return column.values;
}

function parseProfile(text: string): Record<string, string> {
  return Object.fromEntries(text.split(',').map((part) => part.split('=') as [string, string]));
}

/** The design row of a profile: the number for a numeric term, 0/1 indicators for a factor's non-reference levels. */
function profileRow(design: ModelMatrix, profile: Record<string, string>): Float64Array {
  const row = new Float64Array(design.columns.length);
  for (const term of design.terms) {
    const value = profile[term.name];
    if (term.kind === 'numeric') row[term.columns[0]] = Number(value);
    else term.levels!.slice(1).forEach((level, k) => (row[term.columns[k]] = level === value ? 1 : 0));
  }
  return row;
}

function fitCase(c: PredictionCase) {
  const frame = frameFromCsv(caseCsv(c));
  let candidates = Int32Array.from({ length: frame.nRows }, (_, i) => i);
  if (c.subset) candidates = candidates.filter((i) => numeric(frame, c.subset!.column)[i] === c.subset!.value);
  const design = buildModelMatrix(frame, { covariates: asArray(c.covariates), categorical: asArray(c.categorical), strata: c.strata ?? null }, candidates);
  const time = Float64Array.from(design.rows, (i) => numeric(frame, c.time)[i]);
  const status = Uint8Array.from(design.rows, (i) => (numeric(frame, c.event)[i] === 1 ? 1 : 0));
  const fit = fitCox({ time, status, covariates: design.columns, strata: design.strata, ties: c.ties });
  const profiles = c.profiles.map(parseProfile);
  const curves = coxPredictedSurvival({
    time,
    status,
    covariates: design.columns,
    strata: design.strata,
    ties: c.ties,
    coefficients: fit.coefficients,
    variance: fit.variance,
    means: fit.means,
    profiles: profiles.map((p) => profileRow(design, p)),
    profileStrata: c.strata ? Int32Array.from(profiles, (p) => design.strataLevels!.indexOf(p[c.strata!])) : null,
  });
  return { design, fit, curves };
}

describe('coxPredictedSurvival against R survfit(coxph, newdata)', () => {
  for (const c of predictionCases) {
    it(c.id, () => {
      const { fit, curves, design } = fitCase(c);
      expect(fit.n).toBe(c.r.n);
      expect(design.columnNames).toEqual(asArray(c.r.names));
      expectAllClose(fit.coefficients, asArray(c.r.coef), 'coef');
      expectAllClose(fit.means, asArray(c.r.means), 'means');
      expect(curves).toHaveLength(c.r.curves.length);
      curves.forEach((curve, k) => {
        const r = c.r.curves[k];
        const label = `${c.id} ${r.profile}`;
        expectAllClose(curve.time, asArray(r.time), `${label} time`);
        expectAllClose(curve.nRisk, asArray(r['n.risk']), `${label} n.risk`);
        expectAllClose(curve.nEvent, asArray(r['n.event']), `${label} n.event`);
        expectAllClose(curve.nCensor, asArray(r['n.censor']), `${label} n.censor`);
        expectAllClose(curve.survival, asArray(r.surv), `${label} surv`);
        expectAllClose(curve.stdErr, asArray(r['std.err']), `${label} std.err`);
        expectAllClose(curve.lower, asArray(r.lower), `${label} lower`);
        expectAllClose(curve.upper, asArray(r.upper), `${label} upper`);
      });
    });
  }

  it('gives the same curve whatever the covariates are centred at (the centring only moves the baseline)', () => {
    const c = predictionCases.find((x) => x.id === 'addicts-efron')!;
    const { curves, fit, design } = fitCase(c);
    const frame = frameFromCsv(caseCsv(c));
    const time = Float64Array.from(design.rows, (i) => numeric(frame, c.time)[i]);
    const status = Uint8Array.from(design.rows, (i) => (numeric(frame, c.event)[i] === 1 ? 1 : 0));
    const shifted = coxPredictedSurvival({
      time,
      status,
      covariates: design.columns,
      ties: c.ties,
      coefficients: fit.coefficients,
      variance: fit.variance,
      means: fit.means.map((m) => m + 7),
      profiles: c.profiles.map((text) => profileRow(design, parseProfile(text))),
    });
    shifted.forEach((curve, k) => {
      expectAllClose(curve.survival, curves[k].survival, 'surv');
      expectAllClose(curve.stdErr, curves[k].stdErr, 'std.err');
    });
  });

  it('says in one line when the fit does not match the covariates', () => {
    const base = { time: Float64Array.of(1, 2), status: Uint8Array.of(1, 0), covariates: [Float64Array.of(0, 1)], ties: 'efron' as const, variance: Float64Array.of(1), means: Float64Array.of(0.5) };
    expect(() => coxPredictedSurvival({ ...base, coefficients: Float64Array.of(0.1, 0.2), profiles: [] })).toThrow(/does not match/);
    expect(() => coxPredictedSurvival({ ...base, coefficients: Float64Array.of(0.1), profiles: [Float64Array.of(1, 2)] })).toThrow(/one value per covariate/);
  });
});
