/**
 * `analyze km --start COL [--id COL] [--cluster COL]` against R (fixtures/start-stop-km-logrank.R):
 * survfit(Surv(start, stop, event) ~ group, id = id, cluster = c) on heart (with and without id, log-log
 * at 90% and plain CIs), the edge-case data (delayed entry, unsorted rows, a group without events, one
 * curve, a cluster by site), and cgd and bladder2, where participants have several relapses and R's
 * default SE is the robust one by participant: every row of the curve, the median and quartiles with
 * their CIs, summary(fit, times =) and the restricted mean with its SE.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { kmAnalysis, kmOptionsSchema } from '../../../shared/analyses/km';
import { runKm } from '../../../shared/analyses/km.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { expectKmLikeR, list, type RCase, type Values } from './start-stop-km-logrank-fixture';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));
const dataFrame = (name: string) => frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', `${name}.csv`), 'utf8'));
const edgeFrame = () => frameFromCsv(readFileSync(join(here, 'fixtures', 'start-stop-edge.csv'), 'utf8'));
const fixture = JSON.parse(readFileSync(join(here, 'fixtures', 'start-stop-km-logrank.json'), 'utf8'));

const run = (frame: ReturnType<typeof dataFrame>, options: Record<string, unknown>) => runKm(frame, kmOptionsSchema.parse(options));

const options = (r: RCase, extra: Record<string, unknown>) => ({ times: list(r.times as Values).join(','), tau: r.tau, ...extra });
const heart = { start: 'start', time: 'stop', event: 'event', group: 'surgery' };
const edge = { start: 'start', time: 'stop', event: 'event' };

describe('analyze km --start against R survfit(Surv(start, stop, event) ~ group, id = id)', () => {
  it('heart by surgery with --id: censoring only at the end of a participant, Greenwood SE (one relapse each)', () => {
    const result = run(dataFrame('heart'), options(fixture.km['heart-surgery-id'], { ...heart, id: 'id' }));
    expectKmLikeR(result, 'heart-surgery-id');
    expect(result.start).toBe('start');
    expect(result.participants).toBe(103);
    expect(result.robust).toBeUndefined();
  });
  it("heart: survival 3.5-3's grouped fit counts a censoring at time 2 (it reads survflag positions of other rows); split-off intervals are not censorings here", () => {
    const r = fixture.kmGroupedCensor353.heart;
    expect(r.time).toEqual([1, 2]);
    expect(r.nCensor).toEqual([0, 1]);
    const result = run(dataFrame('heart'), { ...heart, id: 'id' });
    expect(result.groups[0].table.slice(0, 2).map((row) => row.nCensor)).toEqual([0, 0]);
  });
  it('heart by surgery without --id: every event-free row a censoring', () => {
    const result = run(dataFrame('heart'), options(fixture.km['heart-surgery'], heart));
    expectKmLikeR(result, 'heart-surgery');
    expect(result.participants).toBeUndefined();
  });
  it('heart by transplant (a time-dependent grouping): a participant who moves to group 1 is censored in group 0', () => {
    const result = run(dataFrame('heart'), options(fixture.km['heart-transplant-id'], { ...heart, group: 'transplant', id: 'id' }));
    expectKmLikeR(result, 'heart-transplant-id');
    expect(result.groups[0].table.reduce((sum, row) => sum + row.nCensor, 0)).toBeGreaterThan(69);
  });
  it('heart: log-log at 90% and plain intervals', () => {
    expectKmLikeR(run(dataFrame('heart'), options(fixture.km['heart-surgery-id-loglog-90'], { ...heart, id: 'id', confType: 'log-log', confLevel: 0.9 })), 'heart-surgery-id-loglog-90');
    expectKmLikeR(run(dataFrame('heart'), options(fixture.km['heart-surgery-id-plain'], { ...heart, id: 'id', confType: 'plain' })), 'heart-surgery-id-plain');
  });
  it('edge data by g (delayed entry, unsorted rows, group C without relapses) and as one curve', () => {
    const result = run(edgeFrame(), options(fixture.km['edge-g-id'], { ...edge, group: 'g', id: 'id' }));
    expectKmLikeR(result, 'edge-g-id');
    expect(result.warnings.find((w) => w.code === 'no-events')?.message).toContain('group C');
    expectKmLikeR(run(edgeFrame(), options(fixture.km['edge-all-id'], { ...edge, id: 'id' })), 'edge-all-id');
  });
  it('cgd and bladder2: several relapses per participant, so the SE is robust by participant (R default)', () => {
    const cgd = run(dataFrame('cgd'), options(fixture.km['cgd-treat-id'], { start: 'tstart', time: 'tstop', event: 'status', group: 'treat', id: 'id' }));
    expectKmLikeR(cgd, 'cgd-treat-id');
    expect(cgd.robust).toEqual({ column: 'id', clusters: 128 });
    expect(cgd.warnings.find((w) => w.code === 'robust-se')?.message).toMatch(/more than one relapse/);
    expectKmLikeR(run(dataFrame('bladder2'), options(fixture.km['bladder2-rx-id'], { start: 'start', time: 'stop', event: 'event', group: 'rx', id: 'id' })), 'bladder2-rx-id');
  });
  it('--cluster: robust by site without an id, and by id on heart (where R would not by default)', () => {
    const bySite = run(edgeFrame(), options(fixture.km['edge-g-cluster-site'], { ...edge, group: 'g', cluster: 'site' }));
    expectKmLikeR(bySite, 'edge-g-cluster-site');
    expect(bySite.robust).toEqual({ column: 'site', clusters: 5 });
    expectKmLikeR(run(dataFrame('heart'), options(fixture.km['heart-surgery-id-cluster-id'], { ...heart, id: 'id', cluster: 'id' })), 'heart-surgery-id-cluster-id');
  });
});

describe('analyze km --cluster without --start: survfit(Surv(time, status) ~ group, cluster = c)', () => {
  /** The right-censored frame: the fixture fitted the same rows as intervals from -1, which R shows equal. */
  it('lung by sex clustered by institution (a missing institution left out)', () => {
    const result = run(dataFrame('lung'), options(fixture.km['lung-sex-cluster-inst'], { time: 'time', event: 'status', eventValue: '2', group: 'sex', cluster: 'inst' }));
    expectKmLikeR(result, 'lung-sex-cluster-inst', true);
    expect(result.excluded).toBe(1);
    expect(result.robust).toEqual({ column: 'inst', clusters: 18 });
    expect(result.start).toBeUndefined();
  });
  it('addicts by clinic, each participant its own cluster', () => {
    const result = run(dataFrame('addicts'), options(fixture.km['addicts-clinic-cluster-id'], { time: 'time', event: 'status', group: 'clinic', cluster: 'id' }));
    expectKmLikeR(result, 'addicts-clinic-cluster-id', true);
  });
});

