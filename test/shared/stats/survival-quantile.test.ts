import { describe, expect, it } from 'vitest';
import { kaplanMeierByGroup } from '../../../shared/stats/kaplan-meier';
import { medianSurvival, survivalQuantiles } from '../../../shared/stats/survival-quantile';
import { expectClose } from '../../helpers/compare';
import { caseData, kmCases } from './km-fixture';

describe('survival quantiles match R quantile.survfit and the print.survfit median', () => {
  for (const c of kmCases) {
    it(c.name, () => {
      const data = caseData(c);
      const curves = kaplanMeierByGroup(data.time, data.status, data.group, data.levels.length, {
        confType: c.options.confType,
        confLevel: c.options.confLevel,
      });
      curves.forEach((curve, k) => {
        const label = `${c.name} [${c.doc.groups[k].group}]`;
        for (const expected of [c.doc.groups[k].quantiles, c.raw[k].extraQuantiles]) {
          const actual = survivalQuantiles(curve, expected.map((q) => q.p));
          expected.forEach((q, j) => {
            expect(actual[j].p).toBe(q.p);
            expectClose(actual[j].estimate, q.estimate, `${label} q${q.p} estimate`);
            expectClose(actual[j].lower, q.lower, `${label} q${q.p} lower`);
            expectClose(actual[j].upper, q.upper, `${label} q${q.p} upper`);
          });
        }
        const median = medianSurvival(curve);
        const expected = c.doc.groups[k].median;
        expectClose(median.estimate, expected.estimate, `${label} median`);
        expectClose(median.lower, expected.lower, `${label} median lower`);
        expectClose(median.upper, expected.upper, `${label} median upper`);
      });
    });
  }

  it('takes the midpoint where the curve is flat at 1 - p, and R keeps the two median rules apart', () => {
    // S = 3/4, 1/2, 1/2, 1/2: quantile.survfit averages with the last time; print.survfit does not.
    const curve = kaplanMeierByGroup(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 0, 0), new Int32Array(4), 1)[0];
    expect(survivalQuantiles(curve, [0.5])[0].estimate).toBe(3);
    expect(medianSurvival(curve).estimate).toBe(2);
  });

  it('rejects probabilities outside [0, 1]', () => {
    const curve = kaplanMeierByGroup(Float64Array.of(1), Uint8Array.of(1), new Int32Array(1), 1)[0];
    expect(() => survivalQuantiles(curve, [1.5])).toThrow();
  });
});
