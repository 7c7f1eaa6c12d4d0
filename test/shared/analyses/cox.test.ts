/**
 * `analyze cox` end to end against R (test/shared/stats/fixtures/cox.R): summary(coxph) coefficients,
 * hazard ratios and CIs, log-likelihoods, the three tests, coxph's concordance and
 * cox.zph(fit, transform = "km"). The data come from the same CSVs R read.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { type Column, type DataFrame, isNumericColumn } from '../../../shared/data/frame';
import { coxAnalysis, coxOptionsSchema, coxResultSchema } from '../../../shared/analyses/cox';
import { runCox } from '../../../shared/analyses/cox.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));
type Maybe = number | null;
interface RTest {
  statistic: number;
  df: number;
  p: number;
}
interface Case {
  id: string;
  dataset?: string;
  inline?: Record<string, number[]>;
  subset?: { column: string; value: number };
  derived?: string;
  time: string;
  event: string;
  eventValue?: string;
  covariates: string[] | string;
  categorical?: string[] | string;
  reference?: string;
  strata?: string;
  ties: 'efron' | 'breslow';
  maxIterations?: number;
  r: {
    n: number;
    nevent: number;
    names: string[];
    coef: Maybe[];
    se: Maybe[];
    z: Maybe[];
    p: Maybe[];
    hr: Maybe[];
    lower: Maybe[];
    upper: Maybe[];
    lower90: Maybe[];
    upper90: Maybe[];
    loglik: number[];
    iter: number;
    warnings: string[];
    score: RTest;
    wald: RTest;
    lr: RTest;
    concordance: { estimate: Maybe; stdErr: Maybe };
    zph?: { terms: { term: string; chisq: number; df: number; p: number }[]; global: { chisq: number; df: number; p: number } };
  };
}
const fixture = JSON.parse(readFileSync(join(here, '..', 'stats', 'fixtures', 'cox.json'), 'utf8')) as { cases: Case[] };
const asArray = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function numberColumn(frame: DataFrame, name: string): Float64Array {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values;
}

/** The frame restricted to the given rows. */
function subsetFrame(frame: DataFrame, rows: number[]): DataFrame {
  const columns: Column[] = frame.columns.map((c) =>
    isNumericColumn(c) ? { ...c, values: Float64Array.from(rows, (i) => c.values[i]) } : { ...c, codes: Int32Array.from(rows, (i) => c.codes[i]) },
  );
  return { nRows: rows.length, columns };
}

function frameFor(c: Case): DataFrame {
  if (c.inline) {
    const names = Object.keys(c.inline);
    return {
      nRows: asArray(c.inline[c.time]).length,
      columns: names.map((name) => ({ name, type: 'number', values: Float64Array.from(asArray(c.inline![name])) })),
    };
  }
  let frame = frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', `${c.dataset}.csv`), 'utf8'));
  if (c.subset) {
    const values = numberColumn(frame, c.subset.column);
    frame = subsetFrame(frame, Array.from({ length: frame.nRows }, (_, i) => i).filter((i) => values[i] === c.subset!.value));
  }
  if (c.derived === 'dose2') {
    const dose = numberColumn(frame, 'dose');
    const prison = numberColumn(frame, 'prison');
    frame.columns.push({ name: 'dose2', type: 'number', values: Float64Array.from(dose, (d, i) => 2 * d + prison[i]) });
  }
  return frame;
}

function optionsFor(c: Case, extra: Record<string, unknown> = {}) {
  return coxOptionsSchema.parse({
    time: c.time,
    event: c.event,
    eventValue: c.eventValue,
    covariates: asArray(c.covariates).join(','),
    categorical: asArray(c.categorical),
    reference: c.reference,
    strata: c.strata,
    ties: c.ties,
    ...extra,
  });
}

const runnable = fixture.cases.filter((c) => c.maxIterations === undefined && c.r.nevent > 0);

