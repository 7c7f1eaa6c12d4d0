import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Column, DataFrame } from '../../../shared/data/frame';
import { kmAnalysis, kmOptionsSchema } from '../../../shared/analyses/km';
import { runKm } from '../../../shared/analyses/km.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { loadDataset } from '../../helpers/datasets';
import { expectClose } from '../../helpers/compare';
import { textColumn } from '../../helpers/text-column';
import { asArray, kmCases, type KmFixtureCase } from '../stats/km-fixture';

/** The case's data as the app would hold it: numbers as 'number' columns, strings as categorical. */
function frameFor(c: KmFixtureCase): DataFrame {
  const s = c.source;
  if (s.inline) {
    const time = asArray(s.inline.time);
    const columns: Column[] = [
      { name: 'time', type: 'number', values: Float64Array.from(time) },
      { name: 'status', type: 'number', values: Float64Array.from(asArray(s.inline.status)) },
    ];
    const group = asArray(s.inline.group);
    if (group.length > 0) {
      columns.push(typeof group[0] === 'number' ? { name: 'group', type: 'number', values: Float64Array.from(group as number[]) } : textColumn('group', group as string[]));
    }
    return { nRows: time.length, columns };
  }
  const ds = loadDataset(s.dataset!);
  let rows = Array.from({ length: ds.nRows }, (_, i) => i);
  if (s.subset) rows = rows.filter((i) => ds.num(s.subset!.column)[i] === s.subset!.value);
  const columns: Column[] = Object.keys(ds.text).map((name) =>
    ds.numeric[name] ? { name, type: 'number', values: Float64Array.from(rows, (i) => ds.numeric[name][i]) } : textColumn(name, rows.map((i) => ds.text[name][i])),
  );
  return { nRows: rows.length, columns };
}

function optionsFor(c: KmFixtureCase) {
  const s = c.source;
  return kmOptionsSchema.parse({
    time: s.inline ? 'time' : s.time,
    event: s.inline ? 'status' : s.event,
    eventValue: s.eventValue ?? undefined,
    group: s.inline ? (s.inline.group ? 'group' : undefined) : (s.group ?? undefined),
    confType: c.options.confType,
    confLevel: c.options.confLevel,
    times: c.options.times === null ? undefined : asArray(c.options.times),
    tau: c.options.tau ?? undefined,
  });
}

