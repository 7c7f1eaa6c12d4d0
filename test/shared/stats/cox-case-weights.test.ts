/**
 * The case-weight inputs of shared/stats/cox.ts (fitCox), robust-variance.ts and cox-zph.ts: weights of 1 give
 * exactly the unweighted results (the same arithmetic), and with Breslow ties whole weights equal the rows
 * repeated w times, as R (fixtures/weights.R checks coxph so; the weighted fits against R are in
 * test/shared/analyses/weights.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fitCox } from '../../../shared/stats/cox';
import { clusterRobustVariance } from '../../../shared/stats/robust-variance';
import { coxZph } from '../../../shared/stats/cox-zph';
import { loadDataset } from '../../helpers/datasets';
import { expectClose } from '../../helpers/compare';

const veteran = loadDataset('veteran');
const time = veteran.num('time');
const status = Uint8Array.from(veteran.num('status'));
const covariates = [veteran.num('karno'), veteran.num('age')];
const n = time.length;
const ones = new Float64Array(n).fill(1);

describe('Cox engines with case weights', () => {
  it('weights of 1: fitCox, the robust variance and cox.zph exactly as without weights (Efron and Breslow)', () => {
    for (const ties of ['efron', 'breslow'] as const) {
      const plain = fitCox({ time, status, covariates, ties });
      const weighted = fitCox({ time, status, covariates, ties, weights: ones });
      expect(weighted).toEqual(plain);
      const common = { start: new Float64Array(n).fill(-1), stop: time, status, covariates, ties, cluster: Int32Array.from({ length: n }, (_, i) => i), coefficients: plain.coefficients, variance: plain.variance, linearPredictor: plain.linearPredictor };
      expect(clusterRobustVariance({ ...common, weights: ones })).toEqual(clusterRobustVariance(common));
      const zph = { time, status, strata: null, covariates, coefficients: plain.coefficients, variance: plain.variance, ties, terms: [{ name: 'karno', columns: [0] }, { name: 'age', columns: [1] }] };
      expect(coxZph({ ...zph, weights: ones })).toEqual(coxZph(zph));
    }
  });
  it('Breslow ties: whole weights equal the rows repeated w times', () => {
    const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const repeated = Array.from(w).flatMap((k, i) => Array(k).fill(i) as number[]);
    const plain = fitCox({ time: Float64Array.from(repeated, (i) => time[i]), status: Uint8Array.from(repeated, (i) => status[i]), covariates: covariates.map((x) => Float64Array.from(repeated, (i) => x[i])), ties: 'breslow' });
    const weighted = fitCox({ time, status, covariates, ties: 'breslow', weights: w });
    plain.coefficients.forEach((c, k) => expectClose(weighted.coefficients[k], c, `coef ${k}`));
    plain.standardErrors.forEach((s, k) => expectClose(weighted.standardErrors[k], s, `se ${k}`));
    expectClose(weighted.logLikFinal, plain.logLikFinal, 'loglik');
    expectClose(weighted.scoreTest.statistic, plain.scoreTest.statistic, 'score test');
  });
  it('refuses a weight of 0 (R coxph: "Invalid weights, must be >0")', () => {
    expect(() => fitCox({ time, status, covariates, ties: 'efron', weights: Float64Array.from(ones, (w, i) => (i === 2 ? 0 : w)) })).toThrow(/data row 3: weight 0/);
  });
});
