import { describe, expect, it } from 'vitest';
import { cumulativeIncidence, incidenceAtTimes } from '../../../shared/stats/cumulative-incidence';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { type CumincFixtureCase, cumincCases as cases, factorCodes as codesOf } from '../../helpers/cuminc-fixture';

function engineInput(c: CumincFixtureCase) {
  const causes = Array.from(new Set(c.status.filter((s) => s !== 0))).sort((a, b) => a - b);
  const causeCode = new Map(causes.map((v, k) => [v, k + 1]));
  const cause = Int32Array.from(c.status, (s) => (s === 0 ? 0 : causeCode.get(s)!));
  const group = c.group ? codesOf(c.group) : { codes: new Int32Array(c.time.length), levels: ['1'] };
  return { time: Float64Array.from(c.time), cause, causes, group };
}

describe('cumulativeIncidence against cmprsk::cuminc and timepoints', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { time, cause, causes, group } = engineInput(c);
      const curves = cumulativeIncidence(time, cause, causes.length, { group: group.codes, nGroups: group.levels.length });
      expect(curves.length).toBe(c.curves.length);
      c.curves.forEach((ref, index) => {
        const curve = curves[index];
        const label = `${c.name} ${ref.group} ${ref.cause}`;
        expect(group.levels[curve.group], label).toBe(ref.group);
        expect(String(causes[curve.cause - 1]), label).toBe(ref.cause);
        expectAllClose(curve.time, ref.time, `${label} time`);
        expectAllClose(curve.estimate, ref.est, `${label} estimate`);
        expectAllClose(curve.variance, ref.var, `${label} variance`);
        const at = incidenceAtTimes(curve, c.times);
        expectAllClose(at.estimate, ref.atEst, `${label} timepoints estimate`);
        expectAllClose(at.variance, ref.atVar, `${label} timepoints variance`);
      });
    });
  }

  it('counts events and rows per curve', () => {
    const c = cases.find((x) => x.name === 'ties between causes')!;
    const { time, cause, group } = engineInput(c);
    const curves = cumulativeIncidence(time, cause, 2, { group: group.codes, nGroups: 2 });
    const a1 = curves.find((k) => k.group === 0 && k.cause === 1)!;
    const expectedEvents = c.status.filter((s, i) => s === 1 && c.group![i] === 'a').length;
    expect(a1.events).toBe(expectedEvents);
    expect(a1.n).toBe(c.group!.filter((g) => g === 'a').length);
  });

  it('gives flat zero curves when everything is censored (R errors out)', () => {
    const curves = cumulativeIncidence(Float64Array.of(1, 2, 3), Int32Array.of(0, 0, 0), 1);
    expect(curves).toHaveLength(1);
    expect(Array.from(curves[0].time)).toEqual([0, 3]);
    expect(Array.from(curves[0].estimate)).toEqual([0, 0]);
    expect(incidenceAtTimes(curves[0], [2, 4]).estimate).toEqual([0, null]);
  });

  it('rejects a cause code outside 0..nCauses', () => {
    expect(() => cumulativeIncidence(Float64Array.of(1), Int32Array.of(3), 2)).toThrow(RangeError);
  });
});

it('expectClose sanity on a known cmprsk value (single row: F = 1, var = 1 at t = 5)', () => {
  const [curve] = cumulativeIncidence(Float64Array.of(5), Int32Array.of(1), 1);
  expectClose(incidenceAtTimes(curve, [5]).estimate[0], 1);
  expectClose(incidenceAtTimes(curve, [5]).variance[0], 1);
});