/** Every value R wrote must be in the document, equal to 1e-6 relative (null meets null). */
function compareDeep(actual: unknown, expected: unknown, path: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => compareDeep((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) {
      expect(actual, `${path}.${key} present`).toHaveProperty(key);
      compareDeep((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else if (typeof expected === 'string') {
    expect(actual, path).toBe(expected);
  } else {
    expectClose(actual as number | null, expected as number | null, path);
  }
}

describe('kmAnalysis.run gives the analyze km document of R', () => {
  for (const c of kmCases) {
    it(c.name, () => {
      const result = runKm(frameFor(c), optionsFor(c));
      expect(kmAnalysis.resultSchema.safeParse(result).success).toBe(true);
      compareDeep(result.groups, c.doc.groups, 'groups');
      result.groups.forEach((g, k) => compareDeep(g.followUp, c.raw[k].followUp, `groups[${k}].followUp`));
      expect(result.excluded).toBe(c.source.excluded);
      // The contract's names, exactly.
      expect(Object.keys(result.groups[0]).sort()).toEqual(['atTimes', 'events', 'followUp', 'group', 'median', 'n', 'quantiles', 'rmst', 'table'].sort());
      expect(Object.keys(result.groups[0].table[0]).sort()).toEqual(
        ['time', 'nRisk', 'nEvent', 'nCensor', 'survival', 'stdErr', 'lower', 'upper', 'cumHaz', 'cumHazStdErr'].sort(),
      );
      expect(result.groups[0].quantiles.map((q) => q.p)).toEqual([0.25, 0.5, 0.75]);
    });
  }
});

describe('kmAnalysis declaration', () => {
  const lung = kmCases.find((c) => c.name === 'lung by sex log')!;

  it('fills defaults: log CI at 95%, no times', () => {
    const options = kmOptionsSchema.parse({ time: 'time', event: 'status' });
    expect(options.confType).toBe('log');
    expect(options.confLevel).toBe(0.95);
    expect(options.times).toBeUndefined();
    expect(kmOptionsSchema.parse({ time: 't', event: 'e', times: '30, 90' }).times).toEqual([30, 90]);
    expect(kmOptionsSchema.safeParse({ time: 't', event: 'e', confLevel: 1.2 }).success).toBe(false);
    expect(kmOptionsSchema.safeParse({ time: 't', event: 'e', confType: 'logit' }).success).toBe(false);
  });

  it('carries a CLI flag for every option', () => {
    expect(kmAnalysis.id).toBe('km');
    expect(kmAnalysis.options.map((o) => o.flag)).toEqual(['time', 'event', 'event-value', 'start', 'group', 'levels', 'conf-type', 'conf-level', 'times', 'id', 'cluster', 'weights', 'tau']);
  });

  it('reports the overall curve as group "all" and warns about times past follow-up', () => {
    const options = { ...optionsFor(lung), group: undefined, times: [100, 5000] };
    const result = runKm(frameFor(lung), options);
    expect(result.groups.map((g) => g.group)).toEqual(['all']);
    expect(result.groups[0].atTimes.map((a) => a.time)).toEqual([100]);
    expect(result.warnings.map((w) => w.code)).toContain('times-beyond-follow-up');
  });

  it('names a missing column and refuses data with no usable rows', () => {
    expect(() => runKm(frameFor(lung), { ...optionsFor(lung), group: 'nope' })).toThrow(AnalysisError);
    const empty: DataFrame = { nRows: 1, columns: [{ name: 'time', type: 'number', values: Float64Array.of(NaN) }, { name: 'status', type: 'number', values: Float64Array.of(1) }] };
    expect(() => runKm(empty, kmOptionsSchema.parse({ time: 'time', event: 'status' }))).toThrow(AnalysisError);
  });
});

describe('analyze km passes on where R stops for the restricted mean', () => {
  // fixtures/r-stops.R: the smallest time is 3; R's print.survfit(rmean = 2) stops.
  const stops = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'stats', 'fixtures', 'r-stops.json'), 'utf8')).rmst;
  const frame: DataFrame = {
    nRows: stops.time.length,
    columns: [
      { name: 'time', type: 'number', values: Float64Array.from(stops.time) },
      { name: 'status', type: 'number', values: Float64Array.from(stops.status) },
      { name: 'group', type: 'number', values: Float64Array.from(stops.group) },
    ],
  };

  it('a horizon before the first time: RMST = tau with SE 0, and one line saying R refuses it', () => {
    const result = runKm(frame, kmOptionsSchema.parse({ time: 'time', event: 'status', group: 'group', tau: 2 }));
    expect(result.groups.map((g) => g.rmst)).toEqual([{ tau: 2, estimate: 2, stdErr: 0 }, { tau: 2, estimate: 2, stdErr: 0 }]);
    const warnings = result.warnings.filter((w) => w.code === 'rmst-horizon-before-first-time');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toContain(stops.printError);
  });

  it('no such warning at the first time itself (R accepts it)', () => {
    const result = runKm(frame, kmOptionsSchema.parse({ time: 'time', event: 'status', group: 'group', tau: 3 }));
    expect(result.warnings.map((w) => w.code)).not.toContain('rmst-horizon-before-first-time');
  });
});

describe('kmAnalysis group order', () => {
  const frame: DataFrame = {
    nRows: 6,
    columns: [
      { name: 'time', type: 'number', values: Float64Array.of(5, 8, 12, 3, 9, 14) },
      { name: 'status', type: 'number', values: Float64Array.of(1, 0, 1, 1, 1, 0) },
      textColumn('band', ['low', 'high', 'medium', 'low', 'high', 'medium']),
    ],
  };
  it('lists the curves in the order given by --levels, else alphabetically as R', () => {
    const run = (levels?: string) => runKm(frame, kmOptionsSchema.parse({ time: 'time', event: 'status', group: 'band', levels }));
    expect(run('low,medium,high').groups.map((g) => [g.group, g.n])).toEqual([['low', 2], ['medium', 2], ['high', 2]]);
    expect(run().groups.map((g) => g.group)).toEqual(['high', 'low', 'medium']);
    expect(() => runKm(frame, kmOptionsSchema.parse({ time: 'time', event: 'status', levels: 'low' }))).toThrow('levels: a group order needs a group column (--group)');
  });
});
