/**
 * `analyze recurrent` against R (test/shared/stats/fixtures/cox-counting-process.R): the AG, PWP
 * total-time and PWP gap-time models of bladder2 and the AG model of cgd, as summary(coxph(… +
 * cluster(id))) reports them (coef, model-based and robust SE, z and p and CI from the robust SE, the
 * four tests), and the mean cumulative function as survfit(Surv(start, stop, event) ~ rx, id = id).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { type Column, type DataFrame, isNumericColumn } from '../../../shared/data/frame';
import { recurrentOptionsSchema, recurrentResultSchema, type RecurrentResult } from '../../../shared/analyses/recurrent';
import { runRecurrent } from '../../../shared/analyses/recurrent.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { findAnalysis } from '../../../shared/analyses/registry';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { fixture, type RCoxCase } from '../stats/cox-counting-process-cases';

const here = dirname(fileURLToPath(import.meta.url));
const dataFrame = (name: string) => frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', `${name}.csv`), 'utf8'));
const raw = JSON.parse(readFileSync(join(here, '..', 'stats', 'fixtures', 'cox-counting-process.json'), 'utf8'));

function subsetFrame(frame: DataFrame, rows: number[]): DataFrame {
  const columns: Column[] = frame.columns.map((c) =>
    isNumericColumn(c) ? { ...c, values: Float64Array.from(rows, (i) => c.values[i]) } : { ...c, codes: Int32Array.from(rows, (i) => c.codes[i]) },
  );
  return { nRows: rows.length, columns };
}

/** The model table and tests against summary.coxph (rows of s$coefficients: coef, exp, se, robust se, z, p). */
function expectModel(result: RecurrentResult, r: RCoxCase) {
  const p = r.coefficients.length;
  result.coefficients.forEach((row, k) => {
    const s = r.summaryCoefficients!.slice(k * 6, k * 6 + 6);
    const ci = r.confInt!.slice(k * 4, k * 4 + 4);
    expectClose(row.coef, s[0], `${row.term} coef`);
    expectClose(row.hr, s[1], `${row.term} hr`);
    expectClose(row.se, s[2], `${row.term} se`);
    expectClose(row.robustSe, s[3], `${row.term} robust se`);
    expectClose(row.z, s[4], `${row.term} z`);
    expectClose(row.p, s[5], `${row.term} p`);
    expectClose(row.hrLower, ci[2], `${row.term} lower`);
    expectClose(row.hrUpper, ci[3], `${row.term} upper`);
  });
  expect(result.coefficients).toHaveLength(p);
  expectClose(result.logLik!.null, r.logLik[0], 'loglik0');
  expectClose(result.logLik!.final, r.logLik[1], 'loglik');
  const t = result.tests!;
  for (const [name, mine, theirs] of [
    ['lr', t.likelihoodRatio, r.likelihoodRatioTest],
    ['wald', t.wald, r.waldTest],
    ['score', t.score, r.scoreTest],
    ['robust score', t.robustScore, r.robustScoreTest!],
  ] as const) {
    expectClose(mine.statistic, theirs[0], `${name} statistic`);
    expect(mine.df, `${name} df`).toBe(theirs[1]);
    expectClose(mine.p, theirs[2], `${name} p`);
  }
  expect(result.iterations).toBe(r.iterations);
  expect(result.n).toBe(r.n);
  expect(result.events).toBe(r.events);
}

const bladderOptions = (model: string, ties: string, extra: Record<string, unknown> = {}) =>
  recurrentOptionsSchema.parse({ start: 'start', time: 'stop', event: 'event', id: 'id', model, ties, covariates: 'rx,number,size', ...extra });

