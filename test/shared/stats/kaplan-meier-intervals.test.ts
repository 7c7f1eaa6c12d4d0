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
import { intervalPositions, kaplanMeierIntervals, robustByDefault } from '../../../shared/stats/kaplan-meier-intervals';
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
    const censored = (c: { nCensor: Int32Array }) => c.nCensor.reduce((a, b) => a + b, 0);
    expect(censored(curves[0])).toBe(censored(plain));
    expect(censored(curves[0])).toBe(fixture.km['cgd-treat-id'].curves[0].nCensor.reduce((a: number, b: number) => a + b, 0));
  });
});
