/**
 * Follow-up entered in weeks, months or years (issue 15 item 2): the mapping's outcome.unit converts the
 * time column to days exactly (1 month = 365.25/12 = 30.4375 days). Against R (fixtures/follow-up-units.R):
 * survfit on addicts' time divided by the days per unit gives the median, its CI, the RMST to one year and
 * the number at risk at 90 days in that unit; the same numbers in days are those times the days per unit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyMapping, DERIVED_TIME } from '../../../shared/mapping/apply';
import { MappingFormatError, mappingToTemplate, parseMapping, type Mapping } from '../../../shared/mapping/format';
import { suggestMapping, suggestionToMapping } from '../../../shared/mapping/suggest';
import { conversionText, DAYS_PER_UNIT, FOLLOW_UP_UNITS, fromDays, toDays } from '../../../shared/mapping/units';
import type { DataFrame, NumericColumn } from '../../../shared/data/frame';
import { kaplanMeier } from '../../../shared/stats/kaplan-meier';
import { medianSurvival } from '../../../shared/stats/survival-quantile';
import { restrictedMeanSurvival } from '../../../shared/stats/rmst';
import { expectClose } from '../../helpers/compare';
import { methodsBlocks } from '../../../shared/report/methods';
import { defaultReportSettings, planAnalyses, prepareAnalysisData } from '../../../shared/report/plan';
import { loadDataset } from '../../helpers/datasets';

interface Reference {
  unit: (typeof FOLLOW_UP_UNITS)[number];
  daysPerUnit: number;
  median: number;
  medianLower: number;
  medianUpper: number;
  tau: number;
  rmst: number;
  rmstSe: number;
  atRiskAt90Days: number;
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/follow-up-units.json', import.meta.url), 'utf8')) as Reference[];
const dataset = loadDataset('addicts');
const days = dataset.num('time');
const status = Uint8Array.from(dataset.num('status'));
const addicts: DataFrame = { nRows: dataset.nRows, columns: ['id', 'clinic', 'status', 'time', 'prison', 'dose'].map((name) => ({ name, type: 'number', values: dataset.num(name) })) };

/** addicts with the follow-up as the user would have it in `unit` (time / days per unit). */
function inUnit(unit: Reference['unit']): DataFrame {
  return { nRows: addicts.nRows, columns: [...addicts.columns.filter((c) => c.name !== 'time'), { name: 'followed', type: 'number', values: Float64Array.from(days, (d) => d / DAYS_PER_UNIT[unit]) }] };
}
const mapping = (unit: Reference['unit']): Mapping => ({ outcome: { time: 'followed', unit, event: 'status', eventValues: [1] }, groups: [], factors: {} });

describe('the days per unit', () => {
  it('are exact: a week 7 days, a month 365.25/12 = 30.4375 days, a year 365.25 days', () => {
    expect(DAYS_PER_UNIT).toEqual({ days: 1, weeks: 7, months: 30.4375, years: 365.25 });
    expect(toDays(16.5585215605749, 'months')).toBeCloseTo(504, 10);
    expect(fromDays(504, 'weeks')).toBe(72);
    expect(conversionText('months')).toBe('in months (1 month = 365.25/12 = 30.4375 days)');
    expect(conversionText('days')).toBe('in days');
  });

  it('R agrees: the median, its CI and the RMST in a unit times its days are those in days; the numbers at risk are the same', () => {
    const inDays = reference.find((r) => r.unit === 'days')!;
    for (const r of reference) {
      expectClose(r.median * r.daysPerUnit, inDays.median, `${r.unit}: median × days per unit`);
      expectClose(r.medianLower * r.daysPerUnit, inDays.medianLower, `${r.unit}: lower × days per unit`);
      expectClose(r.medianUpper * r.daysPerUnit, inDays.medianUpper, `${r.unit}: upper × days per unit`);
      expectClose(r.rmst * r.daysPerUnit, inDays.rmst, `${r.unit}: RMST × days per unit`);
      expect(r.atRiskAt90Days).toBe(inDays.atRiskAt90Days);
    }
  });
});

