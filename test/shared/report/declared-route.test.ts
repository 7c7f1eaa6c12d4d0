/**
 * The generic report route of a declared analysis (issue 12, "one declaration drives everything"): an analysis
 * whose presentation has a report part (shared/analyses/presentation.ts) reaches the plan, the runs, the model and
 * its section with no line of its own in plan.ts or build-model.ts. Nothing is registered by hand: the real rmst
 * declaration (rmst.presentation.ts) goes the whole way, on R's addicts mapped with clinic as the group, and the
 * section's numbers are survRM2's rmst2 (test/shared/stats/fixtures/rmst-difference.R, case "addicts by clinic,
 * default tau": tau 905, the survRM2 default of the report part, since the report settings set no horizon).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsv } from '../../../node/import';
import { runPlan } from '../../../node/report/run-plan';
import { ANALYSES } from '../../../shared/analyses/registry';
import type { DataFrame } from '../../../shared/data/frame';
import { parseMapping, type MappingTemplate } from '../../../shared/mapping/format';
import { createAnalysisExport, parseAnalysisExport } from '../../../shared/report/analysis-export';
import { buildReportModel, resolveSectionOrder, type ReportInput } from '../../../shared/report/build-model';
import type { Block, Cell, ReportModel } from '../../../shared/report/model';
import { columnsOfPlan, countOutcomes, defaultReportSettings, planAnalyses, prepareAnalysisData, reportableAnalyses, reportSettingsSchema, withDeclaredSections, type ReportSettings } from '../../../shared/report/plan';
import { expectClose } from '../../helpers/compare';
import { rmstCase } from '../stats/rmst-difference-fixture';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');

const ADDICTS: MappingTemplate = {
  format: 'relapse-workbench-mapping',
  version: 1,
  id: 'id',
  outcome: { time: 'time', event: 'status', eventValues: ['1'] },
  groups: ['clinic'],
  factors: { physical_dependence: [{ column: 'dose', direction: 'protective' }], environmental_triggers: [{ column: 'prison', direction: 'risk' }] },
};

let addicts: DataFrame;
let lung: DataFrame;
beforeAll(async () => {
  addicts = (await loadCsv(join(root, 'test/fixtures/data/addicts.csv'))).frame;
  lung = (await loadCsv(join(root, 'test/fixtures/data/lung.csv'))).frame;
});

/** The report model of addicts (or `frame`) through the route report building takes (node/report/build-report.ts, without the HTML). */
function report(template: MappingTemplate, settings: ReportSettings, sections: string[] | undefined, minCell: number, frame: DataFrame = addicts): { model: ReportModel; input: ReportInput } {
  const mapping = parseMapping(template);
  const plan = planAnalyses(mapping, settings);
  const prepared = prepareAnalysisData({ nRows: frame.nRows, columns: [...frame.columns] }, mapping, { keep: columnsOfPlan(plan) });
  const input: ReportInput = {
    mapping,
    settings,
    minCell,
    sections,
    plan,
    runs: runPlan(prepared.frame, plan),
    exclusions: prepared.exclusions,
    outcomes: countOutcomes(prepared.frame),
    provenance: { source: 'csv', fileName: 'cohort.csv', fileSize: 1, sha256: null, importedAt: null, rowsRead: frame.nRows, rejectedRows: 0, rejectionsByReason: [] },
    generatedAt: new Date('2026-01-01T00:00:00Z'),
  };
  return { model: buildReportModel(input), input };
}

const tables = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
const value = (cell: Cell): number | null => {
  if (cell.kind === 'number' || cell.kind === 'percent' || cell.kind === 'p') return cell.value;
  if (cell.kind === 'count') return cell.value;
  throw new Error(`not a number cell: ${JSON.stringify(cell)}`);
};
const bounds = (cell: Cell): [number | null, number | null] => {
  if (cell.kind !== 'interval') throw new Error(`not an interval: ${JSON.stringify(cell)}`);
  return [cell.lower, cell.upper];
};

