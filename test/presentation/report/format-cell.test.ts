/**
 * How report cells read (presentation/report/format-cell.ts): each cell kind in a table, the same
 * cells inside running text (a percent sign, "= p" or "< 0.001"), and a sentence of text and cells.
 * R's NA (null) reads "NA" everywhere.
 */
import { describe, expect, it } from 'vitest';
import { cellText, inlineText, sentenceText } from '../../../presentation/report/format-cell';
import type { Cell } from '../../../shared/report/model';

describe('cellText', () => {
  it.each<[string, Cell, string]>([
    ['text as written', { kind: 'text', text: 'clinic: 2 vs 1' }, 'clinic: 2 vs 1'],
    ['a count', { kind: 'count', value: 238 }, '238'],
    ['a count suppressed below k', { kind: 'suppressed', below: 11 }, '<11'],
    ['a count hidden so another cannot be recovered', { kind: 'suppressed', below: 11, secondary: true }, 'suppressed'],
    ['a number with its decimals', { kind: 'number', value: 0.36432, digits: 3 }, '0.364'],
    ['a negative number rounding to zero has no sign', { kind: 'number', value: -0.0004, digits: 2 }, '0.00'],
    ['a proportion as a percentage', { kind: 'percent', value: 0.4567, digits: 1 }, '45.7'],
    ['a p-value of 0.1 or more with two decimals', { kind: 'p', value: 0.2345 }, '0.23'],
    ['a p-value below 0.1 with three', { kind: 'p', value: 0.01234 }, '0.012'],
    ['a p-value below 0.001', { kind: 'p', value: 2e-9 }, '<0.001'],
    ['an interval with an en dash', { kind: 'interval', lower: 0.25, upper: 0.5321, digits: 2 }, '(0.25\u20130.53)'],
    ['an estimate withheld', { kind: 'withheld', reason: 'fewer than 11 at risk' }, 'suppressed'],
    ["R's NA as a number", { kind: 'number', value: null, digits: 2 }, 'NA'],
    ["R's NA as a percentage", { kind: 'percent', value: null, digits: 1 }, 'NA'],
    ["R's NA as a p-value", { kind: 'p', value: null }, 'NA'],
    ["an interval with an NA end", { kind: 'interval', lower: 0.5, upper: null, digits: 2 }, '(0.50\u2013NA)'],
  ])('%s', (_label, cell, text) => {
    expect(cellText(cell)).toBe(text);
  });
});

describe('inlineText and sentenceText', () => {
  it('a percentage carries its sign and a p-value reads "= p" or "< 0.001" in running text', () => {
    expect(inlineText({ kind: 'percent', value: 0.25, digits: 0 })).toBe('25%');
    expect(inlineText({ kind: 'p', value: 0.0123 })).toBe('= 0.012');
    expect(inlineText({ kind: 'p', value: 1e-12 })).toBe('< 0.001');
    expect(inlineText({ kind: 'count', value: 7 })).toBe('7');
  });

  it('joins text and cells into one sentence', () => {
    const sentence = sentenceText([
      'Relapse was less likely at clinic 2 (hazard ratio ',
      { kind: 'number', value: 0.3643, digits: 2 },
      ', 95% CI ',
      { kind: 'interval', lower: 0.2385, upper: 0.5565, digits: 2 },
      ', p ',
      { kind: 'p', value: 2.6e-6 },
      '); ',
      { kind: 'percent', value: 0.62, digits: 0 },
      ' of ',
      { kind: 'count', value: 238 },
      ' relapsed.',
    ]);
    expect(sentence).toBe('Relapse was less likely at clinic 2 (hazard ratio 0.36, 95% CI (0.24\u20130.56), p < 0.001); 62% of 238 relapsed.');
  });
});
