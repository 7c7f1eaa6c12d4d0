import { describe, expect, it } from 'vitest';
import { checkIntervals, fitCountingProcessCox, IntervalError } from '../../../shared/stats/cox-counting-process';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { countingCases, fixture } from './cox-counting-process-cases';

describe('fitCountingProcessCox matches R coxph(Surv(start, stop, event) ~ …)', () => {
  for (const c of countingCases()) {
    it(c.id, () => {
      const r = fixture.cases[c.id];
      const fit = fitCountingProcessCox({ start: c.start, stop: c.stop, status: c.status, covariates: c.covariates, strata: c.strata, ties: c.ties });
      expectAllClose(fit.coefficients, r.coefficients, 'coef');
      expectAllClose(fit.variance, r.variance, 'var');
      expectAllClose(fit.standardErrors, r.standardErrors, 'se');
      expectClose(fit.logLikNull, r.logLik[0], 'loglik0');
      expectClose(fit.logLikFinal, r.logLik[1], 'loglik');
      expectAllClose(fit.means, r.means, 'means');
      expectAllClose(fit.linearPredictor, r.linearPredictors, 'lp');
      expect(fit.iterations).toBe(r.iterations);
      expect(fit.n).toBe(r.n);
      expect(fit.events).toBe(r.events);
      expectClose(fit.scoreTest.statistic, r.scoreTest[0], 'score');
      expect(fit.scoreTest.df).toBe(r.scoreTest[1]);
      expectClose(fit.scoreTest.p, r.scoreTest[2], 'score p');
      expectClose(fit.likelihoodRatioTest.statistic, r.likelihoodRatioTest[0], 'lr');
      expectClose(fit.likelihoodRatioTest.p, r.likelihoodRatioTest[2], 'lr p');
      if (!r.robustVariance) {
        expectClose(fit.waldTest.statistic, r.waldTest[0], 'wald');
        expectClose(fit.waldTest.p, r.waldTest[2], 'wald p');
      }
      expect(fit.warnings).toEqual([]);
    });
  }

  it('gives the heart transplant coefficient R gives (0.016, not the -0.61 of a fit from day 0)', () => {
    const c = countingCases().find((k) => k.id === 'heart-efron')!;
    const fit = fitCountingProcessCox({ ...c });
    expect(fit.coefficients[2]).toBeCloseTo(0.0161, 4);
  });

  it('gives the same fit whatever the order of the rows', () => {
    for (const id of ['bladder2-pwp-total-efron', 'cgd-breslow', 'edge-efron']) {
      const c = countingCases().find((k) => k.id === id)!;
      const n = c.start.length;
      // A fixed permutation: reversed, then every third row moved to the front.
      const perm = Array.from({ length: n }, (_, i) => n - 1 - i);
      const order = [...perm.filter((_, i) => i % 3 === 0), ...perm.filter((_, i) => i % 3 !== 0)];
      const pick = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => (a.constructor as any).from(order.map((i) => a[i]));
      const fit = fitCountingProcessCox({
        start: pick(c.start), stop: pick(c.stop), status: pick(c.status), covariates: c.covariates.map(pick),
        strata: c.strata ? pick(c.strata) : null, ties: c.ties,
      });
      const r = fixture.cases[id];
      expectAllClose(fit.coefficients, r.coefficients, `${id} coef`);
      expectAllClose(fit.variance, r.variance, `${id} var`);
      expectClose(fit.logLikFinal, r.logLik[1], `${id} loglik`);
    }
  });

  it('refuses an interval of length 0 with one line naming the row (R makes it NA and drops it)', () => {
    expect(fixture.zeroLengthWarning).toContain('Stop time must be > start time');
    const start = Float64Array.from([0, 5, 0]);
    const stop = Float64Array.from([5, 5, 7]);
    const status = Uint8Array.from([1, 1, 0]);
    expect(() => checkIntervals(start, stop, status)).toThrow(IntervalError);
    expect(() => fitCountingProcessCox({ start, stop, status, covariates: [Float64Array.from([1, 2, 3])], ties: 'efron' })).toThrow(
      'Row 2: the interval stop (5) must be after its start (5); an interval of length 0 or less cannot be at risk.',
    );
  });

  it('refuses a missing start', () => {
    expect(() => checkIntervals(Float64Array.from([NaN]), Float64Array.from([3]), Uint8Array.from([1]))).toThrow('Row 1: the interval start and stop must be finite numbers.');
  });
});

describe('timefix on (start, stop] data', () => {
  it('merges 0.1 + 0.2 with 0.3 as R does: without it the fit differs from R', () => {
    const c = countingCases().find((k) => k.id === 'near-ties-efron')!;
    const r = fixture.cases['near-ties-efron'];
    const merged = fitCountingProcessCox({ ...c });
    const exact = fitCountingProcessCox({ ...c, timefix: false });
    expectClose(merged.coefficients[0], r.coefficients[0], 'with timefix');
    expect(Math.abs(exact.coefficients[0] - r.coefficients[0])).toBeGreaterThan(1e-3);
  });
});
