/**
 * The log-rank test on (start, stop] rows (shared/stats/log-rank-counting.ts) against R's score test of
 * coxph(Surv(start, stop, event) ~ factor(group), ties = "breslow") (test/shared/analyses/fixtures/
 * start-stop-km-logrank.R), and its relation to survdiff on right-censored data.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { logRankCounting } from '../../../shared/stats/log-rank-counting';
import { logRankTest } from '../../../shared/stats/log-rank';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, '..', 'analyses', 'fixtures', 'start-stop-km-logrank.json'), 'utf8'));
const heart = frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', 'heart.csv'), 'utf8'));
const column = (name: string) => (heart.columns.find((c) => c.name === name) as { values: Float64Array }).values;

describe('logRankCounting', () => {
  it('heart by surgery equals R (O, E, the variance of O - E, chisq, p)', () => {
    const r = fixture.logrank['heart-surgery'];
    const test = logRankCounting(column('start'), column('stop'), Uint8Array.from(column('event')), Int32Array.from(column('surgery')));
    expectClose(test.chisq, r.chisq, 'chisq');
    expectClose(test.p, r.p, 'p');
    expect(test.df).toBe(1);
    expect(test.n).toEqual(r.n);
    test.observed.forEach((o, k) => expectClose(o, r.observed[k], `O ${k}`));
    test.expected.forEach((e, k) => expectClose(e, r.expected[k], `E ${k}`));
    test.variance.forEach((row, g) => row.forEach((v, h) => expectClose(v, r.variance[g][h], `V ${g},${h}`)));
  });

  it('right-censored rows from a common start without ties equal survdiff; with ties the variance omits (n - d)/(n - 1)', () => {
    const time = Float64Array.of(3, 5, 7, 2, 4, 8, 9, 6);
    const status = Uint8Array.of(1, 0, 1, 1, 1, 0, 1, 1);
    const group = Int32Array.of(0, 0, 0, 1, 1, 1, 0, 1);
    const start = new Float64Array(time.length);
    const counting = logRankCounting(start, time, status, group);
    const survdiff = logRankTest(time, status, group);
    expectClose(counting.chisq, survdiff.chisq, 'untied chisq');
    counting.expected.forEach((e, k) => expectClose(e, survdiff.expected[k], `untied E ${k}`));
    // Two events at time 4 (n = 5 at risk): survdiff's variance there is (5 - 2)/(5 - 1) of the Breslow information.
    const tied = Float64Array.of(3, 4, 7, 2, 4, 8, 9, 6);
    const tiedCounting = logRankCounting(start, tied, status, group);
    const tiedSurvdiff = logRankTest(tied, status, group);
    expect(tiedCounting.variance[0][0]).toBeGreaterThan(tiedSurvdiff.variance[0][0]);
    tiedCounting.observed.forEach((o, k) => expect(o).toBe(tiedSurvdiff.observed[k]));
  });

  it('a row entering at an event time is not at risk then (start < t <= stop)', () => {
    // Group 1 enters at 2, when group 0's event happens: E at time 2 is all group 0's.
    const test = logRankCounting(Float64Array.of(0, 0, 2), Float64Array.of(2, 5, 6), Uint8Array.of(1, 0, 1), Int32Array.of(0, 0, 1));
    // Time 2: the two at risk are group 0's; time 6: only the late entrant is at risk.
    expect(test.expected).toEqual([1, 1]);
    expect(test.observed).toEqual([1, 1]);
  });

  it('refuses an interval whose stop is not after its start', () => {
    expect(() => logRankCounting(Float64Array.of(0, 3), Float64Array.of(2, 3), Uint8Array.of(1, 1), Int32Array.of(0, 1))).toThrow(/data row 2/);
  });
});
