/**
 * The report's data preparation keeps only what its analyses read (the derived outcome, the factor
 * scores, the group columns), and the analyses give exactly the results they give on the whole mapped
 * frame. A cohort with excluded rows (missing and negative follow-up) exercises the row selection too.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv } from '../../../electron/main/import';
import { DEMO_MAPPING } from '../../../shared/demo/demo-mapping';
import { demoCohortCsv } from '../../../shared/demo/demo-cohort';
import { parseMapping } from '../../../shared/mapping/format';
import { columnsOfPlan, defaultReportSettings, planAnalyses, prepareAnalysisData } from '../../../shared/report/plan';
import { runPlan } from '../../../electron/main/report/run-plan';

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
