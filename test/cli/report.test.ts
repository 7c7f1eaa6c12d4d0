// The report, export-analysis, rerun and demo commands as outside checks run them: child processes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseHtml } from '../node/report/parse-html';
import { DEMO_MAPPING } from '../../shared/demo/demo-mapping';
import { parseMapping } from '../../shared/mapping/format';
import { loadCsv } from '../../node/import';
import { buildReportFromFrame } from '../../node/report/build-report';
import { provenanceFromImport } from '../../node/report/gather';
import { reportSettingsSchema } from '../../shared/report/plan';
import { CHILD_ENV, CLI_BIN, ensureCliBuilt, NODE, PROJECT_ROOT } from '../helpers/run-cli';

let dir: string;
const path = (name: string) => join(dir, name);

function cli(args: string[]): string {
  return execFileSync(NODE, [CLI_BIN, ...args], { cwd: PROJECT_ROOT, env: CHILD_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
}

function cliError(args: string[]): { status: number; stderr: string } {
  try {
    cli(args);
  } catch (error) {
    const e = error as { status: number; stderr: string };
    return { status: e.status, stderr: e.stderr };
  }
  throw new Error('the command succeeded');
}

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cli-report-'));
  cli(['demo-cohort', '--out', path('cohort.csv'), '--participants', '3000']);
  writeFileSync(path('mapping.json'), JSON.stringify(DEMO_MAPPING));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli report', () => {
  test('--csv with --min-cell 11: every section, no count under 11', () => {
    const out = JSON.parse(cli(['report', '--csv', path('cohort.csv'), '--mapping', path('mapping.json'), '--out', path('r11.html'), '--min-cell', '11', '--json']));
    expect(out.sections).toEqual(['notes', 'overview', 'group:site', 'group:intake_cohort', 'group:arm', 'factors', 'competing', 'correlation', 'methods', 'provenance', 'mapping'].filter((s) => s !== 'notes'));
    expect(out.minCell).toBe(11);
    const html = readFileSync(path('r11.html'), 'utf8');
    const doc = parseHtml(html);
    const counts = [...doc.querySelectorAll('[data-kind="count"], [data-kind="suppressed"], .km-at-risk-count')].map((el) => el.textContent ?? '');
    expect(counts.length).toBeGreaterThan(100);
    // A count prints as 0, as ≥ 11, as "<11" (1 to 10) or as "suppressed" (hidden so that another cannot be worked out).
    expect(counts.filter((t) => t !== '<11' && t !== 'suppressed' && t !== '0' && !(Number(t.replace(/,/g, '')) >= 11))).toEqual([]);
    expect(/https?:|file:/.test(html)).toBe(false);
    expect(html).not.toContain(dir);
    for (const title of ['Cohort overview', 'Relapse by site', 'Relapse factors (Cox model)', 'How the factors relate to each other', 'Methods', 'Provenance', 'Appendix: column mapping']) {
      expect(doc.body.textContent).toContain(title);
    }
  });

  test('suppression is on by default (5) and --min-cell 0 turns it off', () => {
    const on = JSON.parse(cli(['report', '--csv', path('cohort.csv'), '--mapping', path('mapping.json'), '--out', path('r-default.html'), '--json']));
    expect(on.minCell).toBe(5);
    expect(readFileSync(path('r-default.html'), 'utf8')).toContain('counts from 1 to 4 are shown as “&lt;5”');
    cli(['report', '--csv', path('cohort.csv'), '--mapping', path('mapping.json'), '--out', path('r-off.html'), '--min-cell', '0']);
    const off = parseHtml(readFileSync(path('r-off.html'), 'utf8'));
    expect([...off.querySelectorAll('[data-kind="suppressed"]')]).toHaveLength(0);
    expect(off.body.textContent).toContain('Small-cell suppression is off');
  });

  test('--project --dataset gives the same report numbers as --csv, with the stored provenance', () => {
    cli(['import', path('cohort.csv'), '--project', path('p.sqlite'), '--name', 'cohort']);
    cli(['report', '--project', path('p.sqlite'), '--dataset', 'cohort', '--mapping', path('mapping.json'), '--out', path('rp.html'), '--min-cell', '11']);
    const fromProject = parseHtml(readFileSync(path('rp.html'), 'utf8'));
    const fromCsv = parseHtml(readFileSync(path('r11.html'), 'utf8'));
    const tables = (doc: Document) => [...doc.querySelectorAll('table[id]')].filter((t) => !t.id.startsWith('table-rejections')).map((t) => t.textContent);
    expect(tables(fromProject)).toEqual(tables(fromCsv));
    const dd = (doc: Document, term: string) => [...doc.querySelectorAll('#provenance dt')].find((d) => d.textContent === term)!.nextElementSibling!.textContent;
    expect(dd(fromProject, 'SHA-256')).toBe(dd(fromCsv, 'SHA-256'));
    expect(dd(fromProject, 'Dataset')).toBe('cohort');
    expect(dd(fromProject, 'Project file')).toBe('p.sqlite');
  });

  test('usage errors are one line with exit code 2', () => {
    const missing = cliError(['report', '--csv', path('cohort.csv'), '--out', path('x.html')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: --mapping M\.json is required/);
    const badK = cliError(['report', '--csv', path('cohort.csv'), '--mapping', path('mapping.json'), '--out', path('x.html'), '--min-cell', 'five']);
    expect(badK.status).toBe(2);
    expect(badK.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('cli export-analysis and rerun', () => {
  test('rerunning an analysis-only export gives identical results, on the CSV and on the project', async () => {
    cli(['export-analysis', '--mapping', path('mapping.json'), '--out', path('analysis.json'), '--ties', 'breslow', '--times', '60,120,365', '--min-cell', '11']);
    const exported = JSON.parse(readFileSync(path('analysis.json'), 'utf8'));
    expect(exported.format).toBe('relapse-workbench-analysis');
    expect(JSON.stringify(exported)).not.toMatch(/P0\d{4}/);

    const strip = (doc: { analyses: { key: string; result?: unknown; error?: string }[] }) => doc.analyses.map((a) => ({ key: a.key, result: a.result, error: a.error }));
    const first = JSON.parse(cli(['rerun', path('analysis.json'), '--csv', path('cohort.csv'), '--json']));
    const second = JSON.parse(cli(['rerun', path('analysis.json'), '--project', path('p.sqlite'), '--dataset', 'cohort', '--json', '--out', path('rerun.html')]));
    expect(first.analyses.map((a: { key: string }) => a.key)).toEqual(exported.analyses.map((a: { key: string }) => a.key));
    expect(first.analyses.every((a: { result?: unknown }) => a.result !== undefined)).toBe(true);
    expect(strip(second)).toEqual(strip(first));

    // The original run (the report built in-process with the same mapping and settings) has the same numbers.
    const { frame, report } = await loadCsv(path('cohort.csv'));
    const original = await buildReportFromFrame({
      frame,
      provenance: provenanceFromImport(report, frame, { source: 'csv' }),
      mapping: parseMapping(DEMO_MAPPING),
      settings: reportSettingsSchema.parse({ ties: 'breslow', times: [60, 120, 365] }),
      minCell: 11,
    });
    expect(strip(first)).toEqual(JSON.parse(JSON.stringify(original.runs.map((r) => ({ key: r.key, result: r.result, error: r.error })))));
    const cox = first.analyses.find((a: { key: string }) => a.key === 'cox:factors');
    expect(cox.result.ties).toBe('breslow');
    expect(existsSync(path('rerun.html'))).toBe(true);
    const rerunTables = [...parseHtml(readFileSync(path('rerun.html'), 'utf8')).querySelectorAll('table[id]')].map((t) => t.textContent);
    const originalTables = [...parseHtml(original.html).querySelectorAll('table[id]')].map((t) => t.textContent);
    expect(rerunTables.filter((_, i) => i < 10)).toEqual(originalTables.filter((_, i) => i < 10));
  }, 120_000);
});

describe('cli demo', () => {
  test('writes the cohort, mapping, analysis export and report', () => {
    const out = JSON.parse(cli(['demo', '--out', path('demo'), '--json']));
    // The episodes files are checked in demo-episodes.test.ts.
    expect(Object.keys(out.files)).toEqual(['cohort', 'mapping', 'analysis', 'report', 'episodes', 'episodesMapping', 'episodesReport']);
    expect(readFileSync(path('demo/demo-cohort.csv'), 'utf8').trim().split('\n')).toHaveLength(5001);
    expect(parseMapping(readFileSync(path('demo/demo-mapping.json'), 'utf8'))).toEqual(parseMapping(DEMO_MAPPING));
    expect(JSON.parse(readFileSync(path('demo/demo-analysis.json'), 'utf8')).minCell).toBe(5);
    expect(readFileSync(path('demo/demo-report.html'), 'utf8')).toContain('Demo cohort: relapse analysis report');
  }, 120_000);
});
