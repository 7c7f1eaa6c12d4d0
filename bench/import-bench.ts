/**
 * Import benchmark: the whole `relapse-workbench import FILE --project NEW.sqlite` process (the built CLI:
 * start-up, type inference, SHA-256 of the file, every record into a new project, commit), timed from
 * spawn to exit, with its peak resident memory (maxRSS from /usr/bin/time, or else the kernel's high-water
 * mark VmHWM polled while it runs); against R's `read.csv` and data.table's `fread` of the same file
 * (`system.time` of the call, R's start-up not counted), measured in the same run.
 *
 * Run directly: `tsx bench/import-bench.ts [FILE] [--runs K] [--participants N,M] [--no-r]` (default: the
 * 1,000,000-row demo cohort, generated once under bench/data/; 3 runs). With several runs, ours, read.csv and
 * fread alternate so that all meet the same machine load; the best of each is compared (and medians shown).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const thisFile = fileURLToPath(import.meta.url);
const GNU_TIME = '/usr/bin/time';

export interface ImportBenchResult {
  rows: number;
  rejectedRows: number;
  /** The whole CLI process, spawn to exit. */
  wallMs: number;
  /** The import itself as the CLI reports it (project open to commit). */
  importMs: number;
  rowsPerSecond: number;
  /** Peak resident memory of the CLI process; NaN where it cannot be measured. */
  peakRssMb: number;
}

export interface ImportComparison {
  file: string;
  runs: number;
  ours: ImportBenchResult[];
  readCsvMs: number[];
  freadMs: number[];
  /** data.table's threads for fread (its default: half the cores). */
  freadThreads: number | null;
  best: { oursMs: number; readCsvMs: number | null; freadMs: number | null; peakRssMb: number | null };
  /** Our best whole-process time over R's best (targets: <= 0.5 of read.csv, <= 2 of fread). */
  ratio: { readCsv: number | null; fread: number | null };
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, cwd: root }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr.split('\n').slice(0, 3).join(' ') || error.message}`));
      else resolvePromise({ stdout, stderr });
    });
  });
}

let cliBuilt = false;
async function ensureCli(): Promise<string> {
  if (!cliBuilt) {
    await run(process.execPath, [join(root, 'scripts', 'build-cli.mjs'), '--if-stale']);
    cliBuilt = true;
  }
  return join(root, 'bin', 'relapse-workbench.js');
}

/** Runs a process to its end: wall time, stdout, and peak RSS (GNU time's maxRSS, or polled VmHWM). */
function measured(command: string, args: string[]): Promise<{ wallMs: number; stdout: string; peakRssMb: number | null }> {
  const useTime = existsSync(GNU_TIME);
  const dir = mkdtempSync(join(tmpdir(), 'relapse-bench-time-'));
  const timeFile = join(dir, 'time.txt');
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = useTime
      ? spawn(GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    let hwmKb = 0;
    const poll = useTime
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
          } catch {
            // the process has ended, or no /proc
          }
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (poll) clearInterval(poll);
      let peakKb: number | null = hwmKb > 0 ? hwmKb : null;
      if (useTime) {
        const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
        peakKb = Number.isFinite(kb) && kb > 0 ? kb : null;
      }
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.split('\n').slice(0, 3).join(' ')}`));
      else resolvePromise({ wallMs, stdout, peakRssMb: peakKb === null ? null : peakKb / 1024 });
    });
  });
}

