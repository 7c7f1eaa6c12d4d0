/**
 * shared/stats/survival-difference.ts against R (fixtures/survival-difference.R): each group's S(t), Greenwood SE
 * and number at risk as summary(survfit(…), times = t, extend = FALSE), and every pair's difference, SE, CI and p
 * as Klein et al.'s fixed-time comparison written out in R, within 1e-6; the engine on its own (the curves from
 * kaplanMeierByGroup on the same rows the R script reads).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kaplanMeierByGroup } from '../../../shared/stats/kaplan-meier';
import { survivalAtPoint, survivalDifference, survivalDifferencePairs } from '../../../shared/stats/survival-difference';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

interface RGroup { group: string; atRisk: number | null; survival: number | null; stdErr: number | null }
interface RPair { a: string; b: string; difference: number | null; stdErr: number | null; lower: number | null; upper: number | null; p: number | null }
interface RCase { source: { dataset: string; group: string; at: number; confLevel: number; eventValue: string }; groups: RGroup[]; comparisons: RPair[] }
const FIXTURE: Record<string, RCase> = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/survival-difference.json'), 'utf8'));

/** The rows R reads: time, event (status == eventValue) and the group, in R's level order (the fixture's). */
function curvesOf(c: RCase) {
  const frame = frameFromCsv(readFileSync(resolve(import.meta.dirname, '../../fixtures/data', `${c.source.dataset}.csv`), 'utf8'));
  const column = (name: string) => frame.columns.find((col) => col.name === name)!;
  const time = column('time') as { values: Float64Array };
  const status = column('status') as { values: Float64Array };
  const group = column(c.source.group);
  const levels = c.groups.map((g) => g.group);
  const label = (row: number) => ('codes' in group ? (group as { levels: string[]; codes: Int32Array }).levels[(group as { codes: Int32Array }).codes[row]] : String((group as { values: Float64Array }).values[row]));
  const times: number[] = [];
  const events: number[] = [];
  const codes: number[] = [];
  for (let row = 0; row < frame.nRows; row++) {
    times.push(time.values[row]);
    events.push(String(status.values[row]) === c.source.eventValue ? 1 : 0);
    codes.push(levels.indexOf(label(row)));
  }
  expect(codes).not.toContain(-1);
  return kaplanMeierByGroup(Float64Array.from(times), Uint8Array.from(events), Int32Array.from(codes), levels.length);
}

describe("survival difference at a time point against R's summary(survfit, times =)", () => {
  for (const [name, c] of Object.entries(FIXTURE)) {
    it(name, () => {
      const points = curvesOf(c).map((curve) => survivalAtPoint(curve, c.source.at));
      points.forEach((point, k) => {
        const r = c.groups[k];
        expectClose(point.survival, r.survival, `${name} ${r.group} survival`);
        expectClose(point.stdErr, r.stdErr, `${name} ${r.group} SE`);
        expect(point.atRisk, `${name} ${r.group} at risk`).toBe(r.atRisk);
      });
      const pairs = survivalDifferencePairs(points, c.source.confLevel);
      expect(pairs).toHaveLength(c.comparisons.length);
      pairs.forEach((pair, i) => {
        const r = c.comparisons[i];
        expect([c.groups[pair.a].group, c.groups[pair.b].group]).toEqual([r.a, r.b]);
        for (const field of ['difference', 'stdErr', 'lower', 'upper', 'p'] as const) expectClose(pair[field], r[field], `${name} ${r.a} - ${r.b} ${field}`);
      });
    });
  }

  it('a difference with no uncertainty (both SEs 0) has no p, and a missing value gives no comparison', () => {
    expect(survivalDifference({ survival: 1, stdErr: 0, atRisk: 10 }, { survival: 1, stdErr: 0, atRisk: 8 }, 0.95)).toEqual({ difference: 0, stdErr: 0, lower: 0, upper: 0, p: null });
    expect(survivalDifference({ survival: null, stdErr: null, atRisk: null }, { survival: 0.5, stdErr: 0.1, atRisk: 8 }, 0.95).difference).toBeNull();
    // By hand: 0.7 − 0.5 = 0.2, SE √(0.03² + 0.04²) = 0.05, z = 4, p = 2Φ(−4) = 6.334248e-5; 95% CI 0.2 ∓ 1.959964 × 0.05.
    const d = survivalDifference({ survival: 0.7, stdErr: 0.03, atRisk: 50 }, { survival: 0.5, stdErr: 0.04, atRisk: 40 }, 0.95);
    expectClose(d.stdErr, 0.05, 'SE');
    expectClose(d.p, 6.334248366623996e-5, 'p');
    expectClose(d.lower, 0.2 - 1.959963984540054 * 0.05, 'lower');
  });
});