describe('analyze cox against R', () => {
  for (const c of runnable) {
    it(c.id, () => {
      const frame = frameFor(c);
      const result = runCox(frame, optionsFor(c));
      expect(() => coxResultSchema.parse(result)).not.toThrow();
      const r = c.r;
      expect(result.n).toBe(r.n);
      expect(result.events).toBe(r.nevent);
      expect(result.excluded).toBe(frame.nRows - r.n);
      expect(result.coefficients.map((x) => x.term)).toEqual(asArray(r.names));
      result.coefficients.forEach((row, k) => {
        expectClose(row.coef, asArray(r.coef)[k], `${row.term} coef`);
        expectClose(row.se, asArray(r.se)[k], `${row.term} se`);
        expectClose(row.z, asArray(r.z)[k], `${row.term} z`);
        expectClose(row.p, asArray(r.p)[k], `${row.term} p`);
        expectClose(row.hr, asArray(r.hr)[k], `${row.term} hr`);
        expectClose(row.hrLower, asArray(r.lower)[k], `${row.term} hr lower`);
        expectClose(row.hrUpper, asArray(r.upper)[k], `${row.term} hr upper`);
      });
      expectClose(result.logLik.null, r.loglik[0], 'logLik null');
      expectClose(result.logLik.final, r.loglik[1], 'logLik final');
      for (const [ours, theirs, label] of [
        [result.tests.likelihoodRatio, r.lr, 'LR'],
        [result.tests.wald, r.wald, 'Wald'],
        [result.tests.score, r.score, 'score'],
      ] as const) {
        expectClose(ours.statistic, theirs.statistic, `${label} statistic`);
        expect(ours.df, `${label} df`).toBe(theirs.df);
        expectClose(ours.p, theirs.p, `${label} p`);
      }
      expectClose(result.concordance.estimate, r.concordance.estimate, 'concordance');
      expectClose(result.concordance.stdErr, r.concordance.stdErr, 'concordance se');
      if (r.zph) {
        expect(result.ph.terms.map((t) => t.term)).toEqual(r.zph.terms.map((t) => t.term));
        result.ph.terms.forEach((t, k) => {
          expectClose(t.chisq, r.zph!.terms[k].chisq, `ph ${t.term} chisq`);
          expect(t.df).toBe(r.zph!.terms[k].df);
          expectClose(t.p, r.zph!.terms[k].p, `ph ${t.term} p`);
        });
        expectClose(result.ph.global.chisq, r.zph.global.chisq, 'ph global chisq');
        expect(result.ph.global.df).toBe(r.zph.global.df);
        expectClose(result.ph.global.p, r.zph.global.p, 'ph global p');
      }
      expect(result.iterations).toBe(r.iter);
      expect(result.converged).toBe(true);
    });
  }

  it('uses the confidence level for the hazard-ratio limits (R summary conf.int = 0.9)', () => {
    for (const id of ['addicts-efron', 'veteran', 'separation']) {
      const c = fixture.cases.find((x) => x.id === id)!;
      const result = runCox(frameFor(c), optionsFor(c, { confLevel: 0.9 }));
      result.coefficients.forEach((row, k) => {
        expectClose(row.hrLower, asArray(c.r.lower90)[k], `${id} ${row.term} lower 90%`);
        expectClose(row.hrUpper, asArray(c.r.upper90)[k], `${id} ${row.term} upper 90%`);
      });
    }
  });
});

