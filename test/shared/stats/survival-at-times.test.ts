import { describe, expect, it } from 'vitest';
import { kaplanMeierByGroup } from '../../../shared/stats/kaplan-meier';
import { survivalAtTimes } from '../../../shared/stats/survival-at-times';
import { expectClose } from '../../helpers/compare';
import { asArray, caseData, kmCases } from './km-fixture';

const FIELDS = ['time', 'nRisk', 'nEvent', 'nCensor', 'survival', 'stdErr', 'lower', 'upper'] as const;

describe('survivalAtTimes matches R summary(fit, times=, extend=FALSE)', () => {
  for (const c of kmCases.filter((k) => k.options.times !== null)) {
    it(c.name, () => {
      const data = caseData(c);
      const curves = kaplanMeierByGroup(data.time, data.status, data.group, data.levels.length, {
        confType: c.options.confType,
        confLevel: c.options.confLevel,
      });
      const times = asArray(c.options.times);
      curves.forEach((curve, k) => {
        const label = `${c.name} [${c.doc.groups[k].group}]`;
        const expected = c.doc.groups[k].atTimes;
        const actual = survivalAtTimes(curve, times);
        expect(actual.length, `${label} number of times kept`).toBe(expected.length);
        actual.forEach((row, j) => {
          for (const field of FIELDS) expectClose(row[field], expected[j][field], `${label} at ${row.time}: ${field}`);
        });
      });
    });
  }

  it('sorts the requested times, keeps repeats and drops non-finite ones', () => {
    const curve = kaplanMeierByGroup(Float64Array.of(1, 2, 3), Uint8Array.of(1, 1, 0), new Int32Array(3), 1)[0];
    const rows = survivalAtTimes(curve, [2, NaN, 1, 2, Infinity, 4]);
    expect(rows.map((r) => r.time)).toEqual([1, 2, 2]);
    expect(rows.map((r) => r.nEvent)).toEqual([1, 1, 0]);
    expectClose(rows[1].survival, 1 / 3);
  });
});
