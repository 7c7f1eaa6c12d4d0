/**
 * runCox's handling of a frame the caller gives up (RunContext.frameGivenUp, as the CLI's analyze does):
 * the frame's columns are dropped once the design, outcome and cluster are copied out, and the result is
 * the same as without. Anchored on R: coxph(Surv(time, status) ~ age + sex + cluster(inst), data = lung)
 * (survival 3.5-3): coef age 0.0170334959729, sex -0.5116682958664; robust SE 0.00732739307379, 0.12823060168525.
 *
 * Without a cluster the given-up frame's columns become the design in place (a covariate with missing values
 * compacted in its own array) and the fit sorts them in place (consumeCovariates). R 4.2.2, survival 3.5-3:
 *   f <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)   # ph.ecog: one row missing
 *   coef 0.0110667645600735, -0.5526123957036310, 0.4637284753704277; se 0.00926741101370053, 0.16773905378726350,
 *   0.11357726616199662; concordance(f) 0.637135493000455; cox.zph(f) chisq 0.18798767365229, 2.30543722740497,
 *   2.05424877405441, GLOBAL 4.46365758875861 on 3 df.
 *   lung$sex2 <- lung$sex * 2; g <- coxph(Surv(time, status) ~ age + sex + sex2, data = lung)   # sex2 NA
 *   coef 0.0170453318454113, -0.5132185171083844, NA; cox.zph(g) chisq 0.20920282636381, 2.60767170353677,
 *   GLOBAL 2.77078537593772 on 2 df.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coxOptionsSchema } from '../../../shared/analyses/cox';
import { runCox } from '../../../shared/analyses/cox.run';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const LUNG = readFileSync(join(import.meta.dirname, '../../fixtures/data/lung.csv'), 'utf8');
const options = coxOptionsSchema.parse({ time: 'time', event: 'status', eventValue: '2', covariates: ['age', 'sex'], cluster: 'inst' });

describe('runCox with a given-up frame', () => {
  it('drops the frame columns after reading them and gives the same result, equal to R', () => {
    const kept = frameFromCsv(LUNG);
    const givenUp = frameFromCsv(LUNG);
    const usual = runCox(kept, options);
    const lean = runCox(givenUp, options, { frameGivenUp: true });
    expect(givenUp.columns).toEqual([]);
    expect(givenUp.nRows).toBe(228);
    expect(kept.columns.map((c) => c.name)).toContain('inst');
    expect(lean).toEqual(usual);
    const [age, sex] = lean.coefficients;
    expect(Math.abs(age.coef! / 0.0170334959729 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(sex.coef! / -0.5116682958664 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(age.robustSe! / 0.00732739307379 - 1)).toBeLessThan(1e-7);
    expect(Math.abs(sex.robustSe! / 0.12823060168525 - 1)).toBeLessThan(1e-7);
    expect(lean.clusters).toBe(18);
  });

  it('a frame not given up keeps its columns', () => {
    const frame = frameFromCsv(LUNG);
    const before = frame.columns.length;
    runCox(frame, options, {});
    expect(frame.columns.length).toBe(before);
  });
});

describe('runCox with a given-up frame and no cluster: the design built and sorted in place', () => {
  const relative = (a: number | null | undefined, b: number) => Math.abs((a as number) / b - 1);
  const plain = coxOptionsSchema.parse({ time: 'time', event: 'status', eventValue: '2', covariates: ['age', 'sex', 'ph.ecog'] });

  it('a covariate with a missing value: the same result as from a kept frame, equal to R', () => {
    const kept = frameFromCsv(LUNG);
    const givenUp = frameFromCsv(LUNG);
    const usual = runCox(kept, plain);
    const lean = runCox(givenUp, plain, { frameGivenUp: true });
    expect(givenUp.columns).toEqual([]);
    expect(lean).toEqual(usual);
    expect(lean.n).toBe(227);
    expect(lean.excluded).toBe(1);
    const coef = [0.0110667645600735, -0.552612395703631, 0.4637284753704277];
    const se = [0.00926741101370053, 0.1677390537872635, 0.11357726616199662];
    lean.coefficients.forEach((c, k) => {
      expect(relative(c.coef, coef[k])).toBeLessThan(1e-9);
      expect(relative(c.se, se[k])).toBeLessThan(1e-7);
    });
    expect(relative(lean.concordance.estimate, 0.637135493000455)).toBeLessThan(1e-9);
    const chisq = [0.18798767365229, 2.30543722740497, 2.05424877405441];
    lean.ph.terms.forEach((t, k) => expect(relative(t.chisq, chisq[k])).toBeLessThan(1e-7));
    expect(relative(lean.ph.global.chisq, 4.46365758875861)).toBeLessThan(1e-7);
    // The kept frame's ph.ecog was not touched (its fit copied it).
    const ecog = kept.columns.find((c) => c.name === 'ph.ecog') as { values: Float64Array };
    expect(Array.from(ecog.values)).toEqual(Array.from((frameFromCsv(LUNG).columns.find((c) => c.name === 'ph.ecog') as { values: Float64Array }).values));
  });

  it('a kept frame whose covariates are complete (the design is its own arrays) is left as it was', () => {
    const frame = frameFromCsv(LUNG);
    const before = frame.columns.map((c) => Array.from((c as { values?: Float64Array }).values ?? []));
    runCox(frame, coxOptionsSchema.parse({ time: 'time', event: 'status', eventValue: '2', covariates: ['age', 'sex'] }));
    frame.columns.forEach((c, k) => expect(Array.from((c as { values?: Float64Array }).values ?? [])).toEqual(before[k]));
  });

  it('a redundant covariate: the PH test on the kept columns of the sorted design, equal to R', () => {
    const withDouble = () => {
      const frame = frameFromCsv(LUNG);
      const sex = (frame.columns.find((c) => c.name === 'sex') as { values: Float64Array }).values;
      frame.columns.push({ name: 'sex2', type: 'number', values: Float64Array.from(sex, (v) => 2 * v) });
      return frame;
    };
    const options = coxOptionsSchema.parse({ time: 'time', event: 'status', eventValue: '2', covariates: ['age', 'sex', 'sex2'] });
    const usual = runCox(withDouble(), options);
    const lean = runCox(withDouble(), options, { frameGivenUp: true });
    expect(lean).toEqual(usual);
    expect(relative(lean.coefficients[0].coef, 0.0170453318454113)).toBeLessThan(1e-9);
    expect(relative(lean.coefficients[1].coef, -0.5132185171083844)).toBeLessThan(1e-9);
    expect(lean.coefficients[2].coef).toBeNull();
    expect(lean.ph.terms.map((t) => t.term)).toEqual(['age', 'sex']);
    expect(relative(lean.ph.terms[0].chisq, 0.20920282636381)).toBeLessThan(1e-7);
    expect(relative(lean.ph.terms[1].chisq, 2.60767170353677)).toBeLessThan(1e-7);
    expect(relative(lean.ph.global.chisq, 2.77078537593772)).toBeLessThan(1e-7);
    expect(lean.ph.global.df).toBe(2);
  });
});
