import { describe, expect, test } from 'vitest';
import { atRiskOnSteps, type KmStep, ticksWithPeopleAtRisk } from '../../../shared/report/suppression';
import { aggregateKmSteps } from '../../../shared/report/suppressed-km-steps';
import { kaplanMeier, kaplanMeierRows } from '../../../shared/stats/kaplan-meier';

function kmTable(time: number[], status: number[]): KmStep[] {
  const rows = kaplanMeierRows(kaplanMeier(Float64Array.from(time), Uint8Array.from(status), { confType: 'log', confLevel: 0.95 }));
  return rows.map((r) => ({ time: r.time, nRisk: r.nRisk, nEvent: r.nEvent, nCensor: r.nCensor, survival: r.survival, lower: r.lower, upper: r.upper }));
}

describe('Kaplan–Meier steps (ACRO-style aggregation)', () => {
  // 30 people, one leaving per day, relapse on odd days.
  const time = Array.from({ length: 30 }, (_, i) => i + 1);
  const status = time.map((t) => t % 2);
  const table = kmTable(time, status);

  test('each step has at least k leaving, relapses and censorings each 0 or ≥ k, and ≥ k at risk', () => {
    for (const k of [3, 5, 7]) {
      const steps = aggregateKmSteps(table, k, 'log', 0.95);
      expect(steps.length).toBeGreaterThan(0);
      let previous: KmStep | null = null;
      for (const s of steps) {
        expect(s.nRisk).toBeGreaterThanOrEqual(k);
        expect(s.nEvent + s.nCensor).toBeGreaterThanOrEqual(k);
        for (const c of [s.nEvent, s.nCensor]) expect(c === 0 || c >= k).toBe(true);
        if (previous) expect(previous.nRisk - s.nRisk).toBe(previous.nEvent + previous.nCensor);
        previous = s;
      }
      // The last step runs to the end of follow-up: nobody is left over, every relapse is in a step.
      expect(previous!.nRisk - previous!.nEvent - previous!.nCensor).toBe(0);
      expect(steps.reduce((a, s) => a + s.nEvent, 0)).toBe(15);
    }
  });

  test('k = 5 on this table: steps of 10 (5 relapses + 5 censored), survival recomputed from the steps', () => {
    const steps = aggregateKmSteps(table, 5, 'log', 0.95);
    expect(steps.map((s) => [s.time, s.nRisk, s.nEvent, s.nCensor])).toEqual([
      [10, 30, 5, 5],
      [20, 20, 5, 5],
      // The last step starts with 10 at risk and leaves 0, so it is drawn.
      [30, 10, 5, 5],
    ]);
    expect(steps[0].survival).toBeCloseTo(25 / 30, 12);
    expect(steps[1].survival).toBeCloseTo((25 / 30) * (15 / 20), 12);
    // Greenwood: var(log S) = Σ d / (n (n − d)); log interval.
    const se = Math.sqrt(5 / (30 * 25) + 5 / (20 * 15));
    expect(steps[1].lower).toBeCloseTo(steps[1].survival * Math.exp(-1.959963984540054 * se), 12);
  });

  test('steps, and the number at risk on a day: that at the start of the step in progress', () => {
    // 12 people: 5 relapse on day 1, 4 censored on day 2, 3 censored on day 9.
    const t = kmTable([1, 1, 1, 1, 1, 2, 2, 2, 2, 9, 9, 9], [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const steps = aggregateKmSteps(t, 5, 'log', 0.95);
    // Day 1 closes a step (5 relapses); the 4 censored of day 2 wait for the 3 of day 9.
    expect(steps.map((s) => [s.time, s.nRisk, s.nEvent, s.nCensor])).toEqual([
      [1, 12, 5, 0],
      [9, 7, 0, 7],
    ]);
    expect(atRiskOnSteps(steps, 0)).toBe(12);
    expect(atRiskOnSteps(steps, 1)).toBe(12);
    expect(atRiskOnSteps(steps, 5)).toBe(7);
    expect(atRiskOnSteps(steps, 10)).toBeNull();
    expect(steps[1].survival).toBeCloseTo(7 / 12, 12);
  });

  test('unfinished rows at the end join the steps before them until every step is 0 or ≥ k', () => {
    // 20 people: day 1 5 relapses, day 2 5 censored, day 3 5 relapses, day 4 2 relapses and 3 censored.
    const status = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    const t = kmTable([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4], status);
    // Day 4 alone (2 + 3) cannot close; with day 3 (7 + 3) neither; with day 2 (7 + 8) it can.
    expect(aggregateKmSteps(t, 5, 'log', 0.95).map((s) => [s.time, s.nRisk, s.nEvent, s.nCensor])).toEqual([
      [1, 20, 5, 0],
      [4, 15, 7, 8],
    ]);
    // When nothing can close (4 censored left with only the day-1 step before them): no curve at all.
    const short = kmTable([1, 1, 1, 1, 1, 2, 2, 2, 2], [1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(aggregateKmSteps(short, 5, 'log', 0.95)).toEqual([]);
  });

  test('off: the table as it is', () => {
    expect(aggregateKmSteps(table, 0, 'log', 0.95)).toEqual(table);
  });

  test('at-risk ticks after a curve’s last step are dropped', () => {
    const short = [{ time: 100 }];
    expect(ticksWithPeopleAtRisk([0, 50, 100, 150], [[{ time: 60 }], short])).toEqual([0, 50]);
    expect(ticksWithPeopleAtRisk([0, 50, 100, 150], [short])).toEqual([0, 50, 100]);
  });
});
