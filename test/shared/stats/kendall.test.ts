import { describe, expect, it } from 'vitest';
import { kendallTest } from '../../../shared/stats/kendall';
import { expectClose } from '../../helpers/compare';
import { casePairs, correlationCases } from './fixtures/correlation-cases';

describe('kendallTest against R cor.test(method = "kendall", exact = FALSE)', () => {
  for (const c of correlationCases.filter((x) => x.method === 'kendall')) {
    it(c.name, () => {
      for (const { label, x, y, reference: pair } of casePairs(c)) {
        const result = kendallTest(x, y);
        expect(result.n, `${label} n`).toBe(pair.n);
        expectClose(result.estimate, pair.estimate, `${label} tau`);
        expectClose(result.statistic, pair.statistic, `${label} z`);
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
