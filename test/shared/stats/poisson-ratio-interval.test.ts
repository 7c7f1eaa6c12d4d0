/** poissonRatioInterval against R's poisson.test(O, E, conf.level)$conf.int (fixtures/sites.R). */
import { describe, expect, it } from 'vitest';
import { poissonRatioInterval } from '../../../shared/stats/poisson-ratio-interval';
import { expectClose } from '../../helpers/compare';
import { sitesFixture } from './sites-cases';

describe('exact Poisson (Garwood) interval of O/E', () => {
  for (const g of sitesFixture.garwood) {
    it(`O = ${g.observed}, E = ${g.expected}, ${g.confLevel}`, () => {
      const ci = poissonRatioInterval(g.observed, g.expected, g.confLevel);
      expectClose(ci.ratio, g.observed / g.expected, 'ratio');
      expectClose(ci.lower, g.lower, 'lower');
      expectClose(ci.upper, g.upper, 'upper');
    });
  }

  it('no ratio when nothing is expected', () => {
    expect(poissonRatioInterval(0, 0)).toEqual({ ratio: null, lower: null, upper: null });
    expect(poissonRatioInterval(2, 0)).toEqual({ ratio: null, lower: null, upper: null });
  });
});
