import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitCox } from '../../../shared/stats/cox';
import { fitCountingProcessCox } from '../../../shared/stats/cox-counting-process';
import { loadDataset } from '../../helpers/datasets';
import { coxZph } from '../../../shared/stats/cox-zph';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { buildCase, fixture, type RCase } from './fixtures/concordance-zph-cases';

function runCase(c: RCase, reorder?: (n: number) => Int32Array, residualStride?: number) {
  const data = buildCase(c);
  const n = data.time.length;
  const perm = reorder ? reorder(n) : Int32Array.from({ length: n }, (_, i) => i);
  const pick = (a: ArrayLike<number>) => Array.from(perm, (i) => a[i]);
  return coxZph({
    time: Float64Array.from(pick(data.time)),
    status: Uint8Array.from(pick(data.status)),
    strata: data.strata ? Int32Array.from(pick(data.strata)) : null,
    covariates: data.covariates.map((x) => Float64Array.from(pick(x))),
    coefficients: Float64Array.from(c.coef),
    variance: Float64Array.from(c.var),
    ties: c.ties,
    terms: data.terms,
    ...(residualStride ? { residualStride } : {}),
  });
}

/** Every k-th value, from the first. */
const everyKth = <T>(values: ArrayLike<T>, k: number): T[] => Array.from(values).filter((_, i) => i % k === 0);

describe('coxZph (R cox.zph, transform = "km", terms = TRUE)', () => {
  for (const c of fixture.cases) {
    it(`matches R for ${c.name}`, () => {
      const result = runCase(c);
      expect(result.terms.map((t) => t.term)).toEqual(c.zph.terms.map((t) => t.term));
      c.zph.terms.forEach((expected, i) => {
        const actual = result.terms[i];
        expectClose(actual.chisq, expected.chisq, `${c.name} ${expected.term} chisq`);
        expect(actual.df).toBe(expected.df);
        expectClose(actual.p, expected.p, `${c.name} ${expected.term} p`);
      });
      expectClose(result.global.chisq, c.zph.global.chisq, `${c.name} global chisq`);
      expect(result.global.df).toBe(c.zph.global.df);
      expectClose(result.global.p, c.zph.global.p, `${c.name} global p`);

      expectAllClose(result.residuals.time, c.zph.time, `${c.name} residual time`);
      expectAllClose(result.residuals.transformedTime, c.zph.transformedTime, `${c.name} km time`);
      expect(result.residuals.scaled.length).toBe(c.zph.scaled.length);
      c.zph.scaled.forEach((expected, t) => {
        expectAllClose(result.residuals.scaled[t], expected, `${c.name} scaled residual ${c.zph.terms[t].term}`);
      });
    });
  }

  it('shows the known PH violation of clinic in addicts (p < 0.001)', () => {
    const c = fixture.cases.find((x) => x.name.startsWith('addicts clinic'))!;
    const clinic = runCase(c).terms.find((t) => t.term === 'clinic')!;
    expect(clinic.p!).toBeLessThan(0.001);
  });

  it('gives the same tests whatever the row order', () => {
    for (const c of fixture.cases.filter((x) => x.strata !== null)) {
      const result = runCase(c, (n) => Int32Array.from({ length: n }, (_, i) => (i * 7919 + 13) % n));
      c.zph.terms.forEach((expected, i) => expectClose(result.terms[i].chisq, expected.chisq, `${c.name} permuted`));
      expectClose(result.global.chisq, c.zph.global.chisq, `${c.name} permuted global`);
    }
  });
});

