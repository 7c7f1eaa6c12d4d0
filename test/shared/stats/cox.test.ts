/**
 * fitCox against R survival 3.5-3 coxph (fixtures/cox.R → fixtures/cox.json). The covariate
 * columns are built here directly from the CSVs (treatment dummies as R's model.matrix), so this
 * test exercises the fitter alone; the model matrix has its own test.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { fitCox, stratumTimeOrder, waldStatistic } from '../../../shared/stats/cox';
import { normalTwoSided } from '../../../shared/stats/distributions';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { loadDataset } from '../../helpers/datasets';

interface RTest {
  statistic: number;
  df: number;
  p: number;
}
export interface CoxCase {
  id: string;
  dataset?: string;
  inline?: Record<string, number[]>;
  subset?: { column: string; value: number };
  derived?: string;
  time: string;
  event: string;
  eventValue?: string;
  covariates: string[];
  categorical?: string[];
  reference?: string;
  strata?: string;
  ties: 'efron' | 'breslow';
  maxIterations?: number;
  r: {
    n: number;
    nevent: number;
    names: string[];
    coef: (number | null)[];
    se?: (number | null)[];
    z?: (number | null)[];
    p?: (number | null)[];
    var?: (number | null)[];
    varAtCoef?: number[];
    means?: number[];
    linearPredictors?: number[];
    loglik: number[];
    iter: number;
    warnings: string[];
    score?: RTest;
    wald?: RTest;
    lr?: RTest;
  };
}

const fixture = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cox.json'), 'utf8'),
) as { cases: CoxCase[] };
export const coxCases = fixture.cases;

const asArray = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Columns of a case as strings/numbers per row (CSV or inline), after the subset. */
function caseColumns(c: CoxCase): { nRows: number; num: (name: string) => Float64Array; str: (name: string) => string[] } {
  if (c.inline) {
    const cols = c.inline;
    const nRows = cols[c.time].length;
    return { nRows, num: (name) => Float64Array.from(cols[name]), str: (name) => cols[name].map(String) };
  }
  const ds = loadDataset(c.dataset!);
  let keep = Array.from({ length: ds.nRows }, (_, i) => i);
  if (c.subset) keep = keep.filter((i) => ds.num(c.subset!.column)[i] === c.subset!.value);
  const derived: Record<string, Float64Array> = {};
  if (c.derived === 'dose2') derived.dose2 = Float64Array.from(ds.num('dose'), (d, i) => 2 * d + ds.num('prison')[i]);
  const numCache = new Map<string, Float64Array>();
  const strCache = new Map<string, string[]>();
  const num = (name: string) => {
    if (!numCache.has(name)) {
      const all = derived[name] ?? ds.num(name);
      numCache.set(name, Float64Array.from(keep, (i) => all[i]));
    }
    return numCache.get(name)!;
  };
  const str = (name: string) => {
    if (!strCache.has(name)) strCache.set(name, keep.map((i) => ds.str(name)[i]));
    return strCache.get(name)!;
  };
  return { nRows: keep.length, num, str };
}

