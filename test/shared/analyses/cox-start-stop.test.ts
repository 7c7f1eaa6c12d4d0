/**
 * `analyze cox --start COL [--id COL] [--cluster COL]` against R (fixtures/start-stop.R): summary(coxph(
 * Surv(start, stop, event) ~ …)) with and without cluster, fit$concordance (with its std) and cox.zph,
 * on heart (transplant as a time-dependent covariate), cgd, bladder2 (with strata), an edge-case data set
 * (delayed entry, unsorted rows, an interval starting at others' event time, participants without events)
 * and right-censored lung and addicts with a cluster.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { coxOptionsSchema, coxResultSchema, type CoxResult } from '../../../shared/analyses/cox';
import { runCox } from '../../../shared/analyses/cox.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));
const dataFrame = (name: string) => frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', `${name}.csv`), 'utf8'));
const edgeFrame = () => frameFromCsv(readFileSync(join(here, 'fixtures', 'start-stop-edge.csv'), 'utf8'));
const fixture = JSON.parse(readFileSync(join(here, 'fixtures', 'start-stop.json'), 'utf8'));

interface RCox {
  n: number;
  events: number;
  names: string[];
  summaryCoefficients: number[][];
  confInt: number[][];
  logLik: number[];
  iterations: number;
  likelihoodRatioTest: number[];
  waldTest: number[];
  scoreTest: number[];
  robustScoreTest?: number[];
  concordance: number[];
  zph: { table: number[][]; x: number[]; time: number[]; y: (number | null)[][] | (number | null)[] };
}

function expectLikeR(result: CoxResult, r: RCox, robust: boolean) {
  expect(() => coxResultSchema.parse(result)).not.toThrow();
  expect(result.n).toBe(r.n);
  expect(result.events).toBe(r.events);
  expect(result.coefficients).toHaveLength(r.names.length);
  result.coefficients.forEach((row, k) => {
    const s = r.summaryCoefficients[k];
    const ci = r.confInt[k];
    expectClose(row.coef, s[0], `${row.term} coef`);
    expectClose(row.hr, s[1], `${row.term} hr`);
    expectClose(row.se, s[2], `${row.term} se`);
    if (robust) expectClose(row.robustSe, s[3], `${row.term} robust se`);
    else expect(row.robustSe).toBeUndefined();
    expectClose(row.z, s[robust ? 4 : 3], `${row.term} z`);
    expectClose(row.p, s[robust ? 5 : 4], `${row.term} p`);
    expectClose(row.hrLower, ci[2], `${row.term} lower`);
    expectClose(row.hrUpper, ci[3], `${row.term} upper`);
  });
  expectClose(result.logLik.null, r.logLik[0], 'loglik0');
  expectClose(result.logLik.final, r.logLik[1], 'loglik');
  expect(result.iterations).toBe(r.iterations);
  const tests: [string, { statistic: number | null; df: number; p: number | null } | undefined, number[]][] = [
    ['lr', result.tests.likelihoodRatio, r.likelihoodRatioTest],
    ['wald', result.tests.wald, r.waldTest],
    ['score', result.tests.score, r.scoreTest],
  ];
  if (robust) tests.push(['robust score', result.tests.robustScore, r.robustScoreTest!]);
  else expect(result.tests.robustScore).toBeUndefined();
  for (const [name, mine, theirs] of tests) {
    expectClose(mine!.statistic, theirs[0], `${name} statistic`);
    expect(mine!.df, `${name} df`).toBe(theirs[1]);
    expectClose(mine!.p, theirs[2], `${name} p`);
  }
  // fit$concordance: concordant, discordant, tied.x, tied.y, tied.xy, concordance, std.
  expectClose(result.concordance.estimate, r.concordance[5], 'concordance');
  expectClose(result.concordance.stdErr, r.concordance[6], 'concordance std');
  // cox.zph: one row per term, then GLOBAL.
  const nTerms = result.ph.terms.length;
  expect(nTerms).toBe(r.zph.table.length - 1);
  result.ph.terms.forEach((t, k) => {
    expectClose(t.chisq, r.zph.table[k][0], `zph ${t.term} chisq`);
    expect(t.df).toBe(r.zph.table[k][1]);
    expectClose(t.p, r.zph.table[k][2], `zph ${t.term} p`);
  });
  expectClose(result.ph.global.chisq, r.zph.table[nTerms][0], 'zph global chisq');
  expectClose(result.ph.global.p, r.zph.table[nTerms][2], 'zph global p');
  // The residual plot's data: the events in R's order, the km transform and the scaled residuals.
  const residuals = result.ph.residuals!;
  if (!residuals.thinned) {
    expect(residuals.time).toHaveLength(r.zph.time.length);
    residuals.time.forEach((t, i) => expectClose(t, r.zph.time[i], `zph time ${i}`));
    residuals.transformedTime.forEach((t, i) => expectClose(t, r.zph.x[i], `zph x ${i}`));
    const y = r.zph.y;
    residuals.terms.forEach((term, j) =>
      term.scaled.forEach((v, i) => expectClose(v, Array.isArray(y[i]) ? (y[i] as (number | null)[])[j] : (y[i] as number | null), `zph ${term.term} residual ${i}`)),
    );
  }
}

const run = (frame: ReturnType<typeof dataFrame>, options: Record<string, unknown>) => runCox(frame, coxOptionsSchema.parse(options));
const heart = { start: 'start', time: 'stop', event: 'event', covariates: 'age,surgery,transplant' };

describe('analyze cox --start against R coxph(Surv(start, stop, event) ~ …)', () => {
  for (const ties of ['efron', 'breslow']) {
    it(`heart: transplant as a time-dependent covariate (${ties}), its hazard ratio near 1 (not -0.611 as one row per interval from 0)`, () => {
      const result = run(dataFrame('heart'), { ...heart, ties, id: 'id' });
      expectLikeR(result, fixture.cox[`heart-${ties}`], false);
      expect(result.participants).toBe(103);
      expect(result.start).toBe('start');
      if (ties === 'efron') expect(result.coefficients[2].coef).toBeCloseTo(0.016, 3);
    });
  }
  it('heart with cluster = id: robust SE, robust Wald and score tests, the concordance SE by cluster', () => {
    const result = run(dataFrame('heart'), { ...heart, id: 'id', cluster: 'id' });
    expectLikeR(result, fixture.cox['heart-cluster'], true);
    expect(result.clusters).toBe(103);
  });
  it('heart stratified by surgery', () => {
    expectLikeR(run(dataFrame('heart'), { start: 'start', time: 'stop', event: 'event', covariates: 'age,transplant', strata: 'surgery' }), fixture.cox['heart-strata'], false);
  });
  it('cgd: recurrent infections, factors, cluster = id', () => {
    const result = run(dataFrame('cgd'), { start: 'tstart', time: 'tstop', event: 'status', covariates: 'treat,sex,age', id: 'id', cluster: 'id' });
    expect(result.coefficients.map((c) => c.term)).toEqual(['treat=rIFN-g', 'sex=male', 'age']);
    expectLikeR(result, fixture.cox['cgd-cluster'], true);
    expect(result.participants).toBe(128);
  });
  it('bladder2: cluster = id, with and without strata by episode', () => {
    const options = { start: 'start', time: 'stop', event: 'event', covariates: 'rx,number,size', id: 'id', cluster: 'id' };
    expectLikeR(run(dataFrame('bladder2'), options), fixture.cox['bladder2-cluster'], true);
    expectLikeR(run(dataFrame('bladder2'), { ...options, strata: 'enum' }), fixture.cox['bladder2-strata-cluster'], true);
  });
  it('edge cases: delayed entry, unsorted rows, an interval starting at an event time, participants without events', () => {
    const options = { start: 'start', time: 'stop', event: 'event', covariates: 'x,site', id: 'id' };
    expectLikeR(run(edgeFrame(), options), fixture.cox.edge, false);
    expectLikeR(run(edgeFrame(), { ...options, cluster: 'id', ties: 'breslow' }), fixture.cox['edge-cluster-breslow'], true);
    const bySite = run(edgeFrame(), { ...options, cluster: 'site' });
    expectLikeR(bySite, fixture.cox['edge-cluster-site'], true);
    expect(bySite.clusters).toBe(5);
    expect(bySite.participants).toBe(41);
  });
});

describe('analyze cox --cluster on right-censored data (one row per participant)', () => {
  it('lung by institution: rows without an institution are left out, as R', () => {
    const result = run(dataFrame('lung'), { time: 'time', event: 'status', eventValue: '2', covariates: 'age,sex', cluster: 'inst' });
    expectLikeR(result, fixture.cox['lung-cluster-inst'], true);
    expect(result.warnings.find((w) => w.code === 'rows-excluded')?.message).toContain('the cluster');
  });
  it('addicts stratified by clinic, cluster = id', () => {
    const result = run(dataFrame('addicts'), { time: 'time', event: 'status', covariates: 'prison,dose', strata: 'clinic', id: 'id', cluster: 'id' });
    expectLikeR(result, fixture.cox['addicts-cluster-id'], true);
    expect(result.participants).toBe(238);
  });
});

describe('analyze cox --start: bad intervals are refused in one line', () => {
  const csv = (rows: string[]) => frameFromCsv(['id,start,stop,event,x', ...rows].join('\n'));
  const good = ['1,0,5,1,1', '2,0,6,0,0', '3,2,7,1,1', '4,0,3,1,0', '5,1,9,0,1'];
  const options = { start: 'start', time: 'stop', event: 'event', covariates: 'x', id: 'id' };
  it('an interval of length 0', () => {
    expect(() => run(csv([...good, '6,4,4,1,0']), options)).toThrow(new AnalysisError('data row 6: the interval stop (4) must be after its start (4); an interval of length 0 cannot be at risk'));
  });
  it('overlapping intervals of one participant, naming the participant and the row', () => {
    let message = '';
    try {
      run(csv([...good, '1,3,8,0,1']), options);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^id column "id": an interval starts before the previous interval of the same participant ends \(overlapping intervals\): participant 1, data row 6; /);
    expect(message.split('\n')).toHaveLength(1);
  });
  it('a repeated id without --start is still refused (one row per participant)', () => {
    expect(() => run(csv([...good, '1,5,8,0,1']), { time: 'stop', event: 'event', covariates: 'x', id: 'id' })).toThrow(/id column "id": .*takes one row per participant/);
  });
  it('a repeated id with --start and intervals that follow each other is accepted', () => {
    const result = run(csv([...good, '2,6,8,1,1']), options);
    expect(result.n).toBe(6);
    expect(result.participants).toBe(5);
  });
});
