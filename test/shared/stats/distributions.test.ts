/**
 * The count distributions and quantiles in distributions.ts against R (fixtures/sites.R): qchisq to 1e-9
 * relative, ppois and pbinom to 1e-9, qpois and qbinom exactly (R writes some zeros as -0; a count has no sign).
 */
import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialQuantile, chiSquareQuantile, poissonCdf, poissonQuantile } from '../../../shared/stats/distributions';
import { sitesFixture } from './sites-cases';

const near = (a: number, e: number, label: string) => expect(Math.abs(a - e) <= 1e-9 * Math.abs(e), `${label}: ${a} vs R ${e}`).toBe(true);
const d = sitesFixture.distributions;

describe('count distributions against R', () => {
  it('qchisq', () => d.qchisq.forEach((r) => near(chiSquareQuantile(r.p, r.df), r.q, `qchisq(${r.p}, ${r.df})`)));
  it('ppois', () => d.ppois.forEach((r) => near(poissonCdf(r.k, r.mean), r.value, `ppois(${r.k}, ${r.mean})`)));
  it('pbinom', () => d.pbinom.forEach((r) => near(binomialCdf(r.k, r.size, r.prob), r.value, `pbinom(${r.k}, ${r.size}, ${r.prob})`)));
  it('qpois', () => d.qpois.forEach((r) => expect(poissonQuantile(r.p, r.mean) + 0, `qpois(${r.p}, ${r.mean})`).toBe(r.q + 0)));
  it('qbinom', () => d.qbinom.forEach((r) => expect(binomialQuantile(r.p, r.size, r.prob) + 0, `qbinom(${r.p}, ${r.size}, ${r.prob})`).toBe(r.q + 0)));
  it('edges as R: below 0, at the ends', () => {
    expect(poissonCdf(-1, 3)).toBe(0);
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
    expect(chiSquareQuantile(0, 4)).toBe(0);
    expect(poissonQuantile(0.5, 0)).toBe(0);
  });
});
