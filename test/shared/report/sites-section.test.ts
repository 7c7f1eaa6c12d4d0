// The opt-in report section comparing sites (settings.sitesBy; CLI report --sites-by): planned only when
// asked for, so the default report does not get heavier; its funnel plot, observed/expected table,
// adjusted curves, restricted means, readings and methods; and small-cell suppression of its counts
// (a site whose relapses are hidden keeps its name only: its expected count and ratio would give them
// away). The numbers themselves are the analyses' (each checked against R in test/shared/analyses and
// test/shared/stats); here they are checked to reach the report unchanged.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DataFrame } from '../../../shared/data/frame';
import { loadCsv } from '../../../node/import';
import { DEMO_MAPPING } from '../../../shared/demo/demo-mapping';
import { demoCohortCsv } from '../../../shared/demo/demo-cohort';
import { parseMapping } from '../../../shared/mapping/format';
import { countOutcomes, defaultReportSettings, planAnalyses, prepareAnalysisData, reportSettingsSchema, type ReportSettings } from '../../../shared/report/plan';
import { buildReportModel, type ReportInput } from '../../../shared/report/build-model';
import type { Block, Cell, ReportModel } from '../../../shared/report/model';
import type { SitesResult } from '../../../shared/analyses/sites';
import type { AdjustedResult } from '../../../shared/analyses/adjusted';
import type { RmstResult } from '../../../shared/analyses/rmst';
import type { KmResult } from '../../../shared/analyses/km';
import { aggregateKmSteps } from '../../../shared/report/suppressed-km-steps';
import { ADJUSTMENT_NOTE, FUNNEL_NOTE } from '../../../shared/report/sentences';
import { sentenceText } from '../../../presentation/report/format-cell';
import { runPlan } from '../../../node/report/run-plan';

const K = 5;
const mapping = parseMapping(DEMO_MAPPING);
const SCORES = ['physical_dependence', 'psychological_dependence', 'underlying_issues', 'environmental_triggers', 'social_pressure', 'coping_skills', 'overconfidence', 'complacency', 'unrealistic_expectations'].map((f) => `score.${f}`);

/** The demo cohort with site "Few" (12 people, 2 relapses). */
function fewCsv(): string {
  const lines = demoCohortCsv(400, 7).trimEnd().split('\n');
  const header = lines[0].split(',');
  const [site, status] = [header.indexOf('site'), header.indexOf('exit_status')];
  const rows = lines.slice(1).map((line) => line.split(','));
  rows.forEach((r, i) => {
    if (i < 12) {
      r[site] = 'Few';
      r[status] = i < 2 ? '1' : '0';
    }
  });
  return [lines[0], ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

function buildInput(raw: DataFrame, minCell: number, settings: ReportSettings): ReportInput {
  const prepared = prepareAnalysisData(raw, mapping);
  const plan = planAnalyses(mapping, settings);
  return {
    mapping,
    settings,
    minCell,
    plan,
    runs: runPlan(prepared.frame, plan),
    exclusions: prepared.exclusions,
    outcomes: countOutcomes(prepared.frame),
    provenance: { source: 'csv', fileName: 'cohort.csv', fileSize: 1, sha256: null, importedAt: null, rowsRead: prepared.exclusions.rows, rejectedRows: 0, rejectionsByReason: [] },
    generatedAt: new Date('2026-01-01T00:00:00Z'),
  };
}

const section = (model: ReportModel) => model.sections.find((s) => s.id === 'sites');
const blocks = (model: ReportModel) => section(model)?.blocks ?? [];
const table = (model: ReportModel, id: string) => blocks(model).find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.id === id)!;
const chart = (model: ReportModel, id: string) => blocks(model).find((b): b is Extract<Block, { kind: 'chart' }> => b.kind === 'chart' && b.id === id)!;
const paragraphs = (model: ReportModel) => blocks(model).filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph').map((b) => sentenceText(b.parts));
const row = (t: Extract<Block, { kind: 'table' }>, name: string) => t.rows.find((r) => r[0].kind === 'text' && r[0].text === name)!;
const cellsOf = (model: ReportModel): Cell[] => blocks(model).flatMap((b): Cell[] => (b.kind === 'table' ? b.rows.flat() : b.kind === 'paragraph' ? b.parts.filter((p): p is Cell => typeof p !== 'string') : []));
const withSites = reportSettingsSchema.parse({ sitesBy: 'site' });

let dir: string;
let plain: DataFrame;
let few: DataFrame;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sites-section-'));
  writeFileSync(join(dir, 'plain.csv'), demoCohortCsv(400, 7));
  writeFileSync(join(dir, 'few.csv'), fewCsv());
  plain = (await loadCsv(join(dir, 'plain.csv'))).frame;
  few = (await loadCsv(join(dir, 'few.csv'))).frame;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plan: the sites section is opt-in', () => {
  test('the default plan has no site analyses; sitesBy adds sites, adjusted (direct) and rmst on the factor scores', () => {
    expect(planAnalyses(mapping, defaultReportSettings()).filter((p) => p.role.startsWith('sites-'))).toEqual([]);
    const plan = planAnalyses(mapping, withSites).filter((p) => p.role.startsWith('sites-'));
    const outcome = { time: 'outcome.time_days', event: 'outcome.relapse' };
    expect(plan).toEqual([
      { key: 'sites:site', role: 'sites-funnel', analysis: 'sites', group: 'site', options: { ...outcome, group: 'site', covariates: SCORES, ties: 'efron', confLevel: 0.95 } },
      { key: 'adjusted:site', role: 'sites-adjusted', analysis: 'adjusted', group: 'site', options: { ...outcome, group: 'site', covariates: SCORES, ties: 'efron', confLevel: 0.95, method: 'direct' } },
      { key: 'rmst:site', role: 'sites-rmst', analysis: 'rmst', group: 'site', options: { ...outcome, group: 'site', confLevel: 0.95 } },
    ]);
    // The report's tau (when set) is the restricted means' horizon; without factor scores only they are planned.
    const noScores = parseMapping({ ...DEMO_MAPPING, factors: {} });
    expect(planAnalyses(noScores, { ...withSites, tau: 365 }).filter((p) => p.role.startsWith('sites-')).map((p) => [p.key, p.options.tau])).toEqual([['rmst:site', 365]]);
  });

  test('the default report has no sites section', () => {
    const model = buildReportModel(buildInput(plain, K, defaultReportSettings()));
    expect(section(model)).toBeUndefined();
  });
});

