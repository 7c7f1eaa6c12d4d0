import { describe, expect, it } from 'vitest';
import { validateMapping, type ValidationIssue } from '../../../shared/mapping/validate';
import type { Mapping } from '../../../shared/mapping/format';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const csv = [
  'pid,site,intake,relapse_date,last_contact,days,status,phq9,cope,flag,same,yn',
  'P1,a,2024-01-10,2024-01-05,,10,1,5,3,yes,7,no', // row 1: relapse before intake
  'P2,a,2024-01-10,,2024-03-01,-4,0,6,4,no,7,no', // row 2: negative days
  'P2,b,2024-02-01,,2024-01-01,,9,7,5,yes,7,no', // row 3: duplicate id, last contact before intake, missing days, uncoded 9
  'P4,b,2024-02-01,,,12,,8,6,no,7,no', // row 4: no end date at all, missing status
  ',b,2024-02-01,2024-03-01,,14,2,9,7,no,7,no', // row 5: missing id, competing 2
].join('\n');
const frame = frameFromCsv(csv);

const base: Mapping = {
  id: 'pid',
  outcome: { time: 'days', event: 'status', eventValues: [1], competingValues: [2] },
  groups: ['site'],
  factors: { underlying_issues: [{ column: 'phq9', direction: 'risk' }], coping_skills: [{ column: 'cope', direction: 'protective' }] },
};

function byCode(issues: ValidationIssue[], code: string): ValidationIssue[] {
  return issues.filter((i) => i.code === code);
}