/** time/status/covariates/strata for fitCox, with R's complete-case rows and treatment dummies. */
function buildInput(c: CoxCase) {
  const data = caseColumns(c);
  const categorical = asArray(c.categorical);
  const covariates = asArray(c.covariates);
  const isNumeric = (name: string) => {
    try {
      data.num(name);
      return true;
    } catch {
      return false;
    }
  };
  const missing = (name: string, i: number) => (isNumeric(name) ? Number.isNaN(data.num(name)[i]) : data.str(name)[i] === '');
  const needed = [c.time, c.event, ...covariates, ...(c.strata ? [c.strata] : [])];
  const rows = Array.from({ length: data.nRows }, (_, i) => i).filter((i) => needed.every((name) => !missing(name, i)));
  const time = Float64Array.from(rows, (i) => data.num(c.time)[i]);
  const eventValue = c.eventValue === undefined ? 1 : Number(c.eventValue);
  const status = Uint8Array.from(rows, (i) => (data.num(c.event)[i] === eventValue ? 1 : 0));
  const references = new Map((c.reference ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const columns: Float64Array[] = [];
  for (const name of covariates) {
    if (categorical.includes(name) || !isNumeric(name)) {
      const values = isNumeric(name) ? rows.map((i) => String(data.num(name)[i])) : rows.map((i) => data.str(name)[i]);
      let levels = Array.from(new Set(values));
      levels = isNumeric(name) ? levels.sort((a, b) => Number(a) - Number(b)) : levels.sort();
      const reference = references.get(name) ?? levels[0];
      for (const level of levels.filter((l) => l !== reference)) columns.push(Float64Array.from(values, (v) => (v === level ? 1 : 0)));
    } else {
      columns.push(Float64Array.from(rows, (i) => data.num(name)[i]));
    }
  }
  const strata = c.strata ? Int32Array.from(rows, (i) => data.num(c.strata!)[i]) : null;
  return { time, status, covariates: columns, strata };
}

describe('fitCox against R coxph', () => {
  for (const c of coxCases) {
    it(c.id, () => {
      const input = buildInput(c);
      const fit = fitCox({ ...input, ties: c.ties, maxIterations: c.maxIterations });
      const r = c.r;
      expect(fit.n).toBe(r.n);
      expect(fit.events).toBe(r.nevent);
      expectAllClose(Array.from(fit.coefficients, (v) => (Number.isNaN(v) ? null : v)), asArray(r.coef), 'coef');
      expectClose(fit.logLikNull, r.loglik[0], 'loglik null');
      expectClose(fit.logLikFinal, r.loglik[1], 'loglik final');
      expect(fit.iterations).toBe(r.iter);
      if (r.nevent === 0) {
        expect(fit.warnings.map((w) => w.code)).toContain('no-events');
        expect(fit.scoreTest.statistic).toBeNull();
        return;
      }
      expect(fit.converged).toBe(c.maxIterations === undefined);
      if (r.varAtCoef) {
        // R's own variance after running out of iterations is diag(1/I) (see cox.ts); compare the proper inverse.
        expectAllClose(fit.variance, r.varAtCoef, 'variance at last beta');
      } else {
        expectAllClose(Array.from(fit.standardErrors, (v) => (Number.isNaN(v) ? null : v)), asArray(r.se), 'se');
        expectAllClose(
          Array.from(fit.coefficients, (b, k) => (Number.isNaN(b) ? null : b / fit.standardErrors[k])),
          asArray(r.z),
          'z',
        );
        expectAllClose(
          Array.from(fit.coefficients, (b, k) => (Number.isNaN(b) ? null : normalTwoSided(b / fit.standardErrors[k]))),
          asArray(r.p),
          'p',
        );
        if (c.id === 'separation') {
          // The covariance of a diverging coefficient comes from S2/S0 − (S1/S0)² with one risk-set
          // group outweighing the other by e^22: cancellation leaves ~1e-6 relative noise that
          // depends on the last bit of exp(). Its own variance and the other covariate's still match.
          expectClose(fit.variance[0], r.var![0], 'variance[x,x]');
          expectClose(fit.variance[3], r.var![3], 'variance[w,w]');
          expectClose(fit.variance[1], r.var![1], 'variance[x,w]', Math.abs(r.var![1]!) * 1e-5);
        } else {
          expectAllClose(fit.variance, asArray(r.var).map((v) => v ?? 0), 'variance');
        }
        for (const [ours, theirs, label] of [
          [fit.scoreTest, r.score!, 'score'],
          [fit.waldTest, r.wald!, 'wald'],
          [fit.likelihoodRatioTest, r.lr!, 'lr'],
        ] as const) {
          expectClose(ours.statistic, theirs.statistic, `${label} statistic`);
          expect(ours.df, `${label} df`).toBe(theirs.df);
          expectClose(ours.p, theirs.p, `${label} p`);
        }
      }
      expectAllClose(fit.means, asArray(r.means), 'means');
      expectAllClose(fit.linearPredictor, asArray(r.linearPredictors), 'linear predictors');
      const codes = fit.warnings.map((w) => w.code);
      const rWarnings = asArray(r.warnings).join(' | ');
      expect(codes.includes('not-converged'), 'not-converged warning').toBe(/Ran out of iterations/.test(rWarnings));
      expect(codes.includes('infinite-coefficient'), 'infinite warning').toBe(/may be infinite/.test(rWarnings));
      expect(codes.includes('singular'), 'singular warning').toBe(asArray(r.coef).some((b) => b === null));
    });
  }
});

describe('fitCox with consumeCovariates (the given columns sorted, centred and scaled in place)', () => {
  for (const c of coxCases) {
    it(`${c.id}: the same fit as from copies; the given columns become the sorted design`, () => {
      const copied = fitCox({ ...buildInput(c), ties: c.ties, keepSortedDesign: true });
      const input = buildInput(c);
      const given = [...input.covariates];
      const consumed = fitCox({ ...input, ties: c.ties, keepSortedDesign: true, consumeCovariates: true });
      if (copied.events === 0) {
        // R's zero-event answer comes before any sorting: nothing is consumed.
        expect(consumed).toEqual(copied);
        return;
      }
      const { linearPredictor: lpConsumed, sortedDesign: designConsumed, ...restConsumed } = consumed;
      const { linearPredictor: lpCopied, sortedDesign: designCopied, ...restCopied } = copied;
      expect(restConsumed).toEqual(restCopied);
      // The arrays given are the sorted design now, value for value the copied fit's.
      designConsumed!.columns.forEach((column, k) => {
        expect(column).toBe(given[k]);
        expect(Array.from(column)).toEqual(Array.from(designCopied!.columns[k]));
      });
      expect(Array.from(designConsumed!.columnMeans)).toEqual(Array.from(designCopied!.columnMeans));
      // The linear predictor from the sorted design: Σ (x − m) s β/s against xβ − mβ, equal to rounding.
      const largest = lpCopied.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
      lpCopied.forEach((value, i) => expect(Math.abs(lpConsumed[i] - value)).toBeLessThan(1e-12 * largest));
    });
  }
});

describe('fitCox details', () => {
  it('orders by stratum then time, stably', () => {
    const time = Float64Array.of(5, 1, 3, 1, 2, 5);
    const strata = Int32Array.of(2, 2, 1, 1, 2, 1);
    expect(Array.from(stratumTimeOrder(time, strata))).toEqual([3, 2, 5, 1, 4, 0]);
    expect(Array.from(stratumTimeOrder(time, null))).toEqual([1, 3, 4, 2, 0, 5]);
  });

  it('the Wald statistic uses a generalised inverse for a singular variance', () => {
    // V = [[1,1],[1,1]] has rank 1: the second column is redundant, so bᵀV⁻b = b1² / 1.
    const { statistic, df } = waldStatistic(Float64Array.of(1, 1, 1, 1), Float64Array.of(2, 2), 2);
    expect(df).toBe(1);
    expect(statistic).toBeCloseTo(4, 12);
  });

  it('warns when there are fewer than 10 events per coefficient', () => {
    const c = coxCases.find((x) => x.id === 'ovarian')!;
    const fit = fitCox({ ...buildInput(c), ties: 'efron' });
    expect(fit.events).toBe(12);
    expect(fit.warnings.map((w) => w.code)).toContain('few-events');
  });

  it('does not depend on the input row order', () => {
    const c = coxCases.find((x) => x.id === 'colon-strata-sex')!;
    const input = buildInput(c);
    const n = input.time.length;
    const perm = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const fit = fitCox({ ...input, ties: 'efron' });
    const shuffled = fitCox({
      time: Float64Array.from(perm, (i) => input.time[i]),
      status: Uint8Array.from(perm, (i) => input.status[i]),
      covariates: input.covariates.map((col) => Float64Array.from(perm, (i) => col[i])),
      strata: Int32Array.from(perm, (i) => input.strata![i]),
      ties: 'efron',
    });
    expectAllClose(shuffled.coefficients, fit.coefficients, 'coef after shuffling');
    expectClose(shuffled.linearPredictor[0], fit.linearPredictor[perm[0]], 'lp follows the row');
  });
});
