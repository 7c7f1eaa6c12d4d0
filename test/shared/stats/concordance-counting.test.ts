/**
 * shared/stats/concordance-counting.ts: on (start, stop] data the counts and the concordance equal R's
 * fit$concordance (test/shared/analyses/fixtures/start-stop.R; the std is checked through analyze cox in
 * test/shared/analyses/cox-start-stop.test.ts), the pair counts equal a direct count over all pairs, and on
 * right-censored data (every start below every time) everything equals concordance.ts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { concordanceCounting } from '../../../shared/stats/concordance-counting';
import { concordance } from '../../../shared/stats/concordance';
import { fitCountingProcessCox } from '../../../shared/stats/cox-counting-process';
import { loadDataset } from '../../helpers/datasets';
import { expectClose } from '../../helpers/compare';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, '..', 'analyses', 'fixtures', 'start-stop.json'), 'utf8'));

function heartFit() {
  const heart = loadDataset('heart');
  const start = heart.num('start');
  const stop = heart.num('stop');
  const status = Uint8Array.from(heart.num('event'));
  const fit = fitCountingProcessCox({ start, stop, status, covariates: [heart.num('age'), heart.num('surgery'), heart.num('transplant')], ties: 'efron' });
  return { start: fit.start, stop: fit.stop, status, riskScore: fit.linearPredictor, id: heart.num('id') };
}

/** Every pair, directly: event i at t against each j at risk at t (start_j < t <= stop_j). */
function bruteForce(start: Float64Array, stop: Float64Array, status: Uint8Array, score: Float64Array) {
  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  let tiedTime = 0;
  for (let i = 0; i < stop.length; i++) {
    if (status[i] !== 1) continue;
    const t = stop[i];
    for (let j = 0; j < stop.length; j++) {
      if (j === i || !(start[j] < t && stop[j] >= t)) continue;
      if (stop[j] === t && status[j] === 1) {
        if (j < i) tiedTime++;
        continue;
      }
      if (score[i] > score[j]) concordant++;
      else if (score[i] < score[j]) discordant++;
      else tiedRisk++;
    }
  }
  return { concordant, discordant, tiedRisk, tiedTime };
}

describe('concordanceCounting', () => {
  it("heart: R's counts and concordance for coxph(Surv(start, stop, event) ~ age + surgery + transplant)", () => {
    const h = heartFit();
    const result = concordanceCounting(h);
    const r = fixture.cox['heart-efron'].concordance as number[];
    expect([result.concordant, result.discordant, result.tiedRisk, result.tiedTime + result.tiedTimeAndRisk]).toEqual([r[0], r[1], r[2], r[3] + r[4]]);
    expectClose(result.estimate, r[5], 'concordance');
    expectClose(result.stdErr, r[6], 'std');
    const clustered = concordanceCounting({ ...h, cluster: h.id });
    expectClose(clustered.stdErr, fixture.cox['heart-cluster'].concordance[6], 'std by id');
  });

  it('counts every pair at risk, as a direct count over all pairs', () => {
    const h = heartFit();
    const direct = bruteForce(h.start, h.stop, h.status, h.riskScore);
    const result = concordanceCounting(h);
    expect({ concordant: result.concordant, discordant: result.discordant, tiedRisk: result.tiedRisk, tiedTime: result.tiedTime + result.tiedTimeAndRisk }).toEqual(direct);
  });

  it('on right-censored data equals concordance.ts, counts and SE, with and without strata', () => {
    const lung = loadDataset('lung');
    const time = lung.num('time');
    const status = Uint8Array.from(lung.num('status'), (s) => (s === 2 ? 1 : 0));
    const score = Float64Array.from(lung.num('age'), (a, i) => a / 10 + lung.num('sex')[i]);
    const strata = Int32Array.from(lung.num('sex'));
    for (const s of [null, strata]) {
      const right = concordance(time, status, score, s);
      const counting = concordanceCounting({ start: new Float64Array(time.length).fill(-1), stop: time, status, riskScore: score, strata: s });
      expect(counting.concordant).toBe(right.concordant);
      expect(counting.discordant).toBe(right.discordant);
      expect(counting.tiedRisk).toBe(right.tiedRisk);
      expect(counting.tiedTime).toBe(right.tiedTime);
      expect(counting.tiedTimeAndRisk).toBe(right.tiedTimeAndRisk);
      expectClose(counting.stdErr, right.stdErr, 'std');
    }
  });

  it('has no estimate without comparable pairs', () => {
    const result = concordanceCounting({ start: Float64Array.of(0, 0), stop: Float64Array.of(1, 2), status: Uint8Array.of(0, 0), riskScore: Float64Array.of(1, 2) });
    expect(result.estimate).toBeNull();
    expect(result.stdErr).toBeNull();
  });
});
