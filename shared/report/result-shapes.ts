/**
 * The result documents of the analyses whose declarations the report reads through the CLI contract
 * (logrank, correlation), and the label of a factor-score column.
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