describe('coxZph keeping every k-th residual row (residualStride, for the plot)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: the same tests, and R's residual rows 0, 3, 6, …`, () => {
      const result = runCase(c, undefined, 3);
      c.zph.terms.forEach((expected, i) => expectClose(result.terms[i].chisq, expected.chisq, `${c.name} ${expected.term} chisq`));
      expectClose(result.global.chisq, c.zph.global.chisq, `${c.name} global chisq`);
      expect(result.residuals.events).toBe(c.zph.time.length);
      expect(result.residuals.stride).toBe(3);
      expectAllClose(result.residuals.time, everyKth(c.zph.time, 3), `${c.name} residual time`);
      expectAllClose(result.residuals.transformedTime, everyKth(c.zph.transformedTime, 3), `${c.name} km time`);
      c.zph.scaled.forEach((expected, t) => expectAllClose(result.residuals.scaled[t], everyKth(expected, 3), `${c.name} scaled ${c.zph.terms[t].term}`));
    });
  }

  it('on (start, stop] data (heart: age + surgery + transplant): rows 0, 4, 8, … of the full residuals, the same tests', () => {
    const heart = loadDataset('heart');
    const start = heart.num('start');
    const stop = heart.num('stop');
    const status = Uint8Array.from(heart.num('event'));
    const covariates = ['age', 'surgery', 'transplant'].map((name) => heart.num(name));
    const fit = fitCountingProcessCox({ start, stop, status, covariates, strata: null, ties: 'efron' });
    const input = { time: stop, start, status, strata: null, covariates, coefficients: fit.coefficients, variance: fit.variance, ties: 'efron' as const, terms: ['age', 'surgery', 'transplant'].map((name, j) => ({ name, columns: [j] })) };
    const full = coxZph(input);
    const thinned = coxZph({ ...input, residualStride: 4 });
    expect(thinned.terms).toEqual(full.terms);
    expect(thinned.global).toEqual(full.global);
    expect(full.residuals.events).toBe(75);
    expect(thinned.residuals.events).toBe(75);
    expect(thinned.residuals.time.length).toBe(19);
    expect(Array.from(thinned.residuals.time)).toEqual(everyKth(full.residuals.time, 4));
    expect(Array.from(thinned.residuals.transformedTime)).toEqual(everyKth(full.residuals.transformedTime, 4));
    thinned.residuals.scaled.forEach((values, t) => expect(Array.from(values)).toEqual(everyKth(full.residuals.scaled[t], 4)));
  });
});

describe('coxZph edge cases', () => {
  const base = {
    strata: null,
    covariates: [new Float64Array([1, 0, 1, 0])],
    coefficients: new Float64Array([0.5]),
    variance: new Float64Array([1]),
    ties: 'efron' as const,
    terms: [{ name: 'x', columns: [0] }],
  };

  it('gives null tests and no residuals when there is no event', () => {
    const result = coxZph({ ...base, time: new Float64Array([1, 2, 3, 4]), status: new Uint8Array([0, 0, 0, 0]) });
    expect(result.terms).toEqual([{ term: 'x', chisq: null, df: 1, p: null }]);
    expect(result.global).toEqual({ chisq: null, df: 1, p: null });
    expect(result.residuals.time.length).toBe(0);
  });

  it('gives null tests (R: singular system) when a single event leaves g(t) identically zero', () => {
    const result = coxZph({ ...base, time: new Float64Array([1, 2, 3, 4]), status: new Uint8Array([0, 1, 0, 0]) });
    expect(result.terms[0].chisq).toBeNull();
    expect(result.global.p).toBeNull();
    expect(result.residuals.time).toEqual(new Float64Array([2]));
  });
});

describe('coxZph warns where R cox.zph stops (a singular score-test system)', () => {
  // fixtures/r-stops.R: lung (age, ph.karno), and the same with age multiplied by 1e9.
  const stops = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'r-stops.json'), 'utf8'));
  const data = stops.zph.data as Record<'time' | 'status' | 'age' | 'ph.karno', number[]>;
  const zphFor = (scale: number) => {
    const time = Float64Array.from(data.time);
    const status = Uint8Array.from(data.status);
    const covariates = [Float64Array.from(data.age, (a) => a * scale), Float64Array.from(data['ph.karno'])];
    const fit = fitCox({ time, status, covariates, ties: 'efron' });
    const terms = [{ name: 'age', columns: [0] }, { name: 'ph.karno', columns: [1] }];
    return { fit, zph: coxZph({ time, status, strata: null, covariates, coefficients: fit.coefficients, variance: fit.variance, ties: 'efron', terms }) };
  };

  it('on the usual scale: the tests as R, no warning', () => {
    const reference = stops.zph.cases[0];
    const { fit, zph } = zphFor(1);
    expectAllClose(Array.from(fit.coefficients), reference.coefficients, 'coef');
    [...zph.terms, zph.global].forEach((t, i) => {
      expectClose(t.chisq, reference.chisq[i], `chisq[${i}]`);
      expectClose(t.p, reference.p[i], `p[${i}]`);
    });
    expect(zph.warnings).toEqual([]);
  });

  it("age in a tiny unit (x 1e9): the fit as R, null tests and one line with R's reason", () => {
    const reference = stops.zph.cases[1];
    expect(reference.error).toMatch(/^system is computationally singular: reciprocal condition number = /);
    const { fit, zph } = zphFor(1e9);
    expectAllClose(Array.from(fit.coefficients), reference.coefficients, 'coef');
    expect(zph.terms.map((t) => t.chisq)).toEqual([null, null]);
    expect(zph.global.chisq).toBeNull();
    expect(zph.warnings).toHaveLength(1);
    expect(zph.warnings[0].code).toBe('ph-test-singular');
    // R's own words, reciprocal condition number included (solve()'s error for the first refused system).
    expect(zph.warnings[0].message).toContain(`could not be computed for age, ph.karno, the global test: ${reference.error} (R's cox.zph stops with this error)`);
    expect(zph.warnings[0].message).not.toContain('\n');
  });

  it('age x 3e7: the age test stands, ph.karno and the global test are refused as R refuses them', () => {
    const reference = stops.zph.cases[2];
    const { zph } = zphFor(3e7);
    expect(zph.terms[0].chisq).not.toBeNull();
    expect([zph.terms[1].chisq, zph.global.chisq]).toEqual([null, null]);
    expect(zph.warnings.map((w) => w.message)).toEqual([expect.stringContaining(`for ph.karno, the global test: ${reference.error} (`)]);
  });
});

describe('coxZph on the fit\'s sorted design (fitCox keepSortedDesign, one n × p copy less)', () => {
  for (const c of fixture.cases) {
    it(`matches R for ${c.name}, as from the data`, () => {
      const data = buildCase(c);
      const fit = fitCox({ time: data.time, status: data.status, covariates: data.covariates, strata: data.strata ?? null, ties: c.ties, keepSortedDesign: true });
      const input = { time: data.time, status: data.status, strata: data.strata ?? null, covariates: data.covariates, coefficients: fit.coefficients, variance: fit.variance, ties: c.ties, terms: data.terms };
      const fromData = coxZph(input);
      const reused = coxZph({ ...input, sortedDesign: fit.sortedDesign });
      expectClose(reused.global.chisq, c.zph.global.chisq, `${c.name} global chisq`);
      reused.terms.forEach((t, i) => {
        expectClose(t.chisq, c.zph.terms[i].chisq, `${c.name} ${t.term} chisq`);
        expectClose(t.chisq, fromData.terms[i].chisq, `${c.name} ${t.term} chisq, as from the data`);
        expectAllClose(reused.residuals.scaled[i], fromData.residuals.scaled[i], `${c.name} ${t.term} scaled residuals`);
      });
      expectAllClose(reused.residuals.transformedTime, fromData.residuals.transformedTime, `${c.name} transformed time`);
    });
  }
});
