// `report --sections …,declared:rmst,…` (issue 12): the existing section flag takes a declared analysis's section;
// the built CLI writes it, its analysis-only export carries the run, and `rerun` replays it with the same numbers.
// R's addicts mapped with clinic as the group: the section's numbers are survRM2's rmst2 of addicts by clinic at
// its default horizon, day 905 (test/shared/stats/fixtures/rmst-difference.R, "addicts by clinic, default tau").
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseHtml } from '../node/report/parse-html';
import { formatNumber } from '../../presentation/format';
import { expectClose } from '../helpers/compare';
import { ensureCliBuilt, PROJECT_ROOT, runCli } from '../helpers/run-cli';
import { rmstCase } from '../shared/stats/rmst-difference-fixture';

let dir: string;
const path = (name: string) => join(dir, name);
const ADDICTS = join(PROJECT_ROOT, 'test/fixtures/data/addicts.csv');
const r = rmstCase('addicts by clinic, default tau').doc;

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cli-report-declared-'));
  writeFileSync(
    path('mapping.json'),
    JSON.stringify({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: ['clinic'], factors: { environmental_triggers: [{ column: 'prison', direction: 'risk' }] } }),
  );
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cells = (html: string, id: string) => [...parseHtml(html).querySelectorAll(`#${id} tbody tr`)].map((tr) => [...tr.children].map((td) => td.textContent ?? ''));

describe('report --sections with a declared section', () => {
  test('--help names the declared sections from their declarations', async () => {
    const help = await runCli(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('declared:rmst (Restricted mean time free of relapse: differences between groups)');
  });

  test('writes the section with R\'s numbers; the export carries it and rerun replays it', async () => {
    const run = await runCli(['report', '--csv', ADDICTS, '--mapping', path('mapping.json'), '--out', path('report.html'), '--sections', 'overview,groups,declared:rmst,methods', '--export-analysis', path('analysis.json'), '--min-cell', '0', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = run.json<{ sections: string[]; failed: unknown[] }>();
    expect(doc.sections).toEqual(['overview', 'group:clinic', 'declared:rmst', 'methods']);
    expect(doc.failed).toEqual([]);
    const html = readFileSync(path('report.html'), 'utf8');
    const [comparison] = cells(html, 'table-rmst-comparisons');
    const c = r.comparisons[0];
    // As the report writes R's numbers: the difference with 1 decimal, the ratio with 3.
    expect(comparison.slice(0, 3)).toEqual([c.a, c.b, formatNumber(c.difference!, 1)]);
    expect(comparison[5]).toBe(formatNumber(c.ratio!, 3));
    expect(cells(html, 'table-rmst-groups').map((row) => [row[0], row[1], row[3], row[4]])).toEqual(r.groups.map((g) => [g.group, String(g.n), String(r.tau), formatNumber(g.rmst, 1)]));

    const exported = JSON.parse(readFileSync(path('analysis.json'), 'utf8'));
    expect(exported.settings.declared).toEqual(['rmst']);
    expect(exported.analyses.filter((a: { role: string }) => a.role === 'declared')).toEqual([
      { key: 'declared:rmst:1', role: 'declared', analysis: 'rmst', options: { time: 'outcome.time_days', event: 'outcome.relapse', group: 'clinic', confLevel: 0.95 }, group: 'clinic' },
    ]);

    const rerun = await runCli(['rerun', path('analysis.json'), '--csv', ADDICTS, '--out', path('rerun.html'), '--json']);
    expect(rerun.code).toBe(0);
    const replayed = rerun.json<{ analyses: { key: string; result: { tau: number; groups: typeof r.groups; comparisons: typeof r.comparisons } }[] }>().analyses.find((a) => a.key === 'declared:rmst:1')!;
    expect(replayed.result.tau).toBe(905);
    for (const [i, g] of r.groups.entries()) {
      expectClose(replayed.result.groups[i].rmst, g.rmst, `rmst ${g.group}`);
      expectClose(replayed.result.groups[i].stdErr, g.stdErr, `SE ${g.group}`);
    }
    for (const field of ['difference', 'differenceLower', 'differenceUpper', 'p', 'ratio', 'ratioLower', 'ratioUpper', 'ratioP'] as const) expectClose(replayed.result.comparisons[0][field], c[field], field);
    // The rerun's report (its default sections) holds the declared section too, before the methods, with the same table.
    const rerunHtml = readFileSync(path('rerun.html'), 'utf8');
    const ids = [...parseHtml(rerunHtml).querySelectorAll('section[data-section]')].map((s) => s.getAttribute('data-section'));
    expect(ids.slice(ids.indexOf('declared:rmst'), ids.indexOf('declared:rmst') + 2)).toEqual(['declared:rmst', 'methods']);
    expect(cells(rerunHtml, 'table-rmst-comparisons')).toEqual(cells(html, 'table-rmst-comparisons'));
  }, 120_000);

  test('an unknown declared section is refused in one line', async () => {
    const run = await runCli(['report', '--csv', ADDICTS, '--mapping', path('mapping.json'), '--out', path('x.html'), '--sections', 'overview,declared:km']);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--sections: unknown report section "declared:km"');
    expect(run.stderr).toContain('declared:rmst');
  });
});
