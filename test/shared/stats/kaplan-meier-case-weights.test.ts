/**
 * shared/stats/kaplan-meier-case-weights.ts: survfit(Surv(time, status) ~ g, weights = w). Whole weights
 * equal the unweighted engine on the rows repeated w times (Greenwood SE); fractional weights give R's robust
 * SE (fixtures/weights.R, edge data: time 0, ties, weights 0, a group without relapses).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kaplanMeierByGroup } from '../../../shared/stats/kaplan-meier';
import { hasFractionalWeights, kaplanMeierCaseWeightsByGroup } from '../../../shared/stats/kaplan-meier-case-weights';
import { expectClose } from '../../helpers/compare';
import { weightsCsvPath, weightsFixture } from '../analyses/weights-fixture';
import { list } from '../analyses/start-stop-km-logrank-fixture';

const edge = readFileSync(weightsCsvPath('edge'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
const time = Float64Array.from(edge, (r) => Number(r[0]));
const status = Uint8Array.from(edge, (r) => Number(r[1]));
const group = Int32Array.from(edge, (r) => ['"A"', '"B"', '"C"'].indexOf(r[2]));
const w = Float64Array.from(edge, (r) => Number(r[4]));
const wi = Float64Array.from(edge, (r) => Number(r[5]));

describe('kaplanMeierCaseWeightsByGroup', () => {
  it('whole weights: the unweighted curve of the rows repeated w times (at the times with weight)', () => {
    const repeated = Array.from(wi).flatMap((k, i) => Array(k).fill(i) as number[]);
    const plain = kaplanMeierByGroup(Float64Array.from(repeated, (i) => time[i]), Uint8Array.from(repeated, (i) => status[i]), Int32Array.from(repeated, (i) => group[i]), 3);
    const weighted = kaplanMeierCaseWeightsByGroup(time, status, wi, group, 3);
    expect(hasFractionalWeights(wi)).toBe(false);
    weighted.forEach((curve, g) => {
      const p = plain[g];
      p.time.forEach((t, j) => {
        const k = Array.from(curve.time).indexOf(t);
        expect(curve.nRisk[k]).toBe(p.nRisk[j]);
        expectClose(curve.survival[k], p.survival[j], `survival ${g} ${t}`);
        expectClose(curve.stdErr[k], p.stdErr[j], `stdErr ${g} ${t}`);
        expectClose(curve.cumHazStdErr[k], p.cumHazStdErr[j], `cumHazStdErr ${g} ${t}`);
      });
    });
  });
  it('fractional weights: robust SE of S and of H as R', () => {
    expect(hasFractionalWeights(w)).toBe(true);
    const curves = kaplanMeierCaseWeightsByGroup(time, status, w, group, 3);
    curves.forEach((curve, g) => {
      const r = weightsFixture.km['edge-g-w'].curves[g];
      expect(curve.n).toBe(r.records);
      expect(Array.from(curve.time)).toEqual(list(r.time));
      curve.time.forEach((_, j) => {
        expectClose(curve.nRisk[j], list(r.nRisk)[j], `nRisk ${g} ${j}`);
        expectClose(curve.survival[j], list(r.survival)[j], `survival ${g} ${j}`);
        expectClose(curve.stdErr[j], list(r.stdErr)[j], `stdErr ${g} ${j}`);
        expectClose(curve.cumHazStdErr[j], list(r.cumHazStdErr)[j], `cumHazStdErr ${g} ${j}`);
      });
    });
  });
  it('refuses a negative or infinite weight', () => {
    expect(() => kaplanMeierCaseWeightsByGroup(time, status, Float64Array.from(w, (x, i) => (i === 3 ? -1 : x)), group, 3)).toThrow(/data row 4: weight -1/);
    expect(() => kaplanMeierCaseWeightsByGroup(time, status, Float64Array.from(w, (x, i) => (i === 0 ? Infinity : x)), group, 3)).toThrow(RangeError);
  });
});
