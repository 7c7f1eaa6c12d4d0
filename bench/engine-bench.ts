/**
 * Engine benchmark: each analysis of `npm run bench` timed best-of-K in one process on an already
 * loaded dataset (analysisMs, the computation alone; after the first run the code is compiled, so these
 * are warm figures, where npm run bench times one cold CLI process per step), plus Kendall's tau on the
 * 1,000,000 rows (one pair of columns, as npm run bench, and the 9 × 9 matrix). `benchEngine(frame, runs)` is for bench/run.ts; run directly,
 * `tsx --import ./scripts/import-glob-register.mjs bench/engine-bench.ts [--participants N] [--runs K] [--only key,key]` loads (and if needed writes)
 * bench/data/demo-N.csv and prints one line per case and a JSON line.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DataFrame } from '../shared/data/frame';
import { runAnalysis } from '../shared/analyses/run';

export const FACTOR_COLUMNS = [
  'cows_peak', 'craving_vas', 'phq9_total', 'trigger_exposure_days', 'n_friends_using',
  'brief_cope_adaptive', 'abstinence_confidence', 'aftercare_sessions_attended_pct', 'expectation_gap',
];
const outcome = { time: 'days_followed', event: 'relapsed', eventValue: '1' };

export interface EngineCase {
  key: string;
  label: string;
  analysis: string;
  options: Record<string, unknown>;
}

export const ENGINE_BENCH_CASES: EngineCase[] = [
  { key: 'km', label: 'Kaplan–Meier by site', analysis: 'km', options: { ...outcome, group: 'site' } },
  { key: 'logrank', label: 'log-rank by site', analysis: 'logrank', options: { ...outcome, group: 'site' } },
  { key: 'cox9', label: 'Cox, 9 factors, Efron', analysis: 'cox', options: { ...outcome, covariates: FACTOR_COLUMNS, ties: 'efron' } },
  { key: 'cox4', label: 'Cox, 4 factors, Efron', analysis: 'cox', options: { ...outcome, covariates: FACTOR_COLUMNS.slice(0, 4), ties: 'efron' } },
  { key: 'pearson', label: 'Pearson 9×9 matrix', analysis: 'correlation', options: { columns: FACTOR_COLUMNS, method: 'pearson', missing: 'pairwise', pAdjust: 'none' } },
  { key: 'spearman', label: 'Spearman 9×9 matrix', analysis: 'correlation', options: { columns: FACTOR_COLUMNS, method: 'spearman', missing: 'pairwise', pAdjust: 'none' } },
  { key: 'kendall', label: 'Kendall, one pair', analysis: 'correlation', options: { columns: ['craving_vas', 'abstinence_confidence'], method: 'kendall', missing: 'pairwise', pAdjust: 'none' } },
  { key: 'kendallMatrix', label: 'Kendall 9×9 matrix', analysis: 'correlation', options: { columns: FACTOR_COLUMNS, method: 'kendall', missing: 'pairwise', pAdjust: 'none' } },
];

/** Best analysisMs over `runs` runs of each case (all cases, or those named in `only`). */
export function benchEngine(frame: DataFrame, runs = 3, only?: string[]): Record<string, number> {
  const best: Record<string, number> = {};
  for (const c of ENGINE_BENCH_CASES) {
    if (only && !only.includes(c.key)) continue;
    let ms = Infinity;
    for (let i = 0; i < runs; i++) ms = Math.min(ms, runAnalysis(c.analysis, frame, c.options).analysisMs);
    best[c.key] = ms;
  }
  return best;
}

async function main() {
  const { values } = parseArgs({ options: { participants: { type: 'string' }, runs: { type: 'string' }, only: { type: 'string' } } });
  const participants = Number(values.participants ?? 1_000_000);
  const runs = Number(values.runs ?? 3);
  const only = values.only?.split(',');
  const { writeDemoCohortCsv } = await import('../node/files/demo-cohort-file');
  const { loadCsv } = await import('../node/import');
  mkdirSync(join('bench', 'data'), { recursive: true });
  const csvPath = join('bench', 'data', `demo-${participants}.csv`);
  if (!existsSync(csvPath)) await writeDemoCohortCsv(csvPath, participants);
  const { frame } = await loadCsv(csvPath, {});
  const result = benchEngine(frame, runs, only);
  for (const c of ENGINE_BENCH_CASES) if (result[c.key] !== undefined) console.log(`${c.label.padEnd(24)} ${(result[c.key] / 1000).toFixed(3)} s`);
  console.log(JSON.stringify({ participants, runs, engineMs: result }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`engine bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
