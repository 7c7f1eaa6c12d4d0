/**
 * Reads the Kaplan–Meier reference cases written by fixtures/km.R and rebuilds, for each case, the
 * same rows R used: time, status (Surv(time, event == value)) and group codes in R's factor-level
 * order (numbers numerically, strings in code-point order, as km.R sets LC_COLLATE=C).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadDataset } from '../../helpers/datasets';

type Nullable = number | null;

export interface KmFixtureGroup {
  group: string;
  n: number;
  events: number;
  table: Record<'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper' | 'cumHaz' | 'cumHazStdErr', Nullable>[];
  median: { estimate: Nullable; lower: Nullable; upper: Nullable };
  quantiles: { p: number; estimate: Nullable; lower: Nullable; upper: Nullable }[];
  atTimes: Record<'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper', Nullable>[];
  rmst: { tau: number; estimate: Nullable; stdErr: Nullable };
}

export interface KmFixtureCase {
  name: string;
  source: {
    dataset?: string;
    time?: string;
    event?: string;
    eventValue?: string | null;
    group?: string | null;
    subset?: { column: string; value: number } | null;
    inline?: { time: number | number[]; status: number | number[]; group: (string | number)[] | null };
    excluded: number;
  };
  options: { confType: 'log' | 'log-log' | 'plain'; confLevel: number; times: number | number[] | null; tau: number | null };
  doc: { groups: KmFixtureGroup[] };
  raw: {
    group: string;
    logStdErr: Nullable | Nullable[];
    extraQuantiles: { p: number; estimate: Nullable; lower: Nullable; upper: Nullable }[];
    followUp: { estimate: Nullable; lower: Nullable; upper: Nullable };
  }[];
}

export interface KmCaseData {
  time: Float64Array;
  status: Uint8Array;
  group: Int32Array;
  levels: string[];
}

const here = dirname(fileURLToPath(import.meta.url));

export const kmCases: KmFixtureCase[] = JSON.parse(readFileSync(join(here, 'fixtures', 'km.json'), 'utf8')).cases;

/** jsonlite unboxes length-one vectors; this boxes them again. */
export function asArray<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function codesFor(values: (string | number)[], numeric: boolean): { group: Int32Array; levels: string[] } {
  const distinct = Array.from(new Set(values.map(String)));
  const levels = numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(levels.map((level, k) => [level, k]));
  return { group: Int32Array.from(values, (v) => index.get(String(v))!), levels };
}

export function caseData(c: KmFixtureCase): KmCaseData {
  const s = c.source;
  if (s.inline) {
    const time = Float64Array.from(asArray(s.inline.time));
    const status = Uint8Array.from(asArray(s.inline.status));
    if (!s.inline.group) return { time, status, group: new Int32Array(time.length), levels: ['all'] };
    const values = asArray(s.inline.group);
    return { time, status, ...codesFor(values, typeof values[0] === 'number') };
  }
  const ds = loadDataset(s.dataset!);
  const times = ds.num(s.time!);
  const events = ds.num(s.event!);
  const groupNumeric = s.group ? ds.numeric[s.group] : undefined;
  const groupText = s.group ? ds.str(s.group) : undefined;
  const rows: number[] = [];
  for (let i = 0; i < ds.nRows; i++) {
    if (s.subset && ds.num(s.subset.column)[i] !== s.subset.value) continue;
    if (Number.isNaN(times[i]) || Number.isNaN(events[i])) continue;
    if (groupText && groupText[i] === '') continue;
    rows.push(i);
  }
  const time = Float64Array.from(rows, (i) => times[i]);
  const status = Uint8Array.from(rows, (i) => (s.eventValue != null ? (events[i] === Number(s.eventValue) ? 1 : 0) : events[i]));
  if (!s.group) return { time, status, group: new Int32Array(rows.length), levels: ['all'] };
  const values = rows.map((i) => (groupNumeric ? groupNumeric[i] : groupText![i]));
  return { time, status, ...codesFor(values, groupNumeric !== undefined) };
}
