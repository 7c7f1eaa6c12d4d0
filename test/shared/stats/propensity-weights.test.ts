/**
 * Stabilised inverse-probability weights, their trimming at a percentile (R's quantile type 7) and the
 * standardised mean differences (shared/stats/propensity-weights.ts), against test/shared/analyses/
 * fixtures/adjusted.R: from R's own fitted probabilities, the weights and the trimmed weights to 1e-6;
 * quantileType7 against values R prints.
 */
import { describe, expect, it } from 'vitest';
import { quantileType7, stabilisedWeights, stabilisedWeightsByGroup, standardisedDifference, trimWeights } from '../../../shared/stats/propensity-weights';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { MANY_GROUP_IDS, TWO_GROUP_IDS, iptwEngineCase } from './iptw-engine-helpers';

describe('propensity weights against R', () => {
  for (const id of TWO_GROUP_IDS) {
    it(id, () => {
      const { c, treated, design } = iptwEngineCase(id);
      const weights = stabilisedWeights(Float64Array.from(c.r.propensity), treated);
      expectAllClose(weights, c.r.weights, 'stabilised');
      const trimmed = trimWeights(weights, c.trim);
      expectAllClose(trimmed.weights, c.r.trimmedWeights, 'trimmed');
      // Balance from the case-mix design columns (after the intercept).
      c.r.balance.forEach((b, j) => {
        const smd = standardisedDifference(design[j + 1], treated, trimmed.weights);
        expectClose(smd.before, b.before, `${b.term} before`);
        expectClose(smd.after, b.after, `${b.term} after`);
      });
    });
  }

  for (const id of MANY_GROUP_IDS) {
    it(`${id}: weights from the multinomial probabilities of the own group`, () => {
      const { c, group } = iptwEngineCase(id);
      const weights = stabilisedWeightsByGroup(Float64Array.from(c.r.propensity), group, c.r.curves.length);
      expectAllClose(weights, c.r.weights, 'stabilised');
      expectAllClose(trimWeights(weights, c.trim).weights, c.r.trimmedWeights, 'trimmed');
    });
  }

  it('quantile type 7 as R (quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(0, 0.01, 0.5, 0.99, 1)))', () => {
    const v = Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6]);
    // R: 1.00 1.00 3.50 8.79 9.00
    expect(quantileType7(v, 0)).toBe(1);
    expect(quantileType7(v, 0.01)).toBe(1);
    expect(quantileType7(v, 0.5)).toBe(3.5);
    expectClose(quantileType7(v, 0.99), 8.79, 'q99');
    expect(quantileType7(v, 1)).toBe(9);
  });

  it('trim 1 leaves the weights; an SMD over a constant column is null', () => {
    const w = Float64Array.from([0.5, 1, 2, 8]);
    expect(Array.from(trimWeights(w, 1).weights)).toEqual([0.5, 1, 2, 8]);
    expect(standardisedDifference([1, 1, 1, 1], Uint8Array.from([0, 0, 1, 1]), w)).toEqual({ before: null, after: null });
  });
});
