import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kaplanMeierByGroup } from '../../../shared/stats/kaplan-meier';
import { commonRmstHorizon, restrictedMeanSurvival, rmstHorizonWarning } from '../../../shared/stats/rmst';
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

describe('a restricted mean horizon before the first time', () => {
  // fixtures/r-stops.R: two groups, the first times 3 and 4. R's print/summary stop for tau = 2.
  const stops = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'r-stops.json'), 'utf8')).rmst;
  const curves = kaplanMeierByGroup(Float64Array.from(stops.time), Uint8Array.from(stops.status), Int32Array.from(stops.group, (g: number) => g - 1), 2);

  it("warns in one line with R's reason where R stops", () => {
    expect(stops.printError).toBe('Truncation point for the mean is < smallest survival');
    const warning = rmstHorizonWarning(curves, 2);
    expect(warning?.code).toBe('rmst-horizon-before-first-time');
    expect(warning?.message).toContain(`("${stops.printError}")`);
    expect(warning?.message).not.toContain('\n');
    expect(restrictedMeanSurvival(curves[0], 2)).toEqual({ tau: 2, estimate: 2, stdErr: 0 });
  });

  it('accepts, as R, a horizon at the first time or before one group’s first time only', () => {
    for (const accepted of stops.accepted as { tau: number; estimate: number[]; stdErr: number[] }[]) {
      expect(rmstHorizonWarning(curves, accepted.tau), `tau ${accepted.tau}`).toBeNull();
      curves.forEach((curve, k) => {
        const rmst = restrictedMeanSurvival(curve, accepted.tau);
        expectClose(rmst.estimate, accepted.estimate[k], `tau ${accepted.tau} group ${k} rmean`);
        expectClose(rmst.stdErr, accepted.stdErr[k], `tau ${accepted.tau} group ${k} se`);
      });
    }
  });
});
