import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kaplanMeierCounting, kaplanMeierCountingByGroup, mergeCountingTimes } from '../../../shared/stats/kaplan-meier-counting';
import { kaplanMeier, type ConfType } from '../../../shared/stats/kaplan-meier';
import { expectAllClose } from '../../helpers/compare';

interface KmFixture {
  name: string;
  data: { start: number[]; stop: number[]; event: number[]; group: string[] | null };
  confType: ConfType;
  confLevel: number;
  levels: string[];
  groups: {
    group: string;
    n: number;
    events: number;
    time: number[];
    nRisk: number[];
    nEvent: number[];
    nCensor: number[];
    survival: number[];
    logStdErr: (number | null)[];
    lower: (number | null)[];
    upper: (number | null)[];
    cumHaz: number[];
    cumHazStdErr: number[];
  }[];
}

const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/mean-cumulative-function.json', import.meta.url)), 'utf8')) as { km: KmFixture[] };
const nanToNull = (xs: Float64Array) => Array.from(xs, (x) => (Number.isFinite(x) ? x : null));

describe('kaplanMeierCountingByGroup equals survfit(Surv(start, stop, event) ~ group)', () => {
  for (const c of fixture.km) {
    it(c.name, () => {
      const index = new Map(c.levels.map((v, k) => [v, k]));
      const group = c.data.group ? Int32Array.from(c.data.group, (v) => index.get(v)!) : new Int32Array(c.data.start.length);
      const curves = kaplanMeierCountingByGroup(
        Float64Array.from(c.data.start),
        Float64Array.from(c.data.stop),
        Uint8Array.from(c.data.event),
        group,
        c.levels.length,
        { confType: c.confType, confLevel: c.confLevel },
      );
      c.groups.forEach((e, k) => {
        const got = curves[k];
        const label = `${c.name} ${e.group}`;
        expect(got.n).toBe(e.n);
        expect(got.events).toBe(e.events);
        expect(Array.from(got.nRisk), `${label} nRisk`).toEqual(e.nRisk);
        expect(Array.from(got.nEvent), `${label} nEvent`).toEqual(e.nEvent);
        expect(Array.from(got.nCensor), `${label} nCensor`).toEqual(e.nCensor);
        expectAllClose(got.time, e.time, `${label} time`);
        expectAllClose(got.survival, e.survival, `${label} survival`);
        expectAllClose(nanToNull(got.logStdErr), e.logStdErr, `${label} std.err`);
        expectAllClose(nanToNull(got.lower), e.lower, `${label} lower`);
        expectAllClose(nanToNull(got.upper), e.upper, `${label} upper`);
        expectAllClose(got.cumHaz, e.cumHaz, `${label} cumhaz`);
        expectAllClose(got.cumHazStdErr, e.cumHazStdErr, `${label} std.chaz`);
      });
    });
  }
});

describe('kaplanMeierCounting', () => {
  it('with every start at 0 is the right-censored Kaplan–Meier curve', () => {
    const stop = Float64Array.of(2, 4, 4, 7, 9, 3, 5, 8, 10);
    const status = Uint8Array.of(1, 1, 0, 1, 0, 0, 1, 0, 1);
    const counting = kaplanMeierCounting(new Float64Array(stop.length), stop, status);
    const plain = kaplanMeier(stop, status);
    expect(Array.from(counting.nRisk)).toEqual(Array.from(plain.nRisk));
    expectAllClose(counting.survival, plain.survival, 'survival');
    expectAllClose(counting.cumHazStdErr, plain.cumHazStdErr, 'std.chaz');
  });

  it('refuses stop <= start and intervals that near-ties collapse', () => {
    expect(() => kaplanMeierCounting(Float64Array.of(0, 3), Float64Array.of(3, 2), Uint8Array.of(0, 1))).toThrow(/data row 2: stop time 2 is not after start time 3/);
    expect(() => mergeCountingTimes(Float64Array.of(0, 1), Float64Array.of(1, 1 + 1e-12))).toThrow(/data row 2.*effective length 0/);
  });
});
