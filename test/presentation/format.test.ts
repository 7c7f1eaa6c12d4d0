// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { formatCI, formatNumber, formatP, formatTick, plainNumberText } from '../../presentation/format';

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

  test('thousands separators from 1,000 on, in the whole part only', () => {
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1000)).toBe('1,000');
    expect(formatNumber(1234)).toBe('1,234');
    expect(formatNumber(-1234567)).toBe('-1,234,567');
    expect(formatNumber(12345.678, 1)).toBe('12,345.7');
    expect(formatNumber(1234.5678, 4)).toBe('1,234.5678');
    expect(formatNumber(999.96, 1)).toBe('1,000.0');
    expect(formatNumber(0.0001234, 6)).toBe('0.000123');
    expect(formatCI(1234.5, 2345.25, 1)).toBe('(1,234.5\u20132,345.3)');
  });

  test('formatTick: the number as JavaScript writes it, with thousands separators', () => {
    expect([0, -0, 0.25, 2.5, 200, 1000, 1200, 12345.5, -2000].map(formatTick)).toEqual(['0', '0', '0.25', '2.5', '200', '1,000', '1,200', '12,345.5', '-2,000']);
    expect(formatTick(Number.NaN)).toBe('NA');
  });

  test('plainNumberText: a formatted number back without separators (for CSV exports); other text unchanged', () => {
    expect(plainNumberText('1,234')).toBe('1234');
    expect(plainNumberText('-12,345.67')).toBe('-12345.67');
    for (const text of ['238', '<0.001', 'NA', 'not reached', '(0.24\u20130.56)', 'clinic 1,2', '1,23', 'a 1,234']) expect(plainNumberText(text)).toBe(text);
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