/** Imports `csvPath` into a new project file with the built CLI; wall time covers the whole process. */
export async function benchImport(csvPath: string): Promise<ImportBenchResult> {
  const cli = await ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'relapse-import-bench-'));
  try {
    const { wallMs, stdout, peakRssMb } = await measured(process.execPath, [cli, 'import', resolve(csvPath), '--project', join(dir, 'bench.sqlite'), '--json']);
    const document = JSON.parse(stdout) as { dataset: { rows: number; rejectedRows: number; timing: { totalMs: number } } };
    const { rows, rejectedRows, timing } = document.dataset;
    return { rows, rejectedRows, wallMs, importMs: timing.totalMs, rowsPerSecond: rows / (wallMs / 1000), peakRssMb: peakRssMb ?? NaN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeInR(call: string, setup = '', extra = '0'): Promise<{ ms: number; extra: number } | null> {
  const script = `${setup}t <- system.time(d <- ${call})[["elapsed"]]; cat(t * 1000, nrow(d), ${extra}, "\\n")`;
  try {
    const { stdout } = await run('Rscript', ['-e', script]);
    const [ms, , more] = stdout.trim().split(/\s+/).map(Number);
    return Number.isFinite(ms) ? { ms, extra: more } : null;
  } catch {
    return null;
  }
}

/** Milliseconds R's read.csv takes for the file, null without Rscript. */
export async function benchReadCsvInR(csvPath: string): Promise<number | null> {
  return (await timeInR(`read.csv(${JSON.stringify(resolve(csvPath))})`))?.ms ?? null;
}

/** Milliseconds data.table's fread takes for the file (its default threads), null without Rscript or data.table. */
export async function benchFreadInR(csvPath: string): Promise<{ ms: number; threads: number } | null> {
  const result = await timeInR(`fread(${JSON.stringify(resolve(csvPath))})`, 'suppressMessages(library(data.table)); ', 'getDTthreads()');
  return result ? { ms: result.ms, threads: result.extra } : null;
}

/** The cached demo cohort CSV of `participants` rows (generated on first use). */
export async function demoCohortBenchFile(participants = 1_000_000): Promise<string> {
  const path = join(here, 'data', `demo-cohort-${participants}.csv`);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const { writeDemoCohortCsv } = await import('../node/files/demo-cohort-file');
    await writeDemoCohortCsv(`${path}.partial`, participants);
    renameSync(`${path}.partial`, path);
  }
  return path;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Ours, read.csv and fread in turn, `runs` times, on the same file; the best of each and the ratios. */
export async function compareImport(csvPath: string, runs = 3, onRun?: (line: string) => void, withR = true): Promise<ImportComparison> {
  const ours: ImportBenchResult[] = [];
  const readCsvMs: number[] = [];
  const freadMs: number[] = [];
  let freadThreads: number | null = null;
  for (let i = 0; i < runs; i++) {
    const result = await benchImport(csvPath);
    ours.push(result);
    const readCsv = withR ? await benchReadCsvInR(csvPath) : null;
    if (readCsv !== null) readCsvMs.push(readCsv);
    const fread = withR ? await benchFreadInR(csvPath) : null;
    if (fread !== null) {
      freadMs.push(fread.ms);
      freadThreads = fread.threads;
    }
    onRun?.(
      `run ${i + 1}: ${result.rows.toLocaleString('en')} rows (${result.rejectedRows} rejected): whole process ${seconds(result.wallMs)} ` +
        `(import ${seconds(result.importMs)}), peak RSS ${mb(result.peakRssMb)}; read.csv ${readCsv === null ? 'n/a' : seconds(readCsv)}, ` +
        `fread ${fread === null ? 'n/a' : seconds(fread.ms)}`,
    );
  }
  const oursMs = Math.min(...ours.map((o) => o.wallMs));
  const bestReadCsv = readCsvMs.length > 0 ? Math.min(...readCsvMs) : null;
  const bestFread = freadMs.length > 0 ? Math.min(...freadMs) : null;
  const peaks = ours.map((o) => o.peakRssMb).filter((p) => !Number.isNaN(p));
  return {
    file: csvPath,
    runs,
    ours,
    readCsvMs,
    freadMs,
    freadThreads,
    best: { oursMs, readCsvMs: bestReadCsv, freadMs: bestFread, peakRssMb: peaks.length > 0 ? Math.max(...peaks) : null },
    ratio: { readCsv: bestReadCsv === null ? null : oursMs / bestReadCsv, fread: bestFread === null ? null : oursMs / bestFread },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mb(value: number | null): string {
  return value === null || Number.isNaN(value) ? 'n/a' : `${value.toFixed(0)} MB`;
}

/** One summary line per file: best times, ratios against the targets, peak memory. */
export function describeComparison(c: ImportComparison): string {
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const walls = c.ours.map((o) => o.wallMs);
  return [
    `import ${c.file} (best of ${c.runs}): whole process ${seconds(c.best.oursMs)} (median ${seconds(median(walls))}), peak RSS max ${mb(c.best.peakRssMb)} ` +
      `[target < 300 MB: ${c.best.peakRssMb === null ? 'n/a' : mark(c.best.peakRssMb < 300)}]`,
    `  R read.csv ${c.best.readCsvMs === null ? 'n/a' : `${seconds(c.best.readCsvMs)} (median ${seconds(median(c.readCsvMs))})`}: ratio ` +
      `${c.ratio.readCsv === null ? 'n/a' : `${c.ratio.readCsv.toFixed(2)}x [target <= 0.5: ${mark(c.ratio.readCsv <= 0.5)}]`}`,
    `  data.table fread ${c.best.freadMs === null ? 'n/a' : `${seconds(c.best.freadMs)} (median ${seconds(median(c.freadMs))}, ${c.freadThreads} thread(s))`}: ratio ` +
      `${c.ratio.fread === null ? 'n/a' : `${c.ratio.fread.toFixed(2)}x [target <= 2: ${mark(c.ratio.fread <= 2)}]`}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const runs = Math.max(1, Number(valueOf('--runs') ?? 3));
  const positional = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] === '--runs' || args[i - 1] === '--participants'));
  const files =
    positional.length > 0
      ? positional
      : await Promise.all((valueOf('--participants') ?? '1000000').split(',').map((n) => demoCohortBenchFile(Number(n))));
  for (const file of files) {
    const comparison = await compareImport(file, runs, (line) => process.stdout.write(`${line}\n`), !args.includes('--no-r'));
    process.stdout.write(`${describeComparison(comparison)}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === thisFile) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
