/**
 * `analyze adjusted` (direct standardisation) end to end against R (test/shared/analyses/fixtures/adjusted.R):
 * per group and time the mean of survfit(coxph(...), newdata = everyone set to the group) and its
 * influence-function SE, the Wald CI clipped to [0, 1], to 1e-6; without tied event times the SE equals
 * riskRegression::ate()'s. Data: veteran (trt, celltype; Efron and Breslow; every event time; untied
 * times), colon recurrences (rx; missing nodes), addicts (clinic), inline data with events at time 0,
 * tied deaths, three groups and a missing covariate. Refusals: one group, a group without relapses,
 * times after the last follow-up, the group as a covariate.
 */
import { describe, expect, it } from 'vitest';
import { adjustedAnalysis, adjustedOptionsSchema, adjustedResultSchema } from '../../../shared/analyses/adjusted';
import { runAdjusted } from '../../../shared/analyses/adjusted.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { findAnalysis } from '../../../shared/analyses/registry';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { adjustedCase, adjustedFixture, asArray, caseFrame, type AdjustedCase, type IptwCase } from './adjusted-cases';

function optionsFor(c: AdjustedCase, extra: Record<string, unknown> = {}) {
  return adjustedOptionsSchema.parse({
    time: c.time,
    event: c.event,
    group: c.group,
    covariates: asArray(c.covariates).join(','),
    categorical: asArray(c.categorical),
    ties: c.ties,
    times: c.times === undefined ? undefined : asArray(c.times).join(','),
    ...extra,
  });
}

describe('analyze adjusted (direct) against R', () => {
  for (const c of adjustedFixture.cases) {
    it(c.id, () => {
      const result = runAdjusted(caseFrame(c), optionsFor(c));
      expect(() => adjustedResultSchema.parse(result)).not.toThrow();
      expect(result.n).toBe(c.r.n);
      expect(result.events).toBe(c.r.events);
      const coef = asArray(c.r.coef);
      result.model!.coefficients.forEach((term, k) => expectClose(term.coef, coef[k], `${term.term} coef`));
      expect(result.curves.map((curve) => curve.group)).toEqual(c.r.curves.map((curve) => curve.group));
      result.curves.forEach((curve, g) => {
        const rows = c.r.curves[g].rows;
        expect(curve.rows.length, `${curve.group} rows`).toBe(rows.length);
        curve.rows.forEach((row, j) => {
          const e = rows[j];
          const label = `${curve.group} at ${e.time}`;
          expect(row.time, label).toBe(e.time);
          expectClose(row.survival, e.survival, `${label} survival`);
          expectClose(row.stdErr, e.stdErr, `${label} stdErr`);
          expectClose(row.lower, e.lower, `${label} lower`);
          expectClose(row.upper, e.upper, `${label} upper`);
        });
      });
    });
  }

  it('without tied event times the SE is riskRegression::ate()\'s (veteran, time + row/1000)', () => {
    const c = adjustedCase('veteran-untied-efron');
    const result = runAdjusted(caseFrame(c), optionsFor(c));
    result.curves.forEach((curve, g) =>
      curve.rows.forEach((row, j) => {
        const e = c.r.curves[g].rows[j];
        expectClose(row.survival, e.ateSurvival, `${curve.group} at ${e.time} survival vs ate`);
        expectClose(row.stdErr, e.ateStdErr, `${curve.group} at ${e.time} se vs ate`);
      }),
    );
  });

  it('names the rows left out for a missing covariate (colon nodes, complete cases as R)', () => {
    const c = adjustedCase('colon-recurrence');
    const result = runAdjusted(caseFrame(c), optionsFor(c));
    expect(result.excluded).toBe(929 - 911);
    expect(result.warnings.map((w) => w.code)).toContain('rows-excluded');
    expect(result.groups.reduce((a, g) => a + g.participants, 0)).toBe(911);
  });

  it('before the first relapse every curve is 1 with SE 0; at time 0 the relapses at 0 count', () => {
    const c = adjustedCase('ties-time-zero');
    const result = runAdjusted(caseFrame(c), optionsFor(c, { times: '0,0.5' }));
    for (const curve of result.curves) expect(curve.rows[0].survival).toBeLessThan(1);
    const before = runAdjusted(caseFrame(c), optionsFor(c, { times: '0' }));
    expect(before.curves[0].rows[0].time).toBe(0);
    const vet = adjustedCase('veteran-breslow');
    const early = runAdjusted(caseFrame(vet), optionsFor(vet, { times: '0.5' }));
    for (const curve of early.curves) expect(curve.rows[0]).toEqual({ time: 0.5, survival: 1, stdErr: 0, lower: 1, upper: 1 });
  });

  it('gives the same curves whatever the row order and the group order (--levels)', () => {
    const c = adjustedCase('addicts-efron');
    const base = runAdjusted(caseFrame(c), optionsFor(c));
    const swapped = runAdjusted(caseFrame(c), optionsFor(c, { levels: '2,1' }));
    expect(swapped.curves.map((curve) => curve.group)).toEqual(['2', '1']);
    swapped.curves.forEach((curve) => {
      const same = base.curves.find((b) => b.group === curve.group)!;
      curve.rows.forEach((row, j) => {
        expectClose(row.survival, same.rows[j].survival, `${curve.group} survival`);
        expectClose(row.stdErr, same.rows[j].stdErr, `${curve.group} stdErr`);
      });
    });
  });

  it('is registered', () => {
    expect(findAnalysis('adjusted')).toBe(adjustedAnalysis);
  });
});

