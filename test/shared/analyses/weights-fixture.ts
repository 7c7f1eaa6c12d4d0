/**
 * The reference values of fixtures/weights.R (R survfit, coxph and the score test with case weights)
 * and the comparisons of `analyze km|cox|logrank --weights` results or CLI documents with them, shared
 * by the declaration tests (weights.test.ts) and the CLI contract test (test/cli/weights.test.ts).
 */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { kmResultSchema, type KmResult } from '../../../shared/analyses/km';
import { coxResultSchema, type CoxResult } from '../../../shared/analyses/cox';
import { expectClose } from '../../helpers/compare';
import { list, type RCurve } from './start-stop-km-logrank-fixture';

const here = dirname(fileURLToPath(import.meta.url));
export const weightsFixture = JSON.parse(readFileSync(join(here, 'fixtures', 'weights.json'), 'utf8'));
/** The data of the fixture: R's data set with weight columns wi, wf, wp, or the edge data. */
export const weightsCsvPath = (name: string) => join(here, 'fixtures', `weights-${name}.csv`);

export interface RWeightedKmCase {
  times: number[] | number;
  tau: number;
  excluded: number;
  robust: boolean;
  curves: (RCurve & { followUp: (number | null)[] })[];
}

/** An `analyze km --weights` result equals R's case `name`, field for field. */
export function expectWeightedKmLikeR(result: KmResult, name: string) {
  const r: RWeightedKmCase = weightsFixture.km[name];
  expect(() => kmResultSchema.parse(result)).not.toThrow();
  expect(result.excluded, `${name} excluded`).toBe(r.excluded);
  expect(result.weights?.robust, `${name} robust`).toBe(r.robust);
  expect(result.groups).toHaveLength(r.curves.length);
  result.groups.forEach((g, k) => {
    const c = r.curves[k];
    const label = `${name} ${g.group}`;
    expect(g.n, `${label} n`).toBe(c.records);
    expectClose(g.events, c.events, `${label} events`);
    expect(g.table.map((row) => row.time), `${label} times`).toEqual(list(c.time));
    g.table.forEach((row, j) => {
      expectClose(row.nRisk, list(c.nRisk)[j], `${label} nRisk ${j}`);
      expectClose(row.nEvent, list(c.nEvent)[j], `${label} nEvent ${j}`);
      expectClose(row.nCensor, list(c.nCensor)[j], `${label} nCensor ${j}`);
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
      expectClose(a.nRisk, list(at.nRisk)[i], `${label} at ${a.time} nRisk`);
      expectClose(a.nEvent, list(at.nEvent)[i], `${label} at ${a.time} nEvent`);
      expectClose(a.nCensor, list(at.nCensor)[i], `${label} at ${a.time} nCensor`);
      expectClose(a.survival, list(at.survival)[i], `${label} at ${a.time} survival`);
      expectClose(a.stdErr, list(at.stdErr)[i], `${label} at ${a.time} stdErr`);
      expectClose(a.lower, list(at.lower)[i], `${label} at ${a.time} lower`);
      expectClose(a.upper, list(at.upper)[i], `${label} at ${a.time} upper`);
    });
    expect(g.rmst.tau).toBe(r.tau);
    expectClose(g.rmst.estimate, c.rmean[0], `${label} rmean`);
    expectClose(g.rmst.stdErr, c.rmean[1], `${label} se(rmean)`);
    expectClose(g.followUp.estimate, c.followUp[0], `${label} follow-up median`);
    expectClose(g.followUp.lower, c.followUp[1], `${label} follow-up lower`);
    expectClose(g.followUp.upper, c.followUp[2], `${label} follow-up upper`);
  });
}

type Maybe = number | null;
interface RTest {
  statistic: number;
  df: number;
  p: number;
}
export interface RWeightedCoxCase {
  excluded: number;
  n: number;
  nevent: number;
  robust: boolean;
  names: string[] | string;
  coef: Maybe[] | Maybe;
  se: Maybe[] | Maybe;
  robustSe?: Maybe[] | Maybe;
  z: Maybe[] | Maybe;
  p: Maybe[] | Maybe;
  hr: Maybe[] | Maybe;
  lower: Maybe[] | Maybe;
  upper: Maybe[] | Maybe;
  loglik: number[];
  lr: RTest;
  wald: RTest;
  score: RTest;
  robustScore?: RTest;
  concordance: { estimate: number; stdErr: number };
  zph: { terms: { term: string; chisq: number; df: number; p: number }[]; global: { chisq: number; df: number; p: number } };
}

/** An `analyze cox --weights` result equals R's case `name`: coefficients, SEs, tests, concordance and cox.zph. */
export function expectWeightedCoxLikeR(result: CoxResult, name: string) {
  const r: RWeightedCoxCase = weightsFixture.cox[name];
  expect(() => coxResultSchema.parse(result)).not.toThrow();
  expect(result.n, `${name} n`).toBe(r.n);
  expect(result.events, `${name} events`).toBe(r.nevent);
  expect(result.excluded, `${name} excluded`).toBe(r.excluded);
  expect(result.weights?.robust, `${name} robust`).toBe(r.robust);
  const names = list(r.names as never) as unknown as string[];
  expect(result.coefficients).toHaveLength(names.length);
  result.coefficients.forEach((c, k) => {
    const label = `${name} ${c.term}`;
    expectClose(c.coef, list(r.coef)[k], `${label} coef`);
    expectClose(c.se, list(r.se)[k], `${label} se`);
    if (r.robust) expectClose(c.robustSe ?? null, list(r.robustSe ?? null)[k], `${label} robust se`);
    else expect(c.robustSe).toBeUndefined();
    expectClose(c.z, list(r.z)[k], `${label} z`);
    expectClose(c.p, list(r.p)[k], `${label} p`);
    expectClose(c.hr, list(r.hr)[k], `${label} hr`);
    expectClose(c.hrLower, list(r.lower)[k], `${label} lower`);
    expectClose(c.hrUpper, list(r.upper)[k], `${label} upper`);
  });
  expectClose(result.logLik.null, r.loglik[0], `${name} loglik null`);
  expectClose(result.logLik.final, r.loglik[1], `${name} loglik`);
  const test = (actual: { statistic: Maybe; df: number; p: Maybe }, expected: RTest, label: string) => {
    expectClose(actual.statistic, expected.statistic, `${name} ${label}`);
    expect(actual.df, `${name} ${label} df`).toBe(expected.df);
    expectClose(actual.p, expected.p, `${name} ${label} p`);
  };
  test(result.tests.likelihoodRatio, r.lr, 'LR test');
  test(result.tests.wald, r.wald, 'Wald test');
  test(result.tests.score, r.score, 'score test');
  if (r.robust) test(result.tests.robustScore!, r.robustScore!, 'robust score test');
  else expect(result.tests.robustScore).toBeUndefined();
  expectClose(result.concordance.estimate, r.concordance.estimate, `${name} concordance`);
  expectClose(result.concordance.stdErr, r.concordance.stdErr, `${name} concordance se`);
  expect(result.ph.terms).toHaveLength(r.zph.terms.length);
  result.ph.terms.forEach((t, k) => {
    expectClose(t.chisq, r.zph.terms[k].chisq, `${name} zph ${t.term}`);
    expect(t.df).toBe(r.zph.terms[k].df);
    expectClose(t.p, r.zph.terms[k].p, `${name} zph ${t.term} p`);
  });
  expectClose(result.ph.global.chisq, r.zph.global.chisq, `${name} zph global`);
  expectClose(result.ph.global.p, r.zph.global.p, `${name} zph global p`);
}
