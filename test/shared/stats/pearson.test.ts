import { describe, expect, it } from 'vitest';
import { pearsonCorrelation, pearsonTest } from '../../../shared/stats/pearson';
import { expectClose } from '../../helpers/compare';
import { casePairs, correlationCases, isPerfect } from './fixtures/correlation-cases';

describe('pearsonTest against R cor.test(method = "pearson")', () => {
  for (const c of correlationCases.filter((x) => x.method === 'pearson')) {
    it(c.name, () => {
      for (const { label, x, y, reference: pair } of casePairs(c)) {
        const result = pearsonTest(x, y, c.confLevel);
        expect(result.n, `${label} n`).toBe(pair.n);
        expectClose(result.estimate, pair.estimate, `${label} r`);
        if (isPerfect(pair)) {
          expect(result.statistic === null || Math.abs(result.statistic) > 1e7, `${label} t`).toBe(true);
          expect(result.p!, `${label} p`).toBeLessThan(1e-20);
        } else {
          expectClose(result.statistic, pair.statistic, `${label} t`);
          expectClose(result.p, pair.p, `${label} p`);
        }
        expectClose(result.lower, pair.lower, `${label} lower`);
        expectClose(result.upper, pair.upper, `${label} upper`);
      }
    });
  }

  it('gives null for fewer than 3 pairs and for a constant column (R: error / NA)', () => {
    expect(pearsonTest(Float64Array.of(1, 2), Float64Array.of(3, 5)).estimate).toBeNull();
    expect(pearsonCorrelation(Float64Array.of(1, 2, 3), Float64Array.of(0.1, 0.1, 0.1))).toBeNull();
    const none = pearsonTest(Float64Array.of(0.1, 0.1, 0.1, 0.1), Float64Array.of(1, 2, 3, 4));
    expect([none.estimate, none.statistic, none.p, none.lower, none.upper]).toEqual([null, null, null, null, null]);
  });
});