function iptwOptions(c: IptwCase, extra: Record<string, unknown> = {}) {
  return adjustedOptionsSchema.parse({
    time: c.time,
    event: c.event,
    group: c.group,
    covariates: asArray(c.covariates).join(','),
    method: 'iptw',
    trim: c.trim,
    times: c.times === undefined ? undefined : asArray(c.times).join(','),
    ...extra,
  });
}

describe('analyze adjusted --method iptw against R', () => {
  for (const c of adjustedFixture.iptw) {
    it(c.id, () => {
      const result = runAdjusted(caseFrame(c), iptwOptions(c));
      expect(() => adjustedResultSchema.parse(result)).not.toThrow();
      expect(result.n).toBe(c.r.n);
      expect(result.events).toBe(c.r.events);
      expect(result.model).toBeNull();
      const coef = asArray(c.r.coef);
      result.propensityModel!.coefficients.forEach((term, k) => expectClose(term.coef, coef[k], `${term.term} coef`));
      if (c.r.iter !== null) expect(result.propensityModel!.iterations).toBe(c.r.iter);
      const trimmed = asArray(c.r.trimmedWeights);
      expectClose(result.weights!.min, Math.min(...trimmed), 'smallest weight');
      expectClose(result.weights!.max, Math.max(...trimmed), 'largest weight');
      expectClose(result.weights!.sum, trimmed.reduce((a, b) => a + b, 0), 'sum of weights');
      expect(result.curves.map((curve) => curve.group)).toEqual(c.r.curves.map((curve) => curve.group));
      result.curves.forEach((curve, g) => {
        const rows = c.r.curves[g].rows;
        expect(curve.rows.map((row) => row.time), `${curve.group} times`).toEqual(rows.map((row) => row.time));
        curve.rows.forEach((row, j) => {
          const e = rows[j];
          const label = `${curve.group} at ${e.time}`;
          expectClose(row.survival, e.survival, `${label} survival`);
          expectClose(row.stdErr, e.stdErr, `${label} stdErr`);
          expectClose(row.lower, e.lower, `${label} lower`);
          expectClose(row.upper, e.upper, `${label} upper`);
        });
      });
      expect(result.balance!.length).toBe(c.r.balance.length);
      result.balance!.forEach((b, j) => {
        const e = c.r.balance[j];
        expect(b.group).toBe(e.group);
        expectClose(b.before, e.before, `${b.term} SMD before`);
        expectClose(b.after, e.after, `${b.term} SMD after`);
      });
    });
  }

  it('names the times past a group\'s follow-up', () => {
    const addicts = adjustedFixture.iptw.find((c) => c.id === 'iptw-addicts')!;
    const result = runAdjusted(caseFrame(addicts), iptwOptions(addicts));
    expect(result.warnings.find((w) => w.code === 'times-beyond-group-follow-up')?.message).toMatch(/1000 in group "1"/);
  });
});