describe('analyze recurrent against R', () => {
  for (const ties of ['efron', 'breslow']) {
    for (const model of ['ag', 'pwp-total', 'pwp-gap']) {
      it(`bladder2 ${model} ${ties}`, () => {
        const result = runRecurrent(dataFrame('bladder2'), bladderOptions(model, ties));
        expect(() => recurrentResultSchema.parse(result)).not.toThrow();
        expectModel(result, fixture.cases[`bladder2-${model}-${ties}`]);
        expect(result.participants).toBe(85);
        expect(result.episodes).toBe(4);
        expect(result.warnings).toEqual([]);
      });
    }
    it(`cgd ag ${ties}, factors as R codes them (treat: placebo reference; sex: male reference)`, () => {
      const options = recurrentOptionsSchema.parse({
        start: 'tstart', time: 'tstop', event: 'status', id: 'id', ties,
        covariates: 'treat,sex,age', categorical: 'treat,sex', reference: 'sex=male',
      });
      const result = runRecurrent(dataFrame('cgd'), options);
      expect(result.coefficients.map((c) => c.term)).toEqual(['treat=rIFN-g', 'sex=female', 'age']);
      expect(result.participants).toBe(128);
      expectModel(result, fixture.cases[`cgd-${ties}`]);
    });
  }

  it('is registered, so the CLI offers `analyze recurrent` with flags from the declaration', () => {
    const declaration = findAnalysis('recurrent')!;
    expect(declaration.options.map((o) => o.flag)).toEqual(
      expect.arrayContaining(['start', 'time', 'event', 'id', 'group', 'model', 'covariates', 'categorical', 'ties']),
    );
  });

  it('gives the mean cumulative function by group as survfit(Surv(start, stop, event) ~ rx, id = id)', () => {
    const result = runRecurrent(dataFrame('bladder2'), bladderOptions('ag', 'efron', { group: 'rx' }));
    const r = raw.mcf.byRx as Record<string, (number | string | null)[]>;
    expect(result.mcf.map((g) => g.group)).toEqual(['1', '2']);
    for (const curve of result.mcf) {
      const rows = r.group.flatMap((g, i) => (g === `rx=${curve.group}` ? [i] : []));
      expect(curve.rows).toHaveLength(rows.length);
      curve.rows.forEach((row, k) => {
        const i = rows[k];
        expectClose(row.time, r.time[i] as number, `time ${k}`);
        expectClose(row.mcf, r.mcf[i] as number, `mcf ${k}`);
        expectClose(row.stdErr, r.stdErr[i] as number, `se ${k}`);
        expectClose(row.lower, r.lower[i] as number | null, `lower ${k}`);
        expectClose(row.upper, r.upper[i] as number | null, `upper ${k}`);
        expect(row.atRisk).toBe(r.atRisk[i]);
      });
    }
    // The model is still rx + number + size (the group only splits the MCF).
    expect(result.coefficients.map((c) => c.term)).toEqual(['rx', 'number', 'size']);
  });

  it('gives the overall MCF without a group, and with neither covariates nor group no model', () => {
    const result = runRecurrent(dataFrame('bladder2'), recurrentOptionsSchema.parse({ start: 'start', time: 'stop', event: 'event', id: 'id' }));
    expect(result.coefficients).toEqual([]);
    expect(result.tests).toBeNull();
    const r = raw.mcf.overall as Record<string, number[]>;
    expect(result.mcf).toHaveLength(1);
    const last = result.mcf[0].rows.length - 1;
    expect(result.mcf[0].rows).toHaveLength(r.time.length);
    expectClose(result.mcf[0].rows[last].mcf, r.mcf[last], 'mcf at the end');
    expectClose(result.mcf[0].rows[last].stdErr, r.stdErr[last], 'se at the end');
  });

  it('uses the group as the model covariate (as categories) when no covariates are named', () => {
    const result = runRecurrent(dataFrame('bladder2'), recurrentOptionsSchema.parse({ start: 'start', time: 'stop', event: 'event', id: 'id', group: 'rx' }));
    expect(result.coefficients.map((c) => c.term)).toEqual(['rx=2']);
    expectModel(result, fixture.cases['bladder2-ag-rx-factor-efron']);
  });

  it("gives heart's time-dependent transplant effect with the robust SE by participant, as R", () => {
    const options = recurrentOptionsSchema.parse({ start: 'start', time: 'stop', event: 'event', id: 'id', covariates: 'age,surgery,transplant' });
    const result = runRecurrent(dataFrame('heart'), options);
    expect(result.participants).toBe(103);
    expectModel(result, fixture.cases['heart-cluster-efron']);
  });

  it('gives the same answer whatever the order of the rows (episodes come from the start times)', () => {
    const frame = dataFrame('bladder2');
    const n = frame.nRows;
    const order = Array.from({ length: n }, (_, i) => (i * 37) % n);
    expect(new Set(order).size).toBe(n);
    const result = runRecurrent(subsetFrame(frame, order), bladderOptions('pwp-total', 'efron'));
    expectModel(result, fixture.cases['bladder2-pwp-total-efron']);
  });

  it('refuses overlapping intervals of one participant with one line naming the rows', () => {
    const frame = frameFromCsv('id,start,stop,event,x\n1,0,10,1,1\n1,5,20,0,1\n2,0,8,1,0\n3,0,9,0,0\n');
    const options = recurrentOptionsSchema.parse({ start: 'start', time: 'stop', event: 'event', id: 'id', covariates: 'x' });
    expect(() => runRecurrent(frame, options)).toThrow(AnalysisError);
    expect(() => runRecurrent(frame, options)).toThrow('participant "1": the intervals of data rows 1 (0, 10] and 2 (5, 20] overlap');
  });

  it('refuses an interval of length 0 with one line naming the row', () => {
    const frame = frameFromCsv('id,start,stop,event,x\n1,0,10,1,1\n1,10,10,0,1\n2,0,8,1,0\n');
    const options = recurrentOptionsSchema.parse({ start: 'start', time: 'stop', event: 'event', id: 'id', covariates: 'x' });
    expect(() => runRecurrent(frame, options)).toThrow('data row 2: the interval stop (10) must be after its start (10)');
  });

  it('counts rows with a missing value as excluded', () => {
    const frame = dataFrame('bladder2');
    const size = frame.columns.find((c) => c.name === 'size') as { values: Float64Array };
    const copy: DataFrame = { nRows: frame.nRows, columns: frame.columns.map((c) => (c.name === 'size' ? { ...c, values: Float64Array.from(size.values, (v, i) => (i === 3 ? NaN : v)) } : c)) };
    const result = runRecurrent(copy, bladderOptions('ag', 'efron'));
    expect(result.excluded).toBe(1);
    expect(result.n).toBe(177);
    expect(result.warnings.map((w) => w.code)).toContain('rows-excluded');
  });
});
