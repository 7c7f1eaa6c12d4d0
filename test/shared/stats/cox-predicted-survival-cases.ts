/**
 * The R reference cases of predicted survival from a Cox model (fixtures/cox-predicted-survival.R →
 * fixtures/cox-predicted-survival.json), shared by the engine, analysis and CLI tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

type Maybe = number | null;

export interface RPredictedCurve {
  profile: string;
  time: number[];
  surv: number[];
  'std.err': number[];
  lower: Maybe[];
  upper: Maybe[];
  'n.risk': number[];
  'n.event': number[];
  'n.censor': number[];
  cumhaz: number[];
  /** summary(curve, times =, extend = FALSE); its std.err is the SE of S (std.err × surv). */
  at: { time: number[]; surv: number[]; 'std.err': number[]; lower: Maybe[]; upper: Maybe[]; 'n.risk': number[]; 'n.event': number[]; 'n.censor': number[] };
  /** The limits at the case's otherConfLevel (survfit(..., conf.int = otherConfLevel)). */
  otherConf?: { lower: Maybe[]; upper: Maybe[]; at: { lower: Maybe[]; upper: Maybe[] } };
}

export interface PredictionCase {
  id: string;
  dataset?: string;
  inline?: Record<string, number[]>;
  subset?: { column: string; value: number };
  time: string;
  event: string;
  covariates: string[] | string;
  categorical?: string[] | string;
  strata?: string;
  ties: 'efron' | 'breslow';
  /** A second confidence level whose limits R also gives (curve.otherConf). */
  otherConfLevel?: number;
  profiles: string[];
  times: number[];
  r: { n: number; nevent: number; names: string[]; coef: Maybe[]; se: number[]; means: number[]; curves: RPredictedCurve[] };
}

const here = dirname(fileURLToPath(import.meta.url));

export const predictionCases = (
  JSON.parse(readFileSync(join(here, 'fixtures', 'cox-predicted-survival.json'), 'utf8')) as { cases: PredictionCase[] }
).cases;

export const asArray = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The case's data as CSV text: the dataset's file, or the inline columns. */
export function caseCsv(c: PredictionCase): string {
  if (c.inline) {
    const names = Object.keys(c.inline);
    const n = c.inline[names[0]].length;
    const lines = [names.join(','), ...Array.from({ length: n }, (_, i) => names.map((k) => String(c.inline![k][i])).join(','))];
    return lines.join('\n') + '\n';
  }
  return readFileSync(join(here, '..', '..', 'fixtures', 'data', `${c.dataset}.csv`), 'utf8');
}

/** The case's data as CSV text with its subset applied (the rows R fitted, missing values kept), for the analysis and the CLI. */
export function caseSubsetCsv(c: PredictionCase): string {
  const text = caseCsv(c);
  if (!c.subset) return text;
  const [header, ...lines] = text.split('\n').filter((line) => line.trim() !== '');
  const at = header.split(',').map((name) => name.replace(/"/g, '')).indexOf(c.subset.column);
  if (at < 0) throw new Error(`${c.id}: no column ${c.subset.column}`);
  return [header, ...lines.filter((line) => Number(line.split(',')[at]) === c.subset!.value)].join('\n') + '\n';
}

/** The profile as `analyze predict` echoes it: numbers for numeric covariates, the level text for factors and the stratum. */
export function profileEcho(c: PredictionCase, text: string): Record<string, string | number> {
  const factors = new Set([...asArray(c.categorical), ...(c.strata ? [c.strata] : [])]);
  const out: Record<string, string | number> = {};
  for (const part of text.split(',')) {
    const [column, value] = part.split('=');
    out[column] = factors.has(column) || !Number.isFinite(Number(value)) ? value : Number(value);
  }
  return out;
}
