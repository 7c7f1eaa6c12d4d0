/**
 * Rows left out in the Mapping step (issue 15 item 1: 'a row whose dates run backwards or whose follow-up
 * is missing must not block "Use this mapping": show the rows, let the user exclude them'): the template
 * field excludeRows, validation's offer and its checks, and applyMapping dropping the rows.
 */
import { describe, expect, it } from 'vitest';
import { applyMapping, DERIVED_RELAPSE, DERIVED_TIME, scoreColumnName } from '../../../shared/mapping/apply';
import { checkExcludedRows, rowsWithReason, withoutExcludedRows } from '../../../shared/mapping/exclude';
import { type Mapping, MappingFormatError, mappingToTemplate, parseMapping, serialiseMapping } from '../../../shared/mapping/format';
import { validateMapping } from '../../../shared/mapping/validate';
import type { NumericColumn } from '../../../shared/data/frame';
import { UserFacingError } from '../../../shared/errors';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const header = 'pid,intake,relapse_date,last_contact,relapsed,employed,craving';
const rows = [
  'P1,2024-01-10,2024-02-10,,1,1,5', // 1
  'P2,2024-01-10,,2024-06-01,0,0,6', // 2
  'P3,2024-02-01,2024-01-20,,1,1,7', // 3: relapse date before intake
  'P4,2024-02-01,,,0,0,4', // 4: no end date: follow-up missing
  'P5,2024-03-01,2024-03-15,,1,0,8', // 5
  'P6,2024-03-01,,2024-02-15,0,1,3', // 6: last contact before intake
  'P7,2024-01-01,2024-01-01,,1,1,6', // 7: relapse on day 0
  'P8,2024-01-05,,2024-09-01,0,0,2', // 8
];
const frame = frameFromCsv([header, ...rows].join('\n'));
const without = (drop: number[]) => frameFromCsv([header, ...rows.filter((_, k) => !drop.includes(k + 1))].join('\n'));

const base: Mapping = {
  id: 'pid',
  outcome: { start: 'intake', end: 'relapse_date', censorEnd: 'last_contact', event: 'relapsed', eventValues: [1] },
  groups: [],
  factors: { coping_skills: [{ column: 'employed', direction: 'protective' }], psychological_dependence: [{ column: 'craving', direction: 'risk' }] },
};
const excluding = (...exclusions: Mapping['excludeRows'] & object): Mapping => ({ ...base, excludeRows: exclusions });

describe('the template field excludeRows', () => {
  it('round-trips, rows sorted, and a template without it is unchanged', () => {
    const template = mappingToTemplate(excluding({ reason: 'end-before-start', rows: [6, 3] }));
    expect(template.excludeRows).toEqual([{ reason: 'end-before-start', rows: [6, 3] }]);
    expect(parseMapping(template).excludeRows).toEqual([{ reason: 'end-before-start', rows: [3, 6] }]);
    expect('excludeRows' in mappingToTemplate(base)).toBe(false);
    expect(serialiseMapping(base)).not.toContain('excludeRows');
    expect(parseMapping(mappingToTemplate(base))).toEqual(base);
  });

  it('refuses an unknown reason, a row that is not a data row, a row listed twice, and intervals, naming the field', () => {
    const template = (excludeRows: unknown, outcome: object = mappingToTemplate(base).outcome) => ({ ...mappingToTemplate(base), outcome, excludeRows });
    const problem = (value: unknown, outcome?: object) => {
      try {
        parseMapping(template(value, outcome));
      } catch (error) {
        expect(error).toBeInstanceOf(MappingFormatError);
        return (error as Error).message;
      }
      return null;
    };
    expect(problem([{ reason: 'looks odd', rows: [1] }])).toBe('mapping template: excludeRows[0].reason must be one of "end-before-start", "missing-time"');
    expect(problem([{ reason: 'missing-time', rows: [0] }])).toBe('mapping template: excludeRows[0].rows[0] must be data row numbers from 1');
    expect(problem([{ reason: 'missing-time', rows: [1.5] }])).toBe('mapping template: excludeRows[0].rows[0] must be whole row numbers');
    expect(problem([{ reason: 'missing-time', rows: [4] }, { reason: 'end-before-start', rows: [3, 4] }])).toBe('mapping template: excludeRows[1].rows[1] row 4 is listed twice');
    expect(problem([{ reason: 'missing-time', rows: [4] }], { intervalStart: 'a', time: 'b', event: 'relapsed', eventValues: [1] })).toBe('mapping template: excludeRows is for one row per participant; intervals are checked by the Recurrent relapses step');
  });
});

describe('which rows have each reason', () => {
  it('end before start: the relapse date or the last-contact date before the intake (rows 3 and 6); not day 0 (row 7)', () => {
    expect(rowsWithReason(frame, base, 'end-before-start')).toEqual([2, 5]);
  });
  it('follow-up missing: no relapse and no last-contact date (row 4)', () => {
    expect(rowsWithReason(frame, base, 'missing-time')).toEqual([3]);
  });
  it('a duration mapping has no end-before-start rows', () => {
    expect(rowsWithReason(frame, { ...base, outcome: { time: 'craving', event: 'relapsed', eventValues: [1] } }, 'end-before-start')).toEqual([]);
  });
});

