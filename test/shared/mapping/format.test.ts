import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MappingFormatError, parseMapping, serialiseMapping } from '../../../shared/mapping/format';

const demoTemplate = readFileSync(join(__dirname, 'fixtures', 'demo-mapping.json'), 'utf8');

function problems(input: unknown): string {
  try {
    parseMapping(input);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingFormatError);
    return (error as Error).message;
  }
  throw new Error('expected a MappingFormatError');
}

describe('mapping template format (relapse-workbench-mapping, version 1)', () => {
  it('parses the demo template and survives a serialise/parse round trip', () => {
    const mapping = parseMapping(demoTemplate);
    expect(mapping.id).toBe('participant_id');
    expect(mapping.outcome).toEqual({ time: 'days_followed', event: 'relapsed', eventValues: [1] });
    expect(mapping.groups).toEqual(['site', 'arm']);
    expect(mapping.factors.underlying_issues?.[2]).toEqual({ column: 'ace_any', direction: 'risk', riskValues: ['yes'] });
    const text = serialiseMapping(mapping);
    expect(JSON.parse(text).format).toBe('relapse-workbench-mapping');
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'id', 'outcome', 'groups', 'factors']);
    expect(parseMapping(text)).toEqual(mapping);
  });

  it('dates instead of a duration, and competing values', () => {
    const mapping = parseMapping({
      format: 'relapse-workbench-mapping', version: 1,
      outcome: { start: 'intake', end: 'relapse_date', censorEnd: 'last_contact', event: 'exit', eventValues: ['relapse'], competingValues: ['death', 'prison'] },
    });
    expect(mapping.outcome.start).toBe('intake');
    expect(mapping.groups).toEqual([]);
    expect(mapping.factors).toEqual({});
    expect(parseMapping(serialiseMapping(mapping))).toEqual(mapping);
  });

  it('names each offending field', () => {
    const base = JSON.parse(demoTemplate);
    expect(problems('{not json')).toMatch(/not valid JSON/);
    expect(problems({ ...base, format: 'other' })).toMatch(/^mapping template: format must be "relapse-workbench-mapping"/);
    expect(problems({ ...base, version: 2 })).toMatch(/version must be 1/);
    expect(problems({ ...base, factors: { ...base.factors, motivation: [] } })).toMatch(/factors\.motivation is not a factor id/);
    expect(problems({ ...base, factors: { coping_skills: [{ column: 'x', direction: 'down' }] } })).toMatch(/factors\.coping_skills\[0\]\.direction must be "risk" or "protective"/);
    expect(problems({ ...base, factors: { coping_skills: [{ column: '', direction: 'risk' }] } })).toMatch(/factors\.coping_skills\[0\]\.column must be a column name/);
    expect(problems({ ...base, outcome: { event: 'e', eventValues: [1] } })).toMatch(/outcome\.time is required unless "start"/);
    expect(problems({ ...base, outcome: { time: 't', start: 's', end: 'e', event: 'e', eventValues: [1] } })).toMatch(/outcome\.time give either/);
    expect(problems({ ...base, outcome: { start: 's', event: 'e', eventValues: [1] } })).toMatch(/outcome\.end is required with "start"/);
    expect(problems({ ...base, outcome: { end: 'x', event: 'e', eventValues: [1] } })).toMatch(/outcome\.start is required/);
    expect(problems({ ...base, outcome: { time: 't', event: 'e', eventValues: [] } })).toMatch(/outcome\.eventValues must list at least one value/);
    expect(problems({ ...base, outcome: { time: 't', event: 'e', eventValues: [1], competingValues: [1] } })).toMatch(/outcome\.competingValues\[0\] value 1 is also listed/);
    expect(problems({ ...base, extra: 1 })).toMatch(/extra/);
  });
});
