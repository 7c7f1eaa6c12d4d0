import { describe, expect, it } from 'vitest';
import type { Column, DataFrame } from '../../../shared/data/frame';
import { logrankOptionsSchema, logrankResultSchema } from '../../../shared/analyses/logrank';
import { runLogrank } from '../../../shared/analyses/logrank.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { loadDataset } from '../../helpers/datasets';
import { expectClose } from '../../helpers/compare';
import { textColumn } from '../../helpers/text-column';
import { logRankCases, type LogRankCase } from '../stats/fixtures/log-rank-cases';
import groupOrder from './fixtures/group-order.json';

/** The case's data as the app holds it: numeric columns as numbers, text as categorical (missing kept). */
function frameFor(c: LogRankCase): DataFrame {
  if (c.data) {
    const group = c.data.group;
    return {
      nRows: c.data.time.length,
      columns: [
        { name: c.time, type: 'number', values: Float64Array.from(c.data.time) },
        { name: c.event, type: 'number', values: Float64Array.from(c.data.status) },
        typeof group[0] === 'number' ? { name: c.group, type: 'number', values: Float64Array.from(group as number[]) } : textColumn(c.group, group as string[]),
      ],
    };
  }
  const dataset = c.name.split(' ')[0];
  const ds = loadDataset(dataset);
  let rows = Array.from({ length: ds.nRows }, (_, i) => i);
  if (dataset === 'colon') rows = rows.filter((i) => ds.num('etype')[i] === 2);
  const columns: Column[] = Object.keys(ds.text).map((name) =>
    ds.numeric[name] ? { name, type: 'number', values: Float64Array.from(rows, (i) => ds.numeric[name][i]) } : textColumn(name, rows.map((i) => ds.text[name][i])),
  );
  return { nRows: rows.length, columns };
}

const fixtureCases = logRankCases.filter((c) => c.result.df >= 1);

describe('analyze logrank against R survdiff', () => {
  for (const c of fixtureCases) {
    it(c.name, () => {
      const frame = frameFor(c);
      const options = logrankOptionsSchema.parse({
        time: c.time,
        event: c.event,
        eventValue: String(c.eventValue),
        group: c.group,
        strata: c.strata ?? undefined,
        rho: c.rho,
        trend: c.trend ? 'yes' : 'no',
        pAdjust: c.pairwise?.[0].method ?? 'BH',
      });
      const result = runLogrank(frame, options);
      expect(logrankResultSchema.safeParse(result).success).toBe(true);
      expectClose(result.chisq, c.result.chisq, `${c.name} chisq`);
      expect(result.df).toBe(c.result.df);
      expectClose(result.p, c.result.p, `${c.name} p`);
      expect(result.groups.map((g) => g.group)).toEqual(c.levels);
      result.groups.forEach((g, k) => {
        expect(g.n).toBe(c.result.n[k]);
        expectClose(g.observed, c.result.observed[k], `${c.name} observed ${g.group}`);
        expectClose(g.expected, c.result.expected[k], `${c.name} expected ${g.group}`);
      });
      expect(result.excluded).toBe(frame.nRows - c.nUsed);
      if (c.trend) {
        expectClose(result.trend!.chisq, c.trend.chisq, `${c.name} trend chisq`);
        expectClose(result.trend!.p, c.trend.p, `${c.name} trend p`);
      } else {
        expect(result.trend).toBeNull();
      }
      if (c.pairwise) {
        const reference = c.pairwise[0];
        expect(result.pairwise.map((p) => [p.group1, p.group2])).toEqual(reference.pairs.map((p) => [c.levels[p.group1], c.levels[p.group2]]));
        result.pairwise.forEach((pair, i) => {
          expectClose(pair.p, reference.pairs[i].p, `${c.name} pairwise p ${i}`);
          expectClose(pair.pAdjusted, reference.pAdjusted[i], `${c.name} pairwise ${reference.method} ${i}`);
        });
      }
      expect(result.warnings).toEqual([]);
    });
  }
});

