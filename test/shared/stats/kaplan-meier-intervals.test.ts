/**
 * Kaplan–Meier on (start, stop] rows with ids and clusters (shared/stats/kaplan-meier-intervals.ts)
 * against R (test/shared/analyses/fixtures/start-stop-km-logrank.R): survflag's run positions, R's
 * default for the robust SE, and the robust (infinitesimal jackknife) SEs on cgd by participant.
 * The whole `analyze km --start` document is compared in test/shared/analyses/km-start-stop.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { intervalPositions, kaplanMeierIntervals, robustByDefault, robustStandardErrors } from '../../../shared/stats/kaplan-meier-intervals';
import { confidenceZ } from '../../../shared/stats/kaplan-meier';
import { kaplanMeierCounting } from '../../../shared/stats/kaplan-meier-counting';
import { expectAllClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, '..', 'analyses', 'fixtures', 'start-stop-km-logrank.json'), 'utf8'));

describe('intervalPositions (survflag)', () => {
  it('first and last of each run of contiguous intervals, a gap starting a new run, as R', () => {
    const rows: { id: number; start: number; stop: number; position: number }[] = fixture.survflag;
    const positions = intervalPositions(
      Float64Array.from(rows, (r) => r.start),
      Float64Array.from(rows, (r) => r.stop),
      Int32Array.from(rows, (r) => r.id - 1),
    );
    expect(Array.from(positions)).toEqual(rows.map((r) => r.position));
  });
});

describe('robustByDefault', () => {
  it('true only when some participant has more than one event', () => {
    expect(robustByDefault(Int32Array.of(0, 0, 1), Uint8Array.of(0, 1, 1))).toBe(false);
    expect(robustByDefault(Int32Array.of(0, 0, 1), Uint8Array.of(1, 1, 0))).toBe(true);
  });
});

describe('kaplanMeierIntervals', () => {
  const cgd = frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', 'cgd.csv'), 'utf8'));
  const num = (name: string) => (cgd.columns.find((c) => c.name === name) as { values: Float64Array }).values;
  const treat = cgd.columns.find((c) => c.name === 'treat') as { codes: Int32Array; levels: string[] };
  const id = Int32Array.from(num('id'), (v) => v - 1);
  const status = Uint8Array.from(num('status'));
  // Group 0 placebo, 1 rIFN-g (R's level order).
  const group = Int32Array.from(treat.codes, (c) => (treat.levels[c] === 'placebo' ? 0 : 1));
  const input = { start: num('tstart'), stop: num('tstop'), status, group, nGroups: 2, id };

  it('cgd by treat, robust by participant: SE of S and of H, CI, as survfit(..., id = id)', () => {
    expect(robustByDefault(id, status)).toBe(true);
    const curves = kaplanMeierIntervals({ ...input, cluster: id });
    curves.forEach((curve, k) => {
      const r = fixture.km['cgd-treat-id'].curves[k];
      expectAllClose(curve.time, r.time, `time ${k}`);
      expectAllClose(curve.stdErr, r.stdErr, `stdErr ${k}`);
      expectAllClose(curve.cumHazStdErr, r.cumHazStdErr, `cumHazStdErr ${k}`);
      expectAllClose(curve.lower, r.lower, `lower ${k}`);
      expectAllClose(curve.upper, r.upper, `upper ${k}`);
    });
  });

  it("without a cluster: the curve, Greenwood SE and counts of kaplanMeierCounting (cgd's intervals end in a relapse or at the end of follow-up)", () => {
    const curves = kaplanMeierIntervals(input);
    const placebo = Array.from({ length: status.length }, (_, i) => i).filter((i) => group[i] === 0);
    const plain = kaplanMeierCounting(
      Float64Array.from(placebo, (i) => num('tstart')[i]),
      Float64Array.from(placebo, (i) => num('tstop')[i]),
      Uint8Array.from(placebo, (i) => status[i]),
    );
    expect(Array.from(curves[0].survival)).toEqual(Array.from(plain.survival));
    expect(Array.from(curves[0].stdErr)).toEqual(Array.from(plain.stdErr));
    expect(Array.from(curves[0].nRisk)).toEqual(Array.from(plain.nRisk));
    const censored = (c: { nCensor: ArrayLike<number> }) => Array.from(c.nCensor).reduce((a, b) => a + b, 0);
    expect(censored(curves[0])).toBe(censored(plain));
    expect(censored(curves[0])).toBe(fixture.km['cgd-treat-id'].curves[0].nCensor.reduce((a: number, b: number) => a + b, 0));
  });
});

describe('robustStandardErrors: the lazy running sums (large problems) against the direct loop (survfitkm.c)', () => {
  it('random (start, stop] data with clusters of several rows, late entrants and times where everyone at risk relapses (h = 1)', () => {
    let seed = 20261203;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let resets = 0;
    for (let trial = 0; trial < 30; trial++) {
      const n = 100 + Math.floor(random() * 900);
      const nClusters = 20 + Math.floor(random() * (n - 20));
      const rowsOf: number[][] = [[], [], [], []];
      const push = (s0: number, s1: number, d: number, c: number) => rowsOf[0].push(s0) && rowsOf[1].push(s1) && rowsOf[2].push(d) && rowsOf[3].push(c);
      for (let i = 0; i < n; i++) {
        const s0 = Math.floor(random() * 60);
        push(s0, s0 + 1 + Math.floor(random() * 40), random() < 0.6 ? 1 : 0, Math.floor(random() * nClusters));
      }
      // Late lone intervals ending in a relapse (h = 1: S drops to 0), then new entrants at risk again.
      for (let k = 0; k < 3; k++) push(200 + 10 * k, 201 + 10 * k, 1, Math.floor(random() * nClusters));
      for (let k = 0; k < 5; k++) push(205 + k, 240 + k, k % 2, Math.floor(random() * nClusters));
      const start = Float64Array.from(rowsOf[0]);
      const stop = Float64Array.from(rowsOf[1]);
      const status = Uint8Array.from(rowsOf[2]);
      const cluster = Int32Array.from(rowsOf[3]);
      const m = start.length;
      const group = new Int32Array(m);
      const [direct] = kaplanMeierIntervals({ start, stop, status, group, nGroups: 1, cluster });
      const [lazy] = kaplanMeierIntervals({ start, stop, status, group, nGroups: 1 });
      robustStandardErrors(lazy, start, stop, status, Int32Array.from({ length: m }, (_, i) => i), cluster, confidenceZ(0.95), 0);
      resets += direct.nEvent.filter((d, j) => d > 0 && d === direct.nRisk[j]).length;
      const scaleS = Math.max(...direct.stdErr);
      const scaleH = Math.max(...direct.cumHazStdErr);
      direct.time.forEach((_, j) => {
        expect(Math.abs(lazy.stdErr[j] - direct.stdErr[j]), `trial ${trial} SE of S ${j}`).toBeLessThanOrEqual(1e-9 * Math.max(direct.stdErr[j], 1e-3 * scaleS));
        expect(Math.abs(lazy.cumHazStdErr[j] - direct.cumHazStdErr[j]), `trial ${trial} SE of H ${j}`).toBeLessThanOrEqual(1e-9 * Math.max(direct.cumHazStdErr[j], 1e-3 * scaleH));
        if (Number.isNaN(direct.lower[j])) expect(lazy.lower[j]).toBeNaN();
        else expect(lazy.lower[j]).toBeCloseTo(direct.lower[j], 12);
      });
    }
    expect(resets).toBeGreaterThanOrEqual(30);
  });

  it('20,000 recurrent-relapse intervals (several per participant, some gaps) with over 500 event times: the lazy sums renormalize as they go and stay within 1e-9', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const start: number[] = [];
    const stop: number[] = [];
    const status: number[] = [];
    const cluster: number[] = [];
    for (let p = 0; start.length < 20000; p++) {
      let t = Math.floor(random() * 100);
      for (let k = 0; k < 1 + Math.floor(random() * 4) && t < 1400; k++) {
        const length = 1 + Math.floor(random() * 400);
        start.push(t);
        stop.push(t + length);
        status.push(random() < 0.6 ? 1 : 0);
        cluster.push(p);
        t += length + (random() < 0.2 ? 5 : 0);
      }
    }
    const input = { start: Float64Array.from(start), stop: Float64Array.from(stop), status: Uint8Array.from(status), group: new Int32Array(start.length), nGroups: 1 };
    const [direct] = kaplanMeierIntervals({ ...input, cluster: Int32Array.from(cluster) });
    const [lazy] = kaplanMeierIntervals(input);
    robustStandardErrors(lazy, input.start, input.stop, input.status, Int32Array.from({ length: start.length }, (_, i) => i), Int32Array.from(cluster), confidenceZ(0.95), 0);
    expect(direct.nEvent.filter((d) => d > 0).length).toBeGreaterThan(500);
    // Relative 1e-9, with the absolute floor of expectClose (1e-10) where the direct SE is exactly 0 (S has
    // dropped to 0: every influence on S cancels; the running sums keep a drift of about 1e-11 there).
    direct.time.forEach((_, j) => {
      expect(Math.abs(lazy.stdErr[j] - direct.stdErr[j]), `SE of S ${j}`).toBeLessThanOrEqual(1e-9 * direct.stdErr[j] + 1e-10);
      expect(Math.abs(lazy.cumHazStdErr[j] - direct.cumHazStdErr[j]), `SE of H ${j}`).toBeLessThanOrEqual(1e-9 * direct.cumHazStdErr[j] + 1e-10);
    });
    expect(direct.stdErr.filter((se, j) => se > 0 && j > 10).length).toBeGreaterThan(400);
  });
});
