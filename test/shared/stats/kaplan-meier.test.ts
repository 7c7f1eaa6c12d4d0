import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { medianSurvival } from '../../../shared/stats/survival-quantile';
import { kaplanMeier, kaplanMeierByGroup, kaplanMeierRows, survivalConfidenceInterval, confidenceZ } from '../../../shared/stats/kaplan-meier';
import { expectClose } from '../../helpers/compare';
import { asArray, caseData, kmCases } from './km-fixture';

const TABLE_FIELDS = ['time', 'nRisk', 'nEvent', 'nCensor', 'survival', 'stdErr', 'lower', 'upper', 'cumHaz', 'cumHazStdErr'] as const;

describe('kaplanMeierByGroup matches R survfit', () => {
  for (const c of kmCases) {
    it(c.name, () => {
      const data = caseData(c);
      const curves = kaplanMeierByGroup(data.time, data.status, data.group, data.levels.length, {
        confType: c.options.confType,
        confLevel: c.options.confLevel,
      });
      expect(data.levels).toEqual(c.doc.groups.map((g) => g.group));
      curves.forEach((curve, k) => {
        const expected = c.doc.groups[k];
        const label = `${c.name} [${expected.group}]`;
        expect(curve.n, `${label} n`).toBe(expected.n);
        expect(curve.events, `${label} events`).toBe(expected.events);
        const rows = kaplanMeierRows(curve);
        expect(rows.length, `${label} rows`).toBe(expected.table.length);
        rows.forEach((row, j) => {
          for (const field of TABLE_FIELDS) expectClose(row[field], expected.table[j][field], `${label} table[${j}].${field}`);
        });
        const logStdErr = asArray(c.raw[k].logStdErr);
        logStdErr.forEach((se, j) => expectClose(curve.logStdErr[j], se, `${label} survfit std.err[${j}]`));
      });
    });
  }
});

describe('kaplanMeier edge behaviour', () => {
  it('one sample equals the one-group call', () => {
    const time = Float64Array.of(3, 1, 2, 2, 5);
    const status = Uint8Array.of(1, 0, 1, 0, 1);
    const single = kaplanMeier(time, status);
    const grouped = kaplanMeierByGroup(time, status, new Int32Array(5), 1)[0];
    expect(Array.from(single.survival)).toEqual(Array.from(grouped.survival));
    expect(Array.from(single.time)).toEqual([1, 2, 3, 5]);
    expect(Array.from(single.nRisk)).toEqual([5, 4, 2, 1]);
  });

  it('an empty group code gives an empty curve', () => {
    const curves = kaplanMeierByGroup(Float64Array.of(1, 2), Uint8Array.of(1, 1), Int32Array.of(0, 2), 3);
    expect(curves[1].n).toBe(0);
    expect(curves[1].time.length).toBe(0);
    expect(curves[2].survival[0]).toBe(0);
  });

  it('rejects a bad confidence level and group codes out of range', () => {
    expect(() => kaplanMeier(Float64Array.of(1), Uint8Array.of(1), { confLevel: 1 })).toThrow();
    expect(() => kaplanMeierByGroup(Float64Array.of(1), Uint8Array.of(1), Int32Array.of(3), 2)).toThrow();
  });

  it('log-log CI is NA at S = 1 and plain CI is clipped to [0, 1]', () => {
    const z = confidenceZ(0.95);
    expect(Number.isNaN(survivalConfidenceInterval(1, 0, 'log-log', z).lower)).toBe(true);
    const plain = survivalConfidenceInterval(0.9, 0.5, 'plain', z);
    expect(plain.upper).toBe(1);
    expect(survivalConfidenceInterval(0.1, 5, 'plain', z).lower).toBe(0);
  });

});

describe('kaplanMeier merges near-tied times as survfit(timefix = TRUE)', () => {
  // fixtures/timefix.R: 0.1 + 0.2 and 0.3 are one time in R; kept apart, the lower limit of the
  // median moves from R's 0.7 to 0.3.
  const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'timefix.json'), 'utf8'));
  const time = Float64Array.from(fixture.data.time as string[], Number);
  const status = Uint8Array.from(fixture.data.status as number[]);

  it('gives R’s table and median limits', () => {
    const curve = kaplanMeier(time, status);
    const expected = fixture.kmTimefix;
    expect(Array.from(curve.time)).toEqual((expected.time as string[]).map(Number));
    expect(Array.from(curve.nRisk)).toEqual(expected.nRisk);
    expect(Array.from(curve.nEvent)).toEqual(expected.nEvent);
    expect(Array.from(curve.nCensor)).toEqual(expected.nCensor);
    curve.survival.forEach((s, j) => expectClose(s, expected.survival[j], `survival[${j}]`));
    curve.lower.forEach((s, j) => expectClose(s, expected.lower[j], `lower[${j}]`));
    const median = medianSurvival(curve);
    expectClose(median.estimate, expected.median, 'median');
    expectClose(median.lower, expected.medianLower, 'median lower limit');
    expectClose(median.upper, expected.medianUpper, 'median upper limit');
  });

  it('keeps the times apart with timefix: false, as survfit(timefix = FALSE)', () => {
    const curve = kaplanMeier(time, status, { timefix: false });
    const expected = fixture.kmExact;
    expect(Array.from(curve.time)).toEqual((expected.time as string[]).map(Number));
    curve.survival.forEach((s, j) => expectClose(s, expected.survival[j], `survival[${j}]`));
    expectClose(medianSurvival(curve).lower, expected.medianLower, 'median lower limit');
  });

  it('merges over all groups together, before splitting by group', () => {
    // 1 + 1e-8 in group 1 ties with 1 in group 0; 1 + 2e-8 alone in group 1 would still tie with it.
    const t = Float64Array.of(1, 2, 1 + 1e-8, 3);
    const curves = kaplanMeierByGroup(t, Uint8Array.of(1, 1, 1, 1), Int32Array.of(0, 0, 1, 1), 2);
    expect(Array.from(curves[1].time)).toEqual([1, 3]);
  });
});
