// The report of a mapping of several rows per participant (issue 13): R's cgd, infections as repeated
// relapses, mapped with tstart/tstop and the id, treat as the group. The report plans the recurrent
// analysis alone, leaves the one-row sections out with one line, and its "Repeated relapses" section
// holds the MCF chart, the Andersen–Gill table (rate ratio, CI and p from the robust SE, both SEs) equal
// to R's coxph(Surv(tstart, tstop, status) ~ treat + cluster(id)) (test/renderer/src/views/fixtures/
// recurrent-view.json, written by recurrent-view.R), the sentences and the methods paragraph.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalysis } from '../../../shared/analyses/run';
import { UserFacingError } from '../../../shared/errors';
import { parseMapping, type Mapping } from '../../../shared/mapping/format';
import { buildReportModel } from '../../../shared/report/build-model';
import type { Block, Cell, ReportModel } from '../../../shared/report/model';
import { countOutcomes, defaultReportSettings, planAnalyses, prepareAnalysisData, columnsOfPlan } from '../../../shared/report/plan';
import { declaredSectionsLeftOut, mcfRowsShown, ONE_ROW_SECTIONS_LEFT_OUT } from '../../../shared/report/recurrent-section';
import { sentenceText } from '../../../presentation/report/format-cell';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { PROJECT_ROOT } from '../../helpers/run-cli';

const fixture = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/renderer/src/views/fixtures/recurrent-view.json'), 'utf8'));
const cgdCsv = readFileSync(join(PROJECT_ROOT, 'test/fixtures/data/cgd.csv'), 'utf8');

export const CGD_SEVERAL_ROWS_MAPPING = {
  format: 'relapse-workbench-mapping',
  version: 1,
  id: 'id',
  outcome: { intervalStart: 'tstart', time: 'tstop', event: 'status', eventValues: [1] },
  groups: ['treat'],
};

function report(csv: string, mapping: Mapping, minCell: number, declared?: string[]): ReportModel {
  const settings = declared ? { ...defaultReportSettings(), declared } : defaultReportSettings();
  const plan = planAnalyses(mapping, settings);
  const prepared = prepareAnalysisData(frameFromCsv(csv), mapping, { keep: columnsOfPlan(plan) });
  const runs = plan.map((p) => {
    try {
      return { key: p.key, result: runAnalysis(p.analysis, prepared.frame, p.options).result };
    } catch (error) {
      if (error instanceof UserFacingError) return { key: p.key, error: error.message };
      throw error;
    }
  });
  return buildReportModel({
    mapping,
    settings,
    minCell,
    plan,
    runs,
    exclusions: prepared.exclusions,
    outcomes: countOutcomes(prepared.frame),
    provenance: { source: 'csv', fileName: 'cgd.csv', fileSize: null, sha256: null, importedAt: null, rowsRead: prepared.exclusions.rows, rejectedRows: 0, rejectionsByReason: [] },
    generatedAt: new Date('2026-12-03T10:00:00Z'),
  });
}

const blocksOf = (model: ReportModel, id: string) => model.sections.find((s) => s.id === id)?.blocks ?? [];
const table = (blocks: Block[], id: string) => blocks.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.id === id)!;
const value = (cell: Cell) => (cell.kind === 'number' || cell.kind === 'p' ? cell.value : cell.kind === 'count' ? cell.value : null);

