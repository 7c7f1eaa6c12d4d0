import { describe, expect, it } from 'vitest';
import { averageRanks, sortOrder } from '../../../shared/stats/sort-order';
import { spearmanTail, spearmanTest } from '../../../shared/stats/spearman';
import { expectClose } from '../../helpers/compare';
import { casePairs, correlationCases } from './fixtures/correlation-cases';
import { exactFixture } from './fixtures/correlation-exact-cases';

describe('spearmanTest against R cor.test(method = "spearman") on the cohort cases', () => {
  for (const c of correlationCases.filter((x) => x.method === 'spearman')) {
    it(c.name, () => {
      for (const { label, x, y, reference: pair } of casePairs(c)) {
        const result = spearmanTest(x, y);
        expect(result.n, `${label} n`).toBe(pair.n);
        expectClose(result.estimate, pair.estimate, `${label} rho`);
        expectClose(result.statistic, pair.statistic, `${label} S`);
        expectClose(result.p, pair.p, `${label} p`);
        expect([result.lower, result.upper]).toEqual([null, null]);
      }
    });
  }
});

describe('sortOrder and averageRanks', () => {
  const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

  it('sorts stably with NaN last, both below and above the radix threshold, including negatives and -0', () => {
    for (const n of [10, 5000]) {
      const next = random(n);
      const values = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : i % 5 === 0 ? -0 : Math.round((next() - 0.5) * 100) / 4));
      const order = sortOrder(values);
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
        const va = values[a];
        const vb = values[b];
        if (Number.isNaN(va) || Number.isNaN(vb)) return Number.isNaN(va) === Number.isNaN(vb) ? a - b : Number.isNaN(va) ? 1 : -1;
        return va - vb || a - b;
      });
      expect(Array.from(order)).toEqual(expected);
    }
  });

  it('gives tied values their average rank (R rank())', () => {
    expect(Array.from(averageRanks(Float64Array.of(10, 20, 10, 30, 20, 10)))).toEqual([2, 4.5, 2, 6, 4.5, 2]);
  });

  it('gives null for a constant column and for n < 2', () => {
    expect(spearmanTest(Float64Array.of(1, 2, 3), Float64Array.of(4, 4, 4)).estimate).toBeNull();
    expect(spearmanTest(Float64Array.of(1), Float64Array.of(4)).estimate).toBeNull();
  });
});

describe("spearmanTest follows R cor.test's default exact rule (exact = NULL)", () => {
  const reference = exactFixture.tests.filter((t) => t.method === 'spearman');

  it('covers small and large n, with and without ties', () => {
    expect(new Set(reference.map((t) => t.n)).size).toBeGreaterThan(15);
    expect(reference.some((t) => t.ties) && reference.some((t) => !t.ties)).toBe(true);
  });

  for (const t of reference) {
    it(`n = ${t.n}, ${t.ties ? 'ties' : 'no ties'}, rho ${t.estimate.toFixed(3)}`, () => {
      const result = spearmanTest(Float64Array.from(t.x), Float64Array.from(t.y));
      expectClose(result.estimate, t.estimate, 'rho');
      expectClose(result.statistic, t.statistic, 'S');
      expectClose(result.p, t.p, 'p');
      const expectedMethod = t.ties || t.n > 1290 ? 'asymptotic' : t.n <= 9 ? 'exact' : 'edgeworth';
      expect(result.pValueMethod).toBe(expectedMethod);
      // R warns "Cannot compute exact p-value with ties" (for any n; here only where the exact p was due).
      expect(result.exactPrevented).toBe(t.warning === 'Cannot compute exact p-value with ties' && t.n <= 1290);
      if (!t.ties) expect(t.warning).toBeNull();
    });
  }

  it("AS 89 tails (R's C_pRho), lower and upper", () => {
    for (const row of exactFixture.spearmanTails) {
      expectClose(spearmanTail(row.s, row.n, row.lowerTail), row.p, `prho(${row.s}, ${row.n}, ${row.lowerTail})`);
    }
  });

  it('exact = false gives the t approximation at any n', () => {
    const small = reference.find((t) => !t.ties && t.n === 7)!;
    const result = spearmanTest(Float64Array.from(small.x), Float64Array.from(small.y), { exact: false });
    expect(result.pValueMethod).toBe('asymptotic');
    expect(result.exactPrevented).toBe(false);
  });
});