describe('a time column in weeks, months or years', () => {
  for (const r of reference) {
    it(`${r.unit}: the derived follow-up is in days, and the Kaplan–Meier median, CI and RMST equal R's`, () => {
      const derived = (applyMapping(inUnit(r.unit), mapping(r.unit)).frame.columns.find((c) => c.name === DERIVED_TIME) as NumericColumn).values;
      for (let i = 0; i < derived.length; i++) expectClose(derived[i], days[i], `${r.unit}: follow-up of row ${i + 1} in days`);
      // in days: R's values in the unit times the days per unit
      const curve = kaplanMeier(derived, status);
      const median = medianSurvival(curve);
      expectClose(median.estimate!, r.median * r.daysPerUnit, `${r.unit}: median in days`);
      expectClose(median.lower!, r.medianLower * r.daysPerUnit, `${r.unit}: median lower in days`);
      expectClose(median.upper!, r.medianUpper * r.daysPerUnit, `${r.unit}: median upper in days`);
      expectClose(restrictedMeanSurvival(curve, 365).estimate, r.rmst * r.daysPerUnit, `${r.unit}: RMST to 365 days`);
      // in the unit, the numbers R gives on the unit's own scale
      const ownScale = kaplanMeier(Float64Array.from(derived, (d) => fromDays(d, r.unit)), status);
      expectClose(medianSurvival(ownScale).estimate!, r.median, `${r.unit}: median in ${r.unit}`);
      const rmst = restrictedMeanSurvival(ownScale, r.tau);
      expectClose(rmst.estimate, r.rmst, `${r.unit}: RMST in ${r.unit}`);
      expectClose(rmst.stdErr, r.rmstSe, `${r.unit}: RMST SE in ${r.unit}`);
    });
  }
});

describe('the template field outcome.unit', () => {
  it('round-trips; a template without it is in days, as before', () => {
    expect(parseMapping(mappingToTemplate(mapping('months'))).outcome.unit).toBe('months');
    expect('unit' in mappingToTemplate({ ...mapping('days'), outcome: { time: 'followed', event: 'status', eventValues: [1] } }).outcome).toBe(false);
  });
  it('refuses an unknown unit, and a unit with dates or intervals', () => {
    const problem = (outcome: object) => {
      try {
        parseMapping({ format: 'relapse-workbench-mapping', version: 1, outcome });
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(MappingFormatError);
        return (error as Error).message;
      }
    };
    expect(problem({ time: 't', unit: 'fortnights', event: 's', eventValues: [1] })).toBe('mapping template: outcome.unit must be one of "days", "weeks", "months", "years"');
    expect(problem({ start: 'a', end: 'b', unit: 'months', event: 's', eventValues: [1] })).toBe('mapping template: outcome.unit is the unit of the "time" column; dates are counted in days');
    expect(problem({ intervalStart: 'a', time: 'b', unit: 'weeks', event: 's', eventValues: [1] })).toBe('mapping template: outcome.unit is for one row per participant; interval starts and stops are in days');
  });
  it('is suggested from a column name in months', () => {
    const frame: DataFrame = { nRows: addicts.nRows, columns: [...addicts.columns.filter((c) => c.name !== 'time'), { name: 'months_followed', type: 'number', values: Float64Array.from(days, (d) => d / 30.4375) }] };
    const suggested = suggestionToMapping(suggestMapping(frame));
    expect(suggested?.outcome).toMatchObject({ time: 'months_followed', unit: 'months' });
  });
});

describe('the report methods', () => {
  it('state the unit of the time column, its conversion to days, and that the report is in that unit', () => {
    const m = mapping('months');
    const settings = defaultReportSettings();
    const blocks = methodsBlocks({ mapping: m, settings, plan: planAnalyses(m, settings), exclusions: prepareAnalysisData(inUnit('months'), m).exclusions, minCell: 0 });
    const first = blocks[0] as { parts: unknown[] };
    expect(String(first.parts[0])).toBe('The outcome was time to relapse, measured as the follow-up time (column "followed") in months (1 month = 365.25/12 = 30.4375 days); every time in this report (medians, follow-up, restricted means, the report times, the charts\' axes) is in months, each analysis fitted on the follow-up in months. A relapse was recorded when column "status" held "1"');
  });
});
