/**
 * expectedEvents against R's predict(coxph(...), type = "expected") (fixtures/sites.R): given R's linear
 * predictor, each participant's expected count equals R's to 1e-6, with Efron and Breslow ties, time 0,
 * tied events and censorings, and per stratum.
 */
import { describe, expect, it } from 'vitest';
import { expectedEvents } from '../../../shared/stats/expected-events';
import { expectClose } from '../../helpers/compare';
import { sitesFixture } from './sites-cases';

describe('expectedEvents against R predict(type = "expected")', () => {
  for (const c of sitesFixture.cases) {
    it(`${c.id} (${c.ties})`, () => {
      const expected = expectedEvents({
        time: Float64Array.from(c.r.time),
        status: Uint8Array.from(c.r.status),
        linearPredictor: Float64Array.from(c.r.linearPredictor),
        ties: c.ties,
      });
      expect(expected.length).toBe(c.r.n);
      c.r.expected.forEach((e, i) => expectClose(expected[i], e, `row ${i + 1}`));
      // The expected counts add up to the events, whatever the tie method.
      expectClose(expected.reduce((a, b) => a + b, 0), c.r.events, 'sum');
    });
  }

  for (const ties of ['efron', 'breslow'] as const) {
    it(`addicts, strata(clinic) (${ties}): each stratum has its own baseline hazard`, () => {
      const s = sitesFixture.strata[ties];
      const expected = expectedEvents({
        time: Float64Array.from(s.time),
        status: Uint8Array.from(s.status),
        linearPredictor: Float64Array.from(s.linearPredictor),
        strata: Int32Array.from(s.strata),
        ties,
      });
      s.expected.forEach((e, i) => expectClose(expected[i], e, `row ${i + 1}`));
    });
  }

  it('does not depend on a constant shift of the linear predictor, even a huge one', () => {
    const c = sitesFixture.cases.find((x) => x.id === 'edge')!;
    const base = { time: Float64Array.from(c.r.time), status: Uint8Array.from(c.r.status), ties: 'efron' as const };
    const shifted = expectedEvents({ ...base, linearPredictor: Float64Array.from(c.r.linearPredictor, (v) => v + 800) });
    c.r.expected.forEach((e, i) => expectClose(shifted[i], e, `row ${i + 1}`));
  });
});
