import { describe, expect, it } from 'vitest';
import { fitCountingProcessCox } from '../../../shared/stats/cox-counting-process';
import { clusterRobustVariance, scoreResiduals } from '../../../shared/stats/robust-variance';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { countingCases, fixture } from './cox-counting-process-cases';

describe('clusterRobustVariance matches R coxph(… + cluster(id))', () => {
  for (const c of countingCases().filter((k) => k.cluster)) {
    it(c.id, () => {
      const r = fixture.cases[c.id];
      const fit = fitCountingProcessCox({ start: c.start, stop: c.stop, status: c.status, covariates: c.covariates, strata: c.strata, ties: c.ties });
      const robust = clusterRobustVariance({
        start: fit.start, stop: fit.stop, status: c.status, covariates: c.covariates, strata: c.strata, cluster: c.cluster!, ties: c.ties,
        coefficients: fit.coefficients, variance: fit.variance, linearPredictor: fit.linearPredictor,
      });
      expectAllClose(robust.variance, r.robustVariance!, 'robust var');
      expectAllClose(robust.standardErrors, r.robustStandardErrors!, 'robust se');
      expectClose(robust.scoreTest.statistic, r.robustScoreTest![0], 'robust score');
      expect(robust.scoreTest.df).toBe(r.robustScoreTest![1]);
      expectClose(robust.scoreTest.p, r.robustScoreTest![2], 'robust score p');
      expectClose(robust.waldTest.statistic, r.waldTest[0], 'robust wald');
      expectClose(robust.waldTest.p, r.waldTest[2], 'robust wald p');
      expect(robust.clusters).toBe(new Set(c.cluster).size);
    });
  }

  it('score residuals sum to the score vector at the fitted β (≈ 0) and at β = 0 (R\'s fit$first / U₀)', () => {
    const c = countingCases().find((k) => k.id === 'edge-efron')!;
    const fit = fitCountingProcessCox({ ...c });
    const p = c.covariates.length;
    const residuals = scoreResiduals({ ...c, start: fit.start, stop: fit.stop, linearPredictor: fit.linearPredictor });
    for (let k = 0; k < p; k++) {
      let total = 0;
      for (let i = 0; i < c.start.length; i++) total += residuals[i * p + k];
      expectClose(total, fit.score[k], `U[${k}]`, 1e-8);
    }
  });

  it('a cluster per row differs from clusters by participant (cgd)', () => {
    const c = countingCases().find((k) => k.id === 'cgd-efron')!;
    const fit = fitCountingProcessCox({ ...c });
    const perRow = clusterRobustVariance({ ...c, start: fit.start, stop: fit.stop, cluster: Int32Array.from(c.start, (_, i) => i), coefficients: fit.coefficients, variance: fit.variance, linearPredictor: fit.linearPredictor });
    expect(perRow.clusters).toBe(203);
    expect(Math.abs(perRow.standardErrors[0] - fixture.cases['cgd-efron'].robustStandardErrors![0])).toBeGreaterThan(1e-3);
  });
});
