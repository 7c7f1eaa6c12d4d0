import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { survcheck } from '../../../shared/stats/survcheck';

interface Case {
  name: string;
  data: { start: number[]; stop: number[]; event: number[]; id: string[] };
  participants: number;
  observations: number;
  flag: { overlap: number; gap: number };
  overlap: number[];
  gap: number[];
  zeroLength: number[];
  stopBeforeStart: number[];
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/survcheck.json', import.meta.url)), 'utf8')) as { cases: Case[] };

function idCodes(values: string[]): { id: Int32Array; idLabels: string[] } {
  const idLabels = [...new Set(values)];
  const index = new Map(idLabels.map((v, k) => [v, k]));
  return { id: Int32Array.from(values, (v) => index.get(v)!), idLabels };
}

function run(c: Case) {
  return survcheck({
    start: Float64Array.from(c.data.start),
    stop: Float64Array.from(c.data.stop),
    status: Uint8Array.from(c.data.event),
    ...idCodes(c.data.id),
  });
}

const rowsOf = (result: ReturnType<typeof survcheck>, code: string) => result.problems.find((p) => p.code === code)?.rows ?? [];

describe('survcheck equals R survcheck(Surv(start, stop, event) ~ 1, id = id)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const result = run(c);
      expect(result.participants).toBe(c.participants);
      expect(result.flags.overlap).toBe(c.flag.overlap);
      expect(result.flags.gap).toBe(c.flag.gap);
      expect(rowsOf(result, 'overlap')).toEqual(c.overlap);
      expect(rowsOf(result, 'gap')).toEqual(c.gap);
      expect(rowsOf(result, 'zero-length')).toEqual(c.zeroLength);
      expect(rowsOf(result, 'stop-before-start')).toEqual(c.stopBeforeStart);
      // R's observations are the rows Surv() accepts.
      expect(result.observations - c.zeroLength.length - c.stopBeforeStart.length).toBe(c.observations);
    });
  }
});

describe('survcheck problems as data', () => {
  const edge = fixture.cases.find((c) => c.name === 'edge cases')!;

  it('names each problem with its participants, severity and data rows', () => {
    const result = run(edge);
    const overlap = result.problems.find((p) => p.code === 'overlap')!;
    expect(overlap).toMatchObject({ severity: 'error', rows: [1, 8], ids: ['3', '4'] });
    expect(overlap.message).toBe('an interval starts before the previous interval of the same participant ends (overlapping intervals): 2 participants, data rows 1, 8');
    expect(result.problems.find((p) => p.code === 'gap')).toMatchObject({ severity: 'note', rows: [6], ids: ['2'] });
    expect(result.problems.find((p) => p.code === 'zero-length')!.message).toBe('the interval has length 0 (stop equals start): participant 5, data row 10');
  });

  it('notes follow-up after an event (participant 1: (0, 5] ends in an event, (5, 9] follows)', () => {
    // Participant 3's (4, 9] overlaps its event interval (0, 6] and participant 4's second (0, 4] repeats
    // the first: neither starts at or after the event, so only row 2 is noted.
    expect(rowsOf(run(edge), 'follow-up-after-event')).toEqual([2]);
  });

  it('gives the same rows whatever the order of the data', () => {
    const n = edge.data.start.length;
    const order = Array.from({ length: n }, (_, i) => n - 1 - i);
    const reversed: Case = { ...edge, data: { start: order.map((i) => edge.data.start[i]), stop: order.map((i) => edge.data.stop[i]), event: order.map((i) => edge.data.event[i]), id: order.map((i) => edge.data.id[i]) } };
    const back = (rows: number[]) => rows.map((r) => n - r + 1).sort((a, b) => a - b);
    const result = run(reversed);
    // An identical repeated interval is flagged on its later row in data order, so that one moves.
    expect(back(rowsOf(result, 'overlap'))).toEqual([1, 7]);
    expect(back(rowsOf(result, 'gap'))).toEqual(edge.gap);
    expect(back(rowsOf(result, 'zero-length'))).toEqual(edge.zeroLength);
  });

  it('with one row per participant, lists every row of a repeated id; data rows follow dataRows', () => {
    const result = survcheck({
      start: null,
      stop: Float64Array.of(5, 8, 3, 9),
      status: Uint8Array.of(1, 0, 0, 1),
      id: Int32Array.of(0, 1, 0, 2),
      idLabels: ['a', 'b', 'c'],
      dataRows: Int32Array.of(0, 2, 3, 4),
    });
    expect(result.problems).toEqual([
      { code: 'repeated-id', severity: 'error', rows: [1, 4], ids: ['a'], message: 'the participant id occurs in more than one row: participant a, data rows 1, 4' },
    ]);
    expect(result.participants).toBe(3);
  });

  it('reports an interval that near-tied times make empty as zero-length (R: aeqSurv exception)', () => {
    const result = survcheck({ start: Float64Array.of(0, 1), stop: Float64Array.of(1, 1 + 1e-12), status: Uint8Array.of(0, 1), id: Int32Array.of(0, 0), idLabels: ['a'] });
    expect(rowsOf(result, 'zero-length')).toEqual([2]);
    expect(result.flags.overlap + result.flags.gap).toBe(0);
  });
});
