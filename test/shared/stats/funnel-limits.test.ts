/**
 * Spiegelhalter's funnel limits against the same formulas on R's qpois/ppois and qbinom/pbinom
 * (fixtures/sites.R), to a relative 1e-9: at chosen E and (n, target), and on the grids the analysis
 * returns.
 */
import { describe, expect, it } from 'vitest';
import { binomialFunnel, binomialFunnelLimits, poissonFunnel, poissonFunnelLimits } from '../../../shared/stats/funnel-limits';
import { expectClose } from '../../helpers/compare';
import { type RLimits, sitesFixture } from './sites-cases';

const LIMIT_TOL = 1e-9;
const KEYS = ['lower95', 'upper95', 'lower998', 'upper998'] as const;

function expectLimits(actual: RLimits | null, expected: RLimits, label: string): void {
  expect(actual, label).not.toBeNull();
  for (const key of KEYS) {
    const a = actual![key];
    const e = expected[key];
    const scale = Math.max(Math.abs(e), 1e-300);
    expect(Math.abs(a - e) <= LIMIT_TOL * scale || Math.abs(a - e) < 1e-13, `${label} ${key}: ${a} vs R ${e}`).toBe(true);
  }
}

describe('Poisson funnel limits of O/E', () => {
  for (const row of sitesFixture.poissonLimits) {
    it(`E = ${row.expected}`, () => expectLimits(poissonFunnelLimits(row.expected), row, `E ${row.expected}`));
  }
  it('none at E = 0', () => expect(poissonFunnelLimits(0)).toBeNull());
  it('the grid of each analysis case, up to its largest E', () => {
    for (const c of sitesFixture.cases) {
      const largest = c.r.limits[c.r.limits.length - 1].expected;
      const grid = poissonFunnel(largest);
      expect(grid.length, c.id).toBe(c.r.limits.length);
      grid.forEach((row, k) => {
        expectClose(row.expected, c.r.limits[k].expected, `${c.id} E[${k}]`);
        expectLimits(row, c.r.limits[k], `${c.id} grid ${k}`);
      });
    }
  });
});

describe('binomial funnel limits of a proportion', () => {
  for (const row of sitesFixture.binomialLimits) {
    it(`n = ${row.n}, target ${row.target}`, () => expectLimits(binomialFunnelLimits(row.n, row.target), row, `n ${row.n} target ${row.target}`));
  }
  it('the grid of each analysis case at its day', () => {
    for (const c of sitesFixture.cases) {
      if (!c.r.atDay) continue;
      const largest = c.r.atDay.limits[c.r.atDay.limits.length - 1].n;
      const grid = binomialFunnel(largest, c.r.atDay.overall);
      expect(grid.map((r) => r.n), c.id).toEqual(c.r.atDay.limits.map((r) => r.n));
      grid.forEach((row, k) => expectLimits(row, c.r.atDay!.limits[k], `${c.id} n=${row.n}`));
    }
  });
  it('a grid of 200 whole sizes when the largest site is bigger', () => {
    const grid = binomialFunnel(901, 0.4);
    expect(grid.length).toBe(200);
    expect(grid[0].n).toBe(5);
    expect(grid[199].n).toBe(901);
  });
});
