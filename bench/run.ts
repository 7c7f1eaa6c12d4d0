/**
 * `npm run bench`: the 1,000,000-participant demo cohort, imported and analysed, against R on the
 * same file in the same run (when Rscript is installed).
 *
 *   import        CSV → SQLite project (child process, so peak RSS is the import's own)   vs R read.csv
 *   km            Kaplan–Meier by site (the km analysis)                                     vs survfit(~ site)
 *   logrank       log-rank by site                                                           vs survdiff(~ site)
 *   cox           Cox model on 9 factor columns, Efron, with concordance and PH test         vs coxph(ties = "efron") + cox.zph
 *   pearson       9 × 9 Pearson matrix, pairwise complete                                    vs cor(use = "pairwise")
 *   spearman      9 × 9 Spearman matrix, pairwise complete                                   vs cor(method = "spearman")
 *
 * Engine timings are analysisMs (the computation from the in-memory dataset, excluding the CSV), the
 * same span R's system.time covers around each call. Options: --participants N, --skip-r, --runs K.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { writeDemoCohortCsv } from '../electron/main/files/demo-cohort-file';
import { runAnalysis } from '../shared/analyses/run';
import { loadCsv } from '../electron/main/import';
import { benchImport } from './import-bench';

const run = promisify(execFile);
const { values } = parseArgs({ options: { participants: { type: 'string' }, 'skip-r': { type: 'boolean' }, runs: { type: 'string' } } });
const participants = Number(values.participants ?? 1_000_000);
const runs = Number(values.runs ?? 3);

const FACTOR_COLUMNS = [
  'cows_peak', 'craving_vas', 'phq9_total', 'trigger_exposure_days', 'n_friends_using',
  'brief_cope_adaptive', 'abstinence_confidence', 'aftercare_sessions_attended_pct', 'expectation_gap',
];
const outcome = { time: 'days_followed', event: 'relapsed', eventValue: '1' };
const ENGINE_CASES: { key: string; label: string; analysis: string; options: Record<string, unknown> }[] = [
  { key: 'km', label: 'Kaplan–Meier by site', analysis: 'km', options: { ...outcome, group: 'site' } },
  { key: 'logrank', label: 'log-rank by site', analysis: 'logrank', options: { ...outcome, group: 'site' } },
  { key: 'cox', label: 'Cox, 9 factors, Efron', analysis: 'cox', options: { ...outcome, covariates: FACTOR_COLUMNS, ties: 'efron' } },
  { key: 'pearson', label: 'Pearson 9×9 matrix', analysis: 'correlation', options: { columns: FACTOR_COLUMNS, method: 'pearson', missing: 'pairwise', pAdjust: 'none' } },
  { key: 'spearman', label: 'Spearman 9×9 matrix', analysis: 'correlation', options: { columns: FACTOR_COLUMNS, method: 'spearman', missing: 'pairwise', pAdjust: 'none' } },
];

function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '     n/a' : `${(ms / 1000).toFixed(3).padStart(7)} s`;
}

function ratio(ours: number, theirs: number | null | undefined): string {
  return theirs ? `${(theirs / ours).toFixed(1)}× faster than R` : '';
}

async function rTimings(csvPath: string): Promise<Record<string, number> | null> {
  if (values['skip-r']) return null;
  try {
    const { stdout } = await run('Rscript', ['bench/r-bench.R', csvPath], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.log(code === 'ENOENT' ? 'R is not installed here: no R timings (apt-get install r-base-core r-cran-survival).' : `R timing failed: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

async function main() {
  const folder = join('bench', 'data');
  mkdirSync(folder, { recursive: true });
  const csvPath = join(folder, `demo-${participants}.csv`);
  if (!existsSync(csvPath)) {
    process.stdout.write(`writing the demo cohort (${participants.toLocaleString('en')} participants) to ${csvPath} … `);
    await writeDemoCohortCsv(csvPath, participants);
    console.log('done');
  }
  const sizeMb = statSync(csvPath).size / 1e6;
  console.log(`Relapse Workbench benchmark: ${participants.toLocaleString('en')} participants, ${sizeMb.toFixed(0)} MB CSV, Node ${process.version}, ${runs} runs (best)`);

  const r = await rTimings(csvPath);

  const imports = [];
  for (let i = 0; i < runs; i++) imports.push(await benchImport(csvPath));
  const bestImport = imports.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  console.log('\nCSV import (into a SQLite project, in a child process)');
  console.log(`  ours     ${seconds(bestImport.wallMs)}  ${Math.round(bestImport.rowsPerSecond).toLocaleString('en')} rows/s, peak RSS ${bestImport.peakRssMb.toFixed(0)} MB  ${ratio(bestImport.wallMs, r?.readCsv)}`);
  if (r) console.log(`  R read.csv ${seconds(r.readCsv)}`);

  const { frame } = await loadCsv(csvPath, {});
  console.log('\nEngine (analysis time on the loaded dataset)');
  const results: Record<string, number> = {};
  for (const c of ENGINE_CASES) {
    let best = Infinity;
    let result: unknown;
    for (let i = 0; i < runs; i++) {
      const outcomeRun = runAnalysis(c.analysis, frame, c.options);
      best = Math.min(best, outcomeRun.analysisMs);
      result = outcomeRun.result;
    }
    results[c.key] = best;
    // Our Cox analysis returns the fit, the concordance and the PH test: R's coxph (which computes the
    // concordance) plus cox.zph is the same work.
    const rMs = c.key === 'cox' && r ? r.cox + r.coxZph : r?.[c.key];
    console.log(`  ${c.label.padEnd(24)} ours ${seconds(best)}   R ${seconds(rMs)}   ${ratio(best, rMs)}`);
    if (c.key === 'cox' && r) console.log(`    (R coxph alone ${seconds(r.cox)}, cox.zph ${seconds(r.coxZph)})`);
    if (c.key === 'logrank' && r) console.log(`    check: chi-square ours ${(result as { chisq: number }).chisq.toFixed(6)}, R ${r.logrankChisq.toFixed(6)}`);
    if (c.key === 'cox' && r) console.log(`    check: first coefficient ours ${(result as { coefficients: { coef: number }[] }).coefficients[0].coef.toPrecision(10)}, R ${r.coxFirstCoef.toPrecision(10)}`);
  }
  console.log(JSON.stringify({ participants, import: bestImport, engineMs: results, r }));
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