describe('a declared analysis with a report part reaches plan, run, model and section', () => {
  it('the declarations with a report part are found in the registry (rmst among them; predict has none)', () => {
    expect(reportableAnalyses().map((a) => a.id)).toContain('rmst');
    expect(reportableAnalyses().map((a) => a.id)).not.toContain('predict');
  });

  it('asked for by its section key, rmst is planned from the report context and its section holds R\'s numbers (k = 5)', () => {
    const settings = withDeclaredSections(defaultReportSettings(), ['overview', 'declared:rmst']);
    expect(settings.declared).toEqual(['rmst']);
    const { model, input } = report(ADDICTS, settings, undefined, 5);
    const planned = input.plan.filter((p) => p.role === 'declared');
    // The report's follow-up column and relapse indicator, the mapped group, the report's level; no tau: survRM2's default.
    expect(planned).toEqual([{ key: 'declared:rmst:1', role: 'declared', analysis: 'rmst', options: { time: 'outcome.time_days', event: 'outcome.relapse', group: 'clinic', confLevel: 0.95 }, group: 'clinic' }]);
    expect(input.runs.find((r) => r.key === 'declared:rmst:1')?.error).toBeUndefined();

    // Default order: the declared section after the specialised sections, before the methods.
    const ids = model.sections.map((s) => s.id);
    expect(ids).toEqual(['overview', 'group:clinic', 'factors', 'correlation', 'declared:rmst', 'methods', 'provenance', 'mapping']);
    const section = model.sections.find((s) => s.id === 'declared:rmst')!;
    expect(section.title).toBe('Restricted mean time free of relapse');

    const r = rmstCase('addicts by clinic, default tau').doc;
    expect(r.tau).toBe(905);
    const [groups, comparisons] = tables(section.blocks);
    expect(groups.rows).toHaveLength(r.groups.length);
    groups.rows.forEach((row, i) => {
      const g = r.groups[i];
      expect(row[0]).toEqual({ kind: 'text', text: g.group });
      // Both clinics are far above k = 5: their counts are shown.
      expect(row[1]).toEqual({ kind: 'count', value: g.n });
      expect(row[2]).toEqual({ kind: 'count', value: g.events });
      expect(value(row[3])).toBe(r.tau);
      expectClose(value(row[4]), g.rmst, `rmst ${g.group}`);
      expectClose(value(row[5]), g.stdErr, `SE ${g.group}`);
      const [lower, upper] = bounds(row[6]);
      expectClose(lower, g.lower, `lower ${g.group}`);
      expectClose(upper, g.upper, `upper ${g.group}`);
    });
    expect(comparisons.rows).toHaveLength(1);
    const [row] = comparisons.rows;
    const c = r.comparisons[0];
    expect([row[0], row[1]]).toEqual([{ kind: 'text', text: c.a }, { kind: 'text', text: c.b }]);
    expectClose(value(row[2]), c.difference, 'difference');
    const [dl, du] = bounds(row[3]);
    expectClose(dl, c.differenceLower, 'difference lower');
    expectClose(du, c.differenceUpper, 'difference upper');
    expectClose(value(row[4]), c.p, 'p');
    expectClose(value(row[5]), c.ratio, 'ratio');
    const [rl, ru] = bounds(row[6]);
    expectClose(rl, c.ratioLower, 'ratio lower');
    expectClose(ru, c.ratioUpper, 'ratio upper');
    expectClose(value(row[7]), c.ratioP, 'ratio p');
    // The sentences and the declaration's methods paragraph, in the section and in the Methods section.
    expect(section.blocks.some((b) => b.kind === 'paragraph' && b.tone === 'summary')).toBe(true);
    const methodsText = (blocks: Block[]) => blocks.filter((b) => b.kind === 'paragraph').map((b) => (b as { parts: unknown[] }).parts.filter((p) => typeof p === 'string').join(''));
    const rmstMethods = methodsText(section.blocks).find((t) => t.startsWith('The restricted mean time free of relapse (the area under the Kaplan–Meier curve) was estimated for each group of clinic'));
    expect(rmstMethods).toBeDefined();
    expect(methodsText(model.sections.find((s) => s.id === 'methods')!.blocks)).toContain(rmstMethods);
  });

  it('a report that asks for no declared section plans, runs and shows none, and its Methods say nothing of them', () => {
    const { model, input } = report(ADDICTS, defaultReportSettings(), undefined, 5);
    expect(input.plan.some((p) => p.role === 'declared')).toBe(false);
    expect(model.sections.map((s) => s.id)).toEqual(['overview', 'group:clinic', 'factors', 'correlation', 'methods', 'provenance', 'mapping']);
    const withRmst = report(ADDICTS, withDeclaredSections(defaultReportSettings(), ['declared:rmst']), undefined, 5).model;
    // Every section the two reports share is the same, but for the Methods section, which gains the restricted mean paragraph.
    for (const section of model.sections.filter((s) => s.id !== 'methods')) expect(withRmst.sections.find((s) => s.id === section.id)).toEqual(section);
    const methods = model.sections.find((s) => s.id === 'methods')!.blocks;
    const methodsWithRmst = withRmst.sections.find((s) => s.id === 'methods')!.blocks;
    expect(methodsWithRmst.length).toBe(methods.length + 1);
    expect(methodsWithRmst.filter((b) => methods.some((m) => JSON.stringify(m) === JSON.stringify(b)))).toHaveLength(methods.length);
  });

  it('one run per group column: captions name the column, table ids stay distinct', () => {
    const { model, input } = report({ ...ADDICTS, groups: ['clinic', 'prison'] }, withDeclaredSections(defaultReportSettings(), ['declared:rmst']), ['declared:rmst'], 0);
    expect(input.plan.filter((p) => p.role === 'declared').map((p) => [p.key, p.group])).toEqual([['declared:rmst:1', 'clinic'], ['declared:rmst:2', 'prison']]);
    const section = model.sections.find((s) => s.id === 'declared:rmst')!;
    expect(tables(section.blocks).map((t) => [t.id, t.caption])).toEqual([
      ['table-rmst-groups-1', 'Restricted mean time free of relapse by group (by clinic)'],
      ['table-rmst-comparisons-1', 'Difference and ratio of the restricted means, for each pair of groups (by clinic)'],
      ['table-rmst-groups-2', 'Restricted mean time free of relapse by group (by prison)'],
      ['table-rmst-comparisons-2', 'Difference and ratio of the restricted means, for each pair of groups (by prison)'],
    ]);
    // The clinic comparison is still R's.
    expectClose(value(tables(section.blocks)[1].rows[0][2]), rmstCase('addicts by clinic, default tau').doc.comparisons[0].difference, 'difference');
  });

  it('the report\'s --tau is the horizon of the declared run too', () => {
    const settings = withDeclaredSections(reportSettingsSchema.parse({ tau: 365 }), ['declared:rmst']);
    const { model } = report(ADDICTS, settings, ['declared:rmst'], 0);
    const [groups, comparisons] = tables(model.sections[0].blocks);
    const r = rmstCase('addicts by clinic, tau 365').doc;
    expect(value(groups.rows[0][3])).toBe(365);
    expectClose(value(comparisons.rows[0][2]), r.comparisons[0].difference, 'difference at 365');
  });

  it('no group column: the section is there with one plain line saying why, and nothing is run', () => {
    const { model, input } = report({ ...ADDICTS, groups: [] }, withDeclaredSections(defaultReportSettings(), ['declared:rmst']), ['declared:rmst'], 5);
    expect(input.plan.some((p) => p.role === 'declared')).toBe(false);
    expect(model.sections).toEqual([
      { id: 'declared:rmst', title: 'Restricted mean time free of relapse', blocks: [{ kind: 'paragraph', tone: 'note', parts: ['This section compares groups, and the report has no group column to compare; the restricted mean time free of relapse of the whole cohort is in the cohort overview.'] }] },
    ]);
  });

  it('small cells (lung by ph.ecog, k = 5): the one-participant group is "<5" without estimates, its pairs withheld, the rest R\'s', () => {
    const LUNG: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: ['2'] }, groups: ['ph.ecog'], factors: {} };
    const { model } = report(LUNG, withDeclaredSections(defaultReportSettings(), ['declared:rmst']), ['declared:rmst'], 5, lung);
    const r = rmstCase('lung by ph.ecog (one missing, a one-row group)').doc;
    const [groups, comparisons] = tables(model.sections[0].blocks);
    groups.rows.forEach((row, i) => {
      const g = r.groups[i];
      expect(row[0]).toEqual({ kind: 'text', text: g.group });
      if (g.n < 5) {
        expect(row.slice(1, 3)).toEqual([{ kind: 'suppressed', below: 5 }, { kind: 'suppressed', below: 5 }]);
        expect(row.slice(3).every((cell) => cell.kind === 'withheld')).toBe(true);
      } else {
        expect(row[1]).toEqual({ kind: 'count', value: g.n });
        expectClose(value(row[4]), g.rmst, `rmst ${g.group}`);
      }
    });
    comparisons.rows.forEach((row, i) => {
      const c = r.comparisons[i];
      if (c.a === '3' || c.b === '3') expect(row.slice(2).every((cell) => cell.kind === 'withheld')).toBe(true);
      else expectClose(value(row[2]), c.difference, `difference ${c.a} vs ${c.b}`);
    });
    expect(model.sections[0].blocks.some((b) => b.kind === 'paragraph' && b.tone === 'summary')).toBe(false);
  });

  it('a mapping in months: the run fits on the follow-up in months, R\'s days divided by 30.4375 (an RMST and its SE scale with time; ratios and p do not)', () => {
    const DAYS_PER_MONTH = 365.25 / 12;
    const time = (addicts.columns.find((c) => c.name === 'time') as { values: Float64Array }).values;
    const inMonths = { nRows: addicts.nRows, columns: [...addicts.columns.filter((c) => c.name !== 'time'), { name: 'months', type: 'number' as const, values: time.map((t) => t / DAYS_PER_MONTH) }] };
    const MONTHS: MappingTemplate = { ...ADDICTS, outcome: { time: 'months', event: 'status', eventValues: ['1'], unit: 'months' } };
    const { model, input } = report(MONTHS, withDeclaredSections(defaultReportSettings(), ['declared:rmst']), ['declared:rmst'], 0, inMonths);
    expect(input.plan.find((p) => p.role === 'declared')!.options.time).toBe('outcome.time_months');
    const r = rmstCase('addicts by clinic, default tau').doc;
    const [groups, comparisons] = tables(model.sections[0].blocks);
    expectClose(value(groups.rows[0][3]), r.tau / DAYS_PER_MONTH, 'tau in months');
    groups.rows.forEach((row, i) => {
      expectClose(value(row[4]), r.groups[i].rmst / DAYS_PER_MONTH, `rmst ${i}`);
      expectClose(value(row[5]), r.groups[i].stdErr / DAYS_PER_MONTH, `SE ${i}`);
    });
    const c = r.comparisons[0];
    expectClose(value(comparisons.rows[0][2]), c.difference! / DAYS_PER_MONTH, 'difference in months');
    expectClose(value(comparisons.rows[0][4]), c.p, 'p');
    expectClose(value(comparisons.rows[0][5]), c.ratio, 'ratio');
    const summary = model.sections[0].blocks.find((b) => b.kind === 'paragraph' && b.tone === 'summary') as { parts: unknown[] };
    expect(summary.parts.filter((p) => typeof p === 'string').join('')).toContain('months');
  });

  it('a run that fails says so in its section in one line (a group column with one value among the rows)', () => {
    const withOne = { nRows: addicts.nRows, columns: [...addicts.columns, { name: 'programme', type: 'number' as const, values: new Float64Array(addicts.nRows).fill(1) }] };
    const saved = addicts;
    addicts = withOne;
    try {
      const { model } = report({ ...ADDICTS, groups: ['programme'] }, withDeclaredSections(defaultReportSettings(), ['declared:rmst']), ['declared:rmst'], 5);
      expect(model.sections[0].blocks).toEqual([
        { kind: 'paragraph', tone: 'warning', parts: ['The restricted mean time free of relapse could not be estimated: group column "programme" has only one value (1) among the usable rows; the restricted mean comparison needs at least two groups'] },
      ]);
    } finally {
      addicts = saved;
    }
  });

  it('the analysis-only export carries the declared run, and reading it back plans the same', () => {
    const mapping = parseMapping(ADDICTS);
    const settings = withDeclaredSections(defaultReportSettings(), ['declared:rmst']);
    const exported = createAnalysisExport(mapping, settings, 5, new Date('2026-01-01T00:00:00Z'));
    const back = parseAnalysisExport(JSON.parse(JSON.stringify(exported)));
    expect(back.settings.declared).toEqual(['rmst']);
    expect(back.analyses).toEqual(planAnalyses(mapping, settings));
    expect(back.analyses.filter((a) => a.role === 'declared').map((a) => a.key)).toEqual(['declared:rmst:1']);
    // Without a declared section the export is as before: no `declared` setting, no declared run.
    const plain = createAnalysisExport(mapping, defaultReportSettings(), 5, new Date('2026-01-01T00:00:00Z'));
    expect('declared' in plain.settings).toBe(false);
    expect(plain.analyses.some((a) => a.role === 'declared')).toBe(false);
  });

  it('refuses an unknown declared section or setting in one line', () => {
    expect(() => resolveSectionOrder(['declared:km'], ['clinic'])).toThrow(/^unknown report section "declared:km" \(known: .*declared:rmst.*\)$/);
    const refused = reportSettingsSchema.safeParse({ declared: ['predict'] });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toBe('is not an analysis with a report section');
    expect(() => parseAnalysisExport({ ...createAnalysisExport(parseMapping(ADDICTS), defaultReportSettings(), 5), analyses: [{ key: 'declared:km:1', role: 'declared', analysis: 'km', options: {} }] })).toThrow(
      'analysis export: analyses.0.analysis is not an analysis with a report section',
    );
  });
});

