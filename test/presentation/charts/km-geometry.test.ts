// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import {
  atRiskAtTicks,
  confidenceBandSteps,
  cumulativeEventsAtTicks,
  suppressedCount,
  survivalSteps,
  visibleRowCount,
} from '../../../presentation/charts/km-geometry';

// survfit(Surv(c(1, 2, 2, 3, 5), c(1, 1, 0, 0, 1)) ~ 1): times 1, 2, 3, 5.
const table = [
  { time: 1, nRisk: 5, nEvent: 1, nCensor: 0, survival: 0.8, lower: 0.5, upper: 1 },
  { time: 2, nRisk: 4, nEvent: 1, nCensor: 1, survival: 0.6, lower: 0.3, upper: 1 },
  { time: 3, nRisk: 2, nEvent: 0, nCensor: 1, survival: 0.6, lower: 0.3, upper: 1 },
  { time: 5, nRisk: 1, nEvent: 1, nCensor: 0, survival: 0, lower: null, upper: null },
];

describe('km-geometry', () => {
  test('steps from (0, 1), flat through censor-only rows', () => {
    expect(survivalSteps(table).map((p) => [p.time, p.value])).toEqual([
      [0, 1],
      [1, 1],
      [1, 0.8],
      [2, 0.8],
      [2, 0.6],
      [3, 0.6],
      [5, 0.6],
      [5, 0],
    ]);
  });

  test('the band stops where R gives NA', () => {
    expect(confidenceBandSteps(table).at(-1)).toEqual({ time: 5, band: [0.3, 1] });
  });

  test('at risk and cumulative events at ticks', () => {
    expect(atRiskAtTicks(table, [0, 1, 1.5, 4, 6])).toEqual([5, 5, 4, 1, 0]);
    expect(cumulativeEventsAtTicks(table, [0, 1, 1.5, 4, 6])).toEqual([0, 1, 1, 2, 3]);
  });

  test('cut below minAtRisk and small-count suppression', () => {
    expect(visibleRowCount(table, 2)).toBe(3);
    expect(visibleRowCount(table, 6)).toBe(0);
    expect(visibleRowCount(table)).toBe(4);
    expect(survivalSteps(table, 0)).toEqual([{ time: 0, value: 1 }]);
    expect([0, 3, 10].map((n) => suppressedCount(n, 10))).toEqual(['0', '<10', '10']);
  });
});
