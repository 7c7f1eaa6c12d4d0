/** shared/report/cox-terms.ts: the rows of a Cox table with readable names and the reference levels. */
import { describe, expect, test } from 'vitest';
import { coxTermRows } from '../../../shared/report/cox-terms';

const coefficient = (term: string, hr: number) => ({ term, hr, hrLower: hr / 2, hrUpper: hr * 2, p: 0.5 });

describe('coxTermRows', () => {
  test('a numeric term by its label, each level against its reference, the reference row first', () => {
    const result = {
      coefficients: [coefficient('age', 1.01), coefficient('rx=Lev+5FU', 0.71), coefficient('rx=Obs', 1.03)],
      terms: [
        { term: 'age', kind: 'numeric' as const, coefficients: ['age'], reference: null },
        { term: 'rx', kind: 'factor' as const, coefficients: ['rx=Lev+5FU', 'rx=Obs'], reference: 'Lev' },
      ],
    };
    const rows = coxTermRows(result, (column) => (column === 'rx' ? 'Treatment' : column));
    expect(rows.map((r) => [r.kind, r.name])).toEqual([
      ['coefficient', 'age'],
      ['reference', 'Treatment: Lev'],
      ['coefficient', 'Treatment: Lev+5FU vs Lev'],
      ['coefficient', 'Treatment: Obs vs Lev'],
    ]);
    expect(rows[2].coefficient).toBe(result.coefficients[1]);
    expect(rows[1].coefficient).toBeUndefined();
  });

  test('a level name holding "=" keeps it; a factor with one level is its reference row alone', () => {
    const result = {
      coefficients: [coefficient('dose=a=b', 2)],
      terms: [
        { term: 'dose', kind: 'factor' as const, coefficients: ['dose=a=b'], reference: 'none' },
        { term: 'site', kind: 'factor' as const, coefficients: [], reference: 'A' },
      ],
    };
    expect(coxTermRows(result).map((r) => r.name)).toEqual(['dose: none', 'dose: a=b vs none', 'site: A']);
  });

  test('without terms (an older result) every coefficient is a row under its own name', () => {
    expect(coxTermRows({ coefficients: [coefficient('clinic=2', 0.36)] }).map((r) => [r.kind, r.name])).toEqual([['coefficient', 'clinic=2']]);
  });
});