describe('validateMapping lists each problem with its offending rows', () => {
  it('a duplicated id (all rows sharing it), a missing id, negative and missing time, uncoded and missing events', () => {
    const issues = validateMapping(frame, base);
    expect(byCode(issues, 'duplicate-id')).toEqual([expect.objectContaining({ severity: 'error', column: 'pid', rows: [2, 3], count: 2 })]);
    expect(byCode(issues, 'missing-id')).toEqual([expect.objectContaining({ severity: 'warning', rows: [5], count: 1 })]);
    expect(byCode(issues, 'negative-time')).toEqual([expect.objectContaining({ severity: 'error', column: 'days', rows: [2], count: 1 })]);
    expect(byCode(issues, 'missing-time')).toEqual([expect.objectContaining({ severity: 'warning', rows: [3], count: 1 })]);
    const uncoded = byCode(issues, 'event-uncoded');
    expect(uncoded).toEqual([expect.objectContaining({ severity: 'error', column: 'status', rows: [3], count: 1 })]);
    expect(uncoded[0].message).toMatch(/"9"/);
    expect(byCode(issues, 'missing-event')).toEqual([expect.objectContaining({ rows: [4], count: 1 })]);
    expect(issues.map((i) => i.code).sort()).toEqual(['duplicate-id', 'event-uncoded', 'missing-event', 'missing-id', 'missing-time', 'negative-time']);
  });

  it('end and last-contact dates before the start date, and the time missing when neither date is there', () => {
    const issues = validateMapping(frame, { ...base, outcome: { start: 'intake', end: 'relapse_date', censorEnd: 'last_contact', event: 'status', eventValues: [1], competingValues: [2, 9] } });
    expect(byCode(issues, 'end-before-start')).toEqual([
      expect.objectContaining({ severity: 'error', column: 'relapse_date', rows: [1], count: 1 }),
      expect.objectContaining({ severity: 'error', column: 'last_contact', rows: [3], count: 1 }),
    ]);
    expect(byCode(issues, 'missing-time')).toEqual([expect.objectContaining({ rows: [4], count: 1 })]);
    expect(byCode(issues, 'event-uncoded')).toEqual([]);
  });

  it('dates without a last-contact date: leaving out every participant without a relapse is an error, not a warning', () => {
    const noLastContact = { ...base, outcome: { start: 'intake', end: 'relapse_date', event: 'status', eventValues: [1], competingValues: [2, 9] } };
    const issues = validateMapping(frame, noLastContact);
    // Row 2 is the one censored participant (status 0): with no last-contact date it has no end of follow-up.
    expect(byCode(issues, 'censored-without-end')).toEqual([expect.objectContaining({ severity: 'error', column: 'relapse_date', rows: [2], count: 1 })]);
    expect(byCode(issues, 'censored-without-end')[0].message).toBe(
      'no last-contact date is mapped, so none of the 1 participants without a relapse has an end of follow-up and all would be left out (data rows 2); map the column holding the date of last contact',
    );
    // With the last-contact date mapped, or with a follow-up time column, there is no such error.
    expect(byCode(validateMapping(frame, { ...noLastContact, outcome: { ...noLastContact.outcome, censorEnd: 'last_contact' } }), 'censored-without-end')).toEqual([]);
    expect(byCode(validateMapping(frame, base), 'censored-without-end')).toEqual([]);
  });

  it('constant columns: a numeric item, an item constant after coding riskValues, and the event', () => {
    const issues = validateMapping(frame, {
      ...base,
      outcome: { time: 'days', event: 'yn', eventValues: ['yes'] },
      factors: { complacency: [{ column: 'same', direction: 'risk' }, { column: 'flag', direction: 'risk', riskValues: ['maybe'] }] },
    });
    const constant = byCode(issues, 'constant-column');
    expect(constant.map((i) => i.column)).toEqual(['yn', 'same', 'flag']);
    expect(constant.every((i) => i.severity === 'error')).toBe(true);
    expect(constant[1].message).toMatch(/one value only \(7\)/);
    expect(constant[2].message).toMatch(/no row has a risk value/);
  });

  it('columns that are absent or of the wrong type, a categorical item without riskValues, a column used twice', () => {
    const issues = validateMapping(frame, {
      id: 'nope',
      outcome: { time: 'intake', event: 'status', eventValues: [1], competingValues: [2, 9] },
      groups: ['region'],
      factors: { social_pressure: [{ column: 'flag', direction: 'risk' }], underlying_issues: [{ column: 'phq9', direction: 'risk' }], complacency: [{ column: 'phq9', direction: 'risk' }] },
    });
    expect(byCode(issues, 'column-missing').map((i) => i.column)).toEqual(['nope', 'region']);
    expect(byCode(issues, 'column-type').map((i) => i.column)).toEqual(['intake', 'flag']);
    expect(byCode(issues, 'column-reused')).toEqual([expect.objectContaining({ severity: 'warning', column: 'phq9' })]);
  });

  it("speaks the user's words: no message names a mapping file key (issue 15 item 2)", () => {
    const mappings: Mapping[] = [
      base,
      { ...base, outcome: { start: 'intake', end: 'relapse_date', event: 'status', eventValues: [1], competingValues: [2] } },
      { ...base, outcome: { time: 'days', event: 'yn', eventValues: ['yes'] }, factors: { complacency: [{ column: 'same', direction: 'risk' }, { column: 'flag', direction: 'risk', riskValues: ['maybe'] }] } },
      { ...base, factors: { social_pressure: [{ column: 'flag', direction: 'risk' }] } },
    ];
    const messages = mappings.flatMap((m) => validateMapping(frame, m).map((i) => i.message));
    // The cases above raise the uncoded event, the dates without a last contact, the coded and the categorical item.
    expect(messages.some((m) => m.includes('the values meaning relapse'))).toBe(true);
    expect(messages.some((m) => m.includes('date of last contact'))).toBe(true);
    expect(messages.some((m) => m.includes('risk values'))).toBe(true);
    for (const message of messages) expect(message).not.toMatch(/eventValues|competingValues|riskValues|censorEnd/);
  });

  it('shows at most 20 rows but counts them all; a clean mapping has no issues', () => {
    const many = frameFromCsv(['id,t,e,x', ...Array.from({ length: 50 }, (_, i) => `1,${-i - 1},${i % 2},${i}`)].join('\n'));
    const issues = validateMapping(many, { id: 'id', outcome: { time: 't', event: 'e', eventValues: [1] }, groups: [], factors: { complacency: [{ column: 'x', direction: 'risk' }] } });
    const negative = byCode(issues, 'negative-time')[0];
    expect(negative.count).toBe(50);
    expect(negative.rows).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(byCode(issues, 'duplicate-id')[0].count).toBe(50);
    const clean = frameFromCsv('id,t,e,x\n1,5,1,3\n2,6,0,4\n3,7,1,2\n');
    expect(validateMapping(clean, { id: 'id', outcome: { time: 't', event: 'e', eventValues: [1] }, groups: [], factors: { complacency: [{ column: 'x', direction: 'risk' }] } })).toEqual([]);
  });

  it('an event coding that never occurs is a warning that there is no relapse', () => {
    const issues = validateMapping(frame, { ...base, id: undefined, outcome: { time: 'days', event: 'site', eventValues: ['z'] } });
    expect(byCode(issues, 'no-events')).toHaveLength(1);
  });
});
