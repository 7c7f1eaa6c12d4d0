/**
 * Small-cell suppression for shared reports: with a threshold k, a count below k could help someone
 * recognise a participant, so it is printed as "<k" and never stored in the report model; survival
 * curves stop where fewer than k remain at risk, and estimates read off a curve beyond that point are
 * withheld. k = 0 (or 1) turns suppression off.
 *
 * Rule: every count c with c < k is suppressed, zero included (a zero cell can disclose as much as a
 * one: "nobody in this clinic relapsed"). This follows the wording of the report's policy ("every count
 * below k is shown as <k"), which is stricter than the common 1..k−1 rule.
 */

/** The default threshold for exports (CLI `report`, `demo`, the app's export dialog). `--min-cell 0` turns it off. */
export const DEFAULT_MIN_CELL = 5;

/** A count as it goes into the report model: its value, or the fact that it is below k. */
export type CountValue = { kind: 'count'; value: number } | { kind: 'suppressed'; below: number };

export function suppressionActive(minCell: number): boolean {
  return minCell > 1;
}

export function isSmallCount(count: number, minCell: number): boolean {
  return suppressionActive(minCell) && count < minCell;
}

/** The count, or "<k" when it is below the threshold. */
export function suppressCount(count: number, minCell: number): CountValue {
  return isSmallCount(count, minCell) ? { kind: 'suppressed', below: minCell } : { kind: 'count', value: count };
}

/** The text of a count cell: "<k" or the whole number. */
export function countText(cell: CountValue): string {
  return cell.kind === 'suppressed' ? `<${cell.below}` : String(cell.value);
}

/** Minimal survfit-table row for the functions below. */
export interface AtRiskRow {
  time: number;
  nRisk: number;
}

/**
 * Index of the first table row whose risk set is below k (the curve stops before it), or the table
 * length when the curve never falls below k. Without suppression the whole table is shown.
 */
export function firstSuppressedRow(table: readonly AtRiskRow[], minCell: number): number {
  if (!suppressionActive(minCell)) return table.length;
  const index = table.findIndex((row) => row.nRisk < minCell);
  return index === -1 ? table.length : index;
}

/**
 * The last time at which a curve is still shown: the time of the last row whose risk set is ≥ k.
 * null when even the first row has fewer than k at risk (nothing of the curve is shown).
 */
export function lastShownTime(table: readonly AtRiskRow[], minCell: number): number | null {
  const stop = firstSuppressedRow(table, minCell);
  if (stop === table.length) return table.length === 0 ? 0 : table[table.length - 1].time;
  return stop === 0 ? null : table[stop - 1].time;
}

/**
 * Whether an estimate at time t (survival at t, cumulative incidence at t) may be shown: it needs at
 * least k people at risk at t, i.e. t is not after the point where the curve stops. With suppression
 * off, always.
 */
export function estimateShownAt(table: readonly AtRiskRow[], time: number, minCell: number): boolean {
  if (!suppressionActive(minCell)) return true;
  const last = lastShownTime(table, minCell);
  return last !== null && time <= last;
}

/**
 * Ticks for a survival chart's number-at-risk row that print no zero: a tick after a group's last
 * follow-up would show 0 at risk, which the rule above forbids, so such ticks are dropped.
 */
export function ticksWithPeopleAtRisk(ticks: readonly number[], tables: readonly (readonly AtRiskRow[])[]): number[] {
  return ticks.filter((tick) => tables.every((table) => table.some((row) => row.time >= tick)));
}
