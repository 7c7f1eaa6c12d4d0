/**
 * Engine test of adjustedSurvival (shared/stats/adjusted-survival.ts), the g-formula curves by group with
 * their influence-function SE. Against R (test/shared/analyses/fixtures/adjusted.R) on veteran with
 * untied times (where the SE is riskRegression::ate()'s) and on inline data with time 0 and ties; and
 * against the influence function summed participant by participant (the engine pools participants by
 * their case-mix linear predictor and expands Σφ²; the direct sum checks that algebra) on 400 simulated
 * participants with a continuous covariate, tied times and three groups.
 */
import { describe, expect, it } from 'vitest';
import { adjustedSurvival } from '../../../shared/stats/adjusted-survival';
import { fitCox, type CoxTies } from '../../../shared/stats/cox';
import { aeqSurv } from '../../../shared/stats/timefix';
import { scoreResiduals } from '../../../shared/stats/robust-variance';
import { expectClose } from '../../helpers/compare';
import { adjustedCase } from '../analyses/adjusted-cases';

/** Design: indicators of groups 1..k−1, then the numeric columns. */
function design(group: Int32Array, k: number, numeric: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (let g = 1; g < k; g++) out.push(Float64Array.from(group, (c) => (c === g ? 1 : 0)));
  return [...out, ...numeric];
}

function run(time: Float64Array, status: Uint8Array, group: Int32Array, k: number, numeric: Float64Array[], ties: CoxTies, times?: number[]) {
  const t = aeqSurv(time);
  const covariates = design(group, k, numeric);
  const fit = fitCox({ time: t, status, covariates, ties, timefix: false });
  const result = adjustedSurvival({
    time: t,
    status,
    covariates,
    group,
    groupCount: k,
    groupColumn: Int32Array.from({ length: k }, (_, g) => g - 1),
    ties,
    coefficients: fit.coefficients,
    variance: fit.variance,
    means: fit.means,
    times: times ? Float64Array.from(times) : null,
  });
  return { result, fit, covariates, time: t };
}

describe('adjustedSurvival against R', () => {
  it('veteran with untied times (trt; karno, age, celltype): curves and ate()\'s SE', () => {
    const c = adjustedCase('veteran-untied-efron');
    const inline = c.inline!;
    const cells = ['adeno', 'large', 'smallcell', 'squamous'];
    const celltype = inline.celltype as string[];
    const numeric = [Float64Array.from(inline.karno as number[]), Float64Array.from(inline.age as number[]), ...cells.slice(1).map((l) => Float64Array.from(celltype, (v) => (v === l ? 1 : 0)))];
    const group = Int32Array.from(inline.trt as number[], (v) => v - 1);
    const { result } = run(Float64Array.from(inline.time as number[]), Uint8Array.from(inline.status as number[]), group, 2, numeric, 'efron', c.times as number[]);
    result.curves.forEach((curve, g) =>
      c.r.curves[g].rows.forEach((e, j) => {
        expect(curve.time[j]).toBe(e.time);
        expectClose(curve.survival[j], e.survival, `trt ${g + 1} at ${e.time} survival`);
        expectClose(curve.stdErr[j], e.ateStdErr, `trt ${g + 1} at ${e.time} se (ate)`);
        expectClose(curve.lower[j], e.lower, `trt ${g + 1} at ${e.time} lower`);
        expectClose(curve.upper[j], e.upper, `trt ${g + 1} at ${e.time} upper`);
      }),
    );
  });

  for (const id of ['ties-time-zero', 'ties-time-zero-breslow']) {
    it(`${id}: events at time 0, tied deaths, three groups`, () => {
      const c = adjustedCase(id);
      const inline = c.inline!;
      const keep = (inline.x as (number | null)[]).map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
      const pick = (name: string) => keep.map((i) => inline[name][i]);
      const group = Int32Array.from(pick('arm') as string[], (v) => ['a', 'b', 'c'].indexOf(v));
      const { result } = run(Float64Array.from(pick('time') as number[]), Uint8Array.from(pick('status') as number[]), group, 3, [Float64Array.from(pick('x') as number[])], c.ties, c.times as number[]);
      result.curves.forEach((curve, g) =>
        c.r.curves[g].rows.forEach((e, j) => {
          expectClose(curve.survival[j], e.survival, `${g} at ${e.time} survival`);
          expectClose(curve.stdErr[j], e.stdErr, `${g} at ${e.time} se`);
        }),
      );
    });
  }
});

