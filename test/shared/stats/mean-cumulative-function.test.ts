import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { meanCumulativeFunction, meanCumulativeFunctionByGroup, mcfConfidenceInterval, type McfConfType } from '../../../shared/stats/mean-cumulative-function';
import { expectClose } from '../../helpers/compare';

interface McfFixture {
  name: string;
  data: { start: number[]; stop: number[]; event: number[]; id: string[]; group: string[] | null };
  confType: McfConfType;
  confLevel: number;
  levels: string[];
  groups: {
    group: string;
    participants: number;
    intervals: number;
    events: number;
    rows: { time: number; mcf: number; stdErr: number; lower: number | null; upper: number | null; atRisk: number; events: number }[];
  }[];
}

const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/mean-cumulative-function.json', import.meta.url)), 'utf8')) as { mcf: McfFixture[] };

/** Codes of string values in the order of `levels` (or of first appearance). */
function codes(values: string[], levels?: string[]): { codes: Int32Array; count: number } {
  const order = levels ?? [...new Set(values)];
  const index = new Map(order.map((v, k) => [v, k]));
  return { codes: Int32Array.from(values, (v) => index.get(v)!), count: order.length };
}

describe('meanCumulativeFunctionByGroup equals survfit(Surv(start, stop, event) ~ group, id = id, robust = TRUE)', () => {
  for (const c of fixture.mcf) {
    it(c.name, () => {
      const start = Float64Array.from(c.data.start);
      const stop = Float64Array.from(c.data.stop);
      const status = Uint8Array.from(c.data.event);
      const id = codes(c.data.id).codes;
      const group = c.data.group ? codes(c.data.group, c.levels) : { codes: new Int32Array(start.length), count: 1 };
      const curves = meanCumulativeFunctionByGroup(start, stop, status, id, group.codes, group.count, { confType: c.confType, confLevel: c.confLevel });
      expect(curves.length).toBe(c.groups.length);
      c.groups.forEach((expected, k) => {
        const curve = curves[k];
        expect(curve.participants, `${expected.group} participants`).toBe(expected.participants);
        expect(curve.intervals).toBe(expected.intervals);
        expect(curve.events).toBe(expected.events);
        expect(curve.rows.length, `${expected.group} rows`).toBe(expected.rows.length);
        expected.rows.forEach((row, j) => {
          const got = curve.rows[j];
          const label = `${c.name} ${expected.group} t=${row.time}`;
          expectClose(got.time, row.time, `${label} time`);
          expect(got.atRisk, `${label} atRisk`).toBe(row.atRisk);
          expect(got.events, `${label} events`).toBe(row.events);
          expectClose(got.mcf, row.mcf, `${label} mcf`);
          expectClose(got.stdErr, row.stdErr, `${label} stdErr`);
          expectClose(got.lower, row.lower, `${label} lower`);
          expectClose(got.upper, row.upper, `${label} upper`);
        });
      });
    });
  }
});

describe('meanCumulativeFunction', () => {
  it('does not depend on the order of the rows', () => {
    const c = fixture.mcf.find((x) => x.name === 'cgd overall')!;
    const n = c.data.start.length;
    const perm = Array.from({ length: n }, (_, i) => (i * 37) % n); // 37 is prime to 203
    expect(new Set(perm).size).toBe(n);
    const pick = <T,>(xs: T[]) => perm.map((i) => xs[i]);
    const curve = meanCumulativeFunction(
      Float64Array.from(pick(c.data.start)),
      Float64Array.from(pick(c.data.stop)),
      Uint8Array.from(pick(c.data.event)),
      codes(pick(c.data.id)).codes,
    );
    const expected = c.groups[0].rows;
    expect(curve.rows.length).toBe(expected.length);
    expected.forEach((row, j) => {
      expectClose(curve.rows[j].mcf, row.mcf, `t=${row.time} mcf`);
      expectClose(curve.rows[j].stdErr, row.stdErr, `t=${row.time} stdErr`);
    });
  });

  it('refuses an interval whose stop is not after its start, naming the row', () => {
    expect(() =>
      meanCumulativeFunction(Float64Array.of(0, 5), Float64Array.of(5, 5), Uint8Array.of(1, 0), Int32Array.of(0, 0)),
    ).toThrow(/data row 2: stop time 5 is not after start time 5/);
  });

  it('gives no log-scale interval where the MCF is 0, and a plain one from 0', () => {
    expect(mcfConfidenceInterval(0, 0, 'log', 1.96)).toEqual({ lower: null, upper: null });
    expect(mcfConfidenceInterval(0, 0, 'plain', 1.96)).toEqual({ lower: 0, upper: 0 });
  });
});

describe('meanCumulativeFunction robust SE on a larger cohort', () => {
  it('equals the direct sum over participants of their squared influence at every time', () => {
    // 1,500 participants, up to 4 intervals each with gaps, ~600 distinct times; a fixed sequence.
    let seed = 20240601;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const start: number[] = [], stop: number[] = [], status: number[] = [], id: number[] = [];
    for (let p = 0; p < 1500; p++) {
      let t = Math.floor(next() * 20);
      for (let e = 0, k = 1 + Math.floor(next() * 4); e < k; e++) {
        if (next() < 0.2) t += 1 + Math.floor(next() * 10);
        const len = 1 + Math.floor(next() * 150);
        start.push(t);
        stop.push(t + len);
        status.push(next() < 0.6 ? 1 : 0);
        id.push(p);
        t += len;
      }
    }
    const curve = meanCumulativeFunction(Float64Array.from(start), Float64Array.from(stop), Uint8Array.from(status), Int32Array.from(id));
    // Direct: U_k(u) = sum over event times u_j <= u of [dN_k(u_j) - Y_k(u_j) d_j / n_j] / n_j.
    const influence = new Float64Array(1500);
    let checked = 0;
    for (const row of curve.rows) {
      if (row.events > 0) {
        for (let r = 0; r < start.length; r++) {
          if (start[r] < row.time && row.time <= stop[r]) influence[id[r]] -= row.events / (row.atRisk * row.atRisk);
          if (stop[r] === row.time && status[r] === 1) influence[id[r]] += 1 / row.atRisk;
        }
      }
      let sum = 0;
      for (let k = 0; k < 1500; k++) sum += influence[k] * influence[k];
      expectClose(row.stdErr, Math.sqrt(sum), `t=${row.time}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });
});