describe('analyze cox: model terms, warnings and refusals', () => {
  const addicts = fixture.cases.find((c) => c.id === 'addicts-efron')!;

  it('reports the term map and a forest plot with the reference level', () => {
    const result = runCox(frameFor(addicts), optionsFor(addicts));
    expect(result.terms).toEqual([
      { term: 'clinic', kind: 'factor', coefficients: ['clinic=2'], reference: '1' },
      { term: 'prison', kind: 'numeric', coefficients: ['prison'], reference: null },
      { term: 'dose', kind: 'numeric', coefficients: ['dose'], reference: null },
    ]);
    expect(result.forestPlot.map((f) => [f.label, f.reference])).toEqual([
      ['clinic=1', true],
      ['clinic=2', false],
      ['prison', false],
      ['dose', false],
    ]);
    expect(result.forestPlot[1].hr).toBe(result.coefficients[0].hr);
  });

  it('names the reference level chosen by the user', () => {
    const result = runCox(frameFor(addicts), optionsFor(addicts, { reference: 'clinic=2' }));
    expect(result.coefficients[0].term).toBe('clinic=1');
    // Swapping the reference flips the sign of the log hazard ratio.
    expectClose(result.coefficients[0].coef, -asArray(addicts.r.coef)[0]!, 'clinic=1 coef');
  });

  it('counts rows dropped for missing covariates and warns', () => {
    const c = fixture.cases.find((x) => x.id === 'lung-many')!;
    const result = runCox(frameFor(c), optionsFor(c));
    expect(result.excluded).toBe(228 - 168);
    expect(result.warnings.map((w) => w.code)).toContain('rows-excluded');
  });

  it('reports a collinear covariate with nulls, named in a warning, and leaves it out of the df', () => {
    const c = fixture.cases.find((x) => x.id === 'collinear')!;
    const result = runCox(frameFor(c), optionsFor(c));
    expect(result.coefficients[2]).toEqual({ term: 'dose2', coef: null, se: null, z: null, p: null, hr: null, hrLower: null, hrUpper: null });
    expect(result.tests.likelihoodRatio.df).toBe(2);
    const singular = result.warnings.find((w) => w.code === 'singular');
    expect(singular?.message).toMatch(/^dose2 is a linear combination/);
  });

  it('names the coefficient that may be infinite under separation', () => {
    const c = fixture.cases.find((x) => x.id === 'separation')!;
    const result = runCox(frameFor(c), optionsFor(c));
    const warning = result.warnings.find((w) => w.code === 'infinite-coefficient');
    expect(warning?.message).toMatch(/while x kept growing/);
    expect(result.coefficients[0].hrUpper).toBeNull(); // exp overflows: R gives Inf
  });

  it('refuses data without events (R returns only NA coefficients)', () => {
    const c = fixture.cases.find((x) => x.id === 'zero-events')!;
    expect(() => runCox(frameFor(c), optionsFor(c))).toThrow(AnalysisError);
    expect(() => runCox(frameFor(c), optionsFor(c))).toThrow(/no relapses among the 6 rows/);
  });

  it('refuses a single row and a model with nothing estimable', () => {
    const one: DataFrame = {
      nRows: 2,
      columns: [
        { name: 'time', type: 'number', values: Float64Array.of(5, NaN) },
        { name: 'status', type: 'number', values: Float64Array.of(1, 1) },
        { name: 'x', type: 'number', values: Float64Array.of(2, 3) },
      ],
    };
    const options = coxOptionsSchema.parse({ time: 'time', event: 'status', covariates: 'x' });
    expect(() => runCox(one, options)).toThrow(/only one row/);
    const constant: DataFrame = {
      nRows: 4,
      columns: [
        { name: 'time', type: 'number', values: Float64Array.of(5, 3, 8, 2) },
        { name: 'status', type: 'number', values: Float64Array.of(1, 0, 1, 1) },
        { name: 'x', type: 'number', values: Float64Array.of(2, 2, 2, 2) },
      ],
    };
    expect(() => runCox(constant, options)).toThrow(/no covariate can be estimated: x is constant/);
  });

  it('turns model problems into user errors', () => {
    const frame = frameFor(addicts);
    expect(() => runCox(frame, optionsFor(addicts, { covariates: 'prison,nope' }))).toThrow(/covariate column "nope" is not in the data/);
    expect(() => runCox(frame, optionsFor(addicts, { reference: 'clinic=7' }))).toThrow(AnalysisError);
    expect(() => runCox(frame, optionsFor(addicts, { reference: 'clinic=7' }))).toThrow(/not a value of "clinic"/);
    expect(() => coxOptionsSchema.parse({ time: 'time', event: 'status', covariates: '' })).toThrow();
  });

  it('declares the CLI flags of the contract', () => {
    expect(coxAnalysis.id).toBe('cox');
    expect(coxAnalysis.options.map((o) => o.flag)).toEqual(['time', 'event', 'event-value', 'start', 'covariates', 'categorical', 'reference', 'strata', 'id', 'cluster', 'weights', 'ties', 'conf-level']);
    const parsed = coxOptionsSchema.parse({ time: 't', event: 'e', covariates: 'a, b' });
    expect(parsed).toMatchObject({ covariates: ['a', 'b'], categorical: [], ties: 'efron', confLevel: 0.95 });
  });
});

