import { describe, expect, it } from 'vitest';
import type { Column } from '../../../shared/data/frame';
import { compareText, groupCodes, groupOrderSchema } from '../../../shared/analyses/group-levels';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { textColumn } from '../../helpers/text-column';
import reference from './fixtures/group-order.json';

const num = (name: string, values: number[]): Column => ({ name, type: 'number', values: Float64Array.from(values) });
const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('default group order, as R factor() orders levels (group-order.R)', () => {
  it(`text: alphabetically as R sorts it (${reference.collation.locale}, ICU ${reference.collation.icu}), not by code point`, () => {
    const values = reference.collation.values;
    expect(groupCodes(textColumn('x', values), all(values.length)).levels).toEqual(reference.collation.levels);
    expect([...values].sort(compareText)).toEqual(reference.collation.levels);
  });

  it('numbers numerically, as factor() of a numeric vector', () => {
    expect(groupCodes(num('dose', [10, 2, 1, 2.5, 2]), all(5))).toEqual({ codes: Int32Array.of(3, 1, 0, 2, 1), levels: reference.numericLevels });
  });

  it('text that is all numbers numerically too (R would give "1", "10", "2")', () => {
    expect(groupCodes(textColumn('ward', ['10', '2', '1', '2.5']), all(4)).levels).toEqual(['1', '2', '2.5', '10']);
    expect(groupCodes(textColumn('ward', ['10', '2', 'unknown']), all(3)).levels).toEqual(['10', '2', 'unknown']);
  });

  it('the text band of the fixture: high, low, medium by default', () => {
    const band = reference.data.band;
    expect(groupCodes(textColumn('band', band), all(band.length)).levels).toEqual(reference.defaultOrder.levels);
  });
});

describe('group order set by the user (--levels)', () => {
  const band = textColumn('band', ['high', 'low', 'medium', 'low']);
  it('codes the groups in the order given', () => {
    expect(groupCodes(band, all(4), ['low', 'medium', 'high'])).toEqual({ codes: Int32Array.of(2, 0, 1, 0), levels: ['low', 'medium', 'high'] });
  });

  it('parses the comma-separated text of the CLI and the form', () => {
    expect(groupOrderSchema.parse('low, medium ,high')).toEqual(['low', 'medium', 'high']);
    expect(groupOrderSchema.parse(undefined)).toBeUndefined();
    expect(groupOrderSchema.safeParse(' , ').success).toBe(false);
  });

  it('matches a numeric column by value', () => {
    expect(groupCodes(num('clinic', [1, 2, 1]), all(3), ['2.0', '1']).levels).toEqual(['2', '1']);
  });

  it('refuses, in one line, an unknown, repeated or missing group', () => {
    expect(() => groupCodes(band, all(4), ['low', 'mid', 'high'])).toThrow(AnalysisError);
    expect(() => groupCodes(band, all(4), ['low', 'mid', 'high'])).toThrow('levels: "mid" is not a value of column "band" among the analysed rows (its values: high, low, medium)');
    expect(() => groupCodes(band, all(4), ['low', 'low', 'medium', 'high'])).toThrow('levels: "low" is listed twice');
    expect(() => groupCodes(band, all(4), ['low', 'high'])).toThrow('levels: column "band" also has "medium"; list every group');
  });
});
