/**
 * Reads the restricted-mean comparison cases written by fixtures/rmst-difference.R: for each case the
 * rows R used (a dataset of test/fixtures/data or inline data) and the `analyze rmst` document R's
 * numbers make. `caseData` gives the engine's typed arrays (groups in R's factor order, see
 * km-fixture.ts); `caseFrame` the same rows as the app holds them, for the declaration's run().
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Column, DataFrame } from '../../../shared/data/frame';
import { loadDataset } from '../../helpers/datasets';
import { textColumn } from '../../helpers/text-column';
import { asArray, caseData as kmCaseData, type KmCaseData, type KmFixtureCase } from './km-fixture';

type Nullable = number | null;

export interface RmstFixtureComparison {
  a: string;
  b: string;
  difference: Nullable;
  differenceStdErr: Nullable;
  differenceLower: Nullable;
  differenceUpper: Nullable;
  p: Nullable;
  ratio: Nullable;
  logRatioStdErr: Nullable;
  ratioLower: Nullable;
  ratioUpper: Nullable;
  ratioP: Nullable;
}

export interface RmstFixtureCase {
  name: string;
  source: KmFixtureCase['source'] & { group: string | null };
  options: { tau: number | null; confLevel: number };
  /** Groups whose last time is before tau (warning rmst-beyond-follow-up). */
  flatBeyond: string[];
  doc: {
    tau: number;
    confLevel: number;
    groups: { group: string; n: number; events: number; rmst: number; stdErr: number; lower: number; upper: number }[];
    comparisons: RmstFixtureComparison[];
    excluded: number;
  };
}

const here = dirname(fileURLToPath(import.meta.url));

export const rmstCases: RmstFixtureCase[] = JSON.parse(readFileSync(join(here, 'fixtures', 'rmst-difference.json'), 'utf8')).cases;

export function rmstCase(name: string): RmstFixtureCase {
  const found = rmstCases.find((c) => c.name === name);
  if (!found) throw new Error(`rmst-difference.json has no case "${name}"`);
  return found;
}

/** The rows R used as typed arrays, group codes in R's level order. */
export function caseData(c: RmstFixtureCase): KmCaseData {
  return kmCaseData({ source: c.source } as KmFixtureCase);
}

/** The case's data as the app holds it (numbers as 'number' columns, text as categorical), with the column names of `caseOptions`. */
export function caseFrame(c: RmstFixtureCase): DataFrame {
  const s = c.source;
  if (s.inline) {
    const time = asArray(s.inline.time);
    const group = asArray(s.inline.group);
    return {
      nRows: time.length,
      columns: [
        { name: 'time', type: 'number', values: Float64Array.from(time) },
        { name: 'status', type: 'number', values: Float64Array.from(asArray(s.inline.status)) },
        typeof group[0] === 'number' ? { name: 'group', type: 'number', values: Float64Array.from(group as number[]) } : textColumn('group', group as string[]),
      ],
    };
  }
  const ds = loadDataset(s.dataset!);
  let rows = Array.from({ length: ds.nRows }, (_, i) => i);
  if (s.subset) rows = rows.filter((i) => ds.num(s.subset!.column)[i] === s.subset!.value);
  const columns: Column[] = Object.keys(ds.text).map((name) =>
    ds.numeric[name] ? { name, type: 'number', values: Float64Array.from(rows, (i) => ds.numeric[name][i]) } : textColumn(name, rows.map((i) => ds.text[name][i])),
  );
  return { nRows: rows.length, columns };
}

/** The options of the case, as the declaration takes them (before its schema fills the defaults). */
export function caseOptions(c: RmstFixtureCase): Record<string, unknown> {
  const s = c.source;
  return {
    time: s.inline ? 'time' : s.time,
    event: s.inline ? 'status' : s.event,
    eventValue: s.eventValue ?? undefined,
    group: s.inline ? 'group' : s.group,
    tau: c.options.tau ?? undefined,
    confLevel: c.options.confLevel,
  };
}
