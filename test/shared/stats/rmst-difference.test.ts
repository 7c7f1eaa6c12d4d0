import { describe, expect, it } from 'vitest';
import { kaplanMeierByGroup } from '../../../shared/stats/kaplan-meier';
import { restrictedMeanSurvival } from '../../../shared/stats/rmst';
import { restrictedMeanInterval, rmstContrast, rmstPairwise, defaultHorizon } from '../../../shared/stats/rmst-difference';
import { expectClose } from '../../helpers/compare';
import { caseData, rmstCases } from './rmst-difference-fixture';

describe('restricted mean difference and ratio between groups match survRM2 rmst2 on survfit rmean (fixtures/rmst-difference.R)', () => {
  for (const c of rmstCases) {
    it(c.name, () => {
      const data = caseData(c);
      expect(data.levels).toEqual(c.doc.groups.map((g) => g.group));
      const curves = kaplanMeierByGroup(data.time, data.status, data.group, data.levels.length);
      const tau = c.options.tau ?? defaultHorizon(curves);
      expectClose(tau, c.doc.tau, 'tau');
      const means = curves.map((curve) => restrictedMeanSurvival(curve, tau));
      means.forEach((mean, k) => {
        const expected = c.doc.groups[k];
        const interval = restrictedMeanInterval(mean, c.doc.confLevel);
        expectClose(interval.estimate, expected.rmst, `${expected.group} rmst`);
        expectClose(interval.stdErr, expected.stdErr, `${expected.group} se`);
        expectClose(interval.lower, expected.lower, `${expected.group} lower`);
        expectClose(interval.upper, expected.upper, `${expected.group} upper`);
      });
      const contrasts = rmstPairwise(means, c.doc.confLevel);
      expect(contrasts.map((x) => [data.levels[x.a], data.levels[x.b]])).toEqual(c.doc.comparisons.map((x) => [x.a, x.b]));
      contrasts.forEach((actual, i) => {
        const expected = c.doc.comparisons[i];
        const label = `${expected.a} vs ${expected.b}`;
        expectClose(actual.difference, expected.difference, `${label} difference`);
        expectClose(actual.differenceStdErr, expected.differenceStdErr, `${label} difference se`);
        expectClose(actual.differenceLower, expected.differenceLower, `${label} difference lower`);
        expectClose(actual.differenceUpper, expected.differenceUpper, `${label} difference upper`);
        expectClose(actual.differenceP, expected.p, `${label} difference p`);
        expectClose(actual.ratio, expected.ratio, `${label} ratio`);
        expectClose(actual.logRatioStdErr, expected.logRatioStdErr, `${label} log ratio se`);
        expectClose(actual.ratioLower, expected.ratioLower, `${label} ratio lower`);
        expectClose(actual.ratioUpper, expected.ratioUpper, `${label} ratio upper`);
        expectClose(actual.ratioP, expected.ratioP, `${label} ratio p`);
      });
    });
  }
});

describe('rmstContrast by hand', () => {
  it('adds the variances of the two groups and works on the log scale for the ratio', () => {
    // RMST 12 (se 3) against 8 (se 4): D = 4, se 5, z = 0.8 (p = 2 pnorm(-0.8) in R); log R = log 1.5, se = sqrt(1/16 + 1/4).
    const c = rmstContrast({ estimate: 12, stdErr: 3 }, { estimate: 8, stdErr: 4 }, 0.95);
    const z = 1.959963984540054;
    expectClose(c.difference, 4);
    expectClose(c.differenceStdErr, 5);
    expectClose(c.differenceLower, 4 - 5 * z);
    expectClose(c.differenceP, 0.423710797166793);
    expectClose(c.ratio, 1.5);
    expectClose(c.logRatioStdErr, Math.sqrt(1 / 16 + 1 / 4));
    expectClose(c.ratioUpper, 1.5 * Math.exp(z * Math.sqrt(1 / 16 + 1 / 4)));
  });

  it('gives null where R gives NaN: equal means with no uncertainty, a restricted mean of 0', () => {
    const same = rmstContrast({ estimate: 5, stdErr: 0 }, { estimate: 5, stdErr: 0 });
    expect(same.difference).toBe(0);
    expect(same.differenceP).toBeNull();
    expect(same.ratioP).toBeNull();
    const zero = rmstContrast({ estimate: 0, stdErr: 0 }, { estimate: 4, stdErr: 1 });
    expect(zero.ratio).toBe(0);
    expect(zero.logRatioStdErr).toBeNull();
    expect(zero.ratioLower).toBeNull();
    // Different means with no uncertainty: z is infinite, p = 0 as R's 2 pnorm(-Inf).
    expect(rmstContrast({ estimate: 6, stdErr: 0 }, { estimate: 5, stdErr: 0 }).differenceP).toBe(0);
  });

  it('refuses a confidence level outside (0, 1)', () => {
    expect(() => rmstContrast({ estimate: 1, stdErr: 1 }, { estimate: 1, stdErr: 1 }, 1)).toThrow(/confLevel/);
  });
});

describe('defaultHorizon (survRM2 rmst2’s default tau, for k groups)', () => {
  it('is the shortest last time among the groups that end with a censoring', () => {
    // Group 0 ends censored at 9, group 1 with a relapse at 7 (its curve is 0 after), group 2 censored at 5.
    const curves = kaplanMeierByGroup(Float64Array.of(3, 9, 2, 7, 5), Uint8Array.of(1, 0, 1, 1, 0), Int32Array.of(0, 0, 1, 1, 2), 3);
    expect(defaultHorizon(curves)).toBe(5);
    const withoutGroup2 = kaplanMeierByGroup(Float64Array.of(3, 9, 2, 7), Uint8Array.of(1, 0, 1, 1), Int32Array.of(0, 0, 1, 1), 2);
    expect(defaultHorizon(withoutGroup2)).toBe(9);
  });
  it('is the longest last time when every group ends with a relapse', () => {
    const curves = kaplanMeierByGroup(Float64Array.of(3, 4, 2, 7), Uint8Array.of(0, 1, 1, 1), Int32Array.of(0, 0, 1, 1), 2);
    expect(defaultHorizon(curves)).toBe(7);
  });
});
