/**
 * Axis ticks (presentation/charts/ticks.ts): round steps of 1, 2, 2.5 and 5 × 10^k, a time axis from 0
 * that reaches or stops at the last follow-up, ticks without floating noise, and the log axis of hazard
 * ratios, which always shows 1. Expected values worked out by hand from the rules in the file's comments.
 */
import { describe, expect, it } from 'vitest';
import { logTicks, niceStep, niceTicks, niceTicksFromZero, niceTicksWithin } from '../../../presentation/charts/ticks';

describe('niceStep', () => {
  it.each([
    [1000, 6, 200], // 166.7 -> 2 x 100
    [600, 6, 100], // exactly 1 x 100
    [1200, 6, 200], // exactly 2 x 100
    [0.6, 6, 0.1],
    [14, 6, 2.5], // 2.33 -> 2.5
    [40, 6, 10], // 6.67 -> 10
    [3, 6, 0.5],
  ])('span %d over %d ticks: %d', (span, count, step) => {
    expect(niceStep(span, count)).toBeCloseTo(step, 12);
  });
  it('is 1 for an empty, negative or infinite span', () => {
    expect([niceStep(0, 6), niceStep(-5, 6), niceStep(Infinity, 6), niceStep(NaN, 6)]).toEqual([1, 1, 1, 1]);
  });
});

describe('time axes from 0', () => {
  it('niceTicksFromZero reaches the first multiple of the step at or past max', () => {
    expect(niceTicksFromZero(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicksFromZero(1076)).toEqual([0, 200, 400, 600, 800, 1000, 1200]);
    expect(niceTicksFromZero(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicksFromZero(0)).toEqual([0, 1]);
    expect(niceTicksFromZero(-3)).toEqual([0, 1]);
  });
  it('niceTicksWithin stops at the last follow-up time, as plot.survfit draws the axis', () => {
    expect(niceTicksWithin(1076)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicksWithin(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicksWithin(0)).toEqual([0]);
  });
});

describe('niceTicks', () => {
  it('covers [min, max] with round ticks, free of floating noise', () => {
    expect(niceTicks(0.1, 0.7)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(-0.35, 0.82)).toEqual([-0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(18, 81)).toEqual([0, 20, 40, 60, 80, 100]); // 63 / 6 = 10.5 -> a step of 20
  });
  it('pads a single value, and gives [0, 1] for non-finite input', () => {
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(50, 50)).toEqual([44, 46, 48, 50, 52, 54, 56]);
    expect(niceTicks(NaN, 3)).toEqual([0, 1]);
  });
});

describe('logTicks', () => {
  it('powers of two for a modest span, always including 1', () => {
    expect(logTicks(0.3, 2.4)).toEqual([0.25, 0.5, 1, 2, 4]);
    expect(logTicks(1.2, 1.9)).toEqual([1, 2]);
    expect(logTicks(0.6, 0.9)).toEqual([0.5, 1]);
  });
  it('powers of ten when the span passes 1000', () => {
    expect(logTicks(0.001, 5)).toEqual([0.001, 0.01, 0.1, 1, 10]);
  });
});