describe('analyze km --start: edge cases and refusals', () => {
  const csv = (rows: string[]) => frameFromCsv(['id,start,stop,event,g', ...rows].join('\n'));
  const good = ['1,0,5,1,a', '2,0,6,0,a', '3,2,7,1,b', '4,0,3,1,b', '5,1,9,0,a', '5,9,12,1,a'];
  const km = { start: 'start', time: 'stop', event: 'event', group: 'g', id: 'id' };
  it('the flags: --start after --event-value, --cluster after --id', () => {
    expect(kmAnalysis.options.map((o) => o.flag)).toEqual(['time', 'event', 'event-value', 'start', 'group', 'levels', 'conf-type', 'conf-level', 'times', 'id', 'cluster', 'weights', 'tau']);
  });
  it('a missing start leaves the row out, counted in excluded', () => {
    const withMissing = run(csv([...good, '6,,8,1,b']), km);
    expect(withMissing.excluded).toBe(1);
    expect(withMissing.groups).toEqual(run(csv(good), km).groups);
  });
  it("an interval split off a participant's run is not a censoring; the run's last one is", () => {
    const result = run(csv(good), { ...km, group: undefined });
    const at9 = result.groups[0].table.find((row) => row.time === 9)!;
    expect(at9.nCensor).toBe(0);
    expect(run(csv(good), { ...km, id: undefined, group: undefined }).groups[0].table.find((row) => row.time === 9)!.nCensor).toBe(1);
  });
  it('no relapses: survival stays 1, median not reached, with the no-events warning', () => {
    const result = run(csv(good.map((r) => r.replace(/,1,(a|b)$/, ',0,$1'))), km);
    expect(result.groups.every((g) => g.table.every((row) => row.survival === 1))).toBe(true);
    expect(result.groups[0].median.estimate).toBeNull();
    expect(result.warnings.map((w) => w.code)).toContain('no-events');
  });
  it('an interval of length 0 and overlapping intervals are refused in one line', () => {
    expect(() => run(csv([...good, '6,4,4,1,b']), km)).toThrow(new AnalysisError('data row 7: the interval stop (4) must be after its start (4); an interval of length 0 cannot be at risk'));
    expect(() => run(csv([...good, '1,3,8,0,a']), km)).toThrow(/^id column "id": .*overlapping intervals.*participant 1/);
  });
  it('a repeated id is allowed only with --start', () => {
    expect(() => run(csv(good), { time: 'stop', event: 'event', group: 'g', id: 'id' })).toThrow(/id column "id": .*takes one row per participant/);
  });
  it('without --start nothing changes: no start, participants or robust in the result, follow-up reported', () => {
    const result = run(csv(good.slice(0, 5)), { time: 'stop', event: 'event', group: 'g' });
    expect(result.start).toBeUndefined();
    expect(result.participants).toBeUndefined();
    expect(result.robust).toBeUndefined();
    expect(result.groups[0].followUp.estimate).not.toBeNull();
  });
});
