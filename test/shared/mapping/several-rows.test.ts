/**
 * Several rows per participant in a mapping (`outcome.intervalStart`): the format carries it (and only
 * with `time`), and `validateMapping` accepts repeated ids then, but checks the id, the start's type, stop
 * after start and overlapping intervals of one participant, naming the rows (R's survcheck rules).
 */
import { describe, expect, it } from 'vitest';
import { validateMapping, type ValidationIssue } from '../../../shared/mapping/validate';
import { parseMapping, serialiseMapping, type Mapping } from '../../../shared/mapping/format';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const codes = (issues: ValidationIssue[]): string[] => issues.map((i) => i.code).sort();

describe('mapping format: outcome.intervalStart', () => {
  const template = { format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'tstop', intervalStart: 'tstart', event: 'status', eventValues: [1] } };

  it('is read and written back in place, after time', () => {
    const mapping = parseMapping(template);
    expect(mapping.outcome.intervalStart).toBe('tstart');
    expect(serialiseMapping(mapping)).toContain('"time": "tstop",\n    "intervalStart": "tstart",\n    "event": "status"');
  });

  it('a template without it is unchanged', () => {
    const plain = { ...template, outcome: { time: 'tstop', event: 'status', eventValues: [1] } };
    expect(serialiseMapping(parseMapping(plain))).not.toContain('intervalStart');
    expect(parseMapping(plain).outcome).toEqual({ time: 'tstop', event: 'status', eventValues: [1] });
  });

  it('is refused with dates, in one line naming the field', () => {
    expect(() => parseMapping({ ...template, outcome: { start: 'd0', end: 'd1', intervalStart: 'tstart', event: 'status', eventValues: [1] } })).toThrow(
      'mapping template: outcome.intervalStart needs "time", the column holding the stop (days) of each interval; intervals cannot be given as dates',
    );
    expect(() => parseMapping({ ...template, outcome: { ...template.outcome, intervalStart: '' } })).toThrow(/outcome\.intervalStart must be a column name/);
  });
});

describe('validateMapping with several rows per participant', () => {
  const csv = [
    'pid,t0,t1,ev,label',
    'A,0,10,1,x', // row 1
    'A,10,25,0,x', // row 2
    'B,0,8,1,y', // row 3
    'B,5,20,0,y', // row 4: overlaps row 3
    'C,0,0,0,z', // row 5: stop = start
    'D,12,9,1,z', // row 6: stop before start
    'E,,7,1,z', // row 7: missing start (left out, not checked)
  ].join('\n');
  const frame = frameFromCsv(csv);
  const mapping: Mapping = { id: 'pid', outcome: { time: 't1', intervalStart: 't0', event: 'ev', eventValues: [1] }, groups: [], factors: {} };

  it('repeated ids are not an error; overlaps and empty or reversed intervals are, with their rows', () => {
    const issues = validateMapping(frame, mapping);
    expect(codes(issues)).toEqual(['interval-not-after-start', 'interval-not-after-start', 'intervals-overlap']);
    const overlap = issues.find((i) => i.code === 'intervals-overlap')!;
    expect(overlap).toMatchObject({ severity: 'error', column: 't0', rows: [4], count: 1 });
    expect(overlap.message).toBe('intervals of one participant overlap (participants B; data rows 4): a participant cannot be at risk twice at once');
    const empty = issues.filter((i) => i.code === 'interval-not-after-start').map((i) => i.rows);
    expect(empty.sort()).toEqual([[5], [6]]);
    expect(issues.find((i) => i.code === 'interval-not-after-start' && i.rows[0] === 6)!.message).toBe('the interval stop "t1" is not after the interval start "t0" in data rows 6');
  });

  it('the same data as one row per participant: the repeated ids are the error', () => {
    const { intervalStart: _, ...outcome } = mapping.outcome;
    expect(codes(validateMapping(frame, { ...mapping, outcome }))).toContain('duplicate-id');
  });

  it('needs the id, and an interval start holding numbers', () => {
    const { id: _, ...noId } = mapping;
    expect(codes(validateMapping(frame, noId))).toContain('id-required');
    const text = validateMapping(frame, { ...mapping, outcome: { ...mapping.outcome, intervalStart: 'label' } });
    expect(text.find((i) => i.code === 'column-type')?.message).toBe('interval start column "label" is categorical; it must hold a number of days');
    const absent = validateMapping(frame, { ...mapping, outcome: { ...mapping.outcome, intervalStart: 'nope' } });
    expect(absent.find((i) => i.code === 'column-missing')?.message).toBe('interval start column "nope" is not in the data');
  });

  it("R's cgd (tstart, tstop], 203 rows of 128 participants: no problem", () => {
    const cgd = frameFromCsv(readFileSync(join(__dirname, '../../fixtures/data/cgd.csv'), 'utf8'));
    const issues = validateMapping(cgd, { id: 'id', outcome: { time: 'tstop', intervalStart: 'tstart', event: 'status', eventValues: [1] }, groups: ['treat'], factors: {} });
    expect(issues).toEqual([]);
  });
});
