/**
 * Import benchmark: the streaming CSV import of a file into a fresh project file, run in a child process
 * so that its peak resident memory (maxRSS) is the import's alone; and R's read.csv of the same file for
 * comparison. Run directly: `tsx bench/import-bench.ts [FILE] [--runs K]` (default: the 1,000,000-row demo
 * cohort, generated once under bench/data/; 1 run). With several runs, ours and R alternate so that both
 * meet the same machine load, and the best and the median of each are reported.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const thisFile = fileURLToPath(import.meta.url);

export interface ImportBenchResult {
  rows: number;
  rejectedRows: number;
  wallMs: number;
  rowsPerSecond: number;
  peakRssMb: number;
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, cwd: join(here, '..') }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr.split('\n').slice(0, 3).join(' ') || error.message}`));
      else resolvePromise({ stdout, stderr });
    });
  });
}

/** Imports `csvPath` into a new project file in a child process; wall time covers the import call only. */
export async function benchImport(csvPath: string): Promise<ImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'relapse-import-bench-'));
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', thisFile, '--child', resolve(csvPath), join(dir, 'bench.sqlite')]);
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ImportBenchResult;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds R's read.csv takes for the file (median of one run after warm file cache), null without Rscript. */
export async function benchReadCsvInR(csvPath: string): Promise<number | null> {
  const script = `t <- system.time(d <- read.csv(${JSON.stringify(resolve(csvPath))}))[["elapsed"]]; cat(t * 1000, nrow(d), "\\n")`;
  try {
    const { stdout } = await run('Rscript', ['-e', script]);
    const ms = Number(stdout.trim().split(/\s+/)[0]);
    return Number.isFinite(ms) ? ms : null;
  } catch (error) {
    if ((error as Error).message.includes('ENOENT')) return null;
    return null;
  }
}

/** The cached 1,000,000-row demo cohort CSV (generated on first use). */
export async function demoCohortBenchFile(participants = 1_000_000): Promise<string> {
  const path = join(here, 'data', `demo-cohort-${participants}.csv`);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const { writeDemoCohortCsv } = await import('../electron/main/files/demo-cohort-file');
    await writeDemoCohortCsv(`${path}.partial`, participants);
    const { renameSync } = await import('node:fs');
    renameSync(`${path}.partial`, path);
  }
  return path;
}

async function child(csvPath: string, projectPath: string): Promise<void> {
  const { openProject } = await import('../electron/main/store/project');
  const { importCsv } = await import('../electron/main/import/import-csv');
  const project = openProject(projectPath, { create: true });
  const started = performance.now();
  const report = await importCsv(project, csvPath);
  const wallMs = performance.now() - started;
  project.close();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const result: ImportBenchResult = {
    rows: report.rows,
    rejectedRows: report.rejectedRows,
    wallMs,
    rowsPerSecond: report.rows / (wallMs / 1000),
    peakRssMb,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1], args[2]);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1])) : 1;
  const positional = args.filter((_, i) => runsAt < 0 || (i !== runsAt && i !== runsAt + 1));
  const csv = positional[0] ?? (await demoCohortBenchFile());
  const ours: ImportBenchResult[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await benchImport(csv);
    ours.push(result);
    const r = await benchReadCsvInR(csv);
    if (r !== null) theirs.push(r);
    process.stdout.write(
      `run ${i + 1}: ${result.rows} rows (${result.rejectedRows} rejected) in ${(result.wallMs / 1000).toFixed(2)} s, ` +
        `${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s, peak RSS ${result.peakRssMb.toFixed(0)} MB; ` +
        `R read.csv: ${r === null ? 'no Rscript' : `${(r / 1000).toFixed(2)} s`}\n`,
    );
  }
  const walls = ours.map((o) => o.wallMs);
  const best = Math.min(...walls);
  const rows = ours[0].rows;
  process.stdout.write(
    `import ${csv}: best ${(best / 1000).toFixed(2)} s (${Math.round(rows / (best / 1000)).toLocaleString('en')} rows/s), ` +
      `median ${(median(walls) / 1000).toFixed(2)} s, peak RSS max ${Math.max(...ours.map((o) => o.peakRssMb)).toFixed(0)} MB; ` +
      `R read.csv: ${theirs.length === 0 ? 'no Rscript' : `best ${(Math.min(...theirs) / 1000).toFixed(2)} s, median ${(median(theirs) / 1000).toFixed(2)} s`}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === thisFile) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
