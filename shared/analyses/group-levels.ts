/**
 * The groups of a grouping column (km, logrank, cuminc; the log-rank strata) and their order, which is
 * the order of the tables and curves and the dose order of the log-rank test for trend.
 *
 * Default order, as R's factor() orders levels:
 *  - a numeric (or date, or yes/no) column: by value, as factor() of a numeric vector;
 *  - a text column whose values are all numbers ("1", "2", "10"): by value too. R would sort such text
 *    as text ("1", "10", "2"); the app reads them as the numbers they are;
 *  - other text: alphabetically, by the Unicode collation algorithm for English (Intl.Collator('en'),
 *    ICU), which is how R's sort() orders text under ICU (R 4.2 here, C.UTF-8 and English locales):
 *    letter case and accents count only between otherwise equal words ("a" "A" "b" "B";
 *    "high" "Low" "medium"). Texts the collation calls equal fall back to code-point order.
 * A user order (option `levels`, `--levels a,b,c`) replaces the default: it must list every group among
 * the analysed rows, each once.
 */
import { type Column, cellText, isNumericColumn } from '../data/frame';
import { AnalysisError, type OptionSpec } from './declaration';
import { optionSchema } from './options-schema';

const collator = new Intl.Collator('en');

/** Text in R's alphabetical order (see the file header), ties by code point. */
export function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The `levels` option: the order of the groups, a list of level names or one comma-separated text
 * ("low, medium, high", on the command line and in the form).
 */
export const groupOrderSpec = {
  kind: 'text',
  name: 'levels',
  flag: 'levels',
  label: 'Group order',
  help: 'Order of the groups, comma-separated (e.g. low,medium,high), for the tables, the curves and the test for trend; list every group. Default: numbers in numeric order, text alphabetically (case counts only between otherwise equal words, as R sorts text).',
  separator: ',',
  atLeast: { count: 1, message: 'list at least one group' },
} as const satisfies OptionSpec;

/** The `levels` option's check alone (derived from its spec). */
export const groupOrderSchema = optionSchema(groupOrderSpec);

/**
 * The distinct values of `column` over `rows` as groups: per-row codes 0..k-1 and the labels, in the
 * default order or in `order` when given (one line naming the problem when it does not fit the data).
 */
export function groupCodes(column: Column, rows: Int32Array, order?: readonly string[]): { codes: Int32Array; levels: string[] } {
  // One pass assigns provisional codes in order of first appearance (a Map over distinct values only
  // costs per row a lookup), then the few distinct values are sorted and the codes remapped.
    const provisional = new Int32Array(rows.length);
  const values: number[] = [];
  const labels: string[] = [];
  if (isNumericColumn(column)) {
    const index = new Map<number, number>();
    for (let i = 0; i < rows.length; i++) {
      const value = column.values[rows[i]];
      let code = index.get(value);
      if (code === undefined) {
        code = values.length;
        index.set(value, code);
        values.push(value);
        labels.push(cellText(column, rows[i]));
      }
      provisional[i] = code;
    }
  } else {
    const byLevel = new Int32Array(column.levels.length).fill(-1);
    for (let i = 0; i < rows.length; i++) {
      const level = column.codes[rows[i]];
      let code = byLevel[level];
      if (code < 0) {
        code = byLevel[level] = labels.length;
        labels.push(column.levels[level]);
      }
      provisional[i] = code;
    }
    // Text that is all numbers is ordered by value.
    const asNumbers = labels.map((label) => (label.trim() === '' ? NaN : Number(label)));
    if (asNumbers.every((v) => Number.isFinite(v))) values.push(...asNumbers);
  }

  const positions = labels.map((_, k) => k);
  const byValue = values.length === labels.length ? values : null;
  let sorted: number[];
  if (order) sorted = userOrder(column, labels, byValue, order);
  else if (byValue) sorted = positions.sort((a, b) => byValue[a] - byValue[b] || compareText(labels[a], labels[b]));
  else sorted = positions.sort((a, b) => compareText(labels[a], labels[b]));

  const finalCode = new Int32Array(sorted.length);
  sorted.forEach((provisionalCode, k) => (finalCode[provisionalCode] = k));
  // Remapped in place: one array of a code per row, not two (at 1,000,000 rows each is 4 MB outside V8's heap,
  // and such memory triggers full garbage collections; see shared/stats/scratch-arrays.ts).
  for (let i = 0; i < rows.length; i++) provisional[i] = finalCode[provisional[i]];
  return { codes: provisional, levels: sorted.map((k) => labels[k]) };
}

/** Positions (into `labels`) in the user's order; a numeric column also matches by value ("2.0" is 2). */
function userOrder(column: Column, labels: string[], values: number[] | null, order: readonly string[]): number[] {
  const listed = new Set<number>();
  const result: number[] = [];
  for (const name of order) {
    let position = labels.indexOf(name);
    if (position < 0 && values) {
      const value = name.trim() === '' ? NaN : Number(name);
      position = values.findIndex((v) => v === value);
    }
    if (position < 0) {
      throw new AnalysisError(`levels: "${name}" is not a value of column "${column.name}" among the analysed rows (its values: ${defaultList(labels, values)})`);
    }
    if (listed.has(position)) throw new AnalysisError(`levels: "${name}" is listed twice`);
    listed.add(position);
    result.push(position);
  }
  const missing = labels.filter((_, k) => !listed.has(k));
  if (missing.length > 0) {
    throw new AnalysisError(`levels: column "${column.name}" also has ${missing.map((m) => `"${m}"`).join(', ')}; list every group (its values: ${defaultList(labels, values)})`);
  }
  return result;
}

function defaultList(labels: string[], values: number[] | null): string {
  const positions = labels.map((_, k) => k);
  const sorted = values ? positions.sort((a, b) => values[a] - values[b]) : positions.sort((a, b) => compareText(labels[a], labels[b]));
  const shown = sorted.slice(0, 20).map((k) => labels[k]);
  return shown.join(', ') + (labels.length > 20 ? `, ... (${labels.length} in all)` : '');
}
