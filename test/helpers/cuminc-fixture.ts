/**
 * Test helper: the cmprsk::cuminc reference cases (test/shared/stats/fixtures/cuminc.R writes
 * cuminc.json), shared by the cumulative-incidence, Gray's test and `analyze cuminc` tests, and
 * factor codes ordered as R's factor() orders labels.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface CumincFixtureCurve {
  group: string;
  cause: string;
  time: number[];
  est: number[];
  var: number[];
  atEst: (number | null)[];
  atVar: (number | null)[];
  atLower95: (number | null)[];
  atUpper95: (number | null)[];
}

export interface CumincFixtureTest {
  cause: string;
  statistic: number | null;
  df: number;
  p: number | null;
  pCmprsk: number;
}

export interface CumincFixtureCase {
  name: string;
  time: number[];
  status: number[];
  group: string[] | null;
  strata: string[] | null;
  times: number[];
  quartiles: number[];
  curves: CumincFixtureCurve[];
  tests: CumincFixtureTest[];
}

const fixturePath = join(dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'stats', 'fixtures', 'cuminc.json');
export const cumincCases: CumincFixtureCase[] = JSON.parse(readFileSync(fixturePath, 'utf8'));

/** Codes as R's factor() orders labels: numerically when all are numbers, else alphabetically. */
export function factorCodes(labels: string[]): { codes: Int32Array; levels: string[] } {
  const distinct = Array.from(new Set(labels));
  const numeric = distinct.every((v) => v !== '' && Number.isFinite(Number(v)));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(distinct.map((v, k) => [v, k]));
  return { codes: Int32Array.from(labels, (v) => index.get(v)!), levels: distinct };
}
