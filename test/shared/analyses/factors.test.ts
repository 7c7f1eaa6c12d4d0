import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factorsAnalysis } from '../../../shared/analyses/factors';
import { runFactors } from '../../../shared/analyses/factors.run';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import type { DataFrame } from '../../../shared/data/frame';

const fixtures = join(__dirname, '..', 'mapping', 'fixtures');
const reference = JSON.parse(readFileSync(join(fixtures, 'factors.json'), 'utf8'));
const demoFrame = frameFromCsv(readFileSync(join(fixtures, 'demo-cohort-2000.csv'), 'utf8'));
const addictsFrame = frameFromCsv(readFileSync(join(__dirname, '..', '..', 'fixtures', 'data', 'addicts.csv'), 'utf8'));
const template = (file: string) => JSON.parse(readFileSync(join(fixtures, file), 'utf8'));

function run(frame: DataFrame, mapping: unknown, extra: Record<string, unknown> = {}) {
  const options = factorsAnalysis.optionsSchema.parse({ mapping, ...extra });
  const result = runFactors(frame, options);
  factorsAnalysis.resultSchema.parse(result);
  return result;
}

function expectModel(actual: ReturnType<typeof run>, expected: any, label: string) {
  expect(actual.n, `${label} n`).toBe(expected.n);
  expect(actual.events, `${label} events`).toBe(expected.events);
  expect(actual.factors.map((f) => f.factor)).toEqual(expected.factors.map((f: any) => f.factor));
  expected.factors.forEach((e: any, k: number) => {
    for (const key of ['coef', 'se', 'hr', 'lower', 'upper', 'z', 'p'] as const) expectClose(actual.factors[k][key], e[key], `${label} ${e.factor} ${key}`);
  });
  expectClose(actual.logLik.null, expected.logLik[0], `${label} loglik null`);
  expectClose(actual.logLik.final, expected.logLik[1], `${label} loglik`);
  expectClose(actual.tests.likelihoodRatio.statistic, expected.lrTest, `${label} LR`);
  expectClose(actual.tests.wald.statistic, expected.waldTest, `${label} Wald`);
  expectClose(actual.tests.score.statistic, expected.scoreTest, `${label} score test`);
  expect(Object.keys(actual.reliability).sort()).toEqual(Object.keys(expected.reliability).sort());
  for (const [factor, rel] of Object.entries<any>(expected.reliability)) {
    expectClose(actual.reliability[factor].alpha, rel.alpha, `${label} ${factor} alpha`);
    rel.itemTotalCorrelations.forEach((r: number, j: number) => expectClose(actual.reliability[factor].items[j].itemTotalCorrelation, r, `${label} ${factor} r.drop ${j}`));
    rel.alphaIfDropped.forEach((a: number | null, j: number) => expectClose(actual.reliability[factor].items[j].alphaIfDropped, a, `${label} ${factor} alpha.drop ${j}`));
  }
  for (const s of actual.scores) {
    const items = expected.items[s.factor];
    expect(s.n, `${label} ${s.factor} n`).toBe(items.n);
    s.items.forEach((item, j) => {
      expectClose(item.mean, items.mean[j], `${label} ${s.factor} item ${j} mean`);
      expectClose(item.sd, items.sd[j], `${label} ${s.factor} item ${j} sd`);
    });
  }
}

