/**
 * shared/stats/concordance-case-weights.ts: with every weight 1 it equals concordance.ts (coxph without weights);
 * whole weights count the pairs of rows repeated w times (the estimate; R's fit$concordance of coxph(…, weights =)
 * is compared in test/shared/analyses/weights.test.ts, fixtures/weights.R).
 */
import { describe, expect, it } from 'vitest';
import { concordance } from '../../../shared/stats/concordance';
import { concordanceCaseWeights } from '../../../shared/stats/concordance-case-weights';
import { loadDataset } from '../../helpers/datasets';
import { expectClose } from '../../helpers/compare';

const veteran = loadDataset('veteran');
const time = veteran.num('time');
const status = Uint8Array.from(veteran.num('status'));
const score = Float64Array.from(veteran.num('karno'), (k) => -k / 10);
const strata = Int32Array.from(veteran.num('trt'));

describe('concordanceCaseWeights', () => {
  it('weights of 1: the unweighted counts, estimate and SE', () => {
    const ones = new Float64Array(time.length).fill(1);
    for (const s of [null, strata]) {
      const plain = concordance(time, status, score, s);
      const weighted = concordanceCaseWeights(time, status, score, ones, s);
      expect(weighted).toEqual(plain);
    }
  });
  it('whole weights: the estimate and comparable pairs of the rows repeated (each copy pair-free with itself)', () => {
    const w = Float64Array.from(time, (_, i) => 1 + (i % 3));
    const repeated = Array.from(w).flatMap((k, i) => Array(k).fill(i) as number[]);
    const plain = concordance(Float64Array.from(repeated, (i) => time[i]), Uint8Array.from(repeated, (i) => status[i]), Float64Array.from(repeated, (i) => score[i]));
    const weighted = concordanceCaseWeights(time, status, score, w);
    expectClose(weighted.estimate, plain.estimate, 'estimate');
    expectClose(weighted.concordant, plain.concordant, 'concordant');
    expectClose(weighted.discordant, plain.discordant, 'discordant');
    expectClose(weighted.tiedRisk, plain.tiedRisk, 'tied risk');
  });
  it('refuses a negative weight', () => {
    expect(() => concordanceCaseWeights(time, status, score, new Float64Array(time.length).fill(-1))).toThrow(RangeError);
  });
});
