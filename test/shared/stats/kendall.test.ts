import { describe, expect, it } from 'vitest';
import { kendallLowerTail, kendallTest } from '../../../shared/stats/kendall';
import { expectClose } from '../../helpers/compare';
import { casePairs, comparableStatistic, correlationCases } from './fixtures/correlation-cases';
import { exactFixture } from './fixtures/correlation-exact-cases';

describe('kendallTest against R cor.test(method = "kendall") on the cohort cases', () => {
  for (const c of correlationCases.filter((x) => x.method === 'kendall')) {
    it(c.name, () => {
      for (const { label, x, y, reference: pair } of casePairs(c)) {
        const result = kendallTest(x, y);
        expect(result.n, `${label} n`).toBe(pair.n);
        expectClose(result.estimate, pair.estimate, `${label} tau`);
        expectClose(comparableStatistic(result, pair), pair.statistic, `${label} ${pair.statisticName}`);
        expectClose(result.p, pair.p, `${label} p`);
        expect([result.lower, result.upper]).toEqual([null, null]);
      }
    });
  }

  it('agrees with the O(n^2) definition of tau-b on tied data', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const n = 400;
    const x = Float64Array.from({ length: n }, () => Math.floor(next() * 12));
    const y = Float64Array.from({ length: n }, (_, i) => Math.floor(next() * 8) + (x[i] > 6 ? 3 : 0));
    let s = 0;
    let tiesX = 0;
    let tiesY = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        s += Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
        if (x[i] === x[j]) tiesX++;
        if (y[i] === y[j]) tiesY++;
      }
    }
    const pairs = (n * (n - 1)) / 2;
    expectClose(kendallTest(x, y).estimate, s / Math.sqrt((pairs - tiesX) * (pairs - tiesY)), 'tau-b');
  });

});

describe("kendallTest follows R cor.test's default exact rule (exact = NULL)", () => {
  const reference = exactFixture.tests.filter((t) => t.method === 'kendall');

  it('covers n on both sides of 50, with and without ties', () => {
    expect(reference.some((t) => t.n < 50 && !t.ties) && reference.some((t) => t.n >= 50 && !t.ties)).toBe(true);
    expect(reference.some((t) => t.n < 50 && t.ties) && reference.some((t) => t.n >= 50 && t.ties)).toBe(true);
  });

  for (const t of reference) {
    it(`n = ${t.n}, ${t.ties ? 'ties' : 'no ties'}, tau ${t.estimate.toFixed(3)}`, () => {
      const result = kendallTest(Float64Array.from(t.x), Float64Array.from(t.y));
      expectClose(result.estimate, t.estimate, 'tau');
      expectClose(result.p, t.p, 'p');
      if (t.statisticName === 'T') {
        // R reports T, the number of concordant pairs; z is reported here for every pair.
        expectClose(((result.estimate! + 1) * t.n * (t.n - 1)) / 4, t.statistic, 'T');
        expect(result.pValueMethod).toBe('exact');
      } else {
        expectClose(result.statistic, t.statistic, 'z');
        expect(result.pValueMethod).toBe('asymptotic');
      }
      expect(result.exactPrevented).toBe(t.warning === 'Cannot compute exact p-value with ties');
      expect(result.pValueMethod === 'exact').toBe(t.n < 50 && !t.ties);
    });
  }

  it("the exact distribution (R's C_pKendall) over its whole range", () => {
    for (const row of exactFixture.kendallTails) expectClose(kendallLowerTail(row.q, row.n), row.lower, `pkendall(${row.q}, ${row.n})`);
  });

  it('exact = false gives the normal approximation at any n', () => {
    const small = reference.find((t) => !t.ties && t.n === 8)!;
    expect(kendallTest(Float64Array.from(small.x), Float64Array.from(small.y), { exact: false }).pValueMethod).toBe('asymptotic');
  });
});
