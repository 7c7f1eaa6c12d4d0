/**
 * `analyze sites` end to end against R (test/shared/stats/fixtures/sites.R): per site the observed and
 * expected relapses (predict(coxph(...), type = "expected") summed), O/E and poisson.test's interval to
 * 1e-6, outside95/outside998 from the funnel limits at the site's own E, the limits grid to 1e-9, and the
 * relapse-free proportions at a day with their binomial limits. Data: addicts, veteran, colon,
 * pharmacoSmoking and small inline cases (time 0, ties, a missing covariate, a site without relapses, a
 * site expecting far below one relapse, one site).
 */
import { describe, expect, it } from 'vitest';
import { sitesAnalysis, sitesOptionsSchema, sitesResultSchema } from '../../../shared/analyses/sites';
import { runSites } from '../../../shared/analyses/sites.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { findAnalysis } from '../../../shared/analyses/registry';
import { expectClose } from '../../helpers/compare';
import { asArray, caseFrame, sitesFixture, type SitesCase } from '../stats/sites-cases';

const KEYS = ['lower95', 'upper95', 'lower998', 'upper998'] as const;

function optionsFor(c: SitesCase, extra: Record<string, unknown> = {}) {
  return sitesOptionsSchema.parse({
    time: c.time,
    event: c.event,
    group: c.group,
    covariates: asArray(c.covariates).join(','),
    categorical: asArray(c.categorical),
    ties: c.ties,
    confLevel: c.confLevel,
    atDay: c.atDay,
    ...extra,
  });
}

function expectLimit(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected) || Math.abs(actual - expected) < 1e-13, `${label}: ${actual} vs R ${expected}`).toBe(true);
}

