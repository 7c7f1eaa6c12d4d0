import { describe, expect, it } from 'vitest';
import { correlationMatrix } from '../../../shared/stats/correlation-matrix';
import { kendallTest } from '../../../shared/stats/kendall';
import { pearsonTest } from '../../../shared/stats/pearson';
import { spearmanTest } from '../../../shared/stats/spearman';
import { completePairs } from './fixtures/correlation-cases';
import { expectClose } from '../../helpers/compare';
import { caseColumns, comparableStatistic, correlationCases, isPerfect } from './fixtures/correlation-cases';

describe('correlationMatrix against R cor.test over all pairs with p.adjust', () => {
  for (const c of correlationCases) {
    it(c.name, () => {
      const columns = caseColumns(c);
      const result = correlationMatrix(
        c.columns.map((name) => columns[name]),
        { method: c.method, missing: c.missing, pAdjust: c.pAdjust, confLevel: c.confLevel },
      );
      expect(result.pairs.map((p) => [c.columns[p.x], c.columns[p.y]])).toEqual(c.pairs.map((p) => [p.x, p.y]));
      result.pairs.forEach((pair, i) => {
        const reference = c.pairs[i];
        const label = `${c.name} ${reference.x}~${reference.y}`;
        expect(pair.n, `${label} n`).toBe(reference.n);
        expectClose(pair.estimate, reference.estimate, `${label} estimate`);
        if (c.method === 'pearson' && isPerfect(reference)) {
          expect(pair.statistic === null || Math.abs(pair.statistic) > 1e7, `${label} statistic`).toBe(true);
        } else {
          expectClose(comparableStatistic(pair, reference), reference.statistic, `${label} statistic`);
          expectClose(pair.p, reference.p, `${label} p`);
          expectClose(pair.pAdjusted, reference.pAdjusted, `${label} p adjusted`);
        }
        expectClose(pair.lower, reference.lower, `${label} lower`);
        expectClose(pair.upper, reference.upper, `${label} upper`);
      });
    });
  }

  it('counts the rows complete on every column', () => {
    const result = correlationMatrix([Float64Array.of(1, 2, NaN, 4), Float64Array.of(1, NaN, 3, 5), Float64Array.of(2, 3, 4, 5)]);
    expect(result.completeRows).toBe(2);
  });
});

describe('correlationMatrix agrees with the one-pair tests on their complete pairs', () => {
  // Whole numbers (coded by direct indexing), decimals with ties and continuous values (coded through
  // the radix sort), with a few per cent missing.
  let seed = 5;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = 6000;
  const base = Float64Array.from({ length: n }, () => next());
  const withMissing = (values: Float64Array, share: number) => values.map((v) => (next() < share ? NaN : v));
  const columns = [
    withMissing(base.map((b) => Math.floor(b * 40 + next() * 10)), 0.03),
    withMissing(base.map((b) => Math.round((b * 3 + next()) * 10) / 10), 0.05),
    base.map((b) => -b * 2 + next()),
    withMissing(base.map(() => next() * 1e6 - 5e5), 0.02),
    base.map((b) => Math.floor(b * 5)),
  ];
  for (const method of ['pearson', 'spearman', 'kendall'] as const) {
    it(method, () => {
      const result = correlationMatrix(columns, { method, pAdjust: 'BH' });
      for (const pair of result.pairs) {
        const [x, y] = completePairs(columns[pair.x], columns[pair.y]);
        const single = method === 'pearson' ? pearsonTest(x, y) : method === 'spearman' ? spearmanTest(x, y) : kendallTest(x, y);
        const label = `${method} ${pair.x}~${pair.y}`;
        expect(pair.n, `${label} n`).toBe(single.n);
        expectClose(pair.estimate, single.estimate, `${label} estimate`);
        expectClose(pair.statistic, single.statistic, `${label} statistic`);
        expectClose(pair.p, single.p, `${label} p`);
      }
    });
  }
});