describe('report, several rows per participant (cgd)', () => {
  const mapping = parseMapping(CGD_SEVERAL_ROWS_MAPPING);

  it('plans the recurrent analysis alone: AG of the group (as categories) with the MCF by it', () => {
    const plan = planAnalyses(mapping, defaultReportSettings());
    expect(plan.map((p) => [p.key, p.analysis, p.role])).toEqual([['recurrent:ag', 'recurrent', 'recurrent']]);
    expect(plan[0].options).toMatchObject({ start: 'tstart', time: 'tstop', event: 'status', eventValue: '1', id: 'id', group: 'treat', model: 'ag', covariates: ['treat'], categorical: ['treat'] });
  });

  const model = report(cgdCsv, mapping, 0);
  const blocks = blocksOf(model, 'recurrent');

  it('holds the Repeated relapses section and leaves the one-row sections out with one line', () => {
    expect(model.sections.map((s) => s.id)).toEqual(['recurrent', 'methods', 'provenance', 'mapping']);
    expect(model.sections[0].title).toBe('Repeated relapses');
    expect(blocks[0]).toEqual({ kind: 'paragraph', tone: 'note', parts: [ONE_ROW_SECTIONS_LEFT_OUT] });
  });

  it('names a declared section asked for, which takes one row per participant too, as left out (not dropped unsaid)', () => {
    const asked = report(cgdCsv, mapping, 0, ['rmst', 'survival-difference']);
    expect(asked.sections.map((s) => s.id)).toEqual(['recurrent', 'methods', 'provenance', 'mapping']);
    const line = declaredSectionsLeftOut(['Restricted mean time free of relapse', 'Free of relapse at a chosen time']);
    expect(blocksOf(asked, 'recurrent')[1]).toEqual({ kind: 'paragraph', tone: 'note', parts: [line] });
    expect(line).toBe('The sections asked for (Restricted mean time free of relapse and Free of relapse at a chosen time) take one row per participant as well and are left out too.');
    expect(declaredSectionsLeftOut(['Restricted mean time free of relapse'])).toBe('The section asked for (Restricted mean time free of relapse) takes one row per participant as well and is left out too.');
    // Without one asked for, the line is not there.
    expect(blocks[1]).not.toEqual(expect.objectContaining({ parts: [expect.stringContaining('asked for')] }));
  });

  it("gives R's rate ratio, CI, both SEs, z and p (coxph(Surv(tstart, tstop, status) ~ treat + cluster(id)))", () => {
    const ag = table(blocks, 'table-recurrent-ag');
    expect(ag.columns.map((c) => c.label)).toEqual(['Term', 'Rate ratio', '95% CI (robust)', 'SE (model)', 'Robust SE', 'z (robust)', 'p']);
    expect(ag.rows).toHaveLength(1);
    const [term, hr, ci, se, robustSe, z, p] = ag.rows[0];
    expect(term).toEqual({ kind: 'text', text: 'treat: rIFN-g vs placebo' });
    expectClose(value(hr), fixture.model.hr, 'rate ratio');
    expectClose(value(se), fixture.model.se, 'model-based SE');
    expectClose(value(robustSe), fixture.model.robustSe, 'robust SE');
    expectClose(value(z), fixture.model.z, 'z');
    expectClose(value(p), fixture.model.p, 'p');
    expect(ci.kind).toBe('interval');
    if (ci.kind === 'interval') {
      expectClose(ci.lower, fixture.model.hrLower, 'lower');
      expectClose(ci.upper, fixture.model.hrUpper, 'upper');
    }
    const counts = blocks.find((b) => b.kind === 'definitions');
    expect(counts?.kind === 'definitions' && counts.items.map((i) => [i.term, value(i.value)])).toEqual([
      ['Participants', 128],
      ['Intervals (rows) analysed', fixture.model.n],
      ['Relapses', fixture.model.events],
      ['Rows left out (a missing value)', 0],
    ]);
  });

  it("draws R's mean cumulative function by treat (survfit(..., id = id)), with its table and sentences", () => {
    const chart = blocks.find((b) => b.kind === 'chart');
    expect(chart?.kind === 'chart' && chart.chart.type).toBe('mcf');
    if (chart?.kind !== 'chart' || chart.chart.type !== 'mcf') return;
    expect(chart.chart.curves.map((c) => c.group)).toEqual(['placebo', 'rIFN-g']);
    chart.chart.curves.forEach((curve, k) => {
      const r = fixture.mcf[k];
      expect(curve.rows).toHaveLength(r.rows);
      expect(curve.rows[0].atRisk).toBe(r.firstAtRisk);
      const last = curve.rows[curve.rows.length - 1];
      expect(last.time).toBe(r.lastTime);
      expectClose(last.mcf, r.lastMcf, `${r.group} MCF`);
      expectClose(last.lower, r.lastLower, `${r.group} lower`);
      expectClose(last.upper, r.lastUpper, `${r.group} upper`);
    });
    const mcf = table(blocks, 'table-mcf');
    expect(mcf.rows.map((row) => [row[0].kind === 'text' ? row[0].text : '', value(row[3])])).toEqual(fixture.mcf.map((r: { group: string; lastTime: number }) => [r.group, r.lastTime]));
    mcf.rows.forEach((row, k) => expectClose(value(row[4]), fixture.mcf[k].lastMcf, `${fixture.mcf[k].group} MCF in the table`));
    const text = blocks.filter((b) => b.kind === 'paragraph' && b.tone === 'summary').map((b) => (b.kind === 'paragraph' ? sentenceText(b.parts) : '')).join(' ');
    expect(text).toContain('By day 439, participants in placebo had on average 1.51 relapses each (95% CI 1.01–2.27).');
    expect(text).toContain('Participants with treat rIFN-g had 0.33 times the rate of relapse episodes of those with treat placebo (95% CI 0.18–0.62): a lower rate.');
    expect(text).toContain('robust standard errors');
  });

  it('writes the methods paragraph: AG with the cluster-robust variance and the MCF, and what they assume', () => {
    const methods = blocksOf(model, 'methods').map((b) => (b.kind === 'paragraph' ? sentenceText(b.parts) : '')).join('\n');
    expect(methods).toContain("Andersen–Gill counting-process Cox model (Efron's method for ties)");
    expect(methods).toContain('cluster-robust sandwich variance by participant, as R survival\'s coxph(Surv(start, stop, event) ~ x + cluster(id))');
    expect(methods).toContain('survfit(Surv(start, stop, event) ~ group, id = id)');
    expect(methods).toContain('assumes that every episode counts alike');
    expect(methods).toContain('the (start, stop] intervals of follow-up in days, from column "tstart" to column "tstop"');
    expect(methods).not.toContain('Kaplan–Meier method');
  });

  it('applies small-cell suppression: a treatment group of 3 participants keeps its name only and is not drawn', () => {
    // The first three participants moved to a third group "trial": 3 participants < k = 5.
    const lines = cgdCsv.trimEnd().split('\n');
    const moved = lines.map((line, i) => (i > 0 && /^(1|2|3),/.test(line) ? line.replace('"rIFN-g"', '"trial"').replace('"placebo"', '"trial"') : line)).join('\n');
    const suppressed = report(moved, mapping, 5);
    const section = blocksOf(suppressed, 'recurrent');
    const mcf = table(section, 'table-mcf');
    const trial = mcf.rows.find((row) => row[0].kind === 'text' && row[0].text === 'trial')!;
    expect(trial[1]).toEqual({ kind: 'suppressed', below: 5 });
    expect(trial.slice(3).every((c) => c.kind === 'withheld')).toBe(true);
    // The other groups' sizes would give the small one away (they add up to the participants shown): the
    // ledger hides one more, which then keeps its name only and is not drawn either.
    const shown = mcf.rows.filter((row) => row[1].kind === 'count').map((row) => (row[0].kind === 'text' ? row[0].text : ''));
    expect(shown).toHaveLength(1);
    expect(mcf.rows.filter((row) => row[1].kind === 'suppressed' && row[1].secondary)).toHaveLength(1);
    const chart = section.find((b) => b.kind === 'chart');
    expect(chart?.kind === 'chart' && chart.chart.type === 'mcf' && chart.chart.curves.map((c) => c.group)).toEqual(shown);
    // Every drawn step shows at least 5 relapses, with at least 5 at risk.
    if (chart?.kind === 'chart' && chart.chart.type === 'mcf') {
      for (const curve of chart.chart.curves) for (const row of curve.rows) expect(row.atRisk).toBeGreaterThanOrEqual(5);
    }
    const text = JSON.stringify(section);
    expect(text).not.toMatch(/"kind":"count","value":[1-4]\b/);
  });

  it('draws the MCF under suppression in steps of at least k relapses while at least k are at risk', () => {
    const rows = [1, 2, 3, 4, 5, 6].map((t) => ({ time: t, mcf: t / 10, stdErr: 0, lower: null, upper: null, atRisk: 12 - t, events: 2 }));
    expect(mcfRowsShown(rows, 5).map((r) => r.time)).toEqual([3, 6]);
    expect(mcfRowsShown(rows, 0)).toHaveLength(6);
    expect(mcfRowsShown(rows.map((r) => ({ ...r, atRisk: 4 })), 5)).toEqual([]);
  });

  it('without a group or factor column gives the overall MCF alone, with a line saying why there are no rate ratios', () => {
    const model = report(cgdCsv, parseMapping({ ...CGD_SEVERAL_ROWS_MAPPING, groups: [] }), 0);
    const section = blocksOf(model, 'recurrent');
    expect(table(section, 'table-recurrent-ag')).toBeUndefined();
    expect(JSON.stringify(section)).toContain('No group or factor column is mapped, so no rate ratios are estimated');
    const mcf = table(section, 'table-mcf');
    expect(mcf.rows.map((row) => row[0])).toEqual([{ kind: 'text', text: 'all' }]);
  });

  it('with no relapse at all says in one line that the model cannot be estimated (no error, no table)', () => {
    const lines = cgdCsv.trimEnd().split('\n');
    const none = [lines[0], ...lines.slice(1).map((line) => line.replace(/,1$/, ',0'))].join('\n');
    const model = report(none, mapping, 5);
    const section = blocksOf(model, 'recurrent');
    const warning = section.find((b) => b.kind === 'paragraph' && b.tone === 'warning');
    expect(warning?.kind === 'paragraph' && warning.parts.join('')).toMatch(/^The repeated relapses could not be analysed: no relapses among the 203 intervals analysed/);
    expect(section.some((b) => b.kind === 'table')).toBe(false);
  });

  it('refuses in one line a several-rows mapping without the id or with two relapse values', () => {
    const noId = parseMapping({ ...CGD_SEVERAL_ROWS_MAPPING, id: undefined });
    expect(() => planAnalyses(noId, defaultReportSettings())).toThrow(/several rows per participant need the participant id column/);
    const two = parseMapping({ ...CGD_SEVERAL_ROWS_MAPPING, outcome: { ...CGD_SEVERAL_ROWS_MAPPING.outcome, eventValues: [1, 2] } });
    expect(() => planAnalyses(two, defaultReportSettings())).toThrow(/takes one value meaning relapse; the mapping lists 2 \(1, 2\)/);
  });
});
