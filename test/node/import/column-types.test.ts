/**
 * The user's type for a column at import (issue 15 item 1: 'let the user change a column's type at
 * import'): the preview's type menu and the CLI's --type. Values that do not fit the chosen type become
 * missing and are counted and named with their file lines, never silently lost.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv, loadCsv, previewCsv } from '../../../node/import';
import { openProject, type Project } from '../../../node/store';
import type { CodedColumn, DataFrame, NumericColumn } from '../../../shared/data/frame';
import { UserFacingError } from '../../../shared/errors';

let dir: string;
let project: Project;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'column-types-'));
  project = openProject(':memory:');
});
afterEach(() => {
  project.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const column = (frame: DataFrame, name: string) => frame.columns.find((c) => c.name === name)!;
const text = (frame: DataFrame, name: string) => {
  const c = column(frame, name) as CodedColumn;
  return Array.from(c.codes, (code) => (code < 0 ? null : c.levels[code]));
};
async function userError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

const CODES = 'id,clinic,days\n1,007,10\n2,012,20\n3,120,30\n4,007,40\n5,NA,50\n';

describe('a column forced to text', () => {
  it('keeps leading zeros (inferred as integer, read as text)', async () => {
    const path = file('codes.csv', CODES);
    const inferred = await loadCsv(path);
    expect(column(inferred.frame, 'clinic').type).toBe('integer');
    expect(Array.from((column(inferred.frame, 'clinic') as NumericColumn).values)).toEqual([7, 12, 120, 7, NaN]);

    const { frame, report } = await loadCsv(path, { columnTypes: { clinic: 'text' } });
    expect(column(frame, 'clinic').type).toBe('text');
    expect(text(frame, 'clinic')).toEqual(['007', '012', '120', '007', null]);
    expect(report.columns[1]).toMatchObject({ name: 'clinic', type: 'text', missing: 1, invalid: 0 });
    expect(report.decisions.columnTypes).toEqual({ clinic: 'text' });
  });

  it('shows the chosen and the inferred type in the preview, with the cells as text', async () => {
    const preview = await previewCsv(file('codes.csv', CODES), { columnTypes: { clinic: 'text' } });
    expect(preview.columns[1]).toMatchObject({ name: 'clinic', type: 'text', inferredType: 'integer', invalid: 0 });
    expect(preview.rows.map((r) => r[1])).toEqual(['007', '012', '120', '007', null]);
  });

  it('is recorded in the audit log of the import', async () => {
    await importCsv(project, file('codes.csv', CODES), { columnTypes: { clinic: 'categorical' } });
    const entry = project.auditLog().find((e) => e.action === 'import')!;
    expect(entry.details.columnTypes).toEqual({ clinic: 'categorical' });
    expect(project.readDataset('codes').columns[1]).toMatchObject({ type: 'categorical', levels: ['007', '012', '120'] });
  });
});

describe('a column forced to date', () => {
  // 'visit' holds D/M/Y dates and free text: inferred as text (over 1% does not fit a date).
  const VISITS = ['id,visit', '1,02/03/2020', '2,25/12/2020', '3,unknown', '4,31/01/2021', '5,15/13/2020', '6,-99', '7,01/02/2021'].join('\n') + '\n';

  it('names each value that is not a date by its file line; they become missing', async () => {
    const path = file('visits.csv', VISITS);
    expect((await loadCsv(path)).report.columns[1].type).toBe('text');
    const { frame, report } = await loadCsv(path, { columnTypes: { visit: 'date' } });
    expect(report.columns[1]).toMatchObject({
      name: 'visit',
      type: 'date',
      dateFormat: 'DMY',
      invalid: 2,
      missing: 3,
      invalidExamples: [
        { line: 4, value: 'unknown' },
        { line: 6, value: '15/13/2020' },
      ],
    });
    expect(report.rows).toBe(7);
    const values = Array.from((column(frame, 'visit') as NumericColumn).values);
    expect(values[0]).toBe(Date.UTC(2020, 2, 2) / 864e5);
    expect(values[1]).toBe(Date.UTC(2020, 11, 25) / 864e5);
    expect(values[2]).toBeNaN();
    expect(values[3]).toBe(Date.UTC(2021, 0, 31) / 864e5);
    expect(values[4]).toBeNaN();
    expect(values[5]).toBeNaN();
    expect(values[6]).toBe(Date.UTC(2021, 1, 1) / 864e5);
  });

  it('the preview counts the values that will not fit, with their lines', async () => {
    const preview = await previewCsv(file('visits.csv', VISITS), { columnTypes: { visit: 'date' } });
    expect(preview.columns[1]).toMatchObject({ type: 'date', inferredType: 'text', dateFormat: 'DMY', invalid: 2, invalidExamples: [{ line: 4, value: 'unknown' }, { line: 6, value: '15/13/2020' }] });
    expect(preview.rows.map((r) => r[1])).toEqual(['2020-03-02', '2020-12-25', null, '2021-01-31', null, null, '2021-02-01']);
  });

  it('does not guess day and month when no value tells them apart: the column stays flagged for the user', async () => {
    const path = file('ambiguous.csv', 'id,visit\n1,02/03/2020\n2,04/05/2020\n3,x\n');
    const preview = await previewCsv(path, { columnTypes: { visit: 'date' } });
    expect(preview.ambiguousDateColumns).toEqual(['visit']);
    const { frame, report } = await loadCsv(path, { columnTypes: { visit: 'date' }, dateOrder: { visit: 'MDY' } });
    expect(report.columns[1]).toMatchObject({ type: 'date', dateFormat: 'MDY', invalid: 1, invalidExamples: [{ line: 4, value: 'x' }] });
    expect((column(frame, 'visit') as NumericColumn).values[0]).toBe(Date.UTC(2020, 1, 3) / 864e5);
  });

  it('refuses a column none of whose values is a date, in one line', async () => {
    const message = await userError(loadCsv(file('words.csv', 'id,site\n1,north\n2,south\n'), { columnTypes: { site: 'date' } }));
    expect(message).toBe('words.csv: column "site" cannot be read as date: none of its values is a date (e.g. "north"); keep its type text or fix the file');
  });
});

describe('other types and refusals', () => {
  it('a yes/no column forced to number refuses; a text column forced to yes/no names the misfits', async () => {
    const path = file('flags.csv', 'id,employed,working\n1,yes,yes\n2,no,no\n3,yes,yes\n4,no,unsure\n');
    expect(await userError(loadCsv(path, { columnTypes: { employed: 'number' } }))).toMatch(/column "employed" cannot be read as number: none of its values is a number \(e\.g\. "yes"\)/);
    const { frame, report } = await loadCsv(path, { columnTypes: { working: 'boolean' } });
    expect(report.columns[2]).toMatchObject({ type: 'boolean', invalid: 1, missing: 1, invalidExamples: [{ line: 5, value: 'unsure' }] });
    expect(Array.from((column(frame, 'working') as NumericColumn).values)).toEqual([1, 0, 1, NaN]);
  });

  it('refuses a type for a column that is not in the file', async () => {
    expect(await userError(loadCsv(file('codes.csv', CODES), { columnTypes: { clinc: 'text' } }))).toBe('codes.csv: no column named "clinc" (given a type)');
  });
});
