/**
 * Case weights of `analyze km|logrank|cox --weights COL`, as R's `weights =` argument of survfit and coxph.
 * Shared by the three declarations:
 * - the option spec and schema;
 * - `weightColumn`: the column, checked to be numeric (passed with the other columns to `survivalRows`,
 *   so that a row missing its weight is dropped and counted in `excluded`, as R's na.action);
 * - `caseWeights`: the weights of the analysed rows, refusing in one line naming the data row a
 *   negative or infinite weight (R's survfit stops: "weights must be non-negative"); a weight of 0 is
 *   kept by survfit (the row counts in n but adds nothing).
 */
import { isNumericColumn, type Column, type DataFrame } from '../data/frame';
import { AnalysisError, type OptionSpec } from './declaration';
import { requireColumn } from './outcome';

export const caseWeightsSpec = {
  kind: 'column',
  name: 'weights',
  flag: 'weights',
  label: 'Case weights',
  help: "Optional numeric column of case weights, as R's weights = : a whole number counts a row that many times; with a fractional weight (e.g. an inverse-probability weight) the standard errors are R's robust ones. Cox and the log-rank test need weights above 0.",
  accepts: 'numeric',
} as const satisfies OptionSpec;

/** The weight column, checked to be numeric. */
export function weightColumn(frame: DataFrame, name: string): Column {
  const column = requireColumn(frame, name, 'weights');
  if (!isNumericColumn(column) || column.type === 'boolean') throw new AnalysisError(`weights column "${name}" is ${column.type}, not numeric`);
  return column;
}

/** The weights of the analysed rows (indices into the frame); a negative or infinite weight is refused naming its data row. */
export function caseWeights(frame: DataFrame, name: string, rows: Int32Array): Float64Array {
  const column = weightColumn(frame, name);
  if (!isNumericColumn(column)) throw new AnalysisError(`weights column "${name}" is not numeric`);
  const weight = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const w = column.values[rows[k]];
    if (!(w >= 0) || !Number.isFinite(w)) throw new AnalysisError(`weights column "${name}", data row ${rows[k] + 1}: weight ${w} is not allowed; weights must be finite and 0 or more`);
    weight[k] = w;
  }
  return weight;
}

/** Refuses a weight of 0 where the R reference (coxph, for Cox and the weighted log-rank) refuses it: "Invalid weights, must be >0". */
export function refuseZeroWeights(weight: Float64Array, rows: Int32Array, name: string, analysis: string): void {
  const zero = weight.indexOf(0);
  if (zero >= 0) throw new AnalysisError(`weights column "${name}", data row ${rows[zero] + 1}: weight 0; ${analysis} needs weights above 0 (as R's coxph); leave the row out instead`);
}

/** Refuses a group (of the analysed rows) whose weights are all 0: it has no weighted rows to estimate from. */
export function refuseWeightlessGroups(weight: Float64Array, codes: Int32Array, levels: readonly string[], name: string): void {
  const total = new Float64Array(levels.length);
  for (let k = 0; k < weight.length; k++) total[codes[k]] += weight[k];
  levels.forEach((level, g) => {
    if (!(total[g] > 0)) {
      throw new AnalysisError(levels.length > 1 ? `weights column "${name}": every weight of group ${level} is 0` : `weights column "${name}": every weight is 0`);
    }
  });
}