/** A small deterministic generator (the test must not depend on Math.random). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('adjustedSurvival: the pooled, expanded Σφ² equals the direct sum', () => {
  for (const ties of ['efron', 'breslow'] as const) {
    it(`400 participants, continuous and binary covariates, ${ties}`, () => {
      const rand = lcg(ties === 'efron' ? 7 : 11);
      const n = 400;
      const group = Int32Array.from({ length: n }, () => Math.floor(rand() * 3));
      const age = Float64Array.from({ length: n }, () => Math.round(20 + rand() * 40));
      const male = Float64Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0));
      const time = Float64Array.from({ length: n }, (_, i) => Math.ceil(-Math.log(rand()) * 200 * Math.exp(-0.02 * (age[i] - 40) - 0.3 * group[i])));
      const status = Uint8Array.from({ length: n }, () => (rand() < 0.7 ? 1 : 0));
      const { result, fit, covariates, time: t } = run(time, status, group, 3, [age, male], ties);
      const p = covariates.length;
      expect(result.distinctCaseMix).toBeLessThan(n);

      // Direct: φ_i for every participant, every time, every group.
      const beta = fit.coefficients;
      const centre = fit.means.reduce((a, m, k) => a + m * beta[k], 0);
      const eta = Float64Array.from({ length: n }, (_, i) => covariates.reduce((a, col, k) => a + col[i] * beta[k], 0) - centre);
      const risk = eta.map(Math.exp);
      const score = scoreResiduals({ start: new Float64Array(n).fill(-1), stop: t, status, covariates, linearPredictor: eta, ties });
      const h = Array.from({ length: n }, (_, i) => Array.from({ length: p }, (_, c) => {
        let s = 0;
        for (let l = 0; l < p; l++) s += score[i * p + l] * fit.variance[l * p + c];
        return s;
      }));
      const eventTimes = [...new Set(Array.from(t).filter((_, i) => status[i] === 1))].sort((a, b) => a - b);
      const S0 = eventTimes.map((u) => risk.reduce((a, r, i) => a + (t[i] >= u ? r : 0), 0));
      const S1 = eventTimes.map((u) => Array.from({ length: p }, (_, c) => risk.reduce((a, r, i) => a + (t[i] >= u ? r * covariates[c][i] : 0), 0)));
      const dL = eventTimes.map((u, k) => {
        const d = status.reduce((a, s, i) => a + (s === 1 && t[i] === u ? 1 : 0), 0);
        if (ties === 'breslow' || d === 1) return d / S0[k];
        const E = risk.reduce((a, r, i) => a + (status[i] === 1 && t[i] === u ? r : 0), 0);
        let sum = 0;
        for (let j = 0; j < d; j++) sum += 1 / (S0[k] - (E * j) / d);
        return sum;
      });
      for (const v of [0, 5, Math.floor(eventTimes.length / 2), eventTimes.length - 1]) {
        const tv = eventTimes[v];
        const L0 = dL.slice(0, v + 1).reduce((a, b) => a + b, 0);
        const xbar = Array.from({ length: p }, (_, c) => dL.slice(0, v + 1).reduce((a, dl, k) => a + (S1[k][c] / S0[k]) * dl, 0));
        const Gat = (s: number) => dL.reduce((a, dl, k) => a + (eventTimes[k] <= s ? dl / S0[k] : 0), 0);
        const W = Array.from({ length: n }, (_, i) => (status[i] === 1 && t[i] <= tv ? 1 / S0[eventTimes.indexOf(t[i])] : 0) - risk[i] * Gat(Math.min(tv, t[i])));
        for (let g = 0; g < 3; g++) {
          const xg = (i: number) => Array.from({ length: p }, (_, c) => (c < 2 ? (c === g - 1 ? 1 : 0) : covariates[c][i]));
          const rg = Array.from({ length: n }, (_, i) => Math.exp(xg(i).reduce((a, x, c) => a + x * beta[c], 0) - centre));
          const S = rg.map((r) => Math.exp(-L0 * r));
          const mean = S.reduce((a, b) => a + b, 0) / n;
          const A = S.reduce((a, s, i) => a + s * rg[i], 0) / n;
          const B = Array.from({ length: p }, (_, c) => S.reduce((a, s, i) => a + s * rg[i] * xg(i)[c], 0) / n);
          const D = B.map((b, c) => L0 * b - A * xbar[c]);
          let sum = 0;
          for (let i = 0; i < n; i++) {
            const phi = (S[i] - mean) / n - A * W[i] - D.reduce((a, d, c) => a + d * h[i][c], 0);
            sum += phi * phi;
          }
          expect(result.time[v]).toBe(tv);
          expectClose(result.curves[g].survival[v], mean, `group ${g} at ${tv} survival`);
          expectClose(result.curves[g].stdErr[v], Math.sqrt(sum), `group ${g} at ${tv} se`);
        }
      }
    });
  }

  it('workLimit thins the default rows to evenly spaced event times, the last included, values unchanged', () => {
    const rand = lcg(3);
    const n = 300;
    const group = Int32Array.from({ length: n }, () => Math.floor(rand() * 2));
    const x = Float64Array.from({ length: n }, () => rand());
    const time = Float64Array.from({ length: n }, () => Math.ceil(rand() * 500));
    const status = Uint8Array.from({ length: n }, () => (rand() < 0.8 ? 1 : 0));
    const t = aeqSurv(time);
    const covariates = design(group, 2, [x]);
    const fit = fitCox({ time: t, status, covariates, ties: 'efron', timefix: false });
    const input = { time: t, status, covariates, group, groupCount: 2, groupColumn: Int32Array.from([-1, 0]), ties: 'efron' as const, coefficients: fit.coefficients, variance: fit.variance, means: fit.means };
    const all = adjustedSurvival(input);
    expect(all.distinctCaseMix).toBe(n);
    expect(all.time.length).toBe(all.eventTimes);
    const thinned = adjustedSurvival({ ...input, workLimit: n * 2 * 20 });
    expect(thinned.time.length).toBe(20);
    expect(thinned.time[19]).toBe(all.time[all.time.length - 1]);
    for (let j = 0; j < 20; j++) {
      const at = Array.from(all.time).indexOf(thinned.time[j]);
      expect(at).toBeGreaterThanOrEqual(0);
      for (let g = 0; g < 2; g++) {
        expect(thinned.curves[g].survival[j]).toBe(all.curves[g].survival[at]);
        expect(thinned.curves[g].stdErr[j]).toBe(all.curves[g].stdErr[at]);
      }
    }
    expect(adjustedSurvival({ ...input, workLimit: 1 }).time.length).toBe(10);
  });

  it('rows at asked times take the value at the last event time on or before each; after the last follow-up NaN', () => {
    const c = adjustedCase('ties-time-zero');
    const inline = c.inline!;
    const keep = (inline.x as (number | null)[]).map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
    const pick = (name: string) => keep.map((i) => inline[name][i]);
    const group = Int32Array.from(pick('arm') as string[], (v) => ['a', 'b', 'c'].indexOf(v));
    const time = Float64Array.from(pick('time') as number[]);
    const status = Uint8Array.from(pick('status') as number[]);
    const x = [Float64Array.from(pick('x') as number[])];
    const all = run(time, status, group, 3, x, 'efron').result;
    const asked = run(time, status, group, 3, x, 'efron', [13, 5.5, 5]).result;
    expect(Array.from(asked.time)).toEqual([5, 5.5, 13]);
    const at5 = Array.from(all.time).indexOf(5);
    for (let g = 0; g < 3; g++) {
      expect(asked.curves[g].survival[0]).toBe(all.curves[g].survival[at5]);
      expect(asked.curves[g].survival[1]).toBe(all.curves[g].survival[at5]);
      expect(asked.curves[g].stdErr[1]).toBe(all.curves[g].stdErr[at5]);
      expect(asked.curves[g].survival[2]).toBeNaN();
    }
  });
});
