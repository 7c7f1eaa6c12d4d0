import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { concordance } from '../../../shared/stats/concordance';
import { fitCox } from '../../../shared/stats/cox';
import { coxZph } from '../../../shared/stats/cox-zph';
import { cumulativeIncidence } from '../../../shared/stats/cumulative-incidence';
import { kaplanMeier } from '../../../shared/stats/kaplan-meier';
import { logRankTest, survivalOrder } from '../../../shared/stats/log-rank';
import { aeqSurv } from '../../../shared/stats/timefix';
import { expectClose } from '../../helpers/compare';

const here = dirname(fileURLToPath(import.meta.url));
/** Written by fixtures/timefix.R; times are 17-digit strings so 0.1 + 0.2 arrives unrounded. */
const fixture = JSON.parse(readFileSync(join(here, 'fixtures', 'timefix.json'), 'utf8'));
const times = (values: string[]) => Float64Array.from(values, Number);
const data = {
  time: times(fixture.data.time),
  status: Uint8Array.from(fixture.data.status as number[]),
  group: Int32Array.from(fixture.data.group as number[], (g) => g - 1),
};

describe('aeqSurv matches R survival aeqSurv', () => {
  for (const c of fixture.aeqSurv as { name: string; time: string[]; fixed: string[] }[]) {
    it(c.name, () => {
      expect(Array.from(aeqSurv(times(c.time)))).toEqual(Array.from(times(c.fixed)));
    });
  }

  it('returns the input itself when nothing is merged, and merges nothing with tolerance 0', () => {
    const time = Float64Array.of(3, 1, 2);
    expect(aeqSurv(time)).toBe(time);
    const nearTied = Float64Array.of(0.1 + 0.2, 0.3);
    expect(aeqSurv(nearTied, 0)).toBe(nearTied);
    expect(() => aeqSurv(nearTied, Number.NaN)).toThrow('invalid value for tolerance');
  });
});

describe('near-tied times (0.1 + 0.2 against 0.3) are one time wherever R applies timefix', () => {
  it('survdiff: observed and expected as R', () => {
    const test = logRankTest(data.time, data.status, data.group);
    test.observed.forEach((o, g) => expectClose(o, fixture.logrank.observed[g], `observed[${g}]`));
    test.expected.forEach((e, g) => expectClose(e, fixture.logrank.expected[g], `expected[${g}]`));
    expectClose(test.chisq, fixture.logrank.chisq, 'chisq');
  });

  it("the Kaplan–Meier table has exactly the log-rank's distinct times", () => {
    const curve = kaplanMeier(data.time, data.status);
    const order = survivalOrder(data.time);
    const classes = new Set(Array.from(order.timeClass)).size;
    expect(curve.time.length).toBe(classes);
    expect(curve.time.length).toBe(fixture.kmTimefix.time.length);
  });

  it('coxph, its concordance and cox.zph as R', () => {
    const covariate = Float64Array.from(data.group);
    const fit = fitCox({ time: data.time, status: data.status, covariates: [covariate], ties: 'efron' });
    expectClose(fit.coefficients[0], fixture.cox.coefficient, 'coef');
    expectClose(fit.standardErrors[0], fixture.cox.se, 'se');
    // The fit merges internally; the concordance is given the merged times, as coxph does.
    const c = concordance(aeqSurv(data.time), data.status, fit.linearPredictor, null);
    expectClose(c.estimate, fixture.cox.concordance, 'concordance');
    const zph = coxZph({
      time: data.time,
      status: data.status,
      strata: null,
      covariates: [covariate],
      coefficients: fit.coefficients,
      variance: fit.variance,
      ties: 'efron',
      terms: [{ name: 'group', columns: [0] }],
    });
    expectClose(zph.terms[0].chisq, fixture.cox.zphChisq, 'zph chisq');
    expectClose(zph.terms[0].p, fixture.cox.zphP, 'zph p');
    expect(Array.from(zph.residuals.time)).toEqual(Array.from(times(fixture.cox.zphTime)));
    Array.from(zph.residuals.transformedTime).forEach((x, i) => expectClose(x, fixture.cox.zphTransformed[i], `zph x[${i}]`));
  });
});

describe('cmprsk cuminc keeps near-tied times apart (R applies no timefix there)', () => {
  it('the curve has a corner at 0.1 + 0.2 and another at 0.3, as R', () => {
    const cause = Int32Array.from(fixture.cuminc.cause as number[]);
    const [curve] = cumulativeIncidence(data.time, cause, 2);
    expect(Array.from(curve.time)).toEqual(Array.from(times(fixture.cuminc.time)));
    Array.from(curve.estimate).forEach((f, i) => expectClose(f, fixture.cuminc.estimate[i], `est[${i}]`));
    Array.from(curve.variance).forEach((v, i) => expectClose(v, fixture.cuminc.variance[i], `var[${i}]`));
  });
});
