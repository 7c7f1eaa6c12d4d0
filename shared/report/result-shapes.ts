/**
 * The result documents of the analyses whose declarations the report reads through the CLI contract
 * (logrank, correlation), the label of a factor-score column and of a grouping (a score's split).
 */
import { FACTOR_CATALOGUE } from '../factors/catalogue';
import { isFactorId } from '../factors/ids';

/** The `analyze logrank` document (CLI contract). */
export interface LogrankResultShape {
  chisq: number | null;
  df: number;
  p: number | null;
  groups: { group: string; n: number; observed: number; expected: number }[];
  excluded?: number;
  warnings?: { code: string; message: string }[];
}

/** The `analyze correlation` document (CLI contract). */
export interface CorrelationResultShape {
  pairs: { x: string; y: string; n: number; estimate: number | null; statistic: number | null; p: number | null; pAdjusted: number | null; lower: number | null; upper: number | null }[];
  warnings?: { code: string; message: string }[];
}

/** "score.coping_skills" → "Coping skills"; any other column name as it is. */
export function factorLabel(column: string): string {
  const id = column.startsWith('score.') ? column.slice('score.'.length) : column;
  return isFactorId(id) ? FACTOR_CATALOGUE[id].label : column;
}


/**
 * A grouping column as the report names it: a factor score's split (shared/mapping/apply.ts) by its meaning,
 * "median.coping_skills" → "coping skills (median split)", "tertile.stress…" → "… (tertile split)"; any other
 * column name as it is.
 */
export function groupingLabel(column: string): string {
  const split = /^(median|tertile)\.(.+)$/.exec(column);
  if (!split || !isFactorId(split[2])) return column;
  return `${FACTOR_CATALOGUE[split[2]].label.toLowerCase()} (${split[1]} split)`;
}
