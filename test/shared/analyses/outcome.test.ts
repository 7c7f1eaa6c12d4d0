/** The survival outcome rules of the CLI contract (R's Surv(time, status == V)) and R's level order. */
import { describe, expect, it } from 'vitest';
import type { Column, DataFrame } from '../../../shared/data/frame';
import { groupCodes, survivalRows } from '../../../shared/analyses/outcome';

const num = (name: string, values: number[], type: 'number' | 'integer' | 'boolean' = 'number'): Column => ({ name, type, values: Float64Array.from(values) });
const cat = (name: string, values: (string | null)[]): Column => {
  const levels = Array.from(new Set(values.filter((v): v is string => v !== null)));
  return { name, type: 'categorical', levels, codes: Int32Array.from(values, (v) => (v === null ? -1 : levels.indexOf(v))) };
};
const frame = (...columns: Column[]): DataFrame => {
  const first = columns[0];
  return { nRows: 'codes' in first ? first.codes.length : first.values.length, columns };
};

describe('survivalRows event coding', () => {
  it('without an event value: 1/0 in a numeric column, words in a text column, booleans', () => {
    expect(Array.from(survivalRows(frame(num('t', [1, 2, 3]), num('e', [1, 0, 1])), { time: 't', event: 'e' }).status)).toEqual([1, 0, 1]);
    expect(Array.from(survivalRows(frame(num('t', [1, 2, 3, 4]), cat('e', ['Yes', 'no', 'TRUE', 'false'])), { time: 't', event: 'e' }).status)).toEqual([1, 0, 1, 0]);
    expect(Array.from(survivalRows(frame(num('t', [1, 2]), num('e', [0, 1], 'boolean')), { time: 't', event: 'e' }).status)).toEqual([0, 1]);
  });

  it('with an event value: equal means event, any other non-missing value censored (status == V)', () => {
    const lung = frame(num('t', [5, 6, 7, 8]), num('status', [1, 2, 2, 1]));
    expect(Array.from(survivalRows(lung, { time: 't', event: 'status', eventValue: '2' }).status)).toEqual([0, 1, 1, 0]);
    const words = frame(num('t', [5, 6, 7]), cat('outcome', ['relapse', 'death', 'censored']));
    expect(Array.from(survivalRows(words, { time: 't', event: 'outcome', eventValue: 'relapse' }).status)).toEqual([1, 0, 0]);
    // A yes/no column imported as boolean still matches "yes".
    expect(Array.from(survivalRows(frame(num('t', [1, 2]), num('e', [1, 0], 'boolean')), { time: 't', event: 'e', eventValue: 'yes' }).status)).toEqual([1, 0]);
  });

  it('an uncoded value is an error naming the column, the row and the value', () => {
    expect(() => survivalRows(frame(num('t', [1, 2, 3]), num('status', [1, 2, 1])), { time: 't', event: 'status' })).toThrow(
      'event column "status", data row 2: value "2" is neither an event (1/true/yes) nor censored (0/false/no); name the event value with --event-value',
    );
    expect(() => survivalRows(frame(num('t', [1]), num('status', [1])), { time: 't', event: 'status', eventValue: 'relapse' })).toThrow(
      'event value "relapse" cannot occur in the number event column "status"',
    );
  });

  it('drops and counts rows missing the time, the event or an extra column; refuses a negative time', () => {
    const site = cat('site', ['a', null, 'b', 'a', 'b']);
    const rows = survivalRows(frame(num('t', [1, 2, NaN, 4, 5]), num('e', [1, 0, 1, NaN, 0]), site), { time: 't', event: 'e' }, [site]);
    expect(Array.from(rows.rows)).toEqual([0, 4]);
    expect(rows.droppedMissing).toBe(3);
    expect(() => survivalRows(frame(num('t', [1, -2]), num('e', [1, 0])), { time: 't', event: 'e' })).toThrow('time column "t", data row 2: negative time -2');
  });
});

describe('groupCodes', () => {
  it('orders numbers numerically and strings alphabetically, as R orders factor levels', () => {
    const clinic = num('clinic', [10, 2, 1, 2, 10]);
    expect(groupCodes(clinic, Int32Array.of(0, 1, 2, 3, 4))).toEqual({ codes: Int32Array.of(2, 1, 0, 1, 2), levels: ['1', '2', '10'] });
    const arm = cat('arm', ['patchOnly', 'combination', 'patchOnly']);
    expect(groupCodes(arm, Int32Array.of(0, 1, 2))).toEqual({ codes: Int32Array.of(1, 0, 1), levels: ['combination', 'patchOnly'] });
  });

  it('only counts levels present in the kept rows', () => {
    const arm = cat('arm', ['a', 'b', 'c']);
    expect(groupCodes(arm, Int32Array.of(0, 2)).levels).toEqual(['a', 'c']);
  });
});