describe('the sites section without suppression: the analyses\' numbers, the readings, the methods', () => {
  let input: ReportInput;
  let model: ReportModel;
  beforeAll(() => {
    input = buildInput(plain, 0, withSites);
    model = buildReportModel(input);
  }, 60_000);

  test('funnel plot, O/E table, adjusted curves and restricted means carry the results unchanged', () => {
    expect(section(model)!.title).toBe('Comparing sites (site)');
    const sites = input.runs.find((r) => r.key === 'sites:site')!.result as SitesResult;
    const funnel = chart(model, 'chart-funnel-site').chart;
    expect(funnel.type === 'funnel' && funnel.sites).toEqual(sites.sites.map((s) => ({ group: s.group, expected: s.expected, ratio: s.ratio, outside95: s.outside95, outside998: s.outside998 })));
    expect(funnel.type === 'funnel' && funnel.limits).toEqual(sites.limits);
    const oe = table(model, 'table-sites-site');
    for (const s of sites.sites) {
      expect(row(oe, s.group)).toEqual([
        { kind: 'text', text: s.group },
        { kind: 'count', value: s.participants },
        { kind: 'count', value: s.observed },
        { kind: 'number', value: s.expected, digits: 1 },
        { kind: 'number', value: s.ratio, digits: 2 },
        { kind: 'interval', lower: s.lower, upper: s.upper, digits: 2 },
        { kind: 'text', text: s.outside998 ? 'outside 99.8%' : s.outside95 ? 'outside 95%' : 'within' },
      ]);
    }
    const adjusted = input.runs.find((r) => r.key === 'adjusted:site')!.result as AdjustedResult;
    const curves = chart(model, 'chart-adjusted-site').chart;
    expect(curves.type === 'adjusted' && curves.curves).toEqual(adjusted.curves.map((c) => ({ group: c.group, rows: c.rows.map((r) => ({ time: r.time, survival: r.survival, lower: r.lower, upper: r.upper })) })));
    const rmst = input.runs.find((r) => r.key === 'rmst:site')!.result as RmstResult;
    const means = table(model, 'table-rmst-site');
    for (const g of rmst.groups) expect(row(means, g.group).slice(3)).toEqual([{ kind: 'number', value: g.rmst, digits: 1 }, { kind: 'interval', lower: g.lower, upper: g.upper, digits: 1 }]);
    expect(table(model, 'table-rmst-differences-site').rows).toHaveLength(rmst.comparisons.length);
  });

  test('the readings: what adjustment can and cannot do, neutral per-site sentences, no ranking', () => {
    const text = paragraphs(model);
    expect(text[0]).toBe(ADJUSTMENT_NOTE);
    expect(text).toContain(FUNNEL_NOTE);
    const sites = input.runs.find((r) => r.key === 'sites:site')!.result as SitesResult;
    const outside = sites.sites.filter((s) => s.outside95).length;
    expect(text.some((t) => t.startsWith(outside === 0 ? `All ${sites.sites.length} sites lay within the 95% funnel limits` : `${outside} of ${sites.sites.length} sites lay outside the 95% funnel limits`))).toBe(true);
    // Four sites: each has its sentence, "given its participants' measured factors".
    for (const s of sites.sites) expect(text.some((t) => t.includes(`ite ${s.group}`) && t.includes("given its participants' measured factors"))).toBe(true);
    expect(text.some((t) => t.startsWith("The raw curves show each site's own participants. The adjusted curves show the share free of relapse each site would have had with the whole cohort's mix of physical dependence, psychological dependence"))).toBe(true);
    expect(text.join('\n')).not.toMatch(/\b(worst|best|ranked|fail(ed|ure|ing)?|poor(ly)?|underperform)/i);
  });

  test('the methods name the methods of the section', () => {
    const methods = model.sections.find((s) => s.id === 'methods')!.blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph').map((b) => sentenceText(b.parts));
    const paragraph = methods.find((m) => m.startsWith('Sites ("site") were compared'))!;
    for (const phrase of ['Cox model of the factor scores', 'predict(fit, type = "expected")', "Garwood's exact Poisson 95% interval (as R poisson.test)", "Spiegelhalter's (2005) exact Poisson limits at 95% and 99.8%", 'direct standardisation (the g-formula)', 'influence function (Ozenne et al. 2020, as R riskRegression\'s ate)', "survRM2's rmst2", 'Adjustment removes differences between sites in the measured factors only']) {
      expect(paragraph, phrase).toContain(phrase);
    }
    const defaultMethods = buildReportModel(buildInput(plain, 0, defaultReportSettings())).sections.find((s) => s.id === 'methods')!.blocks.map((b) => (b.kind === 'paragraph' ? sentenceText(b.parts) : ''));
    expect(defaultMethods.some((m) => m.startsWith('Sites ('))).toBe(false);
  });
});

