/**
 * What a Kaplan–Meier chart draws, computed from a survfit-style table (one row per distinct time):
 * the right-continuous step curve from (0, 1), its confidence band, censor marks, and the number at risk and
 * cumulative events at the x ticks. Pure functions, tested on their own; the React component only places them.
 *
 * Number at risk at a tick t: the risk set of the first table time ≥ t (everyone still followed just before
 * that time, which is everyone followed at t, as R's summary(survfit, times) and survminer report it);
 * 0 past the last time. Cumulative events at t: events at times ≤ t.
 */
import type { KmTableRow } from './types';
import { formatNumber } from '../format';

export interface StepPoint {
  time: number;
  value: number;
}

export interface BandPoint {
  time: number;
  /** [lower, upper] at this time (plot-path.tsx's band). */
  band: [number, number];
}

/**
 * Number of leading table rows drawn when curves stop once fewer than `minAtRisk` remain: the curve runs
 * through the last row whose risk set is ≥ minAtRisk (and its drop), and ends there, because in the interval
 * after it fewer than minAtRisk people are followed. Without a threshold every row is drawn.
 */
export function visibleRowCount(table: readonly KmTableRow[], minAtRisk?: number): number {
  if (minAtRisk === undefined || minAtRisk <= 0) return table.length;
  const firstBelow = table.findIndex((row) => row.nRisk < minAtRisk);
  return firstBelow === -1 ? table.length : firstBelow;
}

/**
 * The step function S(t) as explicit vertices, so a straight-line renderer draws the steps: (0, 1), then
 * for each row (t, S before t) and (t, S(t)). A row at time 0 drops the curve at 0.
 */
export function survivalSteps(table: readonly KmTableRow[], rowCount = table.length): StepPoint[] {
  const points: StepPoint[] = [{ time: 0, value: 1 }];
  let previous = 1;
  for (let i = 0; i < rowCount; i++) {
    const row = table[i];
    if (row.survival !== previous) points.push({ time: row.time, value: previous });
    points.push({ time: row.time, value: row.survival });
    previous = row.survival;
  }
  return points;
}

/**
 * The pointwise confidence band as step vertices, [1, 1] at time 0. It stops at the first row whose limits are
 * null (R gives NA there, e.g. the log CI once S = 0).
 */
export function confidenceBandSteps(table: readonly KmTableRow[], rowCount = table.length): BandPoint[] {
  const points: BandPoint[] = [{ time: 0, band: [1, 1] }];
  let lower = 1;
  let upper = 1;
  for (let i = 0; i < rowCount; i++) {
    const row = table[i];
    if (row.lower === null || row.upper === null) {
      points.push({ time: row.time, band: [lower, upper] });
      return points;
    }
    points.push({ time: row.time, band: [lower, upper] });
    points.push({ time: row.time, band: [row.lower, row.upper] });
    lower = row.lower;
    upper = row.upper;
  }
  return points;
}

/** Censor marks: the times with at least one censored observation, at the curve's height there. */
export function censorMarks(table: readonly KmTableRow[], rowCount = table.length): StepPoint[] {
  const marks: StepPoint[] = [];
  for (let i = 0; i < rowCount; i++) {
    const row = table[i];
    if (row.nCensor > 0) marks.push({ time: row.time, value: row.survival });
  }
  return marks;
}

/** Number at risk at each tick (see the header). */
export function atRiskAtTicks(table: readonly KmTableRow[], ticks: readonly number[]): number[] {
  return ticks.map((tick) => {
    const row = table.find((r) => r.time >= tick);
    return row ? row.nRisk : 0;
  });
}

/** Cumulative number of events at times ≤ each tick. */
export function cumulativeEventsAtTicks(table: readonly KmTableRow[], ticks: readonly number[]): number[] {
  return ticks.map((tick) => {
    let events = 0;
    for (const row of table) {
      if (row.time > tick) break;
      events += row.nEvent;
    }
    return events;
  });
}

/**
 * A count as shown in a suppressed report: counts from 1 to k − 1 print as "<k" (small cells could identify
 * people); 0 and counts ≥ k print as they are (with thousands separators: 1,234). Without k every count prints.
 */
export function suppressedCount(count: number, suppressBelow?: number): string {
  if (suppressBelow !== undefined && count > 0 && count < suppressBelow) return `<${formatNumber(suppressBelow)}`;
  return formatNumber(count);
}
