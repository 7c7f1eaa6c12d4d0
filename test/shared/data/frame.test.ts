/**
 * The column store's helpers (shared/data/frame.ts): which columns are numeric, finding a column, the
 * text of a cell as a file shows it (dates as ISO days, booleans, missing as empty) and whether it is
 * missing.
 */
import { describe, expect, it } from 'vitest';
import { cellText, COLUMN_TYPES, daysToIsoDate, dropGivenUpColumns, findColumn, isMissing, isNumericColumn, type Column, type DataFrame } from '../../../shared/data/frame';

const columns: Column[] = [
  { name: 'dose', type: 'number', values: Float64Array.of(50, 0.25, NaN, -3) },
  { name: 'visits', type: 'integer', values: Float64Array.of(3, 0, 12, NaN) },
  { name: 'intake', type: 'date', values: Float64Array.of(0, 19_000, -1, NaN) },
  { name: 'prison', type: 'boolean', values: Float64Array.of(1, 0, NaN, 1) },
  { name: 'site', type: 'categorical', codes: Int32Array.of(1, 0, -1, 1), levels: ['Hillcrest', 'Eastgate'] },
  { name: 'note', type: 'text', codes: Int32Array.of(-1, 0, 0, -1), levels: ['said "no", then yes'] },
];
const frame: DataFrame = { nRows: 4, columns };
const column = (name: string) => findColumn(frame, name)!;

describe('frame helpers', () => {
  it('numbers, dates and booleans are numeric columns; categories and text are coded', () => {
    expect(COLUMN_TYPES.filter((type) => isNumericColumn({ name: 'x', type } as Column))).toEqual(['integer', 'number', 'date', 'boolean']);
    expect(columns.map(isNumericColumn)).toEqual([true, true, true, true, false, false]);
  });

  it('finds a column by its exact name', () => {
    expect(findColumn(frame, 'site')).toBe(columns[4]);
    expect(findColumn(frame, 'Site')).toBeUndefined();
  });

  it('writes days since 1970-01-01 as ISO dates, before 1970 too', () => {
    expect(daysToIsoDate(0)).toBe('1970-01-01');
    expect(daysToIsoDate(19_000)).toBe('2022-01-08');
    expect(daysToIsoDate(-1)).toBe('1969-12-31');
    expect(daysToIsoDate(11_016)).toBe('2000-02-29');
  });

  it('gives the text of each cell as a file shows it, missing as empty', () => {
    const rows = [0, 1, 2, 3].map((row) => columns.map((c) => cellText(c, row)));
    expect(rows).toEqual([
      ['50', '3', '1970-01-01', 'true', 'Eastgate', ''],
      ['0.25', '0', '2022-01-08', 'false', 'Hillcrest', 'said "no", then yes'],
      ['', '12', '1969-12-31', '', '', 'said "no", then yes'],
      ['-3', '', '', 'true', 'Eastgate', ''],
    ]);
  });

  it('tells missing cells: NaN in numeric columns, code -1 in coded ones', () => {
    const missing = [0, 1, 2, 3].map((row) => columns.map((c) => isMissing(c, row)));
    expect(missing).toEqual([
      [false, false, false, false, false, true],
      [false, false, false, false, false, false],
      [true, false, false, true, true, false],
      [false, true, true, false, false, true],
    ]);
    expect(column('dose').type).toBe('number');
  });
});

describe('dropGivenUpColumns', () => {
  it('empties a frame the caller gave up, keeping its row count, and leaves any other frame alone', () => {
    const make = (): DataFrame => ({ nRows: 2, columns: [{ name: 'x', type: 'number', values: Float64Array.of(1, 2) }] });
    const givenUp = make();
    dropGivenUpColumns(givenUp, { frameGivenUp: true });
    expect(givenUp).toEqual({ nRows: 2, columns: [] });
    const kept = make();
    dropGivenUpColumns(kept, {});
    dropGivenUpColumns(kept, { frameGivenUp: false });
    expect(kept.columns.map((c) => c.name)).toEqual(['x']);
  });
});
