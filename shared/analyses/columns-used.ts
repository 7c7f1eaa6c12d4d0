/**
 * The dataset columns an analysis request reads, so that a caller loads only those from the project:
 * 5,000,000 participants × the 3 columns of a Kaplan–Meier by site, not × every column of the export.
 *
 * A request names columns in two ways: the values of its `column` and `columns` options (time, event,
 * group, covariates, …), and column names inside an option given as an object or as JSON text (the
 * mapping of `factors` and of a report: outcome columns, factor items, groups). Strings of the second kind
 * are taken as column names when the dataset has a column of that name; taking one too many only loads
 * a column more.
 *
 * When a `column`/`columns` option names a column the dataset does not have, the answer is `null`: the
 * caller then loads every column, and the analysis says which column is missing and lists the columns
 * there are, exactly as it does on the whole dataset.
 */
import type { OptionSpec } from './declaration';

export function columnsUsed(specs: readonly OptionSpec[], options: Record<string, unknown>, available: readonly string[]): string[] | null {
  const known = new Set(available);
  const used = new Set<string>();
  for (const spec of specs) {
    const value = options[spec.name];
    if (value === undefined || value === null) continue;
    if (spec.kind === 'column' || spec.kind === 'columns') {
      for (const name of Array.isArray(value) ? value : [value]) {
        if (typeof name !== 'string') continue;
        if (!known.has(name)) return null;
        used.add(name);
      }
    } else if (typeof value === 'object' || (typeof value === 'string' && spec.kind === 'text')) {
      collectNames(value, known, used);
    }
  }
  return available.filter((name) => used.has(name));
}

/** Every string (and object key) anywhere inside `value` that is a column of the dataset. */
export function collectNames(value: unknown, known: ReadonlySet<string>, into: Set<string>): void {
  if (typeof value === 'string') {
    if (known.has(value)) into.add(value);
    else if (value.length > 1 && (value[0] === '{' || value[0] === '[')) {
      // a mapping passed as JSON text
      try {
        collectNames(JSON.parse(value), known, into);
      } catch {
        /* not JSON: an ordinary text option */
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectNames(item, known, into);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (known.has(key)) into.add(key);
      collectNames(item, known, into);
    }
  }
}
