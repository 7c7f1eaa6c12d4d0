/**
 * `analyze survival-difference` (survival-difference.ts, .run.ts): through the runner, as the app, the CLI and the
 * worker run it, on the same data and options as fixtures/survival-difference.R; every group's proportion free of
 * relapse, SE and number still followed, and every pair's difference, SE, CI and p within 1e-6 of R. Also its
 * refusals (one group, an unknown column), its warnings, its declared table and sentences, and its report section
 * (declared:survival-difference: addicts mapped with clinic, at the report's last time, day 365, R's numbers).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAnalysis } from '../../../shared/analyses/registry';
import { runAnalysis } from '../../../shared/analyses/run';
import { declaredTableCells } from '../../../shared/analyses/presentation';
import type { SurvivalDifferenceOptions, SurvivalDifferenceResult } from '../../../shared/analyses/survival-difference';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { runPlan } from '../../../node/report/run-plan';
import { parseMapping } from '../../../shared/mapping/format';
import { buildReportModel } from '../../../shared/report/build-model';
import type { Cell } from '../../../shared/report/model';
import { columnsOfPlan, countOutcomes, defaultReportSettings, planAnalyses, prepareAnalysisData, withDeclaredSections } from '../../../shared/report/plan';

interface RCase {
  source: { dataset: string; group: string; at: number; confLevel: number; eventValue: string };
  groups: { group: string; n: number; events: number; atRisk: number | null; survival: number | null; stdErr: number | null }[];
  comparisons: { a: string; b: string; difference: number | null; stdErr: number | null; lower: number | null; upper: number | null; p: number | null }[];
}
const FIXTURE: Record<string, RCase> = JSON.parse(readFileSync(resolve(import.meta.dirname, '../stats/fixtures/survival-difference.json'), 'utf8'));
const frameOf = (dataset: string) => frameFromCsv(readFileSync(resolve(import.meta.dirname, '../../fixtures/data', `${dataset}.csv`), 'utf8'));

function run(c: RCase) {
  const options = { time: 'time', event: 'status', eventValue: c.source.eventValue, group: c.source.group, at: c.source.at, confLevel: c.source.confLevel };
  const outcome = runAnalysis('survival-difference', frameOf(c.source.dataset), options);
  return { result: outcome.result as SurvivalDifferenceResult, options: outcome.options as SurvivalDifferenceOptions };
}

describe('analyze survival-difference against R', () => {
  for (const [name, c] of Object.entries(FIXTURE)) {
    it(name, () => {
      const { result } = run(c);
      expect(findAnalysis('survival-difference')!.resultSchema.safeParse(result).success).toBe(true);
      expect(result.groups.map((g) => [g.group, g.n, g.events, g.atRisk])).toEqual(c.groups.map((g) => [g.group, g.n, g.events, g.atRisk]));
      result.groups.forEach((g, k) => {
        expectClose(g.survival, c.groups[k].survival, `${name} ${g.group} survival`);
        expectClose(g.stdErr, c.groups[k].stdErr, `${name} ${g.group} SE`);
      });
      expect(result.comparisons.map((p) => [p.a, p.b])).toEqual(c.comparisons.map((p) => [p.a, p.b]));
      result.comparisons.forEach((p, i) => {
        for (const field of ['difference', 'stdErr', 'lower', 'upper', 'p'] as const) expectClose(p[field], c.comparisons[i][field], `${name} ${p.a} - ${p.b} ${field}`);
      });
    });
  }

  it('says which groups are no longer followed at the time asked, and leaves their comparisons out', () => {
    const { result } = run(FIXTURE['veteran by celltype at 600']);
    expect(result.warnings.map((w) => w.code)).toEqual(['after-follow-up', 'after-follow-up', 'after-follow-up']);
    expect(result.warnings[0].message).toMatch(/^Group adeno is no longer followed at 600 \(its last follow-up is at \d+\)/);
  });

  it('refuses one group, and a column that is not there, in one line', () => {
    const frame = frameOf('addicts');
    const clinicOne = readFileSync(resolve(import.meta.dirname, '../../fixtures/data/addicts.csv'), 'utf8').split('\n').filter((line, i) => i === 0 || line.split(',')[1] === '1').join('\n');
    expect(() => runAnalysis('survival-difference', frameFromCsv(clinicOne), { time: 'time', event: 'status', group: 'clinic', at: 365 })).toThrow('group column "clinic" has only one value (1) among the usable rows; the comparison needs at least two groups');
    expect(() => runAnalysis('survival-difference', frame, { time: 'time', event: 'status', group: 'site', at: 365 })).toThrow(/site/);
    expect(() => runAnalysis('survival-difference', frame, { time: 'time', event: 'status', group: 'clinic' })).toThrow(/--at/);
  });

  it('is shown from its declaration: the table cells and the sentences carry R\'s numbers', () => {
    const c = FIXTURE['addicts by clinic at 365'];
    const { result, options } = run(c);
    const declaration = findAnalysis('survival-difference')!;
    const [groups, pairs] = declaredTableCells(declaration.presentation!, result, options);
    expect(groups.rows[0][0]).toEqual({ kind: 'text', text: '1' });
    expect(groups.rows[0][5]).toMatchObject({ kind: 'number', digits: 3 });
    expectClose((groups.rows[1][5] as { value: number }).value, c.groups[1].survival, 'clinic 2 survival cell');
    expectClose((pairs.rows[0][2] as { value: number }).value, c.comparisons[0].difference, 'difference cell');
    const sentences = declaration.presentation!.sentences!(result, options, {});
    const last = sentences[sentences.length - 1];
    expect(last.filter((part) => typeof part === 'string').join('')).toContain('percentage points higher in clinic 2 than in clinic 1');
    expectClose((last[3] as { value: number }).value, c.comparisons[0].difference! * 100, 'points in the sentence');
  });

  it("has its report section from the declaration alone: addicts by clinic at day 365, the last report time, with R's numbers", () => {
    const c = FIXTURE['addicts by clinic at 365'];
    const mapping = parseMapping({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: ['clinic'], factors: { environmental_triggers: [{ column: 'prison', direction: 'risk' }] } });
    const settings = withDeclaredSections(defaultReportSettings(), ['overview', 'declared:survival-difference']);
    const plan = planAnalyses(mapping, settings);
    expect(plan.filter((p) => p.analysis === 'survival-difference').map((p) => p.options)).toEqual([{ time: 'outcome.time_days', event: 'outcome.relapse', group: 'clinic', at: 365, confLevel: 0.95 }]);
    const frame = frameOf('addicts');
    const prepared = prepareAnalysisData(frame, mapping, { keep: columnsOfPlan(plan) });
    const runs = runPlan(prepared.frame, plan);
    const model = buildReportModel({
      mapping, settings, minCell: 5, sections: undefined, plan, runs, exclusions: prepared.exclusions, outcomes: countOutcomes(prepared.frame),
      provenance: { source: 'csv', fileName: 'addicts.csv', fileSize: 1, sha256: null, importedAt: null, rowsRead: frame.nRows, rejectedRows: 0, rejectionsByReason: [] },
      generatedAt: new Date('2026-01-01T00:00:00Z'),
    });
    const section = model.sections.find((s) => s.id === 'declared:survival-difference')!;
    expect(section.title).toBe('Free of relapse at a chosen time');
    const tables = section.blocks.filter((b) => b.kind === 'table') as { rows: Cell[][] }[];
    const number = (cell: Cell) => (cell as { value: number }).value;
    tables[0].rows.forEach((row, k) => {
      expect(number(row[1])).toBe(c.groups[k].n);
      expectClose(number(row[5]), c.groups[k].survival, `section survival ${c.groups[k].group}`);
    });
    expectClose(number(tables[1].rows[0][2]), c.comparisons[0].difference, 'section difference');
    expectClose(number(tables[1].rows[0][4]), c.comparisons[0].p, 'section p');
  });
});