describe('small-cell suppression in the sites section (k = 5)', () => {
  let input: ReportInput;
  let model: ReportModel;
  beforeAll(() => {
    input = buildInput(few, K, withSites);
    model = buildReportModel(input);
  }, 60_000);

  test('site "Few" (12 people, 2 relapses): relapses <5, its expected relapses and ratio withheld, not drawn, not described', () => {
    const sites = input.runs.find((r) => r.key === 'sites:site')!.result as SitesResult;
    expect(sites.sites.find((s) => s.group === 'Few')).toMatchObject({ participants: 12, observed: 2 });
    const fewRow = row(table(model, 'table-sites-site'), 'Few');
    expect(fewRow[2]).toEqual({ kind: 'suppressed', below: K });
    expect(fewRow.slice(3).every((c) => c.kind === 'withheld')).toBe(true);
    const funnel = chart(model, 'chart-funnel-site').chart;
    expect(funnel.type === 'funnel' && funnel.sites.map((s) => s.group)).not.toContain('Few');
    expect(paragraphs(model).filter((t) => t.includes('Few'))).toEqual([]);
  });

  test('no count from 1 to 4 is printed in the section; a ratio is shown only beside its shown relapses', () => {
    for (const cell of cellsOf(model)) if (cell.kind === 'count') expect(cell.value === 0 || cell.value >= K, JSON.stringify(cell)).toBe(true);
    for (const r of table(model, 'table-sites-site').rows) if (r[4].kind === 'number') expect(r[2].kind).toBe('count');
    // Relapses by site add up to the cohort's: with Few's 2 hidden, not every other site's relapses may be shown.
    const observed = table(model, 'table-sites-site').rows.map((r) => r[2]);
    expect(observed.filter((c) => c.kind === 'suppressed').length).toBeGreaterThanOrEqual(2);
  });

  test('the adjusted curves are drawn at the whole cohort\'s aggregated steps only', () => {
    const km = input.runs.find((r) => r.key === 'km:all')!.result as KmResult;
    const steps = new Set(aggregateKmSteps(km.groups[0].table, K, km.confType, km.confLevel).map((s) => s.time));
    const curves = chart(model, 'chart-adjusted-site').chart;
    expect(curves.type).toBe('adjusted');
    if (curves.type !== 'adjusted') return;
    expect(curves.curves.length).toBeGreaterThan(0);
    for (const c of curves.curves) for (const r of c.rows) expect(steps.has(r.time), `${c.group} at ${r.time}`).toBe(true);
    const adjusted = input.runs.find((r) => r.key === 'adjusted:site')!.result as AdjustedResult;
    expect(adjusted.curves[0].rows.length).toBeGreaterThan(curves.curves[0].rows.length);
    expect(curves.subtitle).toContain('drawn at the whole cohort\'s steps of at least 5 leaving follow-up');
  });
});

