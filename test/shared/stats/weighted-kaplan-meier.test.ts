/**
 * weightedKaplanMeier (shared/stats/weighted-kaplan-meier.ts) against R's survfit(Surv(time, status) ~ group,
 * weights = w, robust = TRUE, id = row) given R's own (trimmed, stabilised) weights, on the --method iptw
 * cases of test/shared/analyses/fixtures/adjusted.R: at every event time (veteran: summary(fit)) the
 * weighted numbers at risk and of events, S, the robust SE of S and the log CI to 1e-6, with a curve that
 * reaches 0 (SE 0, no CI); and the robust variance against survfitkm.c's recursion written out.
 */
import { describe, expect, it } from 'vitest';
import { weightedKaplanMeier } from '../../../shared/stats/weighted-kaplan-meier';
import { expectClose } from '../../helpers/compare';
import { iptwEngineCase } from './iptw-engine-helpers';

describe('weightedKaplanMeier against R survfit(weights, robust = TRUE)', () => {
  it('veteran by trt with R\'s trimmed weights: every event time', () => {
    const { c, time, status, group } = iptwEngineCase('iptw-veteran');
    const curves = weightedKaplanMeier({ time, status, weight: Float64Array.from(c.r.trimmedWeights), group, groupCount: 2 });
    curves.forEach((curve, g) => {
      const rows = c.r.curves[g].rows;
      const eventRows = Array.from(curve.time).map((t, j) => j).filter((j) => curve.nEvent[j] > 0);
      expect(eventRows.length).toBe(rows.length);
      eventRows.forEach((j, r) => {
        const e = rows[r];
        expect(curve.time[j]).toBe(e.time);
        expectClose(curve.nRisk[j], e.nRisk, `${g} n.risk at ${e.time}`);
        expectClose(curve.nEvent[j], e.nEvent, `${g} n.event at ${e.time}`);
        expectClose(curve.survival[j], e.survival, `${g} surv at ${e.time}`);
        expectClose(curve.stdErr[j], e.stdErr, `${g} se at ${e.time}`);
        expectClose(curve.lower[j], e.lower, `${g} lower at ${e.time}`);
        expectClose(curve.upper[j], e.upper, `${g} upper at ${e.time}`);
      });
    });
    expect(curves[0].survival[curves[0].survival.length - 1]).toBe(0);
  });

  it('the closed-form robust SE equals survfitkm.c\'s recursion (weights, ties, time 0)', () => {
    const time = Float64Array.from([0, 0, 2, 5, 5, 5, 5, 7, 9, 9, 9, 12, 3, 6, 8, 11]);
    const status = Uint8Array.from([1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1]);
    const weight = Float64Array.from(time, (_, i) => 0.5 + ((i * 7) % 5) / 3);
    const group = new Int32Array(time.length);
    const [curve] = weightedKaplanMeier({ time, status, weight, group, groupCount: 1 });
    // survfitkm.c: at each time u with n at risk, d events, h = d/n: U_i <- U_i (1 - h) + w_i S(u-) (Y_i h - dN_i) / n.
    const U = new Float64Array(time.length);
    let s = 1;
    curve.time.forEach((u, j) => {
      const n = curve.nRisk[j];
      const h = curve.nEvent[j] / n;
      if (h > 0) {
        for (let i = 0; i < time.length; i++) {
          const atRisk = time[i] >= u ? 1 : 0;
          const event = time[i] === u && status[i] === 1 ? 1 : 0;
          U[i] = U[i] * (1 - h) + (weight[i] * s * (atRisk * h - event)) / n;
        }
      }
      s *= 1 - h;
      expectClose(curve.survival[j], s, `S at ${u}`);
      expectClose(curve.stdErr[j], Math.sqrt(U.reduce((a, v) => a + v * v, 0)), `se at ${u}`);
    });
  });
});
