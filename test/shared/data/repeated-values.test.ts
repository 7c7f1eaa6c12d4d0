import { describe, expect, it } from 'vitest';
import { describeRepeatedIds, findRepeatedValues } from '../../../shared/data/repeated-values';
import { textColumn } from '../../helpers/text-column';
import { loadDataset } from '../../helpers/datasets';

describe('findRepeatedValues', () => {
  it('finds nothing when every value occurs once (missing cells are not values)', () => {
    expect(findRepeatedValues({ name: 'id', type: 'number', values: Float64Array.of(3, 1, NaN, 2, NaN) })).toBeNull();
    expect(findRepeatedValues(textColumn('id', ['a', '', 'b', '']))).toBeNull();
  });

  it('names the first value that occurs again, its first two rows and how many values repeat', () => {
    const numeric = findRepeatedValues({ name: 'id', type: 'number', values: Float64Array.of(5, 7, 9, 7, 5, 5, 8) });
    expect(numeric).toEqual({ repeatedValues: 2, value: '7', rows: [1, 3] });
    const text = findRepeatedValues(textColumn('id', ['p1', 'p2', 'p3', 'p2', 'p1']));
    expect(text).toEqual({ repeatedValues: 2, value: 'p2', rows: [1, 3] });
    expect(describeRepeatedIds(numeric!)).toBe('participant "7" is in data rows 2 and 4; 2 ids occur more than once');
    expect(describeRepeatedIds({ repeatedValues: 1, value: 'p2', rows: [1, 3] })).toBe('participant "p2" is in data rows 2 and 4');
  });

  it("counts R's cgd data as 128 participants in 203 rows", () => {
    const cgd = loadDataset('cgd');
    const repeated = findRepeatedValues({ name: 'id', type: 'number', values: cgd.num('id') });
    // R: sum(table(cgd$id) > 1) is 44 (203 rows of 128 ids); id 1 has rows 1 and 2.
    expect(cgd.nRows).toBe(203);
    expect(repeated).toEqual({ repeatedValues: 44, value: '1', rows: [0, 1] });
  });
});

describe('findRepeatedValues on whole-number and fractional ids', () => {
  it('counts alike through the value table (compact whole numbers) and through the sort', () => {
    const whole = Float64Array.of(12, 10, 11, 12, 10, 12, NaN, 13);
    const spread = Float64Array.from(whole, (v) => v * 1e9); // too spread for the table: sorted
    const fractional = Float64Array.from(whole, (v) => v + 0.5);
    for (const values of [whole, spread, fractional]) {
      const found = findRepeatedValues({ name: 'id', type: 'number', values });
      expect(found).toMatchObject({ repeatedValues: 2, rows: [0, 3] });
    }
  });
});
