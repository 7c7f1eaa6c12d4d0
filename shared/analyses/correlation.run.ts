/**
 * The computation of `analyze correlation` (its declaration, options and methods are in correlation.ts): the data and validated
 * options in, the result model out. Imported by the runner (run.ts) only, never by the renderer.
 */
import { type DataFrame, isNumericColumn } from '../data/frame';
import { type CorrelationMethod, correlationMatrix } from '../stats/correlation-matrix';
import { AnalysisError, type AnalysisWarning } from './declaration';
import { requireColumn } from './outcome';
import { type CorrelationOptions, type CorrelationResult } from './correlation';

const STATISTIC_NAME: Record<CorrelationMethod, string> = { pearson: 't', spearman: 'S', kendall: 'z' };

export function runCorrelation(frame: DataFrame, options: CorrelationOptions): CorrelationResult {
  const names = options.columns;
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new AnalysisError(`column "${duplicate}" is named twice in --columns`);
  const values = names.map((name) => {
    const column = requireColumn(frame, name, 'correlation');
    if (!isNumericColumn(column)) {
      throw new AnalysisError(`column "${name}" is ${column.type}, not numeric; correlations need numeric columns`);
    }
    return column.values;
  });

  const result = correlationMatrix(values, { method: options.method, missing: options.missing, pAdjust: options.pAdjust, confLevel: options.confLevel });
  const warnings: AnalysisWarning[] = [];
  const tiedPairs: string[] = [];
  const pairs = result.pairs.map((pair) => {
    const x = names[pair.x];
    const y = names[pair.y];
    if (pair.exactPrevented) tiedPairs.push(`${x} and ${y}`);
    if (pair.estimate === null) {
      const tooFew = pair.n < (options.method === 'pearson' ? 3 : 2);
      warnings.push(
        tooFew
          ? { code: 'too-few-pairs', message: `${x} and ${y}: only ${pair.n} rows have both values, too few for a correlation.` }
          : { code: 'constant-column', message: `${x} and ${y}: one of them does not vary over the ${pair.n} rows with both values, so the correlation is undefined.` },
      );
    }
    return { x, y, n: pair.n, estimate: pair.estimate, statistic: pair.statistic, p: pair.p, pAdjusted: pair.pAdjusted, lower: pair.lower, upper: pair.upper, pValueMethod: pair.pValueMethod ?? null };
  });
  if (tiedPairs.length > 0) {
    const approximation = options.method === 'kendall' ? 'normal' : 't';
    warnings.push({
      code: 'exact-p-ties',
      message: `Cannot compute exact p-value with ties (as R's cor.test): ${tiedPairs.join('; ')} ${tiedPairs.length > 1 ? 'use' : 'uses'} the ${approximation} approximation.`,
    });
  }
  return {
    pairs,
    method: options.method,
    statisticName: STATISTIC_NAME[options.method],
    pAdjustMethod: options.pAdjust,
    missing: options.missing,
    confLevel: options.confLevel,
    completeRows: result.completeRows,
    excluded: options.missing === 'listwise' ? frame.nRows - result.completeRows : 0,
    warnings,
  };
}
