/**
 * fitMultinomial (shared/stats/multinomial-logistic.ts) against the maximum of R's nnet::multinom likelihood
 * (multinom's BFGS estimate, then Newton steps in R until the step is below 1e-13: multinom alone stops 8e-8
 * relative from it in the fitted probabilities) on the --method iptw cases with more than two groups (test/shared/analyses/fixtures/adjusted.R: colon recurrences
 * by rx on age, nodes, sex; veteran by celltype on karno, age, trt): the fitted probabilities and the
 * coefficients; with two groups it is glm's logistic fit.
 */
import { describe, expect, it } from 'vitest';
import { fitMultinomial } from '../../../shared/stats/multinomial-logistic';
import { fitLogistic } from '../../../shared/stats/logistic-regression';
import { expectAllClose } from '../../helpers/compare';
import { MANY_GROUP_IDS, iptwEngineCase } from './iptw-engine-helpers';

describe('fitMultinomial against R nnet::multinom', () => {
  for (const id of MANY_GROUP_IDS) {
    it(id, () => {
      const { c, design, group } = iptwEngineCase(id);
      const k = c.r.curves.length;
      const fit = fitMultinomial(design, group, k);
      expect(fit.converged).toBe(true);
      expect(fit.singular).toBe(false);
      expectAllClose(fit.fitted, c.r.propensity, 'fitted');
      expectAllClose(fit.coefficients, c.r.coef, 'coef');
    });
  }

  it('with two groups it is the logistic fit', () => {
    const { design, group, treated } = iptwEngineCase('iptw-veteran');
    const multinomial = fitMultinomial(design, group, 2);
    const logistic = fitLogistic(design, treated);
    expectAllClose(multinomial.coefficients, logistic.coefficients, 'coef');
  });
});