describe('analyze cox residual plot data', () => {
  const zphFixture = JSON.parse(readFileSync(join(here, '../stats/fixtures/concordance-zph.json'), 'utf8')) as {
    cases: { name: string; zph: { time: number[]; transformedTime: number[]; scaled: (number | null)[][] } }[];
  };
  const addicts = zphFixture.cases.find((c) => c.name === 'addicts clinic+prison+dose')!;

  it("carries R's scaled Schoenfeld residuals per term (plot.cox.zph), unthinned for a small cohort", () => {
    const frame = frameFromCsv(readFileSync(join(here, '../../fixtures/data/addicts.csv'), 'utf8'));
    const result = runCox(frame, coxOptionsSchema.parse({ time: 'time', event: 'status', covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'] }));
    const residuals = result.ph.residuals!;
    expect(residuals.thinned).toBe(false);
    expect(residuals.events).toBe(150);
    expect(residuals.terms.map((t) => t.term)).toEqual(['clinic', 'prison', 'dose']);
    residuals.time.forEach((t, i) => expectClose(t, addicts.zph.time[i], `time[${i}]`));
    residuals.transformedTime.forEach((t, i) => expectClose(t, addicts.zph.transformedTime[i], `km[${i}]`));
    residuals.terms.forEach((term, j) => term.scaled.forEach((v, i) => expectClose(v, addicts.zph.scaled[j][i], `${term.term}[${i}]`)));
    expectClose(residuals.terms[1].coefficient, 0.326554967104015, 'prison coefficient');
  });
});

describe('analyze cox passes on where R cox.zph stops', () => {
  it('a covariate on a huge scale: null PH tests and one plain warning line, the fit still reported', () => {
    // fixtures/r-stops.R: lung with age multiplied by 1e9; R's cox.zph stops with solve()'s error.
    const stops = JSON.parse(readFileSync(join(here, '..', 'stats', 'fixtures', 'r-stops.json'), 'utf8')).zph;
    const columns: Column[] = [
      { name: 'time', type: 'number', values: Float64Array.from(stops.data.time) },
      { name: 'status', type: 'number', values: Float64Array.from(stops.data.status) },
      { name: 'age', type: 'number', values: Float64Array.from(stops.data.age, (a: number) => a * 1e9) },
      { name: 'ph.karno', type: 'number', values: Float64Array.from(stops.data['ph.karno']) },
    ];
    const result = runCox({ nRows: stops.data.time.length, columns }, coxOptionsSchema.parse({ time: 'time', event: 'status', covariates: 'age,ph.karno' }));
    expectClose(result.coefficients[0].coef, stops.cases[1].coefficients[0], 'age coef');
    expect(result.ph.terms.map((t) => t.chisq)).toEqual([null, null]);
    expect(result.ph.global.chisq).toBeNull();
    const warning = result.warnings.filter((w) => w.code === 'ph-test-singular');
    expect(warning).toHaveLength(1);
    expect(warning[0].message).toContain(stops.cases[1].error);
  });
});

describe('cox leaves the data as it found it', () => {
  it('does not write into the columns it analyses (the design may share them)', () => {
    const frame = frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', 'veteran.csv'), 'utf8'));
    const before = frame.columns.map((c) => (isNumericColumn(c) ? Array.from(c.values) : Array.from(c.codes)));
    runCox(frame, coxOptionsSchema.parse({ time: 'time', event: 'status', covariates: ['karno', 'age', 'diagtime'] }));
    expect(frame.columns.map((c) => (isNumericColumn(c) ? Array.from(c.values) : Array.from(c.codes)))).toEqual(before);
  });
});

describe('analyze cox with a many-level categorical covariate', () => {
  const csv = (levels: number) =>
    ['time,status,site,x', ...Array.from({ length: 6 * levels }, (_, i) => `${5 + ((i * 37) % 101)},${i % 3 === 0 ? 0 : 1},s${String(i % levels).padStart(2, '0')},${((i * 13) % 7) - 3}`)].join('\n');
  it('warns above 20 hazard ratios for one covariate and suggests strata; not at 20', () => {
    const many = runCox(frameFromCsv(csv(22)), coxOptionsSchema.parse({ time: 'time', event: 'status', covariates: 'site,x', categorical: 'site' }));
    const warning = many.warnings.find((w) => w.code === 'many-levels');
    expect(warning?.message).toBe('Covariate "site" has 22 levels, so the model estimates 21 hazard ratios for it against s00, each from few participants. To allow for it without estimating each level, stratify by it (--strata site); to compare many sites fairly, use analyze sites.');
    const twenty = runCox(frameFromCsv(csv(21)), coxOptionsSchema.parse({ time: 'time', event: 'status', covariates: 'site,x', categorical: 'site' }));
    expect(twenty.coefficients).toHaveLength(21);
    expect(twenty.warnings.some((w) => w.code === 'many-levels')).toBe(false);
  });
});
