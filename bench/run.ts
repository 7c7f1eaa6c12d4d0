/**
 * `npm run bench`: the product as a user runs it (the built CLI, one process per step, so that time and
 * peak memory are that step's own) on the synthetic demo cohort at 1,000,000 and 5,000,000 participants,
 * with R timed in the same run on the same 1,000,000-row file (bench/r-bench.R: read.csv, data.table's
 * fread, survfit, survdiff, coxph + cox.zph, cor).
 *
 *   import      relapse-workbench import FILE --project P (types inferred, SHA-256, stored)   vs read.csv, fread
 *   km          Kaplan–Meier by site                                                          vs survfit(~ site)
 *   logrank     log-rank by site                                                              vs survdiff(~ site)
 *   cox9        Cox, 9 factor columns, Efron, with concordance and the PH test                vs coxph + cox.zph
 *   cox4        Cox, 4 factor columns (the 5M memory case)                                    vs coxph + cox.zph
 *   pearson     9 × 9 Pearson matrix, pairwise complete                                       vs cor(use = "pairwise")
 *   spearman    9 × 9 Spearman matrix, pairwise complete                                      vs cor(method = "spearman")
 *   kendall     Kendall's tau of two columns (R's cor is O(n²): no R figure at 1M)
 *   adjusted    case-mix-adjusted survival by site (g-formula, influence-function SEs) at 4 days
 *                                                                                 vs riskRegression::ate
 *   report      the full HTML report with examples/mapping.json (no R equivalent)
 *   recurrent   Andersen–Gill model with robust SEs by participant (and the mean cumulative function) on
 *               the recurrent-episode cohort (bench/recurrent-cohort.ts: about 3 intervals per
 *               participant), at the first size only                               vs coxph(..., cluster = id)
 *
 * Engine figures are the analysis time the CLI reports (`timing.analysisMs`: from the loaded columns to
 * the result, the span R's system.time covers around each call); wall time and peak RSS are the whole
 * process (GNU time). Targets (issue 10) are printed beside each figure.
 *
 * Options: --sizes 1000000,5000000   --runs K (best of K, default 3 at 1M, 1 above)   --skip-r
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoCohortCsv } from '../node/files/demo-cohort-file';
import { writeRecurrentCohortCsv } from './recurrent-cohort';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'relapse-workbench.js');
const GNU_TIME = '/usr/bin/time';

const { values } = parseArgs({ options: { sizes: { type: 'string' }, runs: { type: 'string' }, 'skip-r': { type: 'boolean' } } });
const sizes = (values.sizes ?? '1000000,5000000').split(',').map(Number);
const runsFor = (n: number) => (values.runs ? Number(values.runs) : n <= 1_000_000 ? 3 : 1);

const FACTORS = [
  'cows_peak', 'craving_vas', 'phq9_total', 'trigger_exposure_days', 'n_friends_using',
  'brief_cope_adaptive', 'abstinence_confidence', 'aftercare_sessions_attended_pct', 'expectation_gap',
];
const OUTCOME = ['--time', 'days_followed', '--event', 'relapsed'];

interface Case {
  key: string;
  label: string;
  args: string[];
  /** Key of the R timing (bench/r-bench.R), or null. */
  r: string | null;
  /** Largest share of R's time allowed (issue 10), or an absolute limit in seconds. */
  target: { ofR: number } | { seconds: number } | null;
}