describe('analyze sites against R', () => {
  for (const c of sitesFixture.cases) {
    it(c.id, () => {
      const result = runSites(caseFrame(c), optionsFor(c));
      expect(() => sitesResultSchema.parse(result)).not.toThrow();
      const r = c.r;
      expect(result.n).toBe(r.n);
      expect(result.events).toBe(r.events);
      expect(result.excluded).toBe(r.excluded);
      result.model.coefficients.forEach((coef, k) => expectClose(coef.coef, asArray(r.coef)[k], `${coef.term} coef`));
      expect(result.sites.map((s) => s.group)).toEqual(r.sites.map((s) => s.group));
      result.sites.forEach((s, g) => {
        const e = r.sites[g];
        expect(s.participants, `${s.group} participants`).toBe(e.participants);
        expect(s.observed, `${s.group} observed`).toBe(e.observed);
        expectClose(s.expected, e.expected, `${s.group} expected`);
        expectClose(s.ratio, e.ratio, `${s.group} ratio`);
        expectClose(s.lower, e.lower, `${s.group} lower`);
        expectClose(s.upper, e.upper, `${s.group} upper`);
        expect(s.outside95, `${s.group} outside95`).toBe(e.outside95);
        expect(s.outside998, `${s.group} outside998`).toBe(e.outside998);
      });
      expect(result.limits.length).toBe(r.limits.length);
      result.limits.forEach((row, k) => {
        expectLimit(row.expected, r.limits[k].expected, `limits[${k}].expected`);
        for (const key of KEYS) expectLimit(row[key], r.limits[k][key], `limits[${k}].${key}`);
      });
      // The sentence-ready lists name exactly the sites flagged outside.
      const flagged95 = result.sites.filter((s) => s.outside95).map((s) => s.group);
      expect([...result.outsideLimits.above95, ...result.outsideLimits.below95].sort()).toEqual([...flagged95].sort());
      const flagged998 = result.sites.filter((s) => s.outside998).map((s) => s.group);
      expect([...result.outsideLimits.above998, ...result.outsideLimits.below998].sort()).toEqual([...flagged998].sort());

      if (!r.atDay) {
        expect(result.atDay).toBeNull();
        return;
      }
      const at = result.atDay!;
      expect(at.day).toBe(r.atDay.day);
      expect(at.n).toBe(r.atDay.n);
      expectClose(at.overall, r.atDay.overall, 'overall');
      at.sites.forEach((s, g) => {
        const e = r.atDay!.sites[g];
        expect(s.group).toBe(e.group);
        expect([s.n, s.relapseFree, s.censoredBefore], s.group).toEqual([e.n, e.relapseFree, e.censoredBefore]);
        expectClose(s.proportion, e.proportion, `${s.group} proportion`);
        expect(s.outside95, `${s.group} at-day outside95`).toBe(e.outside95);
        expect(s.outside998, `${s.group} at-day outside998`).toBe(e.outside998);
      });
      expect(at.limits.map((x) => x.n)).toEqual(r.atDay.limits.map((x) => x.n));
      at.limits.forEach((row, k) => {
        for (const key of KEYS) expectLimit(row[key], r.atDay!.limits[k][key], `at-day limits n=${row.n} ${key}`);
      });
    });
  }

  it('addicts: clinic 2 has fewer relapses than expected, beyond the 99.8% limits, and is named so', () => {
    const c = sitesFixture.cases.find((x) => x.id === 'addicts')!;
    const result = runSites(caseFrame(c), optionsFor(c));
    expect(result.outsideLimits).toEqual({ above95: ['1'], below95: ['2'], above998: [], below998: ['2'] });
  });

  it('edge cases: the site without relapses has ratio 0 and lower 0; the tiny-E site and the missing covariate are reported', () => {
    const c = sitesFixture.cases.find((x) => x.id === 'edge')!;
    const result = runSites(caseFrame(c), optionsFor(c));
    const none = result.sites.find((s) => s.group === '3')!;
    expect([none.observed, none.ratio, none.lower]).toEqual([0, 0, 0]);
    const codes = result.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['rows-excluded', 'site-without-relapses', 'small-expected', 'site-status-unknown', 'censored-before-day', 'all-relapse-free']));
    expect(result.warnings.find((w) => w.code === 'small-expected')!.message).toContain('"4"');
    expect(result.warnings.find((w) => w.code === 'site-without-relapses')!.message).toContain('"3"');
  });

  it('one site: its ratio is 1 by construction, inside the limits, and said so', () => {
    const c = sitesFixture.cases.find((x) => x.id === 'one-site')!;
    const result = runSites(caseFrame(c), optionsFor(c));
    expectClose(result.sites[0].ratio, 1, 'ratio');
    expect(result.warnings.map((w) => w.code)).toContain('one-site');
  });

  it('is registered, and --levels orders the sites (the numbers move with their site)', () => {
    expect(findAnalysis('sites')).toBe(sitesAnalysis);
    const c = sitesFixture.cases.find((x) => x.id === 'veteran')!;
    const result = runSites(caseFrame(c), optionsFor(c, { levels: 'squamous,smallcell,large,adeno' }));
    expect(result.sites.map((s) => s.group)).toEqual(['squamous', 'smallcell', 'large', 'adeno']);
    expect(result.atDay!.sites.map((s) => s.group)).toEqual(['squamous', 'smallcell', 'large', 'adeno']);
    for (const s of result.sites) expectClose(s.expected, c.r.sites.find((e) => e.group === s.group)!.expected, `${s.group} expected`);
  });

  it('a day beyond all follow-up: only relapses are known there, so the proportion is 0 everywhere, inside its limits, and the censoring is named', () => {
    const c = sitesFixture.cases.find((x) => x.id === 'edge')!;
    const result = runSites(caseFrame(c), optionsFor(c, { atDay: 100 }));
    const at = result.atDay!;
    expect([at.overall, at.n]).toEqual([0, 11]);
    expect(at.sites.map((s) => [s.group, s.n, s.proportion, s.outside95])).toEqual([
      ['1', 5, 0, false],
      ['2', 6, 0, false],
      ['3', 0, null, false],
      ['4', 0, null, false],
    ]);
    expect(result.warnings.find((w) => w.code === 'censored-before-day')!.message).toMatch(/^13 participants were censored before day 100 .*"1", "2", "3", "4"/);
  });

  it('refuses data without relapses, and a missing site column, in one line', () => {
    const c = sitesFixture.cases.find((x) => x.id === 'edge')!;
    const frame = caseFrame(c);
    const status = frame.columns.find((col) => col.name === 'status') as { values: Float64Array };
    status.values.fill(0);
    expect(() => runSites(frame, optionsFor(c))).toThrow(AnalysisError);
    expect(() => runSites(frame, optionsFor(c))).toThrow(/no relapses among the 24 participants/);
    expect(() => runSites(caseFrame(c), optionsFor(c, { group: 'centre' }))).toThrow(/site column "centre" is not in the data/);
  });
});
