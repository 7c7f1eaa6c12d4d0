import { describe, expect, test } from 'vitest';
import { countText, estimateShownAt, firstSuppressedRow, isSmallCount, lastShownTime, suppressCount, ticksWithPeopleAtRisk } from '../../../shared/report/suppression';

const table = [
  { time: 5, nRisk: 30 },
  { time: 10, nRisk: 20 },
  { time: 20, nRisk: 11 },
  { time: 40, nRisk: 10 },
  { time: 60, nRisk: 3 },
];

describe('small-cell suppression', () => {
  test('every count below k becomes <k, zero included; k itself and above stay', () => {
    expect(countText(suppressCount(10, 11))).toBe('<11');
    expect(countText(suppressCount(1, 11))).toBe('<11');
    expect(countText(suppressCount(0, 11))).toBe('<11');
    expect(countText(suppressCount(11, 11))).toBe('11');
    expect(countText(suppressCount(250, 5))).toBe('250');
    expect(suppressCount(3, 5)).toEqual({ kind: 'suppressed', below: 5 });
  });

  test('k = 0 or 1 turns suppression off', () => {
    expect(isSmallCount(0, 0)).toBe(false);
    expect(countText(suppressCount(2, 0))).toBe('2');
    expect(countText(suppressCount(0, 1))).toBe('0');
    expect(firstSuppressedRow(table, 0)).toBe(table.length);
    expect(estimateShownAt(table, 1000, 0)).toBe(true);
  });

  test('a curve stops at the last time with at least k at risk', () => {
    expect(firstSuppressedRow(table, 11)).toBe(3);
    expect(lastShownTime(table, 11)).toBe(20);
    expect(lastShownTime(table, 5)).toBe(40);
    expect(lastShownTime(table, 31)).toBeNull();
    expect(lastShownTime(table, 2)).toBe(60);
    expect(estimateShownAt(table, 20, 11)).toBe(true);
    expect(estimateShownAt(table, 21, 11)).toBe(false);
    expect(estimateShownAt(table, 1, 31)).toBe(false);
  });

  test('at-risk ticks after a group’s last follow-up (0 at risk) are dropped', () => {
    const short = [{ time: 100, nRisk: 50 }];
    expect(ticksWithPeopleAtRisk([0, 50, 100, 150], [table, short])).toEqual([0, 50]);
    expect(ticksWithPeopleAtRisk([0, 50, 100, 150], [short])).toEqual([0, 50, 100]);
  });
});

import { suppressNumbersInText } from '../../../shared/report/build-model';

describe('counts inside warning sentences', () => {
  test('standalone whole numbers below k become <k; decimals, dates and labels stay', () => {
    expect(suppressNumbersInText('3 of 5000 rows were left out (missing time 3, negative time 0)', 11)).toBe('<11 of 5000 rows were left out (missing time <11, negative time <11)');
    expect(suppressNumbersInText('group 2024-Q1 ends at day 727; 2.5 per factor', 11)).toBe('group 2024-Q1 ends at day 727; 2.5 per factor');
    expect(suppressNumbersInText('3 rows', 0)).toBe('3 rows');
  });
});
