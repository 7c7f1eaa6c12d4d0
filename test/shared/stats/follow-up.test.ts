import { describe, expect, it } from 'vitest';
import { medianFollowUp, medianFollowUpByGroup } from '../../../shared/stats/follow-up';
import { expectClose } from '../../helpers/compare';
import { caseData, kmCases } from './km-fixture';

describe('medianFollowUp matches R survfit(Surv(time, 1 - status) ~ group)', () => {
  it('the fixture has grouped cases, so the grouped results are checked', () => {
    // fixtures/km.R: lung by sex, by ph.ecog (four groups, one of a single row), veteran, ovarian,
    // addicts, pharmacoSmoking (time 0), colon (three groups), zero events in one group, ...
    expect(kmCases.filter((c) => c.raw.length > 1).length).toBeGreaterThanOrEqual(10);
  });

  for (const c of kmCases) {
    it(c.name, () => {
      const data = caseData(c);
      const options = { confType: c.options.confType, confLevel: c.options.confLevel };
      const medians = medianFollowUpByGroup(data.time, data.status, data.group, data.levels.length, options);
      // One median per group R reports: an engine returning fewer (or none) fails here.
      expect(data.levels).toEqual(c.raw.map((r) => r.group));
      expect(medians).toHaveLength(c.raw.length);
      c.raw.forEach((raw, k) => {
        const label = `${c.name} [${raw.group}]`;
        expectClose(medians[k].estimate, raw.followUp.estimate, `${label} estimate`);
        expectClose(medians[k].lower, raw.followUp.lower, `${label} lower`);
        expectClose(medians[k].upper, raw.followUp.upper, `${label} upper`);
      });
      if (data.levels.length === 1) {
        const single = medianFollowUp(data.time, data.status, options);
        expectClose(single.estimate, c.raw[0].followUp.estimate, `${c.name} one-sample estimate`);
        expectClose(single.lower, c.raw[0].followUp.lower, `${c.name} one-sample lower`);
        expectClose(single.upper, c.raw[0].followUp.upper, `${c.name} one-sample upper`);
      }
    });
  }
});
