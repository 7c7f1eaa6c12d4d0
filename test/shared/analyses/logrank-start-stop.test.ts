/**
 * `analyze logrank --start COL [--id COL]` against R (fixtures/start-stop-km-logrank.R): the score test of
 * coxph(Surv(start, stop, event) ~ factor(group) [+ strata(s)], ties = "breslow") with observed, expected
 * and the variance of O - E per group, the test for trend (score test of coxph(~ score)) and the pairwise
 * tests (the same on each pair's rows, p.adjust), on heart, bladder2, cgd (recurrent events, strata), the
 * edge-case data (delayed entry, unsorted rows, a group without events, 5 groups within strata) and lung
 * without tied times, where the test equals survdiff's.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { logrankAnalysis, logrankOptionsSchema } from '../../../shared/analyses/logrank';
import { runLogrank } from '../../../shared/analyses/logrank.run';
import { expectLogrankLikeR } from './start-stop-km-logrank-fixture';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));
const dataFrame = (name: string) => frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', `${name}.csv`), 'utf8'));
const edgeFrame = () => frameFromCsv(readFileSync(join(here, 'fixtures', 'start-stop-edge.csv'), 'utf8'));
const fixture = JSON.parse(readFileSync(join(here, 'fixtures', 'start-stop-km-logrank.json'), 'utf8'));

const run = (frame: ReturnType<typeof dataFrame>, options: Record<string, unknown>) => runLogrank(frame, logrankOptionsSchema.parse(options));

describe('analyze logrank --start against R (score test of coxph(Surv(start, stop, event) ~ factor(group)), Breslow)', () => {
  it('heart by surgery (ties; delayed entry of the transplant intervals), with --id', () => {
    const result = run(dataFrame('heart'), { start: 'start', time: 'stop', event: 'event', group: 'surgery', id: 'id', trend: 'yes' });
    expectLogrankLikeR(result, fixture.logrank['heart-surgery'], 'heart');
    expect(result.start).toBe('start');
    expect(result.participants).toBe(103);
    expect(result.rho).toBe(0);
  });
  it('heart by transplant within strata of surgery', () => {
    const result = run(dataFrame('heart'), { start: 'start', time: 'stop', event: 'event', group: 'transplant', strata: 'surgery', trend: 'yes' });
    expectLogrankLikeR(result, fixture.logrank['heart-transplant-strata-surgery'], 'heart strata');
    expect(result.strata).toEqual({ column: 'surgery', levels: ['0', '1'] });
  });
  it('bladder2 by rx and cgd by treat (several events per participant), cgd stratified by sex', () => {
    expectLogrankLikeR(run(dataFrame('bladder2'), { start: 'start', time: 'stop', event: 'event', group: 'rx', id: 'id', trend: 'yes' }), fixture.logrank['bladder2-rx'], 'bladder2');
    const cgd = { start: 'tstart', time: 'tstop', event: 'status', group: 'treat', id: 'id', trend: 'yes' };
    const result = run(dataFrame('cgd'), cgd);
    expectLogrankLikeR(result, fixture.logrank['cgd-treat'], 'cgd');
    expect(result.participants).toBe(128);
    expectLogrankLikeR(run(dataFrame('cgd'), { ...cgd, strata: 'sex' }), fixture.logrank['cgd-treat-strata-sex'], 'cgd strata');
  });
  it('edge data: unsorted rows, delayed entry, group C without events; trend with default and given scores; pairwise BH and Holm', () => {
    const options = { start: 'start', time: 'stop', event: 'event', group: 'g', id: 'id', trend: 'yes' };
    const result = run(edgeFrame(), options);
    expectLogrankLikeR(result, fixture.logrank['edge-g'], 'edge');
    expect(result.participants).toBe(41);
    expectLogrankLikeR(run(edgeFrame(), { ...options, scores: '0,1,5' }), fixture.logrank['edge-g-scores'], 'edge scores');
    expectLogrankLikeR(run(edgeFrame(), { ...options, pAdjust: 'holm' }), fixture.logrank['edge-g'], 'edge holm', 'pHolm');
  });
  it('a group that enters after the last relapse (E = 0) is left out of the test, as coxph leaves its NA coefficient out (df 2 for 4 groups)', () => {
    const r = fixture.logrankLateGroup;
    const result = run(frameFromCsv(readFileSync(join(here, 'fixtures', 'start-stop-edge-late-group.csv'), 'utf8')), { start: 'start', time: 'stop', event: 'event', group: 'g', id: 'id' });
    expectClose(result.chisq, r.chisq, 'chisq');
    expect(result.df).toBe(r.df);
    expectClose(result.p, r.p, 'p');
    expect(result.groups.map((g) => g.group)).toEqual(r.levels);
    result.groups.forEach((g, k) => {
      expect(g.n).toBe(r.n[k]);
      expectClose(g.observed, r.observed[k], `observed ${g.group}`);
      expectClose(g.expected, r.expected[k], `expected ${g.group}`);
    });
    expect(result.warnings.filter((w) => w.code === 'pairwise-no-test').map((w) => w.message.split(':')[0])).toEqual(['A vs D', 'B vs D', 'C vs D']);
  });
  it('edge data: five sites within strata of g, ten pairs', () => {
    const result = run(edgeFrame(), { start: 'start', time: 'stop', event: 'event', group: 'site', strata: 'g', id: 'id', trend: 'yes' });
    expectLogrankLikeR(result, fixture.logrank['edge-site-strata-g'], 'edge sites');
  });
  it('lung without tied times, each row from a start before every time: equals survdiff', () => {
    const lung = dataFrame('lung');
    const r = fixture.logrank['lung-untied-sex'];
    // The fixture's rows: lung without repeated times (first occurrence kept), start -1.
    const time = lung.columns.find((c) => c.name === 'time') as { values: Float64Array };
    const seen = new Set<number>();
    const keep = Array.from({ length: lung.nRows }, (_, i) => i).filter((i) => (seen.has(time.values[i]) ? false : (seen.add(time.values[i]), true)));
    const csv = ['start,time,status,sex', ...keep.map((i) => `-1,${time.values[i]},${cell(lung, 'status', i)},${cell(lung, 'sex', i)}`)].join('\n');
    const result = run(frameFromCsv(csv), { start: 'start', time: 'time', event: 'status', eventValue: '2', group: 'sex', trend: 'yes' });
    expect(keep.length).toBe(r.rows);
    expectLogrankLikeR(result, r, 'lung');
    expectClose(result.chisq, r.survdiff, 'lung survdiff chisq');
  });
});

describe('analyze logrank --cluster: the robust score test of coxph(…, ties = "breslow", cluster = c) beside the log-rank test', () => {
  const expectRobust = (result: ReturnType<typeof run>, name: string, column: string) => {
    const r = fixture.logrankRobust[name];
    expect(result.robust!.column).toBe(column);
    expect(result.robust!.clusters).toBe(r.clusters);
    expectClose(result.robust!.chisq, r.chisq, `${name} robust chisq`);
    expect(result.robust!.df).toBe(r.df);
    expectClose(result.robust!.p, r.p, `${name} robust p`);
  };
  it('heart by surgery clustered by id: the log-rank test unchanged, the robust test added', () => {
    const result = run(dataFrame('heart'), { start: 'start', time: 'stop', event: 'event', group: 'surgery', id: 'id', cluster: 'id' });
    expectRobust(result, 'heart-surgery-cluster-id', 'id');
    expectClose(result.chisq, fixture.logrank['heart-surgery'].chisq, 'heart log-rank chisq');
  });
  it('cgd by treat within strata of sex, clustered by participant (recurrent infections)', () => {
    const result = run(dataFrame('cgd'), { start: 'tstart', time: 'tstop', event: 'status', group: 'treat', strata: 'sex', id: 'id', cluster: 'id' });
    expectRobust(result, 'cgd-treat-strata-sex-cluster-id', 'id');
  });
  it('edge data by g clustered by site (5 clusters, a group without events)', () => {
    expectRobust(run(edgeFrame(), { start: 'start', time: 'stop', event: 'event', group: 'g', cluster: 'site' }), 'edge-g-cluster-site', 'site');
  });
  it('right-censored lung by sex clustered by institution (no --start; rows without an institution left out, as R)', () => {
    const result = run(dataFrame('lung'), { time: 'time', event: 'status', eventValue: '2', group: 'sex', cluster: 'inst' });
    expectRobust(result, 'lung-sex-cluster-inst', 'inst');
    expect(result.excluded).toBe(1);
    expect(result.groups.reduce((a, g) => a + g.n, 0)).toBe(fixture.logrankRobust['lung-sex-cluster-inst'].rows);
  });
  it('--cluster with rho > 0 is refused in one line', () => {
    expect(() => run(dataFrame('lung'), { time: 'time', event: 'status', eventValue: '2', group: 'sex', cluster: 'inst', rho: 1 })).toThrow(/^cluster: the robust test is the log-rank test \(rho 0\)/);
  });
});

function cell(frame: ReturnType<typeof dataFrame>, name: string, row: number): number {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values[row];
}

describe('analyze logrank --start: edge cases and refusals', () => {
  const csv = (rows: string[]) => frameFromCsv(['id,start,stop,event,g', ...rows].join('\n'));
  const good = ['1,0,5,1,a', '2,0,6,0,a', '3,2,7,1,b', '4,0,3,1,b', '5,1,9,0,a', '5,9,12,1,a'];
  const options = { start: 'start', time: 'stop', event: 'event', group: 'g', id: 'id' };
  it('a missing start leaves the row out (counted in excluded), as R', () => {
    const withMissing = run(csv([...good, '6,,8,1,b']), options);
    const without = run(csv(good), options);
    expect(withMissing.excluded).toBe(1);
    expect(withMissing.chisq).toBe(without.chisq);
    expect(withMissing.groups).toEqual(without.groups);
  });
  it('no events: no test, with a warning', () => {
    const result = run(csv(good.map((r) => r.replace(/,1,(a|b)$/, ',0,$1'))), options);
    expect(result.chisq).toBeNull();
    expect(result.p).toBeNull();
    expect(result.warnings.map((w) => w.code)).toContain('no-test');
  });
  it('one group: no test, with the single-group warning', () => {
    const result = run(csv(good.map((r) => r.replace(/,b$/, ',a'))), options);
    expect(result.chisq).toBeNull();
    expect(result.warnings.map((w) => w.code)).toContain('single-group');
  });
  it('rho > 0 is refused in one line (no R function weights intervals)', () => {
    expect(() => run(csv(good), { ...options, rho: 1 })).toThrow(AnalysisError);
    expect(() => run(csv(good), { ...options, rho: 1 })).toThrow(/^rho: .*not available for \(start, stop\] intervals/);
  });
  it('an interval of length 0 and overlapping intervals of a participant are refused in one line', () => {
    expect(() => run(csv([...good, '6,4,4,1,b']), options)).toThrow(new AnalysisError('data row 7: the interval stop (4) must be after its start (4); an interval of length 0 cannot be at risk'));
    expect(() => run(csv([...good, '1,3,8,0,a']), options)).toThrow(/^id column "id": .*overlapping intervals.*participant 1/);
  });
  it('a repeated id is allowed only with --start', () => {
    expect(() => run(csv(good), { time: 'stop', event: 'event', group: 'g', id: 'id' })).toThrow(/id column "id": .*takes one row per participant/);
    expect(run(csv(good), options).participants).toBe(5);
  });
  it('without --id, rows are independent intervals (as R without id): same test', () => {
    const withId = run(csv(good), options);
    const withoutId = run(csv(good), { start: 'start', time: 'stop', event: 'event', group: 'g' });
    expect(withoutId.chisq).toBe(withId.chisq);
    expect(withoutId.participants).toBeUndefined();
  });
  it('the flags: --start after --event-value, --id as before', () => {
    expect(logrankAnalysis.options.map((o) => o.flag)).toEqual(['time', 'event', 'event-value', 'start', 'group', 'levels', 'id', 'cluster', 'weights', 'strata', 'rho', 'trend', 'scores', 'pairwise', 'p-adjust']);
  });
  it('without --start nothing changes: no start or participants in the result', () => {
    const result = run(csv(good.slice(0, 5)), { time: 'stop', event: 'event', group: 'g' });
    expect(result.start).toBeUndefined();
    expect(result.participants).toBeUndefined();
  });
});