/**
 * The done-when "adding an analysis touches its declaration, its engine file and their tests": plan.ts and
 * build-model.ts reach a declared analysis through the registry's declarations only. Their code of the declared
 * route (the functions below, read from the source) names no analysis id; and neither file names a declared
 * section key of any analysis. (rmst's own id does appear in plan.ts and build-model.ts, in the specialised
 * section comparing sites, which runs rmst by site with its own suppression ledger: that is not the declared route.)
 */
describe('plan.ts and build-model.ts name no declared analysis', () => {
  const source = (file: string) => readFileSync(join(root, file), 'utf8');
  /** The text of a function or method: from its signature to the first line that closes it at its own indentation. */
  function body(text: string, signature: string): string {
    const start = text.indexOf(signature);
    expect(start, signature).toBeGreaterThanOrEqual(0);
    const indent = text.slice(text.lastIndexOf('\n', start) + 1, start).match(/^\s*/)![0];
    const end = text.indexOf(`\n${indent}}\n`, start);
    expect(end, signature).toBeGreaterThan(start);
    return text.slice(start, end);
  }
  const routes: [string, string[]][] = [
    ['shared/report/plan.ts', ['export function reportableAnalyses(', 'export function isReportable(', 'export function declaredIdOfSection(', 'export function withDeclaredSections(', 'export function reportPlanContext(', 'export function planDeclared(']],
    ['shared/report/build-model.ts', ['  declared(id: string): ReportSection | null {', 'export function resolveSectionOrder(']],
  ];
  it.each(routes)('%s', (file, signatures) => {
    const text = source(file);
    const ids = ANALYSES.map((a) => a.id);
    for (const signature of signatures) {
      const code = body(text, signature);
      for (const id of ids) expect(code, `${signature} names "${id}"`).not.toMatch(new RegExp(`['"\`]${id.replace('.', '\\.')}['"\`:]`));
    }
    for (const id of ids) expect(text).not.toContain(`declared:${id}`);
  });
  it('build-model.ts hands every declared section key to the one generic builder', () => {
    expect(source('shared/report/build-model.ts')).toContain(": key.startsWith('declared:') ? builder.declared(key.slice('declared:'.length))");
  });
});
