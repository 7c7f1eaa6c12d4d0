/**
 * fitLogistic (shared/stats/logistic-regression.ts) against R's glm(family = binomial) on the --method iptw
 * cases of test/shared/analyses/fixtures/adjusted.R (veteran trt on karno, age, celltype; addicts clinic on
 * prison, dose; colon recurrences sex on age, nodes, rx; a small inline case): coefficients and fitted
 * probabilities to 1e-6, the same number of iterations; and a singular design reported.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../../shared/stats/logistic-regression';
import { expectAllClose } from '../../helpers/compare';
import { TWO_GROUP_IDS, iptwEngineCase } from './iptw-engine-helpers';

describe('fitLogistic against R glm(binomial)', () => {
  for (const id of TWO_GROUP_IDS) {
    it(id, () => {
      const { c, design, treated } = iptwEngineCase(id);
      const fit = fitLogistic(design, treated);
      expect(fit.converged).toBe(true);
      expect(fit.singular).toBe(false);
      expect(fit.iterations).toBe(c.r.iter);
      expectAllClose(fit.coefficients, c.r.coef, 'coef');
      expectAllClose(fit.fitted, c.r.propensity, 'fitted');
    });
  }

  it('reports a collinear design as singular', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const fit = fitLogistic([new Float64Array(6).fill(1), x, Float64Array.from(x, (v) => 2 * v)], Uint8Array.from([0, 1, 0, 1, 1, 0]));
    expect(fit.singular).toBe(true);
  });
});
