/**
 * The rows of a Cox model's hazard-ratio table and forest plot as a reader names them: a numeric covariate by
 * its label ("dose"), each level of a categorical one against its reference ("Treatment: Lev+5FU vs Obs"),
 * and the reference level itself as a row of its own ("Treatment: Obs", hazard ratio 1, "reference"), as
 * R's finalfit / gtsummary tables show it. Built from the cox result's `terms` (their coefficient rows and
 * reference level); shared by the Cox step and the report, so both read alike.
 */

interface CoxCoefficientLike {
  term: string;
  hr: number | null;
  hrLower: number | null;
  hrUpper: number | null;
  p: number | null;
}

interface CoxTermLike {
  term: string;
  kind: 'numeric' | 'factor';
  coefficients: readonly string[];
  reference: string | null;
}

export type CoxTermRow<C extends CoxCoefficientLike> =
  | { kind: 'coefficient'; name: string; column: string; level: string | undefined; coefficient: C }
  | { kind: 'reference'; name: string; column: string; level: string; coefficient: undefined };

/** "clinic: 2 vs 1" for a level against its reference. */
export function levelName(columnLabel: string, level: string, reference: string | null): string {
  return `${columnLabel}: ${level} vs ${reference ?? 'reference'}`;
}

/** "clinic: 1" for the reference level's own row. */
export function referenceName(columnLabel: string, reference: string): string {
  return `${columnLabel}: ${reference}`;
}

/**
 * One row per coefficient, in the model's order, each categorical term preceded by its reference row.
 * Without `terms` (an older result) every coefficient is a row under its own name. `label` names a column.
 */
export function coxTermRows<C extends CoxCoefficientLike>(
  result: { coefficients: readonly C[]; terms?: readonly CoxTermLike[] },
  label: (column: string) => string = (column) => column,
): CoxTermRow<C>[] {
  const byName = new Map(result.coefficients.map((c) => [c.term, c]));
  if (!result.terms) return result.coefficients.map((c) => ({ kind: 'coefficient', name: c.term, column: c.term, level: undefined, coefficient: c }));
  const rows: CoxTermRow<C>[] = [];
  const used = new Set<string>();
  for (const term of result.terms) {
    if (term.kind === 'factor' && term.reference !== null) {
      rows.push({ kind: 'reference', name: referenceName(label(term.term), term.reference), column: term.term, level: term.reference, coefficient: undefined });
    }
    for (const name of term.coefficients) {
      const coefficient = byName.get(name);
      if (!coefficient) continue;
      used.add(name);
      const prefix = `${term.term}=`;
      if (term.kind === 'factor' && name.startsWith(prefix)) {
        const level = name.slice(prefix.length);
        rows.push({ kind: 'coefficient', name: levelName(label(term.term), level, term.reference), column: term.term, level, coefficient });
      } else {
        rows.push({ kind: 'coefficient', name: label(name), column: term.term, level: undefined, coefficient });
      }
    }
  }
  // Any coefficient no term claims (not expected) still shows, under its own name.
  for (const c of result.coefficients) if (!used.has(c.term)) rows.push({ kind: 'coefficient', name: c.term, column: c.term, level: undefined, coefficient: c });
  return rows;
}
