import { describe, expect, it } from 'vitest';
import { columnsUsed } from '../../../shared/analyses/columns-used';
import { findAnalysis } from '../../../shared/analyses/registry';
import { readFileSync } from 'node:fs';

const DEMO_COLUMNS = readFileSync('examples/cohort.csv', 'utf8').split('\n')[0].split(',');
const mappingTemplate = JSON.parse(readFileSync('examples/mapping.json', 'utf8')) as Record<string, unknown>;

describe('columnsUsed', () => {
  it('names the column options of a Kaplan–Meier by site, in the stored order', () => {
    const km = findAnalysis('km')!;
    expect(columnsUsed(km.options, { time: 'days_followed', event: 'relapsed', group: 'site' }, DEMO_COLUMNS)).toEqual(['site', 'relapsed', 'days_followed']);
  });

  it('takes every covariate of a Cox model, and nothing from enum or number options', () => {
    const cox = findAnalysis('cox')!;
    const used = columnsUsed(cox.options, { time: 'days_followed', event: 'relapsed', covariates: ['cows_peak', 'craving_vas'], ties: 'efron', confLevel: 0.95 }, DEMO_COLUMNS);
    expect(used).toEqual(['relapsed', 'days_followed', 'cows_peak', 'craving_vas']);
  });

  it('finds the columns named inside a mapping (outcome, groups, factor items), whether an object or JSON text', () => {
    const factors = findAnalysis('factors')!;
    const fromObject = columnsUsed(factors.options, { mapping: mappingTemplate }, DEMO_COLUMNS);
    const fromText = columnsUsed(factors.options, { mapping: JSON.stringify(mappingTemplate) }, DEMO_COLUMNS);
    expect(fromObject).toEqual(fromText);
    for (const name of ['participant_id', 'days_followed', 'exit_status', 'site', 'arm', 'cows_peak', 'craving_vas', 'ocds_total']) expect(fromObject).toContain(name);
    // a column the mapping does not name is not read
    expect(fromObject).not.toContain('relapse_date');
  });

  it('gives null when a column option names a column the dataset lacks, so the caller reads all and the analysis names what is missing', () => {
    const km = findAnalysis('km')!;
    expect(columnsUsed(km.options, { time: 'days_followed', event: 'relapsed', group: 'clinic' }, DEMO_COLUMNS)).toBeNull();
  });
});
