/**
 * Small-cell suppression for shared reports (statistical disclosure control). With a threshold k:
 *
 * - Primary suppression: a count from 1 to k − 1 could help someone recognise a participant, so it is
 *   printed as "<k" and its value is never stored in the report model. Zero is not suppressed: "0 rows
 *   left out" is a fact a reader needs, and "<k" there would suggest rows were left out.
 * - Secondary suppression: a hidden count must not be recoverable from the counts that are shown (a
 *   total minus its other parts, events + censored = participants, consecutive numbers at risk). The
 *   report's counts are registered in a DisclosureLedger with the sums that tie them together; the
 *   ledger finds every hidden or unshown quantity the shown ones determine (linear algebra over the
 *   sums) and, while one of them lies in 1..k − 1, hides one more shown count of that sum ("suppressed").
 * - Kaplan–Meier steps: as the ACRO project does (acro `rounded_survival_table`), a step is drawn only
 *   once at least k participants have left the risk set since the previous one; here, in addition, each
 *   step's relapses and censorings are each 0 or at least k, and the last step runs to the end of
 *   follow-up. Survival and its Greenwood interval are recomputed from these aggregated steps, so the
 *   drawn curve reveals nothing finer than the steps. A drawn curve shows its group's size (the first
 *   number at risk); when that would give a small group's size away, the ledger drops the curve.
 *
 * The aggregation of those steps, which computes their survival with the engine, is suppressed-km-steps.ts, so this
 * file (read by the renderer for the thresholds and the count text) loads no engine code.
 *
 * Suppression acts on count fields the report model names (each cell is registered under a key), never
 * on text: labels and sentences are printed as they are. k = 0 (or 1) turns suppression off.
 */

/** The default threshold for exports (CLI `report`, `demo`, the app's export dialog). `--min-cell 0` turns it off. */
export const DEFAULT_MIN_CELL = 5;

/** A count as it goes into the report model: its value, or the fact that it is hidden. */
export type CountValue = { kind: 'count'; value: number } | { kind: 'suppressed'; below: number; secondary?: true };

export function suppressionActive(minCell: number): boolean {
  return minCell > 1;
}

/** A count that primary suppression hides: 1..k − 1 (never 0). */
export function isSmallCount(count: number, minCell: number): boolean {
  return suppressionActive(minCell) && count >= 1 && count < minCell;
}

/** The count, or "<k" when it is from 1 to k − 1. */
export function suppressCount(count: number, minCell: number): CountValue {
  return isSmallCount(count, minCell) ? { kind: 'suppressed', below: minCell } : { kind: 'count', value: count };
}

/** The text of a count cell: "<k" (1..k − 1), "suppressed" (hidden so that another cannot be recovered) or the number. */
export function countText(cell: CountValue): string {
  if (cell.kind === 'count') return String(cell.value);
  return cell.secondary ? 'suppressed' : `<${cell.below}`;
}

/** A count allowed to be derivable from what a report shows: 0 or at least k. */
export function isSafeCount(count: number, minCell: number): boolean {
  return !isSmallCount(count, minCell);
}

/**
 * Tables of many groups (issue 15 item 6). A table with more than FOLD_ABOVE_GROUPS groups (one row per
 * group) folds its tiny groups into one row with their summed participants and relapses: in the report
 * those below the small-cell threshold k (whose rows would otherwise print hundreds of "<k"), and without
 * suppression, and in the app's tables, those below FOLD_BELOW_PARTICIPANTS, the usual threshold: a median
 * or a curve of fewer than 5 people says next to nothing. The folded row gives counts only: a median of
 * several small groups pooled together is not a statistic of any of them. Analyses are not changed (a
 * log-rank test still compares every group).
 */
export const FOLD_ABOVE_GROUPS = 20;
export const FOLD_BELOW_PARTICIPANTS = DEFAULT_MIN_CELL;

/** The group size below which a group of a table of many groups is folded: k under suppression, otherwise FOLD_BELOW_PARTICIPANTS. */
export function foldBelow(minCell: number): number {
  return suppressionActive(minCell) ? minCell : FOLD_BELOW_PARTICIPANTS;
}

/** The groups kept in their own rows and those folded into one (none folded with FOLD_ABOVE_GROUPS groups or fewer). */
export function foldTinyGroups<T>(groups: readonly T[], size: (group: T) => number, below: number): { kept: T[]; folded: T[] } {
  if (groups.length <= FOLD_ABOVE_GROUPS) return { kept: [...groups], folded: [] };
  return { kept: groups.filter((g) => size(g) >= below), folded: groups.filter((g) => size(g) < below) };
}

