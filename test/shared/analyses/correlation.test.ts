import { describe, expect, it } from 'vitest';
import type { Column, DataFrame } from '../../../shared/data/frame';
import { correlationOptionsSchema, correlationResultSchema } from '../../../shared/analyses/correlation';
import { runCorrelation } from '../../../shared/analyses/correlation.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { loadDataset } from '../../helpers/datasets';
import { expectClose } from '../../helpers/compare';
import { comparableStatistic, correlationCases, isPerfect, type CorrelationCase } from '../stats/fixtures/correlation-cases';

function frameFor(c: CorrelationCase): DataFrame {
  if (c.data) {
    const columns: Column[] = c.columns.map((name) => ({ name, type: 'number', values: Float64Array.from(c.data![name], (v) => (v === null ? NaN : v)) }));
    return { nRows: columns[0].type === 'number' ? columns[0].values.length : 0, columns };
  }
  const ds = loadDataset(c.dataset!);
  const columns: Column[] = Object.keys(ds.text).map((name): Column => {
    if (ds.numeric[name]) return { name, type: 'number', values: ds.numeric[name] };
    const levels = Array.from(new Set(ds.text[name].filter((v) => v !== '')));
    return { name, type: 'categorical', levels, codes: Int32Array.from(ds.text[name], (v) => levels.indexOf(v)) };
  });
  return { nRows: ds.nRows, columns };
}

describe('analyze correlation against R cor.test and p.adjust', () => {
  for (const c of correlationCases) {
    it(c.name, () => {
      const frame = frameFor(c);
      const options = correlationOptionsSchema.parse({
        columns: c.columns.join(','),
        method: c.method,
        pAdjust: c.pAdjust,
        missing: c.missing,
        confLevel: c.confLevel,
      });
      const result = runCorrelation(frame, options);
      expect(correlationResultSchema.safeParse(result).success).toBe(true);
      expect(result.pairs.map((p) => [p.x, p.y])).toEqual(c.pairs.map((p) => [p.x, p.y]));
      result.pairs.forEach((pair, i) => {
        const reference = c.pairs[i];
        const label = `${c.name} ${pair.x}~${pair.y}`;
        expect(pair.n, `${label} n`).toBe(reference.n);
        expectClose(pair.estimate, reference.estimate, `${label} estimate`);
        if (!(c.method === 'pearson' && isPerfect(reference))) {
          expectClose(comparableStatistic(pair, reference), reference.statistic, `${label} statistic`);
          expectClose(pair.p, reference.p, `${label} p`);
          expectClose(pair.pAdjusted, reference.pAdjusted, `${label} p adjusted`);
        }
        expectClose(pair.lower, reference.lower, `${label} lower`);
        expectClose(pair.upper, reference.upper, `${label} upper`);
      });
    });
  }
});

describe('analyze correlation requests and edge cases', () => {
  const pbc = correlationCases.find((c) => c.dataset === 'pbc')!;
  const frame = frameFor(pbc);

  it('fills defaults: Pearson, holm, pairwise, 0.95', () => {
    expect(correlationOptionsSchema.parse({ columns: ['age', 'bili'] })).toEqual({ columns: ['age', 'bili'], method: 'pearson', pAdjust: 'holm', missing: 'pairwise', confLevel: 0.95 });
  });

  it('needs at least two columns', () => {
    expect(correlationOptionsSchema.safeParse({ columns: 'age' }).success).toBe(false);
    expect(correlationOptionsSchema.safeParse({}).success).toBe(false);
  });

  it('names a categorical column in its error', () => {
    const options = correlationOptionsSchema.parse({ columns: 'age,sex' });
    expect(() => runCorrelation(frame, options)).toThrow(AnalysisError);
    expect(() => runCorrelation(frame, options)).toThrow(/"sex"/);
  });

  it('names a missing column in its error', () => {
    expect(() => runCorrelation(frame, correlationOptionsSchema.parse({ columns: 'age,dose' }))).toThrow(/"dose"/);
  });

  it('counts the rows left out listwise and warns about a constant column', () => {
    const listwise = runCorrelation(frame, correlationOptionsSchema.parse({ columns: 'age,chol,trig', missing: 'listwise' }));
    expect(listwise.excluded).toBe(frame.nRows - listwise.completeRows);
    expect(listwise.excluded).toBeGreaterThan(0);
    const small = correlationCases.find((c) => c.name === 'n = 3 with a constant column spearman')!;
    const result = runCorrelation(frameFor(small), correlationOptionsSchema.parse({ columns: 'a,b,k', method: 'spearman' }));
    expect(result.statisticName).toBe('S');
    expect(result.warnings.map((w) => w.code)).toEqual(['constant-column', 'constant-column']);
  });
});

describe("analyze correlation gives R cor.test's default small-sample p-values and says which", () => {
  it('marks exact, Edgeworth and asymptotic p-values per pair (null for Pearson)', () => {
    const perfect = correlationCases.find((c) => c.name === 'perfect correlation kendall')!;
    const kendall = runCorrelation(frameFor(perfect), correlationOptionsSchema.parse({ columns: 'p,q,r', method: 'kendall' }));
    expect(kendall.pairs.map((p) => p.pValueMethod)).toEqual(['exact', 'exact', 'exact']);
    expect(kendall.warnings).toEqual([]);
    const pearson = runCorrelation(frameFor(perfect), correlationOptionsSchema.parse({ columns: 'p,q,r' }));
    expect(pearson.pairs.map((p) => p.pValueMethod)).toEqual([null, null, null]);

    const pbc = correlationCases.find((c) => c.dataset === 'pbc')!;
    const spearman = runCorrelation(frameFor(pbc), correlationOptionsSchema.parse({ columns: 'age,bili', method: 'spearman' }));
    // 418 rows: age has no ties but bili has; R's t approximation, with its warning.
    expect(spearman.pairs[0].pValueMethod).toBe('asymptotic');
  });

  it("warns in one line, with R's words, where ties prevent the exact p", () => {
    const tied = correlationCases.find((c) => c.name === 'ties kendall')!;
    const result = runCorrelation(frameFor(tied), correlationOptionsSchema.parse({ columns: 'u,v,w', method: 'kendall' }));
    expect(result.pairs.every((p) => p.pValueMethod === 'asymptotic')).toBe(true);
    const tieWarnings = result.warnings.filter((w) => w.code === 'exact-p-ties');
    expect(tieWarnings).toHaveLength(1);
    expect(tieWarnings[0].message).toBe("Cannot compute exact p-value with ties (as R's cor.test): u and v; u and w; v and w use the normal approximation.");
  });

  it('uses the Edgeworth series for 10 to 1290 untied Spearman pairs', () => {
    const x = Array.from({ length: 12 }, (_, i) => i + 1);
    const y = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11];
    const frame = frameFor({ name: 'untied', columns: ['x', 'y'], method: 'spearman', missing: 'pairwise', pAdjust: 'none', confLevel: 0.95, data: { x, y }, pairs: [] });
    const result = runCorrelation(frame, correlationOptionsSchema.parse({ columns: 'x,y', method: 'spearman' }));
    expect(result.pairs[0].pValueMethod).toBe('edgeworth');
  });
});
