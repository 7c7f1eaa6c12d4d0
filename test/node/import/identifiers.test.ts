/**
 * Identifier screening on its own (node/import/identifiers.ts): a column is flagged by its name, or by
 * its content when at least half of its non-missing sampled values match a pattern, with the reason
 * the import report shows. Also what must not be flagged: analysis columns, numbers, a share below half.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../../shared/data/frame';
import { screenIdentifiers } from '../../../node/import/identifiers';
import { DEFAULT_NA_CODES, MissingCodes } from '../../../node/import/values';

const missing = new MissingCodes(DEFAULT_NA_CODES);
/** One column's values as the sample rows screenIdentifiers reads. */
function screenColumn(name: string, values: string[], type: ColumnType = 'text') {
  return screenIdentifiers([name], values.map((v) => [v]), [type], missing);
}

describe('by column name', () => {
  it.each([
    ['E-mail', 'email', 'e-mail addresses'],
    ['mobile', 'phone', 'phone numbers'],
    ['SSN', 'national-id', 'a national ID / social security number'],
    ['national_insurance', 'national-id', 'a national ID / social security number'],
    ['DOB', 'date-of-birth', 'full dates of birth'],
    ['Date of birth', 'date-of-birth', 'full dates of birth'],
    ['postcode', 'postcode', 'postcodes'],
    ['zip', 'postcode', 'postcodes'],
    ['street', 'address', 'street addresses'],
    ['first_name', 'name', 'personal names'],
    ['Surname', 'name', 'personal names'],
    ['Name', 'name', 'personal names'],
  ])('%s', (name, kind, described) => {
    expect(screenColumn(name, ['x', 'y'], 'categorical')).toEqual([{ column: name, kind, evidence: 'name', reason: `column name "${name}" suggests ${described}` }]);
  });

  it('leaves the usual analysis columns alone', () => {
    const names = ['id', 'site', 'clinic', 'time', 'status', 'relapse', 'dose', 'age', 'sex', 'intake_date', 'site_name_code'];
    const types: ColumnType[] = names.map(() => 'categorical');
    expect(screenIdentifiers(names, [names.map(() => 'A')], types, missing)).toEqual([]);
  });
});

describe('by content', () => {
  it.each([
    ['contact', ['ann@example.org', 'bo.li@clinic.co.uk'], 'email', 'values look like e-mail addresses'],
    ['ref', ['123-45-6789', '987-65-4321'], 'national-id', 'values look like US social security numbers'],
    ['ref', ['AB 12 34 56 C', 'JG103759A'], 'national-id', 'values look like UK National Insurance numbers'],
    ['contact', ['+44 20 7946 0958', '020 7946 0958'], 'phone', 'values look like phone numbers'],
    ['area', ['SW1A 1AA', 'M1 1AE'], 'postcode', 'values look like UK postcodes'],
    ['home', ['12 High Street', 'Hauptstraße 5'], 'address', 'values look like street addresses'],
    ['who', ['Ann Smith', 'Jan van Dijk'], 'name', 'values look like personal names'],
  ])('%s: %j', (name, values, kind, reason) => {
    expect(screenColumn(name, values)).toEqual([{ column: name, kind, evidence: 'content', reason: `2 of 2 sampled values in "${name}": ${reason}` }]);
  });

  it('US ZIP+4 codes are flagged (as phone numbers: the phone rule is tried first and matches them too)', () => {
    expect(screenColumn('area', ['90210-1234', '10001-0001'])).toEqual([
      { column: 'area', kind: 'phone', evidence: 'content', reason: '2 of 2 sampled values in "area": values look like phone numbers' },
    ]);
  });

  // Known gaps, written as the behaviour wanted; it.fails keeps them visible and fails once they are fixed.
  it.fails('US ZIP+4 codes are named as postcodes (the ZIP+4 rule comes after the phone rule, so it never decides)', () => {
    expect(screenColumn('area', ['90210-1234', '10001-0001'])[0].kind).toBe('postcode');
  });
  it.fails('a US phone number written with its area code in brackets, (555) 010-4477, is flagged', () => {
    expect(screenColumn('contact', ['(555) 010-4477', '(212) 555-0199'])).toHaveLength(1);
  });

  it('needs half of the non-missing values: 2 of 4 flags, 1 of 3 does not; missing codes are not counted', () => {
    expect(screenColumn('contact', ['ann@example.org', 'NA', 'bo@example.org', 'none', '', 'n/a'])).toEqual([
      { column: 'contact', kind: 'email', evidence: 'content', reason: '2 of 4 sampled values in "contact": values look like e-mail addresses' },
    ]);
    expect(screenColumn('contact', ['ann@example.org', 'none', 'later'])).toEqual([]);
  });

  it('scans only text and categorical columns; personal names only in text columns', () => {
    expect(screenColumn('code', ['123-45-6789', '987-65-4321'], 'number')).toEqual([]);
    expect(screenColumn('who', ['Ann Smith', 'Bo Li'], 'categorical')).toEqual([]);
    expect(screenColumn('who', ['Ann Smith', 'Bo Li'], 'text')).toHaveLength(1);
  });

  it('does not take treatment arms, site names or counts for identifiers', () => {
    expect(screenColumn('arm', ['buprenorphine', 'methadone', 'naltrexone'])).toEqual([]);
    expect(screenColumn('site', ['Hillcrest', 'Eastgate', 'Riverside'])).toEqual([]);
    expect(screenColumn('visits', ['12', '7', '30'], 'categorical')).toEqual([]);
  });

  it('a column with no value is not flagged', () => {
    expect(screenColumn('notes', ['', 'NA'])).toEqual([]);
  });
});