/** The label of the folded row: '30 other groups with fewer than 5 participants each'. */
export function foldedGroupsLabel(groups: number, below: number): string {
  return groups === 1 ? `1 other group with fewer than ${below} participants` : `${groups} other groups with fewer than ${below} participants each`;
}

interface Quantity {
  value: number;
  /** Cells that print this quantity (hideable). */
  cells: CountValue[];
  /** Shown by something that cannot hide it: always known to a reader. */
  fixed: boolean;
  /** Units (a drawn curve) that show it; hiding it drops them, and everything else they show. */
  units: Set<string>;
}

/** total = Σ parts. */
interface Relation {
  total: string;
  parts: string[];
}

/**
 * The report's counts and the sums that tie them together. `cell` hands out the cell that prints a
 * count (the same key wherever the same count is printed); `fixed` records a count a chart shows;
 * `unshown` a count printed nowhere that a reader could still derive; `sum` a relation total = Σ parts.
 * `resolve` applies primary and secondary suppression to every handed-out cell, in place.
 */
export class DisclosureLedger {
  private readonly quantities = new Map<string, Quantity>();
  private readonly relations: Relation[] = [];
  private hidden = new Set<string>();
  private droppedUnits = new Set<string>();
  /** Quantities the shown counts still determine in 1..k − 1 after resolve (none when suppression works). */
  unresolved: string[] = [];

  constructor(readonly minCell: number) {}

  private quantity(key: string, value: number): Quantity {
    const existing = this.quantities.get(key);
    if (existing) {
      if (existing.value !== value) throw new Error(`disclosure ledger: ${key} registered as ${existing.value} and ${value}`);
      return existing;
    }
    const created: Quantity = { value, cells: [], fixed: false, units: new Set() };
    this.quantities.set(key, created);
    return created;
  }

  cell(key: string, value: number): CountValue {
    const cell: CountValue = { kind: 'count', value };
    this.quantity(key, value).cells.push(cell);
    return cell;
  }

  /** A count shown outside any cell: by a unit (a drawn curve, which can be dropped whole) or, without a unit, for good. */
  fixed(key: string, value: number, unit?: string): void {
    const q = this.quantity(key, value);
    if (unit === undefined) q.fixed = true;
    else q.units.add(unit);
  }

  unshown(key: string, value: number): void {
    this.quantity(key, value);
  }

  sum(total: string, parts: string[]): void {
    for (const key of [total, ...parts]) if (!this.quantities.has(key)) throw new Error(`disclosure ledger: ${key} used in a sum before it was registered`);
    this.relations.push({ total, parts });
  }

  valueOf(key: string): number | undefined {
    return this.quantities.get(key)?.value;
  }

  isHidden(key: string): boolean {
    return this.hidden.has(key);
  }

  /** Whether resolve dropped a unit (the curve must not be drawn). */
  isDropped(unit: string): boolean {
    return this.droppedUnits.has(unit);
  }

  private shown(key: string): boolean {
    const q = this.quantities.get(key)!;
    return q.fixed || (q.cells.length > 0 && !this.hidden.has(key)) || [...q.units].some((u) => !this.droppedUnits.has(u));
  }

  /** Hides a count: its cells, and every unit that shows it with all the unit shows. */
  private hide(key: string): void {
    this.hidden.add(key);
    for (const unit of this.quantities.get(key)!.units) {
      if (this.droppedUnits.has(unit)) continue;
      this.droppedUnits.add(unit);
      for (const [other, q] of this.quantities) if (q.units.has(unit)) this.hidden.add(other);
    }
  }

