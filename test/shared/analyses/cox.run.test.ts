/**
 * runCox's handling of a frame the caller gives up (RunContext.frameGivenUp, as the CLI's analyze does):
 * the frame's columns are dropped once the design, outcome and cluster are copied out, and the result is
 * the same as without. Anchored on R: coxph(Surv(time, status) ~ age + sex + cluster(inst), data = lung)
 * (survival 3.5-3): coef age 0.0170334959729, sex -0.5116682958664; robust SE 0.00732739307379, 0.12823060168525.
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
