/**
 * The checks of the intervals (start, stop] of `analyze cox|km|logrank --start COL`, shared by their runs (here,
 * beside the runs, because survcheck is engine code, which the declarations the renderer reads must not load):
 * - `intervalStarts`: the start of each analysed row, refusing in one line naming the data row an
 *   interval whose stop is not after its start (R's Surv() would make it NA and drop it silently);
 * - `refuseOverlaps`: with an id, R's survcheck on the intervals; overlapping intervals of one
 *   participant (at risk twice at the same time) are refused in one line naming the rows.
 * The module exports no `runIntervals`: it is not an analysis (run.ts).
 */
import type { DataFrame } from '../data/frame';
import { isNumericColumn } from '../data/frame';
import { survcheck } from '../stats/survcheck';
import { AnalysisError } from './declaration';
import { groupCodes } from './group-levels';
import { requireColumn } from './outcome';

/** The start column, checked to be numeric. */
export function startColumn(frame: DataFrame, name: string) {
  const column = requireColumn(frame, name, 'start');
  if (!isNumericColumn(column) || column.type === 'boolean') throw new AnalysisError(`start column "${name}" is ${column.type}, not numeric`);
  return column;
}

/**
 * The start of each analysed row (frame rows `rows`, stops `stop`); refuses an interval of length 0
 * or less, naming its data row.
 */
export function intervalStarts(frame: DataFrame, name: string, rows: Int32Array, stop: Float64Array): Float64Array {
  const column = startColumn(frame, name) as { values: Float64Array };
  // A loop: Float64Array.from(rows, map) calls the map through the iterator protocol for each of millions of rows.
  const start = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) start[i] = column.values[rows[i]];
  for (let i = 0; i < rows.length; i++) {
    if (!(stop[i] > start[i])) {
      throw new AnalysisError(
        `data row ${rows[i] + 1}: the interval stop (${stop[i]}) must be after its start (${start[i]}); an interval of length ${stop[i] === start[i] ? '0' : 'less than 0'} cannot be at risk`,
      );
    }
  }
  return start;
}

/**
 * With an id: survcheck of the intervals; refuses overlapping intervals of a participant (and intervals
 * that the merge of near-tied times makes empty) in one line naming the rows. Returns the number of participants.
 */
export function refuseOverlaps(frame: DataFrame, idName: string, rows: Int32Array, start: Float64Array, stop: Float64Array, status: Uint8Array): number {
  const ids = groupCodes(requireColumn(frame, idName, 'id'), rows);
  const check = survcheck({ start, stop, status, id: ids.codes, idLabels: ids.levels, dataRows: rows });
  const problem = check.problems.find((p) => p.severity === 'error');
  if (problem) {
    throw new AnalysisError(`id column "${idName}": ${problem.message}; each participant's intervals must not overlap`);
  }
  return check.participants;
}
