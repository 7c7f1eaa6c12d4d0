import { describe, expect, it } from 'vitest';
import { correlationMatrix } from '../../../shared/stats/correlation-matrix';
import { expectClose } from '../../helpers/compare';
import { caseColumns, correlationCases, isPerfect } from './fixtures/correlation-cases';

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
          expectClose(pair.statistic, reference.statistic, `${label} statistic`);
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

describe('correlationMatrix speed at 1,000,000 rows x 9 columns (R cor(): 0.3 s)', () => {
  const n = 1_000_000;
  let seed = 99;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const base = Float64Array.from({ length: n }, () => next());
  const columns = Array.from({ length: 9 }, (_, j) =>
    Float64Array.from(base, (b) => (j % 2 === 0 ? Math.round((b + next()) * 1000) / 10 : b * j + next())),
  );

  // Best of three runs, so that another process on the machine does not decide the outcome.
  for (const method of ['pearson', 'spearman'] as const) {
    it(method, () => {
      correlationMatrix(columns.map((c) => c.subarray(0, 1000)), { method }); // warm up the JIT
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        const result = correlationMatrix(columns, { method, pAdjust: 'holm' });
        best = Math.min(best, performance.now() - started);
        expect(result.pairs).toHaveLength(36);
      }
      expect(best, `${method}: ${best.toFixed(0)} ms`).toBeLessThan(300);
    });
  }
});