const CASES: Case[] = [
  { key: 'km', label: 'Kaplan–Meier by site', args: ['analyze', 'km', ...OUTCOME, '--group', 'site'], r: 'km', target: { ofR: 0.5 } },
  { key: 'logrank', label: 'log-rank by site', args: ['analyze', 'logrank', ...OUTCOME, '--group', 'site'], r: 'logrank', target: { ofR: 0.5 } },
  { key: 'cox9', label: 'Cox, 9 factors (+C, PH)', args: ['analyze', 'cox', ...OUTCOME, '--covariates', FACTORS.join(',')], r: 'cox9', target: { ofR: 0.3 } },
  { key: 'cox4', label: 'Cox, 4 factors (+C, PH)', args: ['analyze', 'cox', ...OUTCOME, '--covariates', FACTORS.slice(0, 4).join(',')], r: 'cox4', target: { ofR: 0.3 } },
  { key: 'pearson', label: 'Pearson 9×9 matrix', args: ['analyze', 'correlation', '--columns', FACTORS.join(','), '--method', 'pearson', '--missing', 'pairwise', '--p-adjust', 'none'], r: 'pearson', target: { ofR: 0.5 } },
  { key: 'spearman', label: 'Spearman 9×9 matrix', args: ['analyze', 'correlation', '--columns', FACTORS.join(','), '--method', 'spearman', '--missing', 'pairwise', '--p-adjust', 'none'], r: 'spearman', target: { ofR: 0.5 } },
  { key: 'kendall', label: "Kendall's tau, 2 columns", args: ['analyze', 'correlation', '--columns', 'craving_vas,abstinence_confidence', '--method', 'kendall', '--p-adjust', 'none'], r: null, target: { seconds: 2 } },
  { key: 'adjusted', label: 'adjusted curves, 4 sites', args: ['analyze', 'adjusted', ...OUTCOME, '--group', 'site', '--covariates', 'arm,gender', '--categorical', 'arm,gender', '--times', '30,90,180,365'], r: 'adjusted', target: { seconds: 5 } },
  { key: 'report', label: 'full report', args: ['report', '--mapping', join(ROOT, 'examples', 'mapping.json')], r: null, target: null },
];

interface Measured {
  wallMs: number;
  peakMb: number | null;
  analysisMs: number | null;
  document: Record<string, unknown> | null;
}

