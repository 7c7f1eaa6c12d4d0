/**
 * `analyze …` as a user runs it (a child process, --json), compared field for field with the
 * documents R computes for the same invocation (test/cli/fixtures/cli.R → cli.json), and the factor
 * model against test/shared/mapping/fixtures/factors.json (factors.R).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose } from '../helpers/compare';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli';
import { expectDocument, expectJsonSuccess } from './contract';

interface ReferenceCase {
  args: string[];
  doc: Record<string, unknown>;
}
const reference: { cases: ReferenceCase[] } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/cli/fixtures/cli.json'), 'utf8'));

describe('analyze --json matches R for every contract field', () => {
  it('covers every analysis of the contract', () => {
    const analyses = new Set(reference.cases.map((c) => c.args[1]));
    expect([...analyses].sort()).toEqual(['correlation', 'cox', 'cuminc', 'km', 'logrank']);
  });

  for (const { args, doc } of reference.cases) {
    const label = args.slice(1).join(' ');
    it.concurrent(label, async () => {
      const run = await runCli([...args, '--json']);
      const document = expectJsonSuccess(run, label);
      expectDocument(document, doc, label);
    });
  }
});

describe('analyze km: contract details', () => {
  it.concurrent('the table has one row per distinct observed time, quartiles at 0.25/0.5/0.75, and group labels as R prints them', async () => {
    const km = reference.cases.find((c) => c.args[1] === 'km' && c.args.includes('clinic'))!;
    const run = await runCli([...km.args, '--json']);
    const document = expectJsonSuccess(run, 'km by clinic');
    const times = readFileSync(join(PROJECT_ROOT, 'test/fixtures/data/addicts.csv'), 'utf8')
      .trim().split('\n').slice(1).map((line) => line.split(','));
    for (const group of document.groups) {
      const distinct = new Set(times.filter((r) => r[1] === group.group).map((r) => Number(r[3])));
      expect(group.table.length, `group ${group.group}`).toBe(distinct.size);
      expect(group.quantiles.map((q: { p: number }) => q.p)).toEqual([0.25, 0.5, 0.75]);
    }
    expect(document.groups.map((g: { group: string }) => g.group)).toEqual(['1', '2']);
  });
});

describe('analyze factors', () => {
  const R = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/shared/mapping/fixtures/factors.json'), 'utf8')).demo;
  it.concurrent('demo cohort with the demo mapping: the Cox model on the nine factor scores as R', async () => {
    const args = ['analyze', 'factors', '--csv', 'test/shared/mapping/fixtures/demo-cohort-2000.csv', '--mapping', 'test/shared/mapping/fixtures/demo-mapping.json', '--json'];
    const document = expectJsonSuccess(await runCli(args), 'factors');
    expect(document.n).toBe(R.n);
    expect(document.events).toBe(R.events);
    expectDocument(
      document.factors,
      R.factors.map((f: Record<string, number | string>) => ({ factor: f.factor, coef: f.coef, se: f.se, hr: f.hr, lower: f.lower, upper: f.upper, z: f.z, p: f.p })),
      'factors',
    );
    expectClose(document.logLik.null, R.logLik[0], 'logLik.null');
    expectClose(document.logLik.final, R.logLik[1], 'logLik.final');
    expectClose(document.tests.likelihoodRatio.statistic, R.lrTest, 'LR');
    expectClose(document.tests.wald.statistic, R.waldTest, 'Wald');
    expectClose(document.tests.score.statistic, R.scoreTest, 'score');
    for (const test of ['likelihoodRatio', 'wald', 'score']) expect(document.tests[test].df, test).toBe(R.factors.length);
    for (const [factor, rel] of Object.entries(R.reliability) as [string, { alpha: number; itemTotalCorrelations: number[]; alphaIfDropped: (number | null)[] }][]) {
      const ours = document.reliability[factor];
      expect(ours, `reliability.${factor}`).toBeDefined();
      expectClose(ours.alpha, rel.alpha, `${factor} alpha`);
      expectDocument(
        ours.items.map((i: { itemTotalCorrelation: number; alphaIfDropped: number | null }) => [i.itemTotalCorrelation, i.alphaIfDropped]),
        rel.itemTotalCorrelations.map((r, j) => [r, rel.alphaIfDropped[j]]),
        `${factor} items`,
      );
    }
  });
});

describe('analyze logrank --levels --scores (flags from the declaration; test/shared/analyses/fixtures/group-order.R)', () => {
  const groupOrder = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/shared/analyses/fixtures/group-order.json'), 'utf8'));
  const folder = mkdtempSync(join(tmpdir(), 'relapse-band-'));
  const csv = join(folder, 'band.csv');
  writeFileSync(csv, ['time,status,band', ...groupOrder.data.time.map((t: number, i: number) => `${t},${groupOrder.data.status[i]},${groupOrder.data.band[i]}`)].join('\n'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.concurrent('a text band low/medium/high in that order gives R\'s survdiff trend p', async () => {
    const run = await runCli(['analyze', 'logrank', '--csv', csv, '--time', 'time', '--event', 'status', '--group', 'band', '--levels', 'low,medium,high', '--trend', 'yes', '--json']);
    const document = expectJsonSuccess(run, 'logrank --levels');
    expect(document.groups.map((g: { group: string }) => g.group)).toEqual(['low', 'medium', 'high']);
    expectClose(document.trend.p, groupOrder.lowMediumHigh.trend.p, 'trend p, low,medium,high');
  });

  it.concurrent('--scores sets the trend scores', async () => {
    const run = await runCli(['analyze', 'logrank', '--csv', csv, '--time', 'time', '--event', 'status', '--group', 'band', '--levels', 'low,medium,high', '--scores', '35,60,90', '--json']);
    const document = expectJsonSuccess(run, 'logrank --scores');
    expect(document.trend.scores).toEqual([35, 60, 90]);
    expectClose(document.trend.p, groupOrder.lowMediumHighDoses.trend.p, 'trend p, scores 35,60,90');
  });

  it.concurrent('a level that is not in the data is one line and exit 1', async () => {
    const run = await runCli(['analyze', 'logrank', '--csv', csv, '--time', 'time', '--event', 'status', '--group', 'band', '--levels', 'low,mid,high']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('levels: "mid" is not a value of column "band"');
  });
});
