/**
 * The R reference cases of adjusted survival curves (fixtures/adjusted.R → fixtures/adjusted.json),
 * shared by the engine, analysis and CLI tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import type { DataFrame } from '../../../shared/data/frame';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const here = dirname(fileURLToPath(import.meta.url));

export interface RAdjustedRow {
  time: number;
  survival: number;
  stdErr: number;
  lower: number;
  upper: number;
  /** The mean of exp(−Λ₀(t) r_i) written out (a check of the R script itself). */
  survivalFromHazard: number;
  /** 1 − riskRegression::ate()'s meanRisk and its se. */
  ateSurvival: number;
  ateStdErr: number;
}

export interface AdjustedCase {
  id: string;
  dataset?: string;
  inline?: Record<string, (number | string | null)[]>;
  subset?: { column: string; value: number };
  time: string;
  event: string;
  group: string;
  covariates: string[] | string;
  categorical?: string[] | string;
  ties: 'efron' | 'breslow';
  /** The --times; absent: every distinct event time. */
  times?: number[] | number;
  r: { n: number; events: number; terms: string[]; coef: (number | null)[]; curves: { group: string; rows: RAdjustedRow[] }[] };
}

/** A --method iptw case: glm(binomial) weights, trimmed, and survfit(weights =, robust = TRUE, id =). */
export interface IptwCase extends Omit<AdjustedCase, 'ties' | 'r'> {
  trim: number;
  r: {
    n: number;
    events: number;
    terms: string[];
    /** glm's coefficients, or multinom's (group by group) with more than two groups. */
    coef: number[];
    /** glm's iterations; null for multinom. */
    iter: number | null;
    /** glm: P(second group | x) per row; multinom: n×k row by row. */
    propensity: number[];
    /** Stabilised weights before and after trimming. */
    weights: number[];
    trimmedWeights: number[];
    curves: { group: string; rows: { time: number; survival: number; stdErr: number; lower: number | null; upper: number | null; nRisk: number; nEvent: number }[] }[];
    balance: { term: string; group: string; before: number | null; after: number | null }[];
  };
}

export const adjustedFixture = JSON.parse(readFileSync(join(here, 'fixtures', 'adjusted.json'), 'utf8')) as { source: string; cases: AdjustedCase[]; iptw: IptwCase[] };

export const asArray = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function adjustedCase(id: string): AdjustedCase {
  const c = adjustedFixture.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no adjusted case ${id}`);
  return c;
}

/** The case's data as CSV text: the dataset's rows R read (with the same subset), or the inline columns (null: empty). */
export function caseCsv(c: Pick<AdjustedCase, 'inline' | 'dataset' | 'subset'>): string {
  if (c.inline) {
    const names = Object.keys(c.inline);
    const n = c.inline[names[0]].length;
    const cell = (v: number | string | null) => (v === null ? '' : String(v));
    return [names.join(','), ...Array.from({ length: n }, (_, i) => names.map((k) => cell(c.inline![k][i])).join(','))].join('\n') + '\n';
  }
  const text = readFileSync(join(here, '..', '..', 'fixtures', 'data', `${c.dataset}.csv`), 'utf8');
  if (!c.subset) return text;
  const parsed = Papa.parse<string[]>(text.trim(), { header: false, skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const j = header.indexOf(c.subset.column);
  const kept = rows.filter((r) => Number(r[j]) === c.subset!.value);
  return Papa.unparse([header, ...kept]) + '\n';
}

export function caseFrame(c: Pick<AdjustedCase, 'inline' | 'dataset' | 'subset'>): DataFrame {
  return frameFromCsv(caseCsv(c));
}
