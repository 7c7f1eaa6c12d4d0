import { describe, expect, test } from 'vitest';
import { binValues } from '../../../shared/stats/histogram';
import { loadDataset } from '../../helpers/datasets';

// R 4.2.2: h <- hist(pbc$chol, plot = FALSE); h$breaks, h$counts; sum(is.na(pbc$chol)) — and the same for age.
const R_CHOL = { breaks: [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800], counts: [21, 193, 47, 9, 5, 3, 2, 2, 2], missing: 134 };
const R_AGE = { breaks: [25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80], counts: [3, 27, 42, 59, 64, 75, 63, 47, 25, 9, 4], missing: 0 };

describe('binValues matches R hist() defaults (Sturges, pretty breaks, right-closed)', () => {
  test.each([
    ['chol', R_CHOL],
    ['age', R_AGE],
  ] as const)('pbc %s', (column, expected) => {
    const binned = binValues(loadDataset('pbc').num(column));
    expect([binned.bins[0].lower, ...binned.bins.map((b) => b.upper)]).toEqual(expected.breaks);
    expect(binned.bins.map((b) => b.count)).toEqual(expected.counts);
    expect(binned.missing).toBe(expected.missing);
  });

  test('a value on a break belongs to the bin it closes; the lowest break is included', () => {
    const binned = binValues([0, 1, 1, 2, null, NaN], 2);
    expect(binned.bins).toEqual([
      { lower: 0, upper: 1, count: 3 },
      { lower: 1, upper: 2, count: 1 },
    ]);
    expect(binned.missing).toBe(2);
  });
});