describe('validation offers to leave the rows out, then checks the rows left out', () => {
  it('lists the backward rows with their values and offers to leave them out; the message says how to fix it', () => {
    const issues = validateMapping(frame, base);
    const backward = issues.filter((i) => i.code === 'end-before-start');
    expect(backward.map((i) => [i.column, i.rows])).toEqual([
      ['relapse_date', [3]],
      ['last_contact', [6]],
    ]);
    expect(backward[0].message).toBe('end (relapse) date "relapse_date" is before the start date "intake" in data rows 3: correct the dates in the file and import it again, or leave these rows out');
    expect(backward[0].exclusion).toEqual({
      reason: 'end-before-start',
      rows: [3],
      values: [{ row: 3, cells: [{ column: 'pid', value: 'P3' }, { column: 'intake', value: '2024-02-01' }, { column: 'relapse_date', value: '2024-01-20' }, { column: 'last_contact', value: 'missing' }, { column: 'relapsed', value: '1' }] }],
    });
    const missing = issues.find((i) => i.code === 'missing-time')!;
    expect(missing).toMatchObject({ severity: 'warning', rows: [4], exclusion: { reason: 'missing-time', rows: [4] } });
    expect(issues.some((i) => i.severity === 'error')).toBe(true);
  });

  it('with the rows left out, no error remains, and the other rows keep their dataset numbers', () => {
    const issues = validateMapping(frame, excluding({ reason: 'end-before-start', rows: [3, 6] }));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    // row 4 is still row 4 (not row 3 of the rows kept)
    expect(issues.find((i) => i.code === 'missing-time')).toMatchObject({ rows: [4], exclusion: { rows: [4] } });
    expect(issues.find((i) => i.code === 'missing-time')!.message).toContain('data rows 4;');
    expect(validateMapping(frame, excluding({ reason: 'end-before-start', rows: [3, 6] }, { reason: 'missing-time', rows: [4] }))).toEqual([]);
  });

  it('refuses rows that do not have their reason or are not in the data (the exclusion was made on other data)', () => {
    const issues = validateMapping(frame, excluding({ reason: 'end-before-start', rows: [3, 5] }));
    expect(issues[0]).toMatchObject({ code: 'excluded-rows-stale', severity: 'error', rows: [5], count: 1 });
    expect(issues[0].message).toBe('the mapping leaves out data rows 5 because their end date is before their start date, but they are not so in these data: clear the left-out rows and choose them again');
    // and the data are checked as they are: both backward rows reported
    expect(issues.filter((i) => i.code === 'end-before-start').map((i) => i.rows)).toEqual([[3], [6]]);
    expect(checkExcludedRows(frame, excluding({ reason: 'missing-time', rows: [4, 9] }))[0].message).toBe('the mapping leaves out data rows 9, but the data have 8 rows: the rows were chosen on other data; clear the left-out rows and choose them again');
  });
});

describe('applyMapping leaves the rows out', () => {
  it('gives exactly what the data without those rows give: follow-up, relapse and the scores standardised over the rows kept', () => {
    const left = applyMapping(frame, excluding({ reason: 'end-before-start', rows: [3, 6] }, { reason: 'missing-time', rows: [4] })).frame;
    const reference = applyMapping(without([3, 4, 6]), base).frame;
    expect(left.nRows).toBe(5);
    for (const name of [DERIVED_TIME, DERIVED_RELAPSE, scoreColumnName('coping_skills'), scoreColumnName('psychological_dependence')]) {
      const actual = Array.from((left.columns.find((c) => c.name === name) as NumericColumn).values);
      expect(actual, name).toEqual(Array.from((reference.columns.find((c) => c.name === name) as NumericColumn).values));
    }
    expect(Array.from((left.columns.find((c) => c.name === DERIVED_TIME) as NumericColumn).values)).toEqual([31, 143, 14, 0, 240]);
  });

  it('refuses, in one line, an exclusion that does not fit the data', () => {
    expect(() => applyMapping(frame, excluding({ reason: 'missing-time', rows: [3] }))).toThrow(UserFacingError);
    expect(() => applyMapping(frame, excluding({ reason: 'missing-time', rows: [3] }))).toThrow('mapping: the mapping leaves out data rows 3 because their follow-up time is missing, but they are not so in these data: clear the left-out rows and choose them again');
  });

  it('withoutExcludedRows keeps each kept row’s dataset row', () => {
    const kept = withoutExcludedRows(frame, excluding({ reason: 'end-before-start', rows: [3, 6] }));
    expect(Array.from(kept.dataRows!)).toEqual([0, 1, 3, 4, 6, 7]);
    expect(kept.excluded).toBe(2);
    expect(withoutExcludedRows(frame, base)).toEqual({ frame, dataRows: null, excluded: 0 });
  });
});