describe('analyze adjusted refuses in one line', () => {
  const csv = (rows: string[]) => frameFromCsv(['time,status,site,x', ...rows].join('\n'));
  const base = ['1,1,a,0.5', '2,1,a,1.5', '3,0,a,0.2', '4,1,b,0.9', '5,1,b,1.1', '6,0,b,0.3', '2,1,b,0.7', '7,1,a,1.2'];
  const options = (extra: Record<string, unknown> = {}) => adjustedOptionsSchema.parse({ time: 'time', event: 'status', group: 'site', covariates: 'x', ...extra });
  const refusal = (frame: ReturnType<typeof csv>, opts: ReturnType<typeof options>) => {
    try {
      runAdjusted(frame, opts);
    } catch (error) {
      expect(error).toBeInstanceOf(AnalysisError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error('not refused');
  };

  it('one group', () => {
    expect(refusal(csv(base.map((r) => r.replace(',b,', ',a,'))), options())).toMatch(/one group \("a"\)/);
  });
  it('a group without relapses', () => {
    expect(refusal(csv([...base, '3,0,c,0.4', '8,0,c,1.0']), options())).toMatch(/no relapses in group "c"/);
  });
  it('a group without relapses is refused by direct only: with iptw its weighted curve stays at 1', () => {
    const frame = csv([...base.filter((r) => r.includes(',a,')), '3,0,c,0.4', '8,0,c,1.0', '5,0,c,0.8', '6,0,c,0.1']);
    expect(refusal(frame, options())).toMatch(/no relapses in group "c"/);
    const result = runAdjusted(frame, options({ method: 'iptw', trim: 1, times: '2,5' }));
    expect(result.curves[1].rows.map((r) => r.survival)).toEqual([1, 1]);
    expect(result.curves[1].rows.map((r) => r.stdErr)).toEqual([0, 0]);
  });
  it('a covariate collinear with the others: direct leaves it out as R (NA) with a warning, iptw refuses', () => {
    const rows = base.map((r) => `${r},${2 * Number(r.split(',')[3])}`);
    const frame = frameFromCsv(['time,status,site,x,x2', ...rows].join('\n'));
    const plain = runAdjusted(frame, options({ times: '3,5' }));
    const doubled = runAdjusted(frame, options({ covariates: 'x,x2', times: '3,5' }));
    expect(doubled.curves).toEqual(plain.curves);
    expect(doubled.warnings.map((w) => w.code)).toContain('singular');
    expect(refusal(frame, options({ covariates: 'x,x2', method: 'iptw' }))).toMatch(/constant or collinear/);
  });
  it('no relapses at all, with either method', () => {
    const frame = csv(base.map((r) => r.replace(/^(\d+),1,/, '$1,0,')));
    expect(refusal(frame, options())).toMatch(/no relapses among the 8 participants analysed/);
    expect(refusal(frame, options({ method: 'iptw' }))).toMatch(/no relapses among the 8 participants analysed/);
  });
  it('a trimming percentile below 0.5', () => {
    expect(() => options({ method: 'iptw', trim: 0.3 })).toThrow();
  });
  it('times after the last follow-up', () => {
    expect(refusal(csv(base), options({ times: '3,9' }))).toMatch(/time 9 is after the last follow-up \(7\)/);
  });
  it('the group among the covariates', () => {
    expect(refusal(csv(base), options({ covariates: 'x,site' }))).toMatch(/also a covariate/);
  });
  it('negative times in --times', () => {
    expect(() => options({ times: '-1,3' })).toThrow(/negative/);
  });
});
