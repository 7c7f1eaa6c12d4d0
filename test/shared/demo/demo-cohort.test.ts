/**
 * The demo cohort: deterministic, complete in its columns, and carrying its known effects: a Cox
 * model of the factor scores (mapped as the demo mapping says) recovers each true effect's direction.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { DEMO_COLUMNS, DEMO_SITE_CASE_MIX, DEMO_SITE_LOG_HAZARD, DEMO_TRUE_LOG_HAZARD_RATIOS, demoCohortCsv } from '../../../shared/demo/demo-cohort';
import { applyMapping, DERIVED_RELAPSE, DERIVED_TIME } from '../../../shared/mapping/apply';
import { parseMapping } from '../../../shared/mapping/format';
import type { CodedColumn, NumericColumn } from '../../../shared/data/frame';
import type { CoxResult } from '../../../shared/analyses/cox';
import { DEMO_MAPPING } from '../../../shared/demo/demo-mapping';
import { runAnalysis } from '../../../shared/analyses/run';
import { FACTOR_IDS } from '../../../shared/factors/ids';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const csv = demoCohortCsv(4000);
const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;

describe('demo cohort', () => {
  it('is the same every time for the same seed, and different for another seed', () => {
    expect(demoCohortCsv(300)).toBe(demoCohortCsv(300));
    expect(demoCohortCsv(300, 7)).not.toBe(demoCohortCsv(300));
  });

  it('has the documented columns: id, site, cohort, dates, event flag and the factor items', () => {
    expect(Object.keys(rows[0])).toEqual([...DEMO_COLUMNS]);
    expect(new Set(rows.map((r) => r.participant_id)).size).toBe(4000);
    expect(new Set(rows.map((r) => r.site))).toEqual(new Set(['Northside', 'Riverside', 'Eastgate', 'Hillcrest']));
    for (const r of rows) {
      const relapsed = r.relapsed === '1';
      expect(relapsed).toBe(r.exit_status === '1');
      expect(relapsed ? r.relapse_date !== '' && r.last_contact_date === '' : r.relapse_date === '' && r.last_contact_date !== '').toBe(true);
      const end = relapsed ? r.relapse_date : r.last_contact_date;
      expect((Date.parse(end) - Date.parse(r.intake_date)) / 86_400_000).toBe(Number(r.days_followed));
    }
  });

  it('has a few per cent missing values in each factor item, and a yes/no item among them', () => {
    const items = DEMO_COLUMNS.slice(DEMO_COLUMNS.indexOf('cows_peak'));
    for (const item of items) {
      const share = rows.filter((r) => r[item] === '').length / rows.length;
      expect(share, item).toBeGreaterThan(0.015);
      expect(share, item).toBeLessThan(0.05);
    }
    expect(new Set(rows.map((r) => r.ace_any).filter(Boolean))).toEqual(new Set(['yes', 'no']));
  });

  it('recovers the direction of every true effect in the factor model', () => {
    const result = runAnalysis('factors', frameFromCsv(csv), { mapping: DEMO_MAPPING }).result as { factors: { factor: string; coef: number; p: number }[] };
    expect(result.factors.map((f) => f.factor)).toEqual([...FACTOR_IDS]);
    for (const f of result.factors) {
      expect(Math.sign(f.coef), f.factor).toBe(Math.sign(DEMO_TRUE_LOG_HAZARD_RATIOS[f.factor as keyof typeof DEMO_TRUE_LOG_HAZARD_RATIOS]));
    }
    // The strongest true effect (craving, 0.35 per SD) is clearly detected at n = 4,000.
    expect(result.factors.find((f) => f.factor === 'psychological_dependence')!.p).toBeLessThan(1e-6);
  });
});

describe('demo cohort sites: a true effect and a different case mix (issue 14: raw and adjusted comparisons disagree)', () => {
  const frame = applyMapping(frameFromCsv(csv), parseMapping(DEMO_MAPPING)).frame;
  const column = (name: string) => frame.columns.find((c) => c.name === name)!;
  const site = column('site') as CodedColumn;
  const meanBySite = (name: string) => {
    const values = (column(name) as NumericColumn).values;
    const sums = new Map<string, [number, number]>();
    for (let i = 0; i < frame.nRows; i++) {
      if (Number.isNaN(values[i])) continue;
      const s = site.levels[site.codes[i]];
      const [sum, n] = sums.get(s) ?? [0, 0];
      sums.set(s, [sum + values[i], n + 1]);
    }
    return Object.fromEntries([...sums].map(([s, [sum, n]]) => [s, sum / n]));
  };

  it('serves different people: Hillcrest more craving, Eastgate less, as DEMO_SITE_CASE_MIX says', () => {
    expect(DEMO_SITE_CASE_MIX.Hillcrest.psychological_dependence).toBe(0.6);
    const craving = meanBySite('score.psychological_dependence');
    // The shift of the latent level, seen through noisy items (attenuated), in SD of the factor score.
    expect(craving.Hillcrest - craving.Northside).toBeGreaterThan(0.3);
    expect(craving.Eastgate - craving.Northside).toBeLessThan(-0.15);
    const trauma = meanBySite('score.underlying_issues');
    expect(trauma.Riverside - trauma.Northside).toBeGreaterThan(0.15);
  });

  it("Hillcrest's hazard ratio shrinks towards its true site effect once the case mix is adjusted for", () => {
    const options = { time: DERIVED_TIME, event: DERIVED_RELAPSE, categorical: ['site'], reference: 'site=Northside' };
    const raw = runAnalysis('cox', frame, { ...options, covariates: ['site'] }).result as CoxResult;
    const adjusted = runAnalysis('cox', frame, { ...options, covariates: ['site', ...FACTOR_IDS.map((f) => `score.${f}`)] }).result as CoxResult;
    const hillcrest = (r: CoxResult) => r.coefficients.find((c) => c.term === 'site=Hillcrest')!.coef!;
    const trueEffect = DEMO_SITE_LOG_HAZARD[3];
    expect(hillcrest(raw) - hillcrest(adjusted)).toBeGreaterThan(0.1);
    expect(Math.abs(hillcrest(adjusted) - trueEffect)).toBeLessThan(Math.abs(hillcrest(raw) - trueEffect));
  });
});
