import { describe, expect, it } from 'vitest';
import { concordance, type ConcordanceResult } from '../../../shared/stats/concordance';
import { expectClose } from '../../helpers/compare';
import { buildCase, fixture, type RConcordance } from './fixtures/concordance-zph-cases';

function expectMatchesR(actual: ConcordanceResult, expected: RConcordance, label: string): void {
  expectClose(actual.concordant, expected.concordant, `${label} concordant`);
  expectClose(actual.discordant, expected.discordant, `${label} discordant`);
  expectClose(actual.tiedRisk, expected.tiedRisk, `${label} tiedRisk`);
  expectClose(actual.tiedTime, expected.tiedTime, `${label} tiedTime`);
  expectClose(actual.tiedTimeAndRisk, expected.tiedTimeAndRisk, `${label} tiedTimeAndRisk`);
  expectClose(actual.comparable, expected.concordant + expected.discordant + expected.tiedRisk, `${label} comparable`);
  expectClose(actual.estimate, expected.estimate, `${label} estimate`);
  expectClose(actual.stdErr, expected.stdErr, `${label} stdErr`);
}

/** O(n^2) pair count straight from the definition, for an independent check of the counts. */
function bruteForceCounts(time: Float64Array, status: Uint8Array, score: Float64Array, strata: Int32Array | null) {
  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  let tiedTime = 0;
  let tiedTimeAndRisk = 0;
  for (let i = 0; i < time.length; i++) {
    for (let j = i + 1; j < time.length; j++) {
      if (strata && strata[i] !== strata[j]) continue;
      if (time[i] === time[j] && status[i] === 1 && status[j] === 1) {
        if (score[i] === score[j]) tiedTimeAndRisk++;
        else tiedTime++;
        continue;
      }
      // earlier = the one whose event makes the pair comparable
      let earlier = -1;
      let later = -1;
      if (status[i] === 1 && (time[i] < time[j] || time[i] === time[j])) [earlier, later] = [i, j];
      else if (status[j] === 1 && (time[j] < time[i] || time[j] === time[i])) [earlier, later] = [j, i];
      if (earlier < 0) continue;
      if (score[earlier] > score[later]) concordant++;
      else if (score[earlier] < score[later]) discordant++;
      else tiedRisk++;
    }
  }
  return { concordant, discordant, tiedRisk, tiedTime, tiedTimeAndRisk };
}

describe('concordance (Harrell, coxph fit$concordance)', () => {
  for (const c of fixture.cases) {
    it(`matches R for ${c.name}`, () => {
      const data = buildCase(c);
      expect(data.time.length).toBe(c.n);
      expectMatchesR(concordance(data.time, data.status, data.linearPredictor, data.strata), c.concordance, c.name);
    });
  }

  for (const e of fixture.concordanceEdges) {
    it(`matches R concordancefit for the edge case: ${e.name}`, () => {
      const result = concordance(
        Float64Array.from(e.time),
        Uint8Array.from(e.status),
        Float64Array.from(e.score),
        e.strata ? Int32Array.from(e.strata) : null,
      );
      expectMatchesR(result, e.concordance, e.name);
    });
  }

  it('gives null estimate and SE with no comparable pairs (a single row)', () => {
    const result = concordance(new Float64Array([5]), new Uint8Array([1]), new Float64Array([0.3]));
    expect(result.estimate).toBeNull();
    expect(result.stdErr).toBeNull();
    expect(result.comparable).toBe(0);
  });

  it('counts the same pairs as the definition on random tied data with strata', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const n = 400;
    const time = Float64Array.from({ length: n }, () => Math.floor(random() * 30));
    const status = Uint8Array.from({ length: n }, () => (random() < 0.6 ? 1 : 0));
    const score = Float64Array.from({ length: n }, () => Math.floor(random() * 8) / 4);
    const strata = Int32Array.from({ length: n }, () => Math.floor(random() * 3));
    const fast = concordance(time, status, score, strata);
    const slow = bruteForceCounts(time, status, score, strata);
    expect(fast.concordant).toBe(slow.concordant);
    expect(fast.discordant).toBe(slow.discordant);
    expect(fast.tiedRisk).toBe(slow.tiedRisk);
    expect(fast.tiedTime).toBe(slow.tiedTime);
    expect(fast.tiedTimeAndRisk).toBe(slow.tiedTimeAndRisk);
  });

  it('does not depend on the order of the rows or on the stratum codes used', () => {
    const c = fixture.cases.find((x) => x.strata !== null)!;
    const data = buildCase(c);
    const n = data.time.length;
    const perm = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const time = Float64Array.from(perm, (i) => data.time[i]);
    const status = Uint8Array.from(perm, (i) => data.status[i]);
    const score = Float64Array.from(perm, (i) => data.linearPredictor[i]);
    const strata = Int32Array.from(perm, (i) => 10 - 5 * data.strata![i]);
    expectMatchesR(concordance(time, status, score, strata), c.concordance, `${c.name} permuted`);
  });

});