  /** Unknown quantities (not shown) that the shown ones determine through the sums. */
  determined(): string[] {
    // Counts are not negative: the parts of a sum known to be 0 are 0 (a reader needs no algebra).
    const zero = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of this.relations) {
        if (this.quantities.get(r.total)!.value !== 0 || !(this.shown(r.total) || zero.has(r.total))) continue;
        for (const p of r.parts) if (!this.shown(p) && !zero.has(p)) changed = zero.add(p).size > 0;
      }
    }
    const unknowns = [...this.quantities.keys()].filter((key) => !this.shown(key) && !zero.has(key));
    const index = new Map(unknowns.map((key, i) => [key, i]));
    const rows: number[][] = [];
    for (const r of this.relations) {
      const row = new Array<number>(unknowns.length).fill(0);
      let any = false;
      for (const [key, sign] of [[r.total, 1], ...r.parts.map((p) => [p, -1] as const)] as const) {
        const i = index.get(key);
        if (i !== undefined) {
          row[i] += sign;
          any = true;
        }
      }
      if (any) rows.push(row);
    }
    // Reduced row echelon form: an unknown is determined when its pivot row has no other entry.
    const pivots: { row: number[]; column: number }[] = [];
    for (const original of rows) {
      const row = [...original];
      for (const p of pivots) {
        const f = row[p.column];
        if (Math.abs(f) > 1e-9) for (let j = 0; j < row.length; j++) row[j] -= f * p.row[j];
      }
      const column = row.findIndex((v) => Math.abs(v) > 1e-9);
      if (column === -1) continue;
      const scale = row[column];
      for (let j = 0; j < row.length; j++) row[j] /= scale;
      for (const p of pivots) {
        const f = p.row[column];
        if (Math.abs(f) > 1e-9) for (let j = 0; j < row.length; j++) p.row[j] -= f * row[j];
      }
      pivots.push({ row, column });
    }
    return pivots.filter((p) => p.row.every((v, j) => j === p.column || Math.abs(v) <= 1e-9)).map((p) => unknowns[p.column]);
  }

  resolve(): void {
    if (!suppressionActive(this.minCell)) return;
    for (const [key, q] of this.quantities) if (!q.fixed && q.cells.length > 0 && isSmallCount(q.value, this.minCell)) this.hide(key);
    for (;;) {
      const leaks = this.determined().filter((key) => isSmallCount(this.quantities.get(key)!.value, this.minCell));
      if (leaks.length === 0) break;
      const candidate = this.secondaryCandidate(leaks[0]);
      if (candidate === null) {
        this.unresolved = leaks;
        break;
      }
      this.hide(candidate);
    }
    for (const key of this.hidden) {
      const q = this.quantities.get(key)!;
      if (q.fixed) continue;
      const primary = isSmallCount(q.value, this.minCell);
      for (const cell of q.cells) {
        const target = cell as Record<string, unknown>;
        delete target.value;
        Object.assign(target, primary ? { kind: 'suppressed', below: this.minCell } : { kind: 'suppressed', below: this.minCell, secondary: true });
      }
    }
  }

  /**
   * The shown, hideable count to hide next so that `leak` is no longer determined: among those that
   * achieve it alone, a positive table cell (one of the leak's own sums first, the smallest first);
   * else the smallest positive cell of the leak's own sums, so that the next round goes on; only then a
   * curve (dropped whole) or a zero (a zero should read 0).
   */
  private secondaryCandidate(leak: string): string | null {
    const direct = new Set<string>();
    for (const r of this.relations) {
      const keys = [r.total, ...r.parts];
      if (keys.includes(leak)) for (const key of keys) direct.add(key);
    }
    const value = (key: string) => this.quantities.get(key)!.value;
    const hideable = [...this.quantities.keys()].filter((key) => {
      const q = this.quantities.get(key)!;
      return !q.fixed && (q.cells.length > 0 || q.units.size > 0) && this.shown(key);
    });
    // A table cell before a whole curve; a zero only when nothing else will do (a zero should read 0);
    // then a count of the leak's own sums; the smallest.
    const units = (key: string) => this.quantities.get(key)!.units.size;
    const order = (a: string, b: string) =>
      Number(units(a) > 0) - Number(units(b) > 0) ||
      Number(value(a) === 0) - Number(value(b) === 0) ||
      Number(!direct.has(a)) - Number(!direct.has(b)) ||
      value(a) - value(b);
    const ordered = [...hideable].sort(order);
    const worksAlone = (key: string) => {
      const saved = [new Set(this.hidden), new Set(this.droppedUnits)];
      this.hide(key);
      const stillDetermined = this.determined().includes(leak);
      [this.hidden, this.droppedUnits] = saved;
      return !stillDetermined;
    };
    const positiveCell = (key: string) => value(key) > 0 && units(key) === 0;
    return (
      ordered.filter(positiveCell).find(worksAlone) ??
      ordered.find((key) => direct.has(key) && positiveCell(key)) ??
      ordered.find(worksAlone) ??
      ordered.find((key) => direct.has(key)) ??
      null
    );
  }
}

/** A Kaplan–Meier table row (R summary.survfit: time, n.risk, n.event, n.censor, surv, lower, upper). */
export interface KmStep {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

export type ConfType = 'log' | 'log-log' | 'plain';

/** The number at risk at time t on a (suppressed) step table: that of the step in progress at t; null after the last step. */
export function atRiskOnSteps(steps: readonly KmStep[], time: number): number | null {
  return steps.find((s) => s.time >= time)?.nRisk ?? null;
}

/**
 * Ticks for a survival chart's number-at-risk row that print no misleading zero: a tick after a curve's
 * last drawn step would show 0 at risk, so such ticks are dropped.
 */
export function ticksWithPeopleAtRisk(ticks: readonly number[], tables: readonly (readonly { time: number }[])[]): number[] {
  return ticks.filter((tick) => tables.every((table) => table.some((row) => row.time >= tick)));
}