describe('analyze logrank requests and edge cases', () => {
  const lung = fixtureCases.find((c) => c.name === 'lung ph.ecog')!;
  const frame = frameFor(lung);

  it('fills defaults: rho 0, no trend, BH-adjusted pairs', () => {
    const options = logrankOptionsSchema.parse({ time: 'time', event: 'status', eventValue: '2', group: 'sex' });
    expect(options).toMatchObject({ rho: 0, trend: 'no', pAdjust: 'BH' });
    const sex = logRankCases.find((c) => c.name === 'lung sex')!;
    expectClose(runLogrank(frame, options).chisq, sex.result.chisq, 'lung sex chisq');
  });

  it('accepts rho from CLI text and rejects a negative rho', () => {
    expect(logrankOptionsSchema.parse({ time: 't', event: 'e', group: 'g', rho: '1' }).rho).toBe(1);
    expect(logrankOptionsSchema.safeParse({ time: 't', event: 'e', group: 'g', rho: -1 }).success).toBe(false);
  });

  it('requires a group column that exists', () => {
    expect(logrankOptionsSchema.safeParse({ time: 'time', event: 'status' }).success).toBe(false);
    const options = logrankOptionsSchema.parse({ time: 'time', event: 'status', eventValue: '2', group: 'programme' });
    expect(() => runLogrank(frame, options)).toThrow(AnalysisError);
    expect(() => runLogrank(frame, options)).toThrow(/programme/);
  });

  it('reports a single group with null statistics and a warning', () => {
    const single: DataFrame = {
      nRows: 4,
      columns: [
        { name: 'time', type: 'number', values: Float64Array.of(1, 2, 3, 4) },
        { name: 'status', type: 'number', values: Float64Array.of(1, 0, 1, 1) },
        textColumn('arm', ['a', 'a', 'a', 'a']),
      ],
    };
    const result = runLogrank(single, logrankOptionsSchema.parse({ time: 'time', event: 'status', group: 'arm', trend: 'yes' }));
    expect(result.chisq).toBeNull();
    expect(result.p).toBeNull();
    expect(result.pairwise).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toContain('single-group');
    expect(result.warnings.find((w) => w.code === 'single-group')!.message).toContain('"arm"');
  });

  it('reports no events as no test', () => {
    const noEvents = logRankCases.find((c) => c.name === 'no events')!;
    const result = runLogrank(frameFor(noEvents), logrankOptionsSchema.parse({ time: 't', event: 's', group: 'g' }));
    expect([result.chisq, result.p, result.df]).toEqual([null, null, 0]);
    expect(result.warnings.map((w) => w.code)).toContain('no-test');
  });
});

