import { describe, expect, it } from 'vitest';
import { cumincAnalysis, GRAY_AUTO_LIMIT } from '../../../shared/analyses/cuminc';
import { runCuminc } from '../../../shared/analyses/cuminc.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import type { Column, DataFrame } from '../../../shared/data/frame';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { loadDataset, type TestDataset } from '../../helpers/datasets';
import { type CumincFixtureCase, cumincCases as cases } from '../../helpers/cuminc-fixture';

const fixture = (name: string) => cases.find((c) => c.name === name)!;

/** A DataFrame of the named columns of a test dataset (numeric where the CSV column is numeric). */
function frameOf(ds: TestDataset, names: string[]): DataFrame {
  const columns: Column[] = names.map((name) => {
    if (ds.numeric[name]) return { name, type: 'number', values: ds.numeric[name] };
    const raw = ds.str(name);
    const levels = Array.from(new Set(raw.filter((v) => v !== '')));
    return { name, type: 'categorical', codes: Int32Array.from(raw, (v) => (v === '' ? -1 : levels.indexOf(v))), levels };
  });
  return { nRows: ds.nRows, columns };
}

function checkAgainst(result: ReturnType<typeof runCuminc>, ref: CumincFixtureCase, groupLabel?: (g: string) => string) {
  expect(result.curves.map((c) => `${c.group} ${c.cause}`)).toEqual(ref.curves.map((c) => `${groupLabel ? groupLabel(c.group) : c.group} ${c.cause}`));
  result.curves.forEach((curve, i) => {
    const r = ref.curves[i];
    const label = `${ref.name} ${curve.group} ${curve.cause}`;
    expect(curve.atTimes.map((a) => a.time)).toEqual(ref.times);
    expectAllClose(curve.atTimes.map((a) => a.estimate), r.atEst, `${label} estimate`);
    expectAllClose(curve.atTimes.map((a) => a.variance), r.atVar, `${label} variance`);
    expectAllClose(curve.atTimes.map((a) => a.lower), r.atLower95, `${label} lower`);
    expectAllClose(curve.atTimes.map((a) => a.upper), r.atUpper95, `${label} upper`);
    expectAllClose(curve.steps.time, r.time, `${label} step times`);
    expectAllClose(curve.steps.estimate, r.est, `${label} step estimates`);
  });
  expect(result.grayTest.map((t) => t.cause)).toEqual(ref.tests.map((t) => t.cause));
  result.grayTest.forEach((t, k) => {
    expect(t.df).toBe(ref.tests[k].df);
    expectClose(t.statistic, ref.tests[k].statistic, `${ref.name} Gray statistic ${t.cause}`);
    expectClose(t.p, ref.tests[k].p, `${ref.name} Gray p ${t.cause}`);
  });
}

const run = (frame: DataFrame, raw: Record<string, unknown>) => runCuminc(frame, cumincAnalysis.optionsSchema.parse(raw));

