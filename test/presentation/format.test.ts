// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { formatCI, formatNumber, formatP } from '../../presentation/format';

describe('format', () => {
  test('formatNumber', () => {
    expect(formatNumber(238)).toBe('238');
    expect(formatNumber(0.36425)).toBe('0.36');
    expect(formatNumber(0.36425, 3)).toBe('0.364');
    expect(formatNumber(-0.001, 2)).toBe('0.00');
    expect(formatNumber(null)).toBe('NA');
    expect(formatNumber(Number.NaN)).toBe('NA');
    expect(formatNumber(Infinity)).toBe('NA');
  });

  test('formatP', () => {
    expect(formatP(2.6e-6)).toBe('<0.001');
    expect(formatP(0.00095)).toBe('<0.001');
    expect(formatP(0.001)).toBe('0.001');
    expect(formatP(0.0508444)).toBe('0.051');
    expect(formatP(0.614)).toBe('0.61');
    expect(formatP(1)).toBe('1');
    expect(formatP(null)).toBe('NA');
  });

  test('formatCI', () => {
    expect(formatCI(0.2390526795, 0.5550370492)).toBe('(0.24\u20130.56)');
    expect(formatCI(1.5, null, 1)).toBe('(1.5\u2013NA)');
  });
});
