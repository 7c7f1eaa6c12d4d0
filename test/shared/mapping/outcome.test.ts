import { describe, expect, it } from 'vitest';
import { deriveOutcome, uncodedEventRows } from '../../../shared/mapping/outcome';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const csv = `id,start,relapse,last,status,reason
1,2024-01-01,2024-01-31,,1,relapse
2,2024-01-01,,2024-03-01,0,lost
3,2024-02-01,,2024-02-01,2,death
4,2024-02-01,,,,
5,2024-02-01,2024-02-11,2024-05-01,9,unknown
`;
const frame = frameFromCsv(csv);

describe('outcome from a mapping', () => {
  it('time from the relapse date, else the last-contact date, in days; status 1/2/0/-1 from the coding', () => {
    const { time, status } = deriveOutcome(frame, { start: 'start', end: 'relapse', censorEnd: 'last', event: 'status', eventValues: [1], competingValues: [2] });
    expect(Array.from(time)).toEqual([30, 60, 0, NaN, 10]);
    expect(Array.from(status)).toEqual([1, 0, 2, -1, 0]);
    expect(uncodedEventRows(frame, { time: 'id', event: 'status', eventValues: [1], competingValues: [2] })).toEqual([4]);
  });

  it('text coding matches trimmed and case-insensitive; numbers match numerically', () => {
    const { status } = deriveOutcome(frame, { time: 'id', event: 'reason', eventValues: ['RELAPSE'], competingValues: ['death'] });
    expect(Array.from(status)).toEqual([1, 0, 2, -1, 0]);
    expect(Array.from(deriveOutcome(frame, { time: 'id', event: 'status', eventValues: ['1.0'] }).status)).toEqual([1, 0, 0, -1, 0]);
  });

  it('a duration column is taken as it is; a date column is refused as a duration', () => {
    expect(Array.from(deriveOutcome(frame, { time: 'id', event: 'status', eventValues: [1] }).time)).toEqual([1, 2, 3, 4, 5]);
    expect(() => deriveOutcome(frame, { time: 'reason', event: 'status', eventValues: [1] })).toThrow(/"reason" is categorical/);
  });
});