describe('cuminc analysis against cmprsk::cuminc', () => {
  const pbc = loadDataset('pbc');
  const pbcFrame = frameOf(pbc, ['time', 'status', 'trt', 'sex']);

  it('pbc by trt: drops the rows without trt, matches curves, timepoints and Gray tests', () => {
    const ref = fixture('pbc by trt');
    const result = run(pbcFrame, { time: 'time', event: 'status', group: 'trt', times: ref.times });
    expect(result.n).toBe(312);
    expect(result.excluded).toBe(106);
    expect(result.groups).toEqual(['1', '2']);
    expect(result.causes).toEqual(['1', '2']);
    expect(result.warnings.map((w) => w.code)).toContain('rows-excluded');
    checkAgainst(result, ref);
    expect(cumincAnalysis.resultSchema.safeParse(result).success).toBe(true);
  });

  it('pbc by sex (text group), default times are the quartiles of the follow-up times', () => {
    const ref = fixture('pbc by sex');
    const result = run(pbcFrame, { time: 'time', event: 'status', group: 'sex' });
    expectAllClose(result.times, ref.quartiles, 'quartiles');
    const explicit = run(pbcFrame, { time: 'time', event: 'status', group: 'sex', times: ref.times });
    checkAgainst(explicit, ref);
  });

  it('pbc without a group: one curve per cause labelled "all", no test', () => {
    const ref = fixture('pbc, one group');
    const result = run(pbcFrame, { time: 'time', event: 'status', times: ref.times });
    expect(result.excluded).toBe(0);
    expect(result.grayTest).toEqual([]);
    checkAgainst(result, ref, () => 'all');
  });

  it('mgus2 by sex (PCM vs death), with the censor value given as text', () => {
    const mgus = loadDataset('mgus2');
    const ref = fixture('mgus2 by sex');
    const result = run(frameOf(mgus, ['etime', 'event', 'sex']), { time: 'etime', event: 'event', group: 'sex', censorValue: '0', times: ref.times });
    checkAgainst(result, ref);
  });

  it('CLI contract shape', () => {
    const result = run(pbcFrame, { time: 'time', event: 'status', group: 'trt', times: [1000] });
    const curve = result.curves[0];
    expect(Object.keys(curve)).toEqual(expect.arrayContaining(['group', 'cause', 'atTimes']));
    expect(Object.keys(curve.atTimes[0])).toEqual(expect.arrayContaining(['time', 'estimate', 'variance']));
    expect(Object.keys(result.grayTest[0]).sort()).toEqual(['cause', 'df', 'p', 'statistic']);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('cuminc analysis edge cases', () => {
  const textColumn = (name: string, values: string[]): Column => {
    const levels = Array.from(new Set(values));
    return { name, type: 'text', codes: Int32Array.from(values, (v) => levels.indexOf(v)), levels };
  };
  const frameFrom = (time: number[], status: (number | string)[], group?: string[]): DataFrame => {
    const columns: Column[] = [
      { name: 'time', type: 'number', values: Float64Array.from(time) },
      typeof status[0] === 'number'
        ? { name: 'status', type: 'integer', values: Float64Array.from(status as number[]) }
        : textColumn('status', status as string[]),
    ];
    if (group) columns.push(textColumn('arm', group));
    return { nRows: time.length, columns };
  };

  it(`Gray's test: run by default up to GRAY_AUTO_LIMIT groups; above, a warning says why and 'yes' runs it`, () => {
    // 40 groups of 3 rows (cause 1, cause 2, censored at staggered days).
    const many = frameFrom(
      Array.from({ length: 120 }, (_, i) => 1 + ((i * 7) % 50)),
      Array.from({ length: 120 }, (_, i) => i % 3),
      Array.from({ length: 120 }, (_, i) => `g${String(Math.floor(i / 3)).padStart(2, '0')}`),
    );
    const byDefault = run(many, { time: 'time', event: 'status', group: 'arm' });
    expect(byDefault.groups).toHaveLength(40);
    expect(byDefault.grayTest).toEqual([]);
    const notRun = byDefault.warnings.find((w) => w.code === 'gray-not-run');
    expect(notRun?.message).toBe(
      `Gray's test was not run: column "arm" has 40 groups, more than the ${GRAY_AUTO_LIMIT} for which it runs by default. Set "Gray's test" to yes (--gray-test yes) to run it.`,
    );
    const forced = run(many, { time: 'time', event: 'status', group: 'arm', grayTest: 'yes' });
    expect(forced.grayTest.map((t) => t.df)).toEqual([39, 39]);
    expect(forced.warnings.map((w) => w.code)).not.toContain('gray-not-run');
    const skipped = run(many, { time: 'time', event: 'status', group: 'arm', grayTest: 'no' });
    expect(skipped.grayTest).toEqual([]);
    expect(skipped.warnings.map((w) => w.code)).not.toContain('gray-not-run');
    // At the limit it still runs by default.
    const rows = GRAY_AUTO_LIMIT * 3;
    const atLimit = frameFrom(
      Array.from({ length: rows }, (_, i) => 1 + ((i * 7) % 50)),
      Array.from({ length: rows }, (_, i) => i % 3),
      Array.from({ length: rows }, (_, i) => `g${String(Math.floor(i / 3)).padStart(2, '0')}`),
    );
    expect(run(atLimit, { time: 'time', event: 'status', group: 'arm' }).grayTest.map((t) => t.df)).toEqual([GRAY_AUTO_LIMIT - 1, GRAY_AUTO_LIMIT - 1]);
  });

  for (const name of ['ties between causes', 'group c without cause 2', 'group b all censored', 'events at time 0', 'singular Gray variance']) {
    it(name, () => {
      const ref = fixture(name);
      const result = run(frameFrom(ref.time, ref.status, ref.group!), { time: 'time', event: 'status', group: 'arm', times: ref.times });
      checkAgainst(result, ref);
      if (ref.tests.some((t) => t.statistic === null)) expect(result.warnings.map((w) => w.code)).toContain('gray-singular');
    });
  }

  it('text causes with a text censoring value', () => {
    const ref = fixture('ties between causes');
    const words = ref.status.map((s) => ['censored', 'death', 'relapse'][s === 0 ? 0 : s === 1 ? 2 : 1]);
    const result = run(frameFrom(ref.time, words, ref.group!), { time: 'time', event: 'status', group: 'arm', censorValue: 'censored', times: ref.times });
    expect(result.causes).toEqual(['death', 'relapse']);
    // relapse is R's cause 1, death its cause 2
    const relapseA = result.curves.find((c) => c.group === 'a' && c.cause === 'relapse')!;
    expectAllClose(relapseA.atTimes.map((a) => a.estimate), ref.curves.find((c) => c.group === 'a' && c.cause === '1')!.atEst, 'relapse a');
    expectClose(result.grayTest.find((t) => t.cause === 'relapse')!.statistic, ref.tests[0].statistic, 'relapse Gray');
  });

  it('all censored: no curves and a warning (R cuminc stops with an error)', () => {
    const result = run(frameFrom([1, 2, 3], [0, 0, 0], ['a', 'b', 'a']), { time: 'time', event: 'status', group: 'arm' });
    expect(result.curves).toEqual([]);
    expect(result.grayTest).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toContain('no-events');
  });

  it('a single row', () => {
    const ref = fixture('single row');
    const result = run(frameFrom([5], [1]), { time: 'time', event: 'status', times: ref.times });
    checkAgainst(result, ref, () => 'all');
  });

  it('a group column with one level gives no test and says so', () => {
    const result = run(frameFrom([1, 2, 3], [1, 2, 0], ['a', 'a', 'a']), { time: 'time', event: 'status', group: 'arm' });
    expect(result.grayTest).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toContain('one-group');
  });

  it('rejects a missing column, a negative time and no usable rows', () => {
    expect(() => run(frameFrom([1], [1]), { time: 'time', event: 'nope' })).toThrow(AnalysisError);
    expect(() => run(frameFrom([-1], [1]), { time: 'time', event: 'status' })).toThrow(/negative time/);
    expect(() => run(frameFrom([NaN], [1]), { time: 'time', event: 'status' })).toThrow(AnalysisError);
  });

  it('validates options: conf-level in (0, 1), censor value defaults to "0"', () => {
    expect(cumincAnalysis.optionsSchema.safeParse({ time: 't', event: 'e', confLevel: 1.2 }).success).toBe(false);
    expect(cumincAnalysis.optionsSchema.parse({ time: 't', event: 'e' }).censorValue).toBe('0');
    expect(cumincAnalysis.options.find((o) => o.name === 'censorValue')!.flag).toBe('censor-value');
  });
});

describe('cuminc group order', () => {
  const frame: DataFrame = {
    nRows: 6,
    columns: [
      { name: 'time', type: 'number', values: Float64Array.of(5, 8, 12, 3, 9, 14) },
      { name: 'status', type: 'number', values: Float64Array.of(1, 2, 1, 1, 0, 2) },
      { name: 'band', type: 'categorical', codes: Int32Array.of(0, 1, 2, 0, 1, 2), levels: ['low', 'high', 'medium'] },
    ],
  };
  it('orders the groups as --levels gives, else alphabetically as R', () => {
    expect(runCuminc(frame, cumincAnalysis.optionsSchema.parse({ time: 'time', event: 'status', group: 'band', levels: 'low,medium,high' })).groups).toEqual(['low', 'medium', 'high']);
    expect(runCuminc(frame, cumincAnalysis.optionsSchema.parse({ time: 'time', event: 'status', group: 'band' })).groups).toEqual(['high', 'low', 'medium']);
  });
});

describe('cuminc cause codes, whichever way the event column holds them', () => {
  // Ten rows, times 1..10; the curve of each cause counts its rows.
  const time = Float64Array.from({ length: 10 }, (_, i) => i + 1);
  const frameWith = (event: Column): DataFrame => ({ nRows: 10, columns: [{ name: 'time', type: 'number', values: time }, event] });
  const eventsByCause = (result: ReturnType<typeof runCuminc>) => Object.fromEntries(result.curves.map((c) => [c.cause, c.events]));

  it('numbers: ordered by value (9 before 10), -0 counted as the censoring 0, a missing event left out', () => {
    const values = Float64Array.of(10, 9, 0, -0, 10, 2.5, NaN, 9, 10, 0);
    const result = run(frameWith({ name: 'status', type: 'number', values }), { time: 'time', event: 'status' });
    expect(result.causes).toEqual(['2.5', '9', '10']);
    expect(eventsByCause(result)).toEqual({ '2.5': 1, '9': 2, '10': 3 });
    expect(result.n).toBe(9);
  });

  it('numbers: more than a handful of distinct causes (25) keep their numeric order and counts', () => {
    const n = 50;
    const values = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : 25 - (i % 25)));
    const frame: DataFrame = { nRows: n, columns: [{ name: 'time', type: 'number', values: Float64Array.from({ length: n }, (_, i) => i + 1) }, { name: 'status', type: 'integer', values }] };
    const result = run(frame, { time: 'time', event: 'status' });
    const expected = Array.from(new Set(Array.from(values).filter((v) => v !== 0))).sort((a, b) => a - b);
    expect(result.causes).toEqual(expected.map(String));
    result.curves.forEach((c) => expect(c.events, c.cause).toBe(Array.from(values).filter((v) => String(v) === c.cause).length));
  });

  it('yes/no: a censoring value that is no number compares with the text (false)', () => {
    const values = Float64Array.of(1, 0, 1, 1, 0, 0, 1, 0, 0, 1);
    const result = run(frameWith({ name: 'status', type: 'boolean', values }), { time: 'time', event: 'status', censorValue: 'false' });
    expect(result.causes).toEqual(['true']);
    expect(eventsByCause(result)).toEqual({ true: 5 });
  });

  it('text: levels absent from the analysed rows are no cause, a repeated censoring text censors', () => {
    const codes = Int32Array.of(0, 1, 2, 1, -1, 0, 2, 2, 1, 0);
    const result = run(frameWith({ name: 'status', type: 'categorical', codes, levels: ['relapse', 'censored', 'death', 'unused'] }), { time: 'time', event: 'status', censorValue: 'censored' });
    expect(result.causes).toEqual(['death', 'relapse']);
    expect(eventsByCause(result)).toEqual({ death: 3, relapse: 3 });
    expect(result.excluded).toBe(1);
  });

  it('dates: compared and ordered as their text', () => {
    // days since 1970-01-01: 0 is 1970-01-01, 31 is 1970-02-01
    const values = Float64Array.of(31, 0, 31, 0, 31, 0, 31, 0, 31, 0);
    const result = run(frameWith({ name: 'status', type: 'date', values }), { time: 'time', event: 'status', censorValue: '1970-01-01' });
    expect(result.causes).toEqual(['1970-02-01']);
    expect(eventsByCause(result)).toEqual({ '1970-02-01': 5 });
  });
});

describe('cuminc runs one after another (their temporaries reuse the same scratch arrays)', () => {
  it('a run after a larger one on other data gives the same result as before it', () => {
    const ref = fixture('ties between causes');
    const levels = Array.from(new Set(ref.group!));
    const frame: DataFrame = {
      nRows: ref.time.length,
      columns: [
        { name: 'time', type: 'number', values: Float64Array.from(ref.time) },
        { name: 'status', type: 'integer', values: Float64Array.from(ref.status) },
        { name: 'arm', type: 'categorical', codes: Int32Array.from(ref.group!, (g) => levels.indexOf(g)), levels },
      ],
    };
    const small = () => run(frame, { time: 'time', event: 'status', group: 'arm', times: ref.times });
    const first = small();
    // A larger run with other causes, times and groups leaves its values in the scratch arrays.
    const n = 5000;
    const big: DataFrame = {
      nRows: n,
      columns: [
        { name: 'time', type: 'number', values: Float64Array.from({ length: n }, (_, i) => 1000 - (i % 997) / 3) },
        { name: 'status', type: 'number', values: Float64Array.from({ length: n }, (_, i) => (i * 7) % 4) },
        { name: 'arm', type: 'categorical', codes: Int32Array.from({ length: n }, (_, i) => i % 3), levels: ['x', 'y', 'z'] },
      ],
    };
    expect(run(big, { time: 'time', event: 'status', group: 'arm' }).causes).toEqual(['1', '2', '3']);
    const again = small();
    expect(again).toEqual(first);
    checkAgainst(again, ref);
  });
});