/** The demo cohort with 35 sites: ten of 30 participants (rows 1–300), and 25 of 4 (rows 301–400). */
function manySitesCsv(): string {
  const lines = demoCohortCsv(400, 7).trimEnd().split('\n');
  const site = lines[0].split(',').indexOf('site');
  const rows = lines.slice(1).map((line) => line.split(','));
  rows.forEach((r, i) => {
    r[site] = i < 300 ? `W${String(i % 10).padStart(2, '0')}` : `T${String(Math.floor((i - 300) / 4)).padStart(2, '0')}`;
  });
  return [lines[0], ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

describe('a site column of more than 20 sites (issue 15 item 6): the sites below the threshold are one row', () => {
  test('35 sites, 25 of 4 participants: k = 5 folds the 25 into one row of summed counts, drawn nowhere', async () => {
    writeFileSync(join(dir, 'many.csv'), manySitesCsv());
    const many = (await loadCsv(join(dir, 'many.csv'))).frame;
    const input = buildInput(many, K, withSites);
    const model = buildReportModel(input);
    const sites = input.runs.find((r) => r.key === 'sites:site')!.result as SitesResult;
    expect(sites.sites).toHaveLength(35);
    const tiny = sites.sites.filter((s) => s.group.startsWith('T'));
    // (A site's participants are those with every factor score: 4, or fewer where a score is missing.)
    expect(tiny).toHaveLength(25);
    expect(tiny.every((s) => s.participants >= 1 && s.participants <= 4)).toBe(true);
    const participants = tiny.reduce((s, x) => s + x.participants, 0);
    const oe = table(model, 'table-sites-site');
    expect(oe.rows.map((r) => (r[0].kind === 'text' ? r[0].text : ''))).toEqual([...sites.sites.filter((s) => s.group.startsWith('W')).map((s) => s.group), '25 other groups with fewer than 5 participants each']);
    const folded = oe.rows.at(-1)!;
    expect(folded[1]).toEqual({ kind: 'count', value: participants });
    const observed = tiny.reduce((s, x) => s + x.observed, 0);
    expect(folded[2]).toEqual(observed >= K || observed === 0 ? { kind: 'count', value: observed } : { kind: 'suppressed', below: K });
    expect(folded.slice(3)).toEqual([{ kind: 'text', text: '—' }, { kind: 'text', text: '—' }, { kind: 'text', text: '—' }, { kind: 'text', text: '—' }]);
    expect(oe.footnotes!.join(' ')).toContain('25 of the 35 sites have fewer than 5 participants each');
    const funnel = chart(model, 'chart-funnel-site').chart;
    expect(funnel.type === 'funnel' && funnel.sites.every((s) => s.group.startsWith('W'))).toBe(true);
    const adjusted = chart(model, 'chart-adjusted-site').chart;
    expect(adjusted.type === 'adjusted' && adjusted.curves.map((c) => c.group).every((g) => g.startsWith('W'))).toBe(true);
    expect(paragraphs(model)).toContain('The adjusted curves of the 25 sites with fewer than 5 participants each are not drawn.');
    const rmst = table(model, 'table-rmst-site');
    expect(rmst.rows.at(-1)![0]).toEqual({ kind: 'text', text: '25 other groups with fewer than 5 participants each' });
    // The restricted means drop no row for a missing score: all 100 participants of the 25 sites.
    expect(rmst.rows.at(-1)![1]).toEqual({ kind: 'count', value: 100 });
  }, 60_000);
});