function execute(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${[command, ...args].join(' ')}: ${stderr.trim().split('\n').slice(-3).join(' ') || error.message}`));
      else done({ stdout, stderr });
    });
  });
}

/** Runs the CLI once in its own process; wall time and peak RSS of that process (GNU time when present). */
async function measureCli(args: string[]): Promise<Measured> {
  const withTime = existsSync(GNU_TIME);
  const started = performance.now();
  const { stdout, stderr } = withTime
    ? await execute(GNU_TIME, ['-f', 'bench-peak-kb %M', process.execPath, CLI, ...args])
    : await execute(process.execPath, [CLI, ...args]);
  const wallMs = performance.now() - started;
  const peak = /bench-peak-kb (\d+)/.exec(stderr);
  let document: Record<string, unknown> | null = null;
  try {
    document = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    document = null;
  }
  const timing = document?.timing as { analysisMs?: number; reportMs?: number } | undefined;
  return { wallMs, peakMb: peak ? Number(peak[1]) / 1024 : null, analysisMs: timing?.analysisMs ?? timing?.reportMs ?? null, document };
}

/** Best of k runs by analysis time (wall time when there is none); peak memory is the largest seen. */
async function best(k: number, once: () => Promise<Measured>): Promise<Measured> {
  const runs: Measured[] = [];
  for (let i = 0; i < k; i++) runs.push(await once());
  const score = (x: Measured) => x.analysisMs ?? x.wallMs;
  const kept = runs.reduce((a, b) => (score(b) < score(a) ? b : a));
  const peaks = runs.map((x) => x.peakMb).filter((x): x is number => x !== null);
  return { ...kept, peakMb: peaks.length ? Math.max(...peaks) : null };
}

async function cohortFile(n: number): Promise<string> {
  const folder = join(ROOT, 'bench', 'data');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `demo-${n}.csv`);
  if (!existsSync(path)) {
    process.stdout.write(`writing the demo cohort (${n.toLocaleString('en')} participants) to ${path} … `);
    await writeDemoCohortCsv(`${path}.partial`, n);
    renameSync(`${path}.partial`, path);
    console.log('done');
  }
  return path;
}

async function recurrentFile(n: number): Promise<string> {
  const folder = join(ROOT, 'bench', 'data');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `recurrent-${n}.csv`);
  if (!existsSync(path)) {
    process.stdout.write(`writing the recurrent-episode cohort (${n.toLocaleString('en')} participants) to ${path} … `);
    const rows = await writeRecurrentCohortCsv(`${path}.partial`, n);
    renameSync(`${path}.partial`, path);
    console.log(`${rows.toLocaleString('en')} intervals`);
  }
  return path;
}

const RECURRENT = ['analyze', 'recurrent', '--start', 'start', '--time', 'stop', '--event', 'event', '--id', 'id', '--model', 'ag', '--covariates', 'site,aftercare,craving', '--categorical', 'site'];

/** Issue 13 item 7: the AG model with robust variance at n participants, ours and R's in the same run. */
async function recurrentSection(n: number, work: string): Promise<Record<string, number | null>> {
  const csv = await recurrentFile(n);
  const project = join(work, `recurrent-${n}.sqlite`);
  const imported = await measureCli(['import', csv, '--project', project, '--name', 'episodes', '--json']);
  const r = await rTimings(csv, 'r-recurrent.R');
  const m = await best(runsFor(n), () => measureCli([...RECURRENT, '--project', project, '--dataset', 'episodes', '--json']));
  const rows = (r?.rows as number | undefined) ?? null;
  console.log(`\nRecurrent episodes: ${n.toLocaleString('en')} participants${rows ? `, ${rows.toLocaleString('en')} intervals` : ''} (import ${s(imported.wallMs)}, peak ${mb(imported.peakMb)})`);
  console.log(
    `  ${'AG + robust SE (+ MCF)'.padEnd(26)} ours ${s(m.analysisMs)} (process ${s(m.wallMs)}, peak ${mb(m.peakMb)})   R ${s(r?.ag)} ${share(m.analysisMs, r?.ag).padStart(8)}   target < 1× R, peak < 2 GB`,
  );
  const coefficients = m.document?.coefficients as { coef: number; robustSe: number }[] | undefined;
  const rCoef = r?.coef as unknown as number[] | undefined;
  const rSe = r?.robustSe as unknown as number[] | undefined;
  if (coefficients && rCoef && rSe) {
    const worst = Math.max(...coefficients.flatMap((c, k) => [Math.abs(c.coef - rCoef[k]) / Math.abs(rCoef[k]), Math.abs(c.robustSe - rSe[k]) / Math.abs(rSe[k])]));
    console.log(`    check: coefficients and robust SEs, largest relative difference from R ${worst.toExponential(2)}`);
  }
  return { analysisMs: m.analysisMs, wallMs: m.wallMs, peakMb: m.peakMb, rMs: r?.ag ?? null };
}

async function rTimings(csv: string, script = 'r-bench.R'): Promise<Record<string, number> | null> {
  if (values['skip-r']) return null;
  try {
    const { stdout } = await execute('Rscript', [join(ROOT, 'bench', script), csv]);
    return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
  } catch (error) {
    const message = (error as Error).message;
    console.log(message.includes('ENOENT') ? 'R is not installed here: no R timings (apt-get install r-base-core r-cran-survival r-cran-data.table).' : `R timing failed: ${message.split('\n')[0]}`);
    return null;
  }
}

const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '     n/a' : `${(ms / 1000).toFixed(3).padStart(7)} s`);
const mb = (m: number | null | undefined) => (m === null || m === undefined ? '    n/a' : `${m.toFixed(0).padStart(5)} MB`);
const share = (ours: number | null, theirs: number | undefined) => (ours !== null && theirs ? `${(ours / theirs).toFixed(2)}× R` : '');

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'out', 'cli', 'main.js'))) await execute(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]);
  console.log(`Relapse Workbench benchmark: Node ${process.version}, sizes ${sizes.map((n) => n.toLocaleString('en')).join(' and ')}, the built CLI, one process per step`);
  const work = mkdtempSync(join(tmpdir(), 'relapse-bench-'));
  const r: Record<number, Record<string, number> | null> = {};
  const imports: Record<number, Measured> = {};
  const figures: Record<number, Record<string, Measured>> = {};
  try {
    for (const n of sizes) {
      const csv = await cohortFile(n);
      const sizeMb = statSync(csv).size / 1e6;
      console.log(`\n${n.toLocaleString('en')} participants (${sizeMb.toFixed(0)} MB CSV)`);
      // R only at the smallest size: the comparison figures; the larger sizes show how ours scales
      r[n] = n === sizes[0] ? await rTimings(csv) : null;
      const project = join(work, `demo-${n}.sqlite`);
      imports[n] = await best(runsFor(n), async () => {
        rmSync(project, { force: true });
        rmSync(`${project}-wal`, { force: true });
        return measureCli(['import', csv, '--project', project, '--name', 'demo', '--json']);
      });
      const im = imports[n];
      const readCsv = r[n]?.readCsv;
      const fread = r[n]?.fread;
      console.log(
        `  import   ours ${s(im.wallMs)} whole process, peak ${mb(im.peakMb)}` +
          (readCsv ? `   read.csv ${s(readCsv)} (${share(im.wallMs, readCsv)}, target ≤ 0.5×)   fread ${s(fread)} (${(im.wallMs / (fread ?? NaN)).toFixed(2)}× fread, target ≤ 2×)` : '') +
          '   peak target < 300 MB',
      );
      figures[n] = {};
      for (const c of CASES) {
        const extra = c.key === 'report' ? ['--out', join(work, `report-${n}.html`)] : [];
        const m = await best(runsFor(n), () => measureCli([...c.args, '--project', project, '--dataset', 'demo', ...extra, '--json']));
        figures[n][c.key] = m;
        const rMs = c.r ? r[n]?.[c.r] : undefined;
        const target = c.target === null ? '' : 'ofR' in c.target ? `target ≤ ${c.target.ofR}× R` : `target < ${c.target.seconds} s`;
        console.log(`  ${c.label.padEnd(26)} ours ${s(m.analysisMs)} (process ${s(m.wallMs)}, peak ${mb(m.peakMb)})   R ${s(rMs)} ${share(m.analysisMs, rMs).padStart(8)}   ${target}`);
        if (c.key === 'logrank' && rMs !== undefined && m.document) console.log(`    check: chi-square ours ${(m.document.chisq as number).toFixed(6)}, R ${r[n]!.logrankChisq.toFixed(6)}`);
        if (c.key === 'adjusted' && rMs !== undefined && m.document && r[n]!.adjustedRisk !== undefined) {
          const first = (m.document.curves as { rows: { survival: number }[] }[])[0].rows[0];
          console.log(`    check: risk at day 30 in the first site ours ${(1 - first.survival).toPrecision(10)}, R ${Number(r[n]!.adjustedRisk).toPrecision(10)}`);
        }
        if (c.key === 'cox9' && rMs !== undefined && m.document) {
          const coefficients = m.document.coefficients as { coef: number }[];
          console.log(`    check: first coefficient ours ${coefficients[0].coef.toPrecision(10)}, R ${r[n]!.coxFirstCoef.toPrecision(10)}`);
        }
      }
    }
    if (sizes.length > 1) {
      const [a, b] = [sizes[0], sizes[sizes.length - 1]];
      console.log(`\nScaling ${a.toLocaleString('en')} → ${b.toLocaleString('en')} (×${b / a} rows; linear = ×${b / a} time). Peak memory target at 5M: under 1 GB each.`);
      console.log(`  ${'step'.padEnd(26)} ${'time'.padStart(10)} ${'time'.padStart(10)}  ratio   ${'peak'.padStart(8)} ${'peak'.padStart(8)}`);
      const row = (label: string, x: Measured, y: Measured) =>
        console.log(`  ${label.padEnd(26)} ${s(x.analysisMs ?? x.wallMs)} ${s(y.analysisMs ?? y.wallMs)}  ×${((y.analysisMs ?? y.wallMs) / (x.analysisMs ?? x.wallMs)).toFixed(1).padEnd(4)}  ${mb(x.peakMb)} ${mb(y.peakMb)}`);
      row('import (whole process)', { ...imports[a], analysisMs: null }, { ...imports[b], analysisMs: null });
      for (const c of CASES) row(c.label, figures[a][c.key], figures[b][c.key]);
    }
    const recurrent = await recurrentSection(sizes[0], work);
    const summary = {
      sizes,
      recurrent,
      r,
      import: Object.fromEntries(sizes.map((n) => [n, { wallMs: imports[n].wallMs, peakMb: imports[n].peakMb }])),
      steps: Object.fromEntries(sizes.map((n) => [n, Object.fromEntries(CASES.map((c) => [c.key, { analysisMs: figures[n][c.key].analysisMs, wallMs: figures[n][c.key].wallMs, peakMb: figures[n][c.key].peakMb }]))])),
    };
    console.log(JSON.stringify(summary));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
});
