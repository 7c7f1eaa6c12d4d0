/**
 * The R reference of `analyze sites` and its engine files (fixtures/sites.R → fixtures/sites.json), typed,
 * and the data frame of each case as the analysis sees it (the same CSV, subset or inline columns R read).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { type Column, type DataFrame, isNumericColumn } from '../../../shared/data/frame';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));
type Maybe = number | null;

export interface RLimits {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}
export interface SitesCase {
  id: string;
  dataset?: string;
  inline?: Record<string, Maybe[]>;
  subset?: { column: string; value: number };
  time: string;
  event: string;
  group: string;
  covariates: string[] | string;
  categorical?: string[] | string;
  ties: 'efron' | 'breslow';
  confLevel?: number;
  atDay?: number;
  r: {
    n: number;
    events: number;
    excluded: number;
    coef: Maybe[];
    time: number[];
    status: number[];
    linearPredictor: number[];
    expected: number[];
    sites: { group: string; participants: number; observed: number; expected: number; ratio: Maybe; lower: Maybe; upper: Maybe; outside95: boolean; outside998: boolean }[];
    limits: (RLimits & { expected: number })[];
    atDay?: {
      day: number;
      overall: number;
      n: number;
      sites: { group: string; n: number; relapseFree: number; censoredBefore: number; proportion: Maybe; outside95: boolean; outside998: boolean }[];
      limits: (RLimits & { n: number })[];
    };
  };
}
export interface SitesFixture {
  distributions: {
    qchisq: { p: number; df: number; q: number }[];
    ppois: { k: number; mean: number; value: number }[];
    pbinom: { k: number; size: number; prob: number; value: number }[];
    qpois: { p: number; mean: number; q: number }[];
    qbinom: { p: number; size: number; prob: number; q: number }[];
  };
  garwood: { observed: number; expected: number; confLevel: number; lower: number; upper: number }[];
  poissonLimits: (RLimits & { expected: number })[];
  binomialLimits: (RLimits & { n: number; target: number })[];
  strata: Record<'efron' | 'breslow', { time: number[]; status: number[]; strata: number[]; linearPredictor: number[]; expected: number[] }>;
  cases: SitesCase[];
}

export const sitesFixture = JSON.parse(readFileSync(join(here, 'fixtures', 'sites.json'), 'utf8')) as SitesFixture;

export const asArray = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The case's data: the CSV R read (with the same subset) or the inline columns (null is missing). */
export function caseFrame(c: SitesCase): DataFrame {
  if (c.inline) {
    const names = Object.keys(c.inline);
    return {
      nRows: c.inline[c.time].length,
      columns: names.map((name) => ({ name, type: 'number', values: Float64Array.from(c.inline![name], (v) => (v === null ? NaN : v)) })),
    };
  }
  const frame = frameFromCsv(readFileSync(join(here, '..', '..', 'fixtures', 'data', `${c.dataset}.csv`), 'utf8'));
  if (!c.subset) return frame;
  const values = (frame.columns.find((col) => col.name === c.subset!.column) as { values: Float64Array }).values;
  const rows = Array.from({ length: frame.nRows }, (_, i) => i).filter((i) => values[i] === c.subset!.value);
  const columns: Column[] = frame.columns.map((col) =>
    isNumericColumn(col) ? { ...col, values: Float64Array.from(rows, (i) => col.values[i]) } : { ...col, codes: Int32Array.from(rows, (i) => col.codes[i]) },
  );
  return { nRows: rows.length, columns };
}
