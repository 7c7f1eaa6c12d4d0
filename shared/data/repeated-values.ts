/**
 * Repeated values of a column, for the participant-id checks: an analysis of one row per participant
 * refuses data where an id occurs in two rows, and says where. Missing cells are not values.
 *
 * Coded columns are counted per level (one pass); numeric ids that are whole numbers in a compact range
 * likewise, others are sorted once (a copy); only when a value repeats is a second pass made to find
 * the first repeated value in data order.
 */
import { type Column, cellText, isNumericColumn } from './frame';

export interface RepeatedValues {
  /** How many distinct values occur in more than one row. */
  repeatedValues: number;
  /** The first value (in data order) that occurs again, as the user sees it. */
  value: string;
  /** Its first two rows, 0-based. */
  rows: [number, number];
}

/**
 * The repeated codes of a coded column (codes below levelCount, -1 missing, each level distinct), without
 * its level strings: a project dataset's id column can be checked from its codes alone, and only the
 * repeated level read (node/report/gather.ts). Null when every non-missing code occurs once.
 */
export function findRepeatedCodes(codes: Int32Array, levelCount: number): Omit<RepeatedValues, 'value'> | null {
  const firstRow = new Int32Array(levelCount).fill(-1);
  const seenTwice = new Uint8Array(levelCount);
  let repeatedValues = 0;
  let example: [number, number] | null = null;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0) continue;
    if (firstRow[code] < 0) firstRow[code] = i;
    else {
      if (seenTwice[code] === 0) {
        seenTwice[code] = 1;
        repeatedValues++;
      }
      if (example === null) example = [firstRow[code], i];
    }
  }
  return example === null ? null : { repeatedValues, rows: example };
}

/** The repeated values of a column, or null when every non-missing value occurs once. */
export function findRepeatedValues(column: Column): RepeatedValues | null {
  if (!isNumericColumn(column)) {
    const repeated = findRepeatedCodes(column.codes, column.levels.length);
    return repeated === null ? null : { ...repeated, value: cellText(column, repeated.rows[0]) };
  }
  const values = column.values;
  const repeatedValues = countRepeatedNumbers(values);
  if (repeatedValues === 0) return null;
  const firstRow = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const first = firstRow.get(v);
    if (first !== undefined) return { repeatedValues, value: cellText(column, first), rows: [first, i] };
    firstRow.set(v, i);
  }
  return null;
}

/**
 * How many distinct numbers occur more than once (NaN ignored). Whole numbers within a range of at most
 * 8 n are counted in a table indexed by value (one pass); other numbers are sorted.
 */
function countRepeatedNumbers(values: Float64Array): number {
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && !Number.isInteger(v)) whole = false;
  }
  if (min > max) return 0;
  let repeated = 0;
  if (whole && max - min <= 8 * values.length + 1024) {
    const seen = new Uint8Array(max - min + 1); // 0 unseen, 1 once, 2 more than once
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v) continue;
      const k = v - min;
      const state = seen[k];
      if (state === 1) repeated++;
      if (state < 2) seen[k] = state + 1;
    }
    return repeated;
  }
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k] === sorted[k - 1] && (k === 1 || sorted[k - 1] !== sorted[k - 2])) repeated++;
  }
  return repeated;
}

/** "participant 12 is in data rows 3 and 4 (57 ids occur more than once)": the where of a repeated-id message. */
export function describeRepeatedIds(repeated: RepeatedValues): string {
  const others = repeated.repeatedValues > 1 ? `; ${repeated.repeatedValues} ids occur more than once` : '';
  return `participant "${repeated.value}" is in data rows ${repeated.rows[0] + 1} and ${repeated.rows[1] + 1}${others}`;
}

/** What to do instead, shared by the refusals of the single-event analyses and of a mapping. */
export const SEVERAL_ROWS_ADVICE =
  'for several rows per participant (relapse episodes or intervals) use the recurrent relapses analysis (analyze recurrent --start COL --time COL --id COL), or keep one row per participant';
