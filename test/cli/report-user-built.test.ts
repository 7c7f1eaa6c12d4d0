// An analysis-only export of a user-built plan (the Cox model, correlation and survival section set up in
// the app's steps: settings.cox, .correlation, .survival) replays the same analyses through `rerun`: the
// child process runs the user's Cox model (categorical arm against buprenorphine, strata, Breslow ties),
// with the same numbers as the report built in-process, and the rerun report's Cox table has the user's terms.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseHtml } from '../node/report/parse-html';
import { DEMO_MAPPING } from '../../shared/demo/demo-mapping';
import { parseMapping } from '../../shared/mapping/format';
import { loadCsv } from '../../node/import';
import { buildReportFromFrame } from '../../node/report/build-report';
import { provenanceFromImport } from '../../node/report/gather';
import { createAnalysisExport, parseAnalysisExport, serialiseAnalysisExport } from '../../shared/report/analysis-export';
import { reportSettingsSchema } from '../../shared/report/plan';
import { CHILD_ENV, CLI_BIN, ensureCliBuilt, NODE, PROJECT_ROOT } from '../helpers/run-cli';

let dir: string;
const path = (name: string) => join(dir, name);
const cli = (args: string[]) => execFileSync(NODE, [CLI_BIN, ...args], { cwd: PROJECT_ROOT, env: CHILD_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });

const settings = reportSettingsSchema.parse({
  cox: { covariates: ['score.coping_skills', 'arm', 'age'], categorical: ['arm'], reference: 'arm=buprenorphine', strata: 'site', ties: 'breslow' },
  correlation: { columns: ['age', 'score.coping_skills', 'score.underlying_issues'], method: 'kendall', pAdjust: 'BH', missing: 'listwise' },
  survival: { groups: ['arm'], confType: 'log-log', confLevel: 0.9, times: [60, 200] },
});

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cli-user-built-'));
  cli(['demo-cohort', '--out', path('cohort.csv'), '--participants', '1500']);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rerun of a user-built plan', () => {
  test('the export carries the user-built analyses and rerun runs them, as the report in-process', async () => {
    const mapping = parseMapping(DEMO_MAPPING);
    const exported = createAnalysisExport(mapping, settings, 5, new Date('2026-01-02T03:04:05Z'));
    writeFileSync(path('analysis.json'), serialiseAnalysisExport(exported));
    const back = parseAnalysisExport(readFileSync(path('analysis.json'), 'utf8'));
    expect(back.settings).toEqual(settings);
    expect(back.analyses.find((a) => a.key === 'cox:factors')!.options).toMatchObject({ covariates: ['score.coping_skills', 'arm', 'age'], categorical: ['arm'], reference: 'arm=buprenorphine', strata: 'site', ties: 'breslow' });

    const rerun = JSON.parse(cli(['rerun', path('analysis.json'), '--csv', path('cohort.csv'), '--json', '--out', path('rerun.html')]));
    const cox = rerun.analyses.find((a: { key: string }) => a.key === 'cox:factors');
    expect(cox.result.ties).toBe('breslow');
    expect(cox.result.coefficients.map((c: { term: string }) => c.term)).toEqual(['score.coping_skills', 'arm=methadone', 'age']);
    expect(rerun.analyses.filter((a: { key: string }) => a.key.startsWith('km:')).map((a: { key: string }) => a.key)).toEqual(['km:all', 'km:arm']);

    const { frame, report } = await loadCsv(path('cohort.csv'));
    const original = await buildReportFromFrame({ frame, provenance: provenanceFromImport(report, frame, { source: 'csv' }), mapping, settings, minCell: 5 });
    const strip = (runs: { key: string; result?: unknown; error?: string }[]) => runs.map((r) => ({ key: r.key, result: r.result, error: r.error }));
    expect(strip(rerun.analyses)).toEqual(JSON.parse(JSON.stringify(strip(original.runs))));

    const html = parseHtml(readFileSync(path('rerun.html'), 'utf8'));
    const terms = [...html.querySelectorAll('#table-cox tbody tr')].map((tr) => tr.querySelector('td, th')?.textContent);
    expect(terms).toEqual(['Coping skills', 'arm: buprenorphine', 'arm: methadone vs buprenorphine', 'age']);
    expect(html.body.textContent).toContain('User-built analyses: the survival curves and group comparisons, the Cox model and the correlations');
    // The mapping appendix: a readable table, and the template offered as a download (a data: link, no network).
    expect([...html.querySelectorAll('#table-mapping tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent))).toContainEqual(['Relapse', 'exit_status', 'exit_status = 1']);
    const link = html.querySelector('a[download="mapping.json"]')!;
    const href = link.getAttribute('href')!;
    expect(href.startsWith('data:application/json;charset=utf-8,')).toBe(true);
    expect(parseMapping(decodeURIComponent(href.slice(href.indexOf(',') + 1)))).toEqual(mapping);
  }, 180_000);

  // Issue 15 item 7: a Cox model with a robust variance (cluster) or case weights, and curves split at a factor
  // score's median or tertiles, replay through the export and `rerun` with the numbers of the report in-process
  // (their agreement with R: test/node/report/build-report-user-built.test.ts).
  test.each([
    ['cluster', { cluster: 'site' }, 'median.psychological_dependence', ['below median', 'median or above'], 'Relapse by psychological dependence (median split)'],
    ['weights', { weights: 'age' }, 'tertile.complacency', ['lower third', 'middle third', 'upper third'], 'Relapse by complacency (tertile split)'],
  ] as const)('rerun replays the Cox model with %s and the split survival curves', async (name, extra, group, levels, title) => {
    const mapping = parseMapping(DEMO_MAPPING);
    const split = reportSettingsSchema.parse({
      cox: { covariates: ['score.coping_skills', 'age', 'arm'], categorical: ['arm'], ...extra },
      survival: { groups: [group], times: [90, 365] },
    });
    const exported = createAnalysisExport(mapping, split, 5, new Date('2026-01-02T03:04:05Z'));
    writeFileSync(path(`${name}.json`), serialiseAnalysisExport(exported));
    expect(parseAnalysisExport(readFileSync(path(`${name}.json`), 'utf8')).settings).toEqual(split);
    expect(exported.analyses.find((a) => a.key === 'cox:factors')!.options).toMatchObject(extra);
    expect(exported.analyses.filter((a) => a.role === 'group-km').map((a) => a.group)).toEqual([group]);

    const rerun = JSON.parse(cli(['rerun', path(`${name}.json`), '--csv', path('cohort.csv'), '--json', '--out', path(`${name}.html`)]));
    const { frame, report } = await loadCsv(path('cohort.csv'));
    const original = await buildReportFromFrame({ frame, provenance: provenanceFromImport(report, frame, { source: 'csv' }), mapping, settings: split, minCell: 5 });
    const strip = (runs: { key: string; result?: unknown; error?: string }[]) => runs.map((r) => ({ key: r.key, result: r.result, error: r.error }));
    expect(strip(rerun.analyses)).toEqual(JSON.parse(JSON.stringify(strip(original.runs))));
    const km = rerun.analyses.find((a: { key: string }) => a.key === `km:${group}`);
    expect(km.result.groups.map((g: { group: string }) => g.group)).toEqual(levels);
    const cox = rerun.analyses.find((a: { key: string }) => a.key === 'cox:factors');
    expect(cox.error).toBeUndefined();
    if (name === 'cluster') expect(cox.result.clusters).toBe(new Set(readFileSync(path('cohort.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1])).size);
    else expect(cox.result.weights).toEqual({ column: 'age', robust: false });

    const html = parseHtml(readFileSync(path(`${name}.html`), 'utf8'));
    expect(html.body.textContent).toContain(title);
    const headers = [...html.querySelectorAll('#table-cox thead th')].map((th) => th.textContent);
    // Whole weights (ages) are frequencies: R's model-based variance, no robust SE column.
    expect(headers).toEqual(name === 'cluster' ? ['Term', 'Hazard ratio', '95% CI', 'SE', 'Robust SE', 'z', 'p', 'PH test p'] : ['Term', 'Hazard ratio', '95% CI', 'p', 'PH test p']);
  }, 180_000);
});