describe('factor model against R coxph (ties = "efron") on the same scores', () => {
  it('demo cohort (2,000 participants, 9 factors, 16 items with 3% missing), duration column', () => {
    const result = run(demoFrame, template('demo-mapping.json'));
    expectModel(result, reference.demo, 'demo');
    expect(result.excluded.count).toBe(2000 - reference.demo.n);
    expect(result.excluded.missingScore).toBe(2000 - reference.demo.n);
    expect(result.excluded.rows.length).toBe(Math.min(100, result.excluded.count));
    // Directions recovered: every factor raises the hazard.
    for (const f of result.factors) expect(f.hr!).toBeGreaterThan(1);
  });

  it('demo cohort with the time computed from intake, relapse and last-contact dates', () => {
    const mapping = template('demo-mapping.json');
    mapping.outcome = { start: 'intake_date', end: 'relapse_date', censorEnd: 'last_contact_date', event: 'relapsed', eventValues: [1] };
    expectModel(run(demoFrame, mapping), reference.demoDates, 'demo dates');
  });

  it('90% confidence limits', () => {
    const result = run(demoFrame, template('demo-mapping.json'), { confLevel: 0.9 });
    expectModel(result, reference.demo90, 'demo 90%');
  });

  it('addicts: dose as a protective item, prison as a categorical item, one factor each', () => {
    expectModel(run(addictsFrame, template('addicts-mapping.json')), reference.addicts, 'addicts');
  });

  it('addicts: one two-item factor (dose protective, prison categorical), with alpha', () => {
    const result = run(addictsFrame, template('addicts-one-factor-mapping.json'));
    expectModel(result, reference.addictsOneFactor, 'addicts one factor');
    expect(result.warnings.map((w) => w.code)).not.toContain('events-per-parameter');
  });

  it('accepts a mapping without format/version (the app\'s stored object) and rejects a bad one naming the field', () => {
    const { format: _f, version: _v, ...bare } = template('addicts-mapping.json');
    expect(run(addictsFrame, bare).n).toBe(238);
    const bad = template('addicts-mapping.json');
    bad.factors.physical_dependence[0].direction = 'up';
    expect(() => factorsAnalysis.optionsSchema.parse({ mapping: bad })).toThrow(/factors\.physical_dependence\[0\]\.direction/);
  });

  it('warns about few events per factor and refuses a mapping without factors', () => {
    const small = frameFromCsv(readFileSync(join(fixtures, 'demo-cohort-2000.csv'), 'utf8').split('\n').slice(0, 61).join('\n'));
    const result = run(small, template('demo-mapping.json'));
    expect(result.warnings.map((w) => w.code)).toContain('events-per-parameter');
    const none = { ...template('demo-mapping.json'), factors: {} };
    expect(() => run(demoFrame, none)).toThrow(/no factor columns/);
  });

  it('all censored: no estimates (null, as R gives NA) and a warning; a single row is refused with a reason', () => {
    const censored = frameFromCsv('t,e,x,y\n5,0,1,3\n6,0,2,1\n7,0,4,2\n8,0,3,5\n');
    const mapping = { outcome: { time: 't', event: 'e', eventValues: [1] }, factors: { complacency: [{ column: 'x', direction: 'risk' }], coping_skills: [{ column: 'y', direction: 'protective' }] } };
    const result = run(censored, mapping);
    expect(result.events).toBe(0);
    expect(result.factors.map((f) => f.hr)).toEqual([null, null]);
    expect(result.factors.map((f) => f.p)).toEqual([null, null]);
    expect(result.warnings.map((w) => w.code)).toContain('no-events');
    expect(() => run(frameFromCsv('t,e,x\n5,1,1\n'), { outcome: { time: 't', event: 'e', eventValues: [1] }, factors: { complacency: [{ column: 'x', direction: 'risk' }] } })).toThrow(/"x" has 1 non-missing value/);
  });

  it('negative times and uncoded events are reported and handled (left out / censored)', () => {
    const frame = frameFromCsv('t,e,x\n5,1,1\n-2,1,2\n7,9,4\n8,0,3\n9,1,6\n4,0,2\n');
    const result = run(frame, { outcome: { time: 't', event: 'e', eventValues: [1] }, factors: { complacency: [{ column: 'x', direction: 'risk' }] } });
    expect(result.n).toBe(5);
    expect(result.events).toBe(2);
    expect(result.excluded).toMatchObject({ count: 1, negativeTime: 1, rows: [2] });
    expect(result.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['event-uncoded', 'negative-time', 'rows-excluded']));
  });
});
