/**
 * The report's data preparation keeps only what its analyses read (the derived outcome, the factor
 * scores, the group columns), and the analyses give exactly the results they give on the whole mapped
 * frame. A cohort with excluded rows (missing and negative follow-up) exercises the row selection too.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv } from '../../../node/import';
import { DEMO_MAPPING } from '../../../shared/demo/demo-mapping';
import { demoCohortCsv } from '../../../shared/demo/demo-cohort';
import { parseMapping } from '../../../shared/mapping/format';
import { columnsOfPlan, countGroups, crowdedGroups, defaultReportSettings, isScoreSplitColumn, mappedFactors, planAnalyses, prepareAnalysisData, reportSettingsSchema, withoutCrowdedGroups } from '../../../shared/report/plan';
import { runAnalysis } from '../../../shared/analyses/run';
import { runPlan } from '../../../node/report/run-plan';

const mapping = parseMapping(DEMO_MAPPING);

function cohortWithExclusions(): string {
  const lines = demoCohortCsv(600, 11).trimEnd().split('\n');
  const header = lines[0].split(',');
  const days = header.indexOf('days_followed');
  const rows = lines.slice(1).map((line) => line.split(','));
  rows[3][days] = '';
  rows[10][days] = '-4';
  return [lines[0], ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

describe('prepareAnalysisData with the columns of the plan', () => {
  it('keeps the outcome, the scores and the groups only, and the plan gives identical results', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const file = join(dir, 'cohort.csv');
    writeFileSync(file, cohortWithExclusions());
    const raw = (await loadCsv(file, {})).frame;
    rmSync(dir, { recursive: true, force: true });
    const plan = planAnalyses(mapping, defaultReportSettings());
    const full = prepareAnalysisData(raw, mapping);
    const lean = prepareAnalysisData(raw, mapping, { keep: columnsOfPlan(plan) });
    expect(lean.exclusions).toEqual(full.exclusions);
    expect(lean.exclusions.excluded).toBe(2);
    const names = lean.frame.columns.map((c) => c.name);
    expect(names.filter((n) => n.startsWith('median.') || n.startsWith('tertile.'))).toEqual([]);
    expect(names).not.toContain(mapping.id);
    expect(names).not.toContain('cows_peak'); // a factor item: it served its score
    for (const group of mapping.groups) expect(names).toContain(group);
    for (const name of ['outcome.time_days', 'outcome.relapse', 'outcome.status', 'score.physical_dependence']) expect(names).toContain(name);
    expect(lean.frame.columns.length).toBeLessThan(full.frame.columns.length / 2);
    const strip = (runs: ReturnType<typeof runPlan>) => runs.map(({ analysisMs: _ms, ...rest }) => rest);
    expect(strip(runPlan(lean.frame, plan))).toEqual(strip(runPlan(full.frame, plan)));
  });

  it('does not compute pairwise comparisons the report never shows', async () => {
    const plan = planAnalyses(mapping, defaultReportSettings());
    const logranks = plan.filter((p) => p.analysis === 'logrank');
    expect(logranks.length).toBe(mapping.groups.length);
    for (const p of logranks) expect(p.options.pairwise).toBe('no');
  });
});

describe('planAnalyses with user-built analyses (settings.cox, .correlation, .survival)', () => {
  const userSettings = () =>
    reportSettingsSchema.parse({
      cox: { covariates: ['score.psychological_dependence', 'arm', 'age'], categorical: ['arm'], reference: 'arm=buprenorphine', strata: 'site', ties: 'breslow', confLevel: 0.9 },
      correlation: { columns: ['age', 'score.psychological_dependence', 'score.underlying_issues'], method: 'kendall', pAdjust: 'BH', missing: 'listwise' },
      survival: { groups: ['arm'], confType: 'log-log', confLevel: 0.9, times: [60, 200] },
    });

  it('plans the user-built Cox model, correlation and survival section, and the defaults otherwise', () => {
    const plan = planAnalyses(mapping, userSettings());
    const cox = plan.find((p) => p.key === 'cox:factors')!;
    expect(cox.options).toEqual({ time: 'outcome.time_days', event: 'outcome.relapse', covariates: ['score.psychological_dependence', 'arm', 'age'], categorical: ['arm'], reference: 'arm=buprenorphine', strata: 'site', ties: 'breslow', confLevel: 0.9 });
    expect(plan.find((p) => p.key === 'correlation:factors')!.options).toEqual({ columns: ['age', 'score.psychological_dependence', 'score.underlying_issues'], method: 'kendall', pAdjust: 'BH', missing: 'listwise' });
    expect(plan.filter((p) => p.role === 'group-km').map((p) => p.group)).toEqual(['arm']);
    expect(plan.find((p) => p.key === 'km:all')!.options).toMatchObject({ confType: 'log-log', confLevel: 0.9, times: [60, 200] });
    expect(columnsOfPlan(plan)).toContain('age');
    const defaults = planAnalyses(mapping, defaultReportSettings());
    expect(defaults.find((p) => p.key === 'cox:factors')!.options.covariates).toEqual(mappedFactors(mapping).map((f) => `score.${f}`));
    expect(defaults.find((p) => p.key === 'cox:factors')!.options.ties).toBe('efron');
    expect(defaults.filter((p) => p.role === 'group-km').map((p) => p.group)).toEqual(['site', 'intake_cohort', 'arm']);
  });

  it('runs exactly the user-built Cox model (categorical arm against buprenorphine, strata, Breslow ties)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-user-'));
    const file = join(dir, 'cohort.csv');
    writeFileSync(file, demoCohortCsv(400, 3));
    const raw = (await loadCsv(file, {})).frame;
    rmSync(dir, { recursive: true, force: true });
    const plan = planAnalyses(mapping, userSettings());
    const prepared = prepareAnalysisData(raw, mapping, { keep: columnsOfPlan(plan) });
    const runs = runPlan(prepared.frame, plan);
    const cox = runs.find((r) => r.key === 'cox:factors')!;
    expect(cox.error).toBeUndefined();
    const direct = runAnalysis('cox', prepareAnalysisData(raw, mapping).frame, plan.find((p) => p.key === 'cox:factors')!.options).result;
    const result = cox.result as { terms: { term: string; reference: string | null }[]; coefficients: { term: string; coef: number }[] };
    expect(result.terms.find((t) => t.term === 'arm')!.reference).toBe('buprenorphine');
    expect(result.coefficients.map((c) => c.term)).toEqual(['score.psychological_dependence', 'arm=methadone', 'age']);
    expect(result.coefficients).toEqual((direct as typeof result).coefficients);
  });
});

describe('the user-built Cox model with a robust variance or case weights, and curves split at a factor score (issue 15 item 7)', () => {
  it('plans cluster and weights as the cox options, and keeps the split column the user chose, derived as for the app', async () => {
    const settings = reportSettingsSchema.parse({
      cox: { covariates: ['score.coping_skills', 'age'], cluster: 'site' },
      survival: { groups: ['median.psychological_dependence'] },
    });
    const plan = planAnalyses(mapping, settings);
    expect(plan.find((p) => p.key === 'cox:factors')!.options).toEqual({ time: 'outcome.time_days', event: 'outcome.relapse', covariates: ['score.coping_skills', 'age'], categorical: [], cluster: 'site', ties: 'efron', confLevel: 0.95 });
    const weighted = planAnalyses(mapping, reportSettingsSchema.parse({ cox: { covariates: ['age'], weights: 'age' } }));
    expect(weighted.find((p) => p.key === 'cox:factors')!.options).toMatchObject({ weights: 'age' });
    expect(weighted.find((p) => p.key === 'cox:factors')!.options).not.toHaveProperty('cluster');
    const dir = mkdtempSync(join(tmpdir(), 'plan-split-'));
    const file = join(dir, 'cohort.csv');
    writeFileSync(file, cohortWithExclusions());
    const raw = (await loadCsv(file, {})).frame;
    rmSync(dir, { recursive: true, force: true });
    const lean = prepareAnalysisData(raw, mapping, { keep: columnsOfPlan(plan) });
    const full = prepareAnalysisData(raw, mapping);
    const names = lean.frame.columns.map((c) => c.name);
    // Only the split chosen; its codes are those of the full mapped frame (cut before the exclusion rule, over every scored row).
    expect(names.filter((n) => isScoreSplitColumn(n))).toEqual(['median.psychological_dependence']);
    expect(names).toContain('site');
    const codes = (frame: typeof lean.frame) => Array.from((frame.columns.find((c) => c.name === 'median.psychological_dependence') as { codes: Int32Array }).codes);
    expect(codes(lean.frame)).toEqual(codes(full.frame));
    const strip = (runs: ReturnType<typeof runPlan>) => runs.map(({ analysisMs: _ms, ...rest }) => rest);
    expect(strip(runPlan(lean.frame, plan))).toEqual(strip(runPlan(full.frame, plan)));
  });
});

describe('countGroups and crowdedGroups (issue 15 item 6)', () => {
  it('counts veteran’s ages and Karnofsky scores among the analysed rows as R does, and names a grouping of more than 20', async () => {
    // R: length(unique(veteran$age)) = 40, length(unique(veteran$karno)) = 12 (test/node/report/fixtures/many-groups.R)
    const { frame } = await loadCsv(join(__dirname, '..', '..', 'fixtures', 'data', 'veteran.csv'), {});
    expect(countGroups(frame, 'age')).toBe(40);
    expect(countGroups(frame, 'karno')).toBe(12);
    expect(countGroups(frame, 'celltype')).toBe(4);
    const veteran = parseMapping({ format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: [1] }, groups: ['celltype', 'age', 'karno'], factors: {} });
    expect(crowdedGroups(frame, veteran, defaultReportSettings())).toEqual([{ column: 'age', groups: 40 }]);
    // The user's own survival set-up is theirs: nothing is left out.
    expect(crowdedGroups(frame, veteran, reportSettingsSchema.parse({ survival: { groups: ['age'] } }))).toEqual([]);
    const plan = planAnalyses(veteran, defaultReportSettings());
    expect(withoutCrowdedGroups(plan, [{ column: 'age', groups: 40 }]).map((p) => p.key)).toEqual(['km:all', 'km:celltype', 'logrank:celltype', 'km:karno', 'logrank:karno']);
  });
});
