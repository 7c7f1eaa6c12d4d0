/**
 * The reference values of fixtures/start-stop-km-logrank.R (R survfit and the coxph score test on
 * (start, stop] rows) and the comparisons of an `analyze km` / `analyze logrank` result or CLI document
 * with them, shared by the declaration tests and the CLI contract test (test/cli/start-stop.test.ts).
 */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { kmResultSchema, type KmResult } from '../../../shared/analyses/km';
import { logrankResultSchema, type LogrankResult } from '../../../shared/analyses/logrank';
import { expectClose } from '../../helpers/compare';

const here = dirname(fileURLToPath(import.meta.url));
export const startStopFixture = JSON.parse(readFileSync(join(here, 'fixtures', 'start-stop-km-logrank.json'), 'utf8'));

export type Values = (number | null)[] | number | null;
export interface RCurve {
  records: number;
  events: number;
  median: (number | null)[];
  rmean: number[];
  quantiles: { estimate: (number | null)[]; lower: (number | null)[]; upper: (number | null)[] };
  time: Values;
  nRisk: Values;
  nEvent: Values;
  nCensor: Values;
  survival: Values;
  stdErr: Values;
  lower: Values;
  upper: Values;
  cumHaz: Values;
  cumHazStdErr: Values;
  at: Record<'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper', Values>;
}
export interface RCase {
  times: number[] | number;
  tau: number;
  curves: RCurve[];
}

/** jsonlite writes a length-1 vector as a scalar (auto_unbox) and an empty one as []. */
export const list = (v: Values): (number | null)[] => (Array.isArray(v) ? v : [v]);

export interface RTest {
  chisq: number;
  df: number;
  p: number;
}
export interface RLogrank extends RTest {
  levels: string[];
  n: number[];
  observed: number[];
  expected: number[];
  variance: number[][];
  trend: RTest & { scores: number[] };
  pairwise: (RTest & { group1: string; group2: string; pAdjusted: number; pHolm: number })[];
}

/** An `analyze km --start` result equals R's case `name`, field for field (`rightCensored`: km --cluster without --start, which keeps the follow-up). */
export function expectKmLikeR(result: KmResult, name: string, rightCensored = false) {
  const r: RCase = startStopFixture.km[name];
  expect(() => kmResultSchema.parse(result)).not.toThrow();
  expect(result.groups).toHaveLength(r.curves.length);
  result.groups.forEach((g, k) => {
    const c = r.curves[k];
    const label = `${name} ${g.group}`;
    expect(g.n, `${label} n`).toBe(c.records);
    expect(g.events, `${label} events`).toBe(c.events);
    const time = list(c.time);
    expect(g.table.map((row) => row.time), `${label} times`).toEqual(time);
    g.table.forEach((row, j) => {
      expect(row.nRisk, `${label} nRisk ${j}`).toBe(list(c.nRisk)[j]);
      expect(row.nEvent, `${label} nEvent ${j}`).toBe(list(c.nEvent)[j]);
      expect(row.nCensor, `${label} nCensor ${j}`).toBe(list(c.nCensor)[j]);
      expectClose(row.survival, list(c.survival)[j], `${label} survival ${j}`);
      expectClose(row.stdErr, list(c.stdErr)[j], `${label} stdErr ${j}`);
      expectClose(row.lower, list(c.lower)[j], `${label} lower ${j}`);
      expectClose(row.upper, list(c.upper)[j], `${label} upper ${j}`);
      expectClose(row.cumHaz, list(c.cumHaz)[j], `${label} cumHaz ${j}`);
      expectClose(row.cumHazStdErr, list(c.cumHazStdErr)[j], `${label} cumHazStdErr ${j}`);
    });
    expectClose(g.median.estimate, c.median[0], `${label} median`);
    expectClose(g.median.lower, c.median[1], `${label} median lower`);
    expectClose(g.median.upper, c.median[2], `${label} median upper`);
    g.quantiles.forEach((q, i) => {
      expectClose(q.estimate, c.quantiles.estimate[i], `${label} quantile ${q.p}`);
      expectClose(q.lower, c.quantiles.lower[i], `${label} quantile ${q.p} lower`);
      expectClose(q.upper, c.quantiles.upper[i], `${label} quantile ${q.p} upper`);
    });
    const at = c.at;
    expect(g.atTimes.map((a) => a.time), `${label} at times`).toEqual(list(at.time));
    g.atTimes.forEach((a, i) => {
      expect(a.nRisk, `${label} at ${a.time} nRisk`).toBe(list(at.nRisk)[i]);
      expect(a.nEvent, `${label} at ${a.time} nEvent`).toBe(list(at.nEvent)[i]);
      expect(a.nCensor, `${label} at ${a.time} nCensor`).toBe(list(at.nCensor)[i]);
      expectClose(a.survival, list(at.survival)[i], `${label} at ${a.time} survival`);
      expectClose(a.stdErr, list(at.stdErr)[i], `${label} at ${a.time} stdErr`);
      expectClose(a.lower, list(at.lower)[i], `${label} at ${a.time} lower`);
      expectClose(a.upper, list(at.upper)[i], `${label} at ${a.time} upper`);
    });
    expect(g.rmst.tau).toBe(r.tau);
    expectClose(g.rmst.estimate, c.rmean[0], `${label} rmean`);
    expectClose(g.rmst.stdErr, c.rmean[1], `${label} se(rmean)`);
    // The reverse-KM follow-up is reported for right-censored rows only (compared in km.test.ts).
    if (!rightCensored) expect(g.followUp).toEqual({ estimate: null, lower: null, upper: null });
  });
  if (!rightCensored) expect(result.warnings.map((w) => w.code)).toContain('follow-up-not-available');
}

/** An `analyze logrank --start` result equals R's case. */
export function expectLogrankLikeR(result: LogrankResult, r: RLogrank, label: string, adjusted: 'pAdjusted' | 'pHolm' = 'pAdjusted') {
  expect(() => logrankResultSchema.parse(result)).not.toThrow();
  expectClose(result.chisq, r.chisq, `${label} chisq`);
  expect(result.df).toBe(r.df);
  expectClose(result.p, r.p, `${label} p`);
  expect(result.groups.map((g) => g.group)).toEqual(r.levels);
  result.groups.forEach((g, k) => {
    expect(g.n, `${label} n ${g.group}`).toBe(r.n[k]);
    expectClose(g.observed, r.observed[k], `${label} observed ${g.group}`);
    expectClose(g.expected, r.expected[k], `${label} expected ${g.group}`);
    result.variance[k].forEach((v, h) => expectClose(v, r.variance[k][h], `${label} variance ${k},${h}`));
  });
  if (result.trend) {
    expectClose(result.trend.chisq, r.trend.chisq, `${label} trend chisq`);
    expectClose(result.trend.p, r.trend.p, `${label} trend p`);
    expect(result.trend.scores).toEqual(r.trend.scores);
  }
  expect(result.pairwise).toHaveLength(r.pairwise.length);
  result.pairwise.forEach((pair, i) => {
    const rp = r.pairwise[i];
    expect([pair.group1, pair.group2]).toEqual([rp.group1, rp.group2]);
    expectClose(pair.chisq, rp.chisq, `${label} pair ${i} chisq`);
    expectClose(pair.p, rp.p, `${label} pair ${i} p`);
    expectClose(pair.pAdjusted, rp[adjusted], `${label} pair ${i} adjusted p`);
  });
}

