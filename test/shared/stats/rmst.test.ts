import { describe, expect, it } from 'vitest';
import { kaplanMeierByGroup } from '../../../shared/stats/kaplan-meier';
import { commonRmstHorizon, restrictedMeanSurvival } from '../../../shared/stats/rmst';
import { expectClose } from '../../helpers/compare';
import { caseData, kmCases } from './km-fixture';

describe('restrictedMeanSurvival matches R summary(fit, rmean=)$table', () => {
  for (const c of kmCases) {
    it(c.name, () => {
      const data = caseData(c);
      const curves = kaplanMeierByGroup(data.time, data.status, data.group, data.levels.length);
      // Without a tau the fixture used R's default rmean = "common".
      const tau = c.options.tau ?? commonRmstHorizon(curves);
      curves.forEach((curve, k) => {
        const expected = c.doc.groups[k].rmst;
        const label = `${c.name} [${c.doc.groups[k].group}]`;
        const actual = restrictedMeanSurvival(curve, tau);
        expectClose(actual.tau, expected.tau, `${label} tau`);
        expectClose(actual.estimate, expected.estimate, `${label} rmean`);
        expectClose(actual.stdErr, expected.stdErr, `${label} se(rmean)`);
      });
    });
  }

  it('integrates the step curve by hand', () => {
    // S = 1 on [0,2), 2/3 on [2,4), 1/3 from 4: area to 5 is 2 + 4/3 + 1/3.
    const curve = kaplanMeierByGroup(Float64Array.of(2, 4, 6), Uint8Array.of(1, 1, 0), new Int32Array(3), 1)[0];
    expectClose(restrictedMeanSurvival(curve, 5).estimate, 2 + 4 / 3 + 1 / 3);
    expect(restrictedMeanSurvival(curve, 1)).toEqual({ tau: 1, estimate: 1, stdErr: 0 });
    expect(() => restrictedMeanSurvival(curve, NaN)).toThrow();
  });
});
