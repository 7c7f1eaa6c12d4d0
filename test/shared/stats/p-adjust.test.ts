import { describe, expect, it } from 'vitest';
import { P_ADJUST_METHODS, pAdjust } from '../../../shared/stats/p-adjust';
import { expectAllClose } from '../../helpers/compare';
import { pAdjustReference } from './fixtures/correlation-cases';

describe('pAdjust against R p.adjust (with a missing p-value)', () => {
  for (const method of P_ADJUST_METHODS) {
    it(method, () => {
      expectAllClose(pAdjust(pAdjustReference.p, method), pAdjustReference.adjusted[method], method);
    });
  }

  it('returns a single p-value unchanged and treats NaN as missing', () => {
    expect(pAdjust([0.03], 'bonferroni')).toEqual([0.03]);
    expect(pAdjust([0.03, NaN, 0.01], 'bonferroni')).toEqual([0.06, null, 0.02]);
  });
});
