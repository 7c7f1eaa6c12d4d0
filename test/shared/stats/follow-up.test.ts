import { describe, it } from 'vitest';
import { medianFollowUp, medianFollowUpByGroup } from '../../../shared/stats/follow-up';
import { expectClose } from '../../helpers/compare';
import { caseData, kmCases } from './km-fixture';

describe('medianFollowUp matches R survfit(Surv(time, 1 - status) ~ group)', () => {
  for (const c of kmCases) {
    it(c.name, () => {
      const data = caseData(c);
      const options = { confType: c.options.confType, confLevel: c.options.confLevel };
      const medians = medianFollowUpByGroup(data.time, data.status, data.group, data.levels.length, options);
      medians.forEach((median, k) => {
        const expected = c.raw[k].followUp;
        const label = `${c.name} [${c.raw[k].group}]`;
        expectClose(median.estimate, expected.estimate, `${label} estimate`);
        expectClose(median.lower, expected.lower, `${label} lower`);
        expectClose(median.upper, expected.upper, `${label} upper`);
      });
      if (data.levels.length === 1) {
        const single = medianFollowUp(data.time, data.status, options);
        expectClose(single.estimate, c.raw[0].followUp.estimate, `${c.name} one-sample`);
      }
    });
  }
});
