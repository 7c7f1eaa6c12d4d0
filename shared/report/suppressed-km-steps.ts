/**
 * The Kaplan–Meier table of a suppressed report (suppression.ts's Kaplan–Meier steps, after ACRO's
 * `rounded_survival_table`): survival and its Greenwood interval recomputed on the aggregated steps with the
 * engine's survfit formulas (shared/stats/kaplan-meier.ts). Apart from suppression.ts because the renderer
 * reads that file and must not load the engine; only report building imports this one.
 */
import { finiteOrNull } from '../stats/finite';
import { confidenceZ, survivalConfidenceInterval } from '../stats/kaplan-meier';
import { isSafeCount, suppressionActive, type ConfType, type KmStep } from './suppression';

/**
 * The Kaplan–Meier table as a suppressed report may draw it (after ACRO's rounded survival table).
 * Consecutive rows are merged into steps: a step closes once at least k have left the risk set and its
 * relapses and its censorings are each 0 or at least k; the rows after the last such step are merged
 * back into the steps before them until that holds again, so the last step ends at the last follow-up
 * and nobody is left over. Each step is dated at its last time and carries the number at risk at its
 * start. Survival is the product of (1 − relapses / at risk) over the steps, with Greenwood's variance
 * and the interval of `confType` (survfit's formulas), so the curve shows only these counts. No step is
 * possible (fewer than k in all, or relapses or censorings 1..k − 1 in all): an empty table. With
 * suppression off, the table as it is.
 */
export function aggregateKmSteps(table: readonly KmStep[], minCell: number, confType: ConfType, confLevel: number): KmStep[] {
  if (!suppressionActive(minCell)) return table.map((row) => ({ ...row }));
  const k = minCell;
  type Block = { time: number; nRisk: number; nEvent: number; nCensor: number };
  const closes = (b: Block) => b.nEvent + b.nCensor >= k && isSafeCount(b.nEvent, k) && isSafeCount(b.nCensor, k);
  const blocks: Block[] = [];
  let open: Block | null = null;
  for (const row of table) {
    open ??= { time: row.time, nRisk: row.nRisk, nEvent: 0, nCensor: 0 };
    open.time = row.time;
    open.nEvent += row.nEvent;
    open.nCensor += row.nCensor;
    if (closes(open)) {
      blocks.push(open);
      open = null;
    }
  }
  // The unfinished rows at the end join the steps before them.
  while (open && (open.nEvent > 0 || open.nCensor > 0) && !closes(open)) {
    const previous = blocks.pop();
    if (!previous) return [];
    open = { time: open.time, nRisk: previous.nRisk, nEvent: previous.nEvent + open.nEvent, nCensor: previous.nCensor + open.nCensor };
  }
  if (open && closes(open)) blocks.push(open);
  const z = confidenceZ(confLevel);
  let survival = 1;
  let greenwood = 0;
  return blocks.map((b) => {
    survival *= 1 - b.nEvent / b.nRisk;
    greenwood = b.nRisk > b.nEvent ? greenwood + b.nEvent / (b.nRisk * (b.nRisk - b.nEvent)) : Infinity;
    const ci = survivalConfidenceInterval(survival, Math.sqrt(greenwood), confType, z);
    return { ...b, survival, lower: finiteOrNull(ci.lower), upper: finiteOrNull(ci.upper) };
  });
}