describe('analyze logrank with many groups', () => {
  /** n rows spread over k groups named g1..gk, times and events from a fixed generator. */
  function manyGroups(k: number, n: number): DataFrame {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    return {
      nRows: n,
      columns: [
        { name: 'time', type: 'number', values: Float64Array.from({ length: n }, () => Math.round(-Math.log(1 - next()) * 3000) / 10 + 0.5) },
        { name: 'status', type: 'number', values: Float64Array.from({ length: n }, () => (next() < 0.7 ? 1 : 0)) },
        textColumn('site', Array.from({ length: n }, (_, i) => `g${(i % k) + 1}`)),
      ],
    };
  }

  it('runs pairwise comparisons by default up to 20 groups, not above, and says why', () => {
    const twenty = runLogrank(manyGroups(20, 400), logrankOptionsSchema.parse({ time: 'time', event: 'status', group: 'site' }));
    expect(twenty.pairwise).toHaveLength(190);
    expect(twenty.warnings.map((w) => w.code)).not.toContain('pairwise-not-run');
    const frame = manyGroups(21, 400);
    const auto = runLogrank(frame, logrankOptionsSchema.parse({ time: 'time', event: 'status', group: 'site' }));
    expect(auto.pairwise).toEqual([]);
    const warning = auto.warnings.find((w) => w.code === 'pairwise-not-run')!;
    expect(warning.message).toContain('21 groups (210 pairs)');
    expect(warning.message).toContain('--pairwise yes');
    const forced = runLogrank(frame, logrankOptionsSchema.parse({ time: 'time', event: 'status', group: 'site', pairwise: 'yes' }));
    expect(forced.pairwise).toHaveLength(210);
    expect(forced.chisq).toBe(auto.chisq);
    const none = runLogrank(manyGroups(3, 60), logrankOptionsSchema.parse({ time: 'time', event: 'status', group: 'site', pairwise: 'no' }));
    expect(none.pairwise).toEqual([]);
    expect(none.warnings).toEqual([]);
  });

  it('answers for 500 groups on 2,000 rows (it did not finish in 10 minutes; the test timeout guards against a hang, the time is not asserted)', () => {
    const result = runLogrank(manyGroups(500, 2000), logrankOptionsSchema.parse({ time: 'time', event: 'status', group: 'site', trend: 'yes' }));
    expect(result.groups).toHaveLength(500);
    expect(result.df).toBeGreaterThan(400);
    expect(result.chisq).not.toBeNull();
    expect(result.pairwise).toEqual([]);
  }, 120_000);
});

describe('analyze logrank: group order and trend scores (group-order.R: addicts dose as a text band)', () => {
  const bandFrame: DataFrame = {
    nRows: groupOrder.data.time.length,
    columns: [
      { name: 'time', type: 'number', values: Float64Array.from(groupOrder.data.time) },
      { name: 'status', type: 'number', values: Float64Array.from(groupOrder.data.status) },
      textColumn('band', groupOrder.data.band),
    ],
  };
  const check = (result: ReturnType<typeof runLogrank>, expected: (typeof groupOrder)['defaultOrder'], label: string) => {
    expect(result.groups.map((g) => g.group)).toEqual(expected.levels);
    expectClose(result.chisq, expected.chisq, `${label} chisq`);
    result.groups.forEach((g, k) => expectClose(g.expected, expected.expected[k], `${label} expected ${g.group}`));
    expect(result.trend!.scores).toEqual(expected.trend.scores);
    expectClose(result.trend!.statistic, expected.trend.statistic, `${label} trend U`);
    expectClose(result.trend!.variance, expected.trend.variance, `${label} trend Var U`);
    expectClose(result.trend!.chisq, expected.trend.chisq, `${label} trend chisq`);
    expectClose(result.trend!.p, expected.trend.p, `${label} trend p`);
  };
  const run = (options: Record<string, unknown>) => runLogrank(bandFrame, logrankOptionsSchema.parse({ time: 'time', event: 'status', group: 'band', trend: 'yes', ...options }));

  it('--levels low,medium,high gives R\'s trend p for factor(band, levels = c("low", "medium", "high"))', () => {
    check(run({ levels: 'low,medium,high' }), groupOrder.lowMediumHigh, 'low,medium,high');
  });

  it('--scores 35,60,90 (with that order) gives R\'s trend with those scores, and runs the trend test by itself', () => {
    check(run({ levels: 'low,medium,high', scores: '35,60,90', trend: 'no' }), groupOrder.lowMediumHighDoses, 'scores 35,60,90');
  });

  it('by default the text is in R\'s alphabetical order (high, low, medium), as factor(band)', () => {
    check(run({}), groupOrder.defaultOrder, 'default order');
  });

  it('refuses scores that do not match the groups, in one line', () => {
    expect(() => run({ scores: [1, 2] })).toThrow('scores: 2 trend scores for 3 groups (high, low, medium); give one per group, in that order');
    expect(() => run({ levels: 'low,high' })).toThrow(AnalysisError);
  });
});
