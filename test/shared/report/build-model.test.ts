// Disclosure control of the report model (issue 11, item 6). A cohort with small groups (one literally
// named "0"), a group with two relapses, no excluded rows, and a pair of groups that cannot be
// compared; the report built with k = 5 is read back the way an attacker would: every count shown in
// any table, list, sentence or chart, and every count that follows from them by totals and
// differences (group sizes adding up to the cohort, relapses + censored = participants, consecutive
// numbers at risk). None may be from 1 to k − 1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DataFrame } from '../../../shared/data/frame';
import { loadCsv } from '../../../node/import';
import { DEMO_MAPPING } from '../../../shared/demo/demo-mapping';
import { demoCohortCsv } from '../../../shared/demo/demo-cohort';
import { parseMapping } from '../../../shared/mapping/format';
import { countOutcomes, defaultReportSettings, planAnalyses, prepareAnalysisData, reportSettingsSchema, reportTimes } from '../../../shared/report/plan';
import { buildReportModel, groupingLabel, mappingRows, type ReportInput } from '../../../shared/report/build-model';
import type { Block, Cell, ReportModel } from '../../../shared/report/model';
import { runPlan } from '../../../node/report/run-plan';
import { DEMO_TRUE_LOG_HAZARD_RATIOS } from '../../../shared/demo/demo-cohort';
import type { CoxResult } from '../../../shared/analyses/cox';
import { factorHazardRatioSentence, hazardRatioSentence } from '../../../shared/report/sentences';
import { sentenceText } from '../../../presentation/report/format-cell';
import { formatNumber } from '../../../presentation/format';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const K = 5;
const mapping = parseMapping(DEMO_MAPPING);

/** The demo cohort with site "0" (3 people followed 0 days, no relapse) and site "Few" (12 people, 2 relapses). */
function smallGroupsCsv(): string {
  const lines = demoCohortCsv(400, 7).trimEnd().split('\n');
  const header = lines[0].split(',');
  const col = (name: string) => header.indexOf(name);
  const [site, status, days] = [col('site'), col('exit_status'), col('days_followed')];
  const rows = lines.slice(1).map((line) => line.split(','));
  rows.forEach((r, i) => {
    if (i < 3) {
      r[site] = '0';
      r[status] = '0';
      r[days] = '0';
    } else if (i < 15) {
      r[site] = 'Few';
      r[status] = i < 5 ? '1' : '0';
    }
  });
  return [lines[0], ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

function buildInput(raw: DataFrame, minCell: number): ReportInput {
  const settings = defaultReportSettings();
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

const blocksOf = (model: ReportModel) => model.sections.flatMap((s) => s.blocks);
const table = (model: ReportModel, id: string) => blocksOf(model).find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.id === id);
const definitions = (model: ReportModel, id: string) => blocksOf(model).find((b): b is Extract<Block, { kind: 'definitions' }> => b.kind === 'definitions' && b.id === id);

function allCells(model: ReportModel): Cell[] {
  return blocksOf(model).flatMap((b): Cell[] => {
    if (b.kind === 'table') return b.rows.flat();
    if (b.kind === 'definitions') return b.items.map((i) => i.value);
    if (b.kind === 'paragraph') return b.parts.filter((p): p is Cell => typeof p !== 'string');
    return [];
  });
}

const shown = (cell: Cell | undefined): number | undefined => (cell?.kind === 'count' ? cell.value : undefined);
const safe = (n: number, k: number) => n === 0 || n >= k;

/**
 * What a reader can work out: shown counts, then every count that follows from a sum with exactly one
 * unknown, repeated until nothing new follows. Returns the shown and derived values by name, and every
 * count that is 1..k − 1.
 */
function reconstruct(model: ReportModel, k: number) {
  const known = new Map<string, number>();
  const derived = new Map<string, number>();
  const problems: string[] = [];
  const set = (name: string, value: number | undefined) => {
    if (value === undefined) return;
    if (!safe(value, k)) problems.push(`${name} shown as ${value}`);
    known.set(name, value);
  };
  const sums: [string, string[]][] = [];
  const term = (id: string, t: string) => shown(definitions(model, id)?.items.find((i) => i.term.startsWith(t))?.value);

  set('rows', term('overview-counts', 'Rows in the dataset'));
  set('excluded', term('overview-counts', 'Rows left out'));
  set('participants', term('overview-counts', 'Participants analysed'));
  set('relapses', term('overview-counts', 'Relapses'));
  set('censored', term('overview-counts', 'Censored'));
  set('competing', term('overview-counts', 'Competing'));
  const exclusions = table(model, 'table-exclusions')!;
  ['missingTime', 'negativeTime', 'missingEvent'].forEach((name, i) => set(name, shown(exclusions.rows[i][1])));
  sums.push(['rows', ['excluded', 'participants']], ['excluded', ['missingTime', 'negativeTime', 'missingEvent']], ['participants', ['relapses', 'censored', 'competing']]);
  sums.push(['all:censored', ['censored', 'competing']], ['participants', ['relapses', 'all:censored']]);

  // Curves: the first number at risk is the group's size; consecutive numbers at risk differ by the
  // relapses and censorings of a step; the steps' relapses and censorings add up to the group's; any
  // two numbers at risk (chart or table) differ by those who left in between.
  const curve = (prefix: string, n: string, events: string, censored: string, steps: { nRisk: number; nEvent: number; nCensor: number }[], atRisk: number[]) => {
    if (steps.length === 0) return;
    set(n, steps[0].nRisk);
    steps.forEach((s, i) => {
      set(`${prefix}:step${i}:events`, s.nEvent);
      set(`${prefix}:step${i}:censored`, s.nCensor);
    });
    const last = steps[steps.length - 1];
    const values = [...steps.map((s) => s.nRisk), last.nRisk - last.nEvent - last.nCensor, ...atRisk];
    for (const a of values) for (const b of values) if (a >= b) set(`${prefix}:between`, a - b);
    set(`${prefix}:stepsEvents`, steps.reduce((a, s) => a + s.nEvent, 0));
    set(`${prefix}:stepsCensored`, steps.reduce((a, s) => a + s.nCensor, 0));
    set(`${prefix}:remaining`, last.nRisk - last.nEvent - last.nCensor);
    sums.push([events, [`${prefix}:stepsEvents`, `${prefix}:tailEvents`]], [censored, [`${prefix}:stepsCensored`, `${prefix}:tailCensored`]], [`${prefix}:remaining`, [`${prefix}:tailEvents`, `${prefix}:tailCensored`]]);
  };
  const atRiskColumn = (id: string, group: string | null) =>
    (table(model, id)?.rows ?? []).filter((r) => group === null || (r[0].kind === 'text' && r[0].text === group)).map((r) => shown(r[group === null ? 1 : 2])).filter((v): v is number => v !== undefined);

  for (const block of blocksOf(model)) {
    if (block.kind !== 'chart' || block.chart.type !== 'km') continue;
    const column = block.id === 'chart-km-all' ? null : block.id.slice('chart-km-'.length);
    for (const g of block.chart.groups) {
      if (column === null) curve('all', 'participants', 'relapses', 'all:censored', g.table, atRiskColumn('table-km-all-times', null));
      else curve(`${column}=${g.group}`, `${column}=${g.group}:n`, `${column}=${g.group}:events`, `${column}=${g.group}:censored`, g.table, atRiskColumn(`table-km-${column}-times`, g.group));
    }
  }
  for (const column of mapping.groups) {
    const km = table(model, `table-km-${column}`);
    if (!km) continue;
    const levels: string[] = [];
    for (const r of km.rows) {
      const level = r[0].kind === 'text' ? r[0].text : '?';
      levels.push(level);
      set(`${column}=${level}:n`, shown(r[1]));
      set(`${column}=${level}:events`, shown(r[2]));
      sums.push([`${column}=${level}:n`, [`${column}=${level}:events`, `${column}=${level}:censored`]]);
    }
    for (const r of table(model, `table-logrank-${column}`)?.rows ?? []) {
      const level = r[0].kind === 'text' ? r[0].text : '?';
      set(`${column}=${level}:n`, shown(r[1]));
      set(`${column}=${level}:events`, shown(r[2]));
    }
    if (!(km.footnotes ?? []).some((f) => f.startsWith(`Rows with no ${column} value`))) {
      set(`${column}:missing`, 0);
      set(`${column}:missingEvents`, 0);
    }
    sums.push(['participants', [...levels.map((l) => `${column}=${l}:n`), `${column}:missing`]], ['relapses', [...levels.map((l) => `${column}=${l}:events`), `${column}:missingEvents`]]);
  }
  set('cox:n', term('cox-summary', 'Participants in the model'));
  set('cox:events', term('cox-summary', 'Relapses'));
  set('cox:excluded', term('cox-summary', 'Rows left out'));
  sums.push(['participants', ['cox:n', 'cox:excluded']], ['relapses', ['cox:events', 'cox:missingEvents']]);

  for (let changed = true; changed; ) {
    changed = false;
    for (const [total, parts] of sums) {
      // Counts are not negative: a total of 0 makes every part 0.
      if (known.get(total) === 0) {
        for (const p of parts) if (!known.has(p)) {
          known.set(p, 0);
          changed = true;
        }
        continue;
      }
      const unknown = [total, ...parts].filter((name) => !known.has(name));
      if (unknown.length !== 1) continue;
      const [name] = unknown;
      const partSum = parts.reduce((a, p) => a + (known.get(p) ?? 0), 0);
      const value = name === total ? partSum : known.get(total)! - (partSum - 0);
      derived.set(name, value);
      if (!safe(value, k)) problems.push(`${name} = ${value} follows from ${total} = ${parts.join(' + ')}`);
      known.set(name, value);
      changed = true;
    }
  }
  return { known, derived, problems };
}

let dir: string;
let input: ReportInput;
let model: ReportModel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'disclosure-'));
  const file = join(dir, 'cohort.csv');
  writeFileSync(file, smallGroupsCsv());
  input = buildInput((await loadCsv(file)).frame, K);
  model = buildReportModel(input);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report model under small-cell suppression (k = 5)', () => {

  test('the cohort has what the test needs: small groups, a small relapse count, a group named "0", no exclusions', () => {
    const km = input.runs.find((r) => r.key === 'km:site')!.result as { groups: { group: string; n: number; events: number }[] };
    expect(km.groups.find((g) => g.group === '0')).toMatchObject({ n: 3, events: 0 });
    expect(km.groups.find((g) => g.group === 'Few')).toMatchObject({ n: 12, events: 2 });
    expect(input.exclusions.excluded).toBe(0);
  });

  test('a median that was not reached reads "not reached", not NA (issue 15 item 8)', () => {
    // "Few": 12 participants, 2 relapses: fewer than half relapsed, so R's median is NA.
    const row = table(model, 'table-km-site')!.rows.find((r) => r[0].kind === 'text' && r[0].text === 'Few')!;
    expect(row[3]).toEqual({ kind: 'text', text: 'not reached' });
    const withMedian = table(model, 'table-km-site')!.rows.find((r) => r[3].kind === 'number')!;
    expect(withMedian[3]).toMatchObject({ kind: 'number', digits: 0 });
  });

  test('no count from 1 to k − 1 is shown or follows from totals and differences', () => {
    const { derived, problems } = reconstruct(model, K);
    expect(problems).toEqual([]);
    // The check did derive things (it is not vacuous): e.g. the censored of group "Few" and the tail of curves.
    expect(derived.size).toBeGreaterThan(5);
    for (const cell of allCells(model)) if (cell.kind === 'suppressed') expect(cell).not.toHaveProperty('value');
  });

  test('the same check finds small counts in the report built without suppression', () => {
    const open = buildReportModel({ ...input, minCell: 0 });
    expect(reconstruct(open, K).problems.length).toBeGreaterThan(0);
  });

  test('a zero stays 0: no excluded rows, no relapses in group "0"', () => {
    const overview = definitions(model, 'overview-counts')!;
    expect(overview.items.find((i) => i.term.startsWith('Rows left out'))!.value).toEqual({ kind: 'count', value: 0 });
    expect(table(model, 'table-exclusions')!.rows.map((r) => r[1])).toEqual([{ kind: 'count', value: 0 }, { kind: 'count', value: 0 }, { kind: 'count', value: 0 }]);
    const zeroGroup = table(model, 'table-km-site')!.rows.find((r) => r[0].kind === 'text' && r[0].text === '0')!;
    expect(zeroGroup[1]).toEqual({ kind: 'suppressed', below: K });
    // Site "0"'s 0 relapses are the only count that keeps Few's 2 from following from the cohort's
    // relapses (every other site's curve shows its relapses), so it is hidden as a secondary cell:
    // "suppressed", never "<5", which would suggest 1 to 4.
    expect(zeroGroup[2]).toEqual({ kind: 'suppressed', below: K, secondary: true });
    for (const cell of allCells(model)) if (cell.kind === 'suppressed' && !cell.secondary) expect(cell).toEqual({ kind: 'suppressed', below: K });
    const methods = model.sections.find((s) => s.id === 'methods')!.blocks[1] as Extract<Block, { kind: 'paragraph' }>;
    expect(methods.parts.filter((p) => typeof p !== 'string').slice(1)).toEqual(Array(4).fill({ kind: 'count', value: 0 }));
  });

  test('labels and sentences are printed as they are: group "0", "chisq = 0", "group 0"', () => {
    const labels = ['table-km-site', 'table-logrank-site', 'table-km-site-times'].flatMap((id) => table(model, id)!.rows.map((r) => r[0]));
    expect(labels.filter((c) => c.kind === 'text' && c.text === '0').length).toBe(2 + reportTimes(defaultReportSettings()).length);
    const sentencesOf = (m: ReportModel) =>
      blocksOf(m)
        .filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph')
        .map((b) => b.parts.filter((p): p is string => typeof p === 'string').join(''));
    const sentences = sentencesOf(model);
    expect(sentences.some((s) => s.includes('No relapses in group 0:'))).toBe(true);
    // Engine warnings that hold no count of people are printed word for word (the first of each kind per
    // analysis; more of a kind are summarised as "the same applies to n more groups").
    const countFree = new Set(['no-events', 'times-beyond-follow-up', 'rmst-beyond-follow-up', 'single-group', 'no-test', 'singular-variance', 'pairwise-no-test']);
    const messages = input.runs.flatMap((r) =>
      ((r.result as { warnings?: { code: string; message: string }[] } | undefined)?.warnings ?? []).filter((w, i, all) => countFree.has(w.code) && all.findIndex((v) => v.code === w.code) === i),
    );
    expect(messages.length).toBeGreaterThan(0);
    for (const w of messages) expect(sentences.join('\n')).toContain(w.message);
    // The log-rank warning that quotes R's "chisq = 0" (as the engine words it, shared/stats/log-rank.ts).
    const runs = input.runs.map((r) =>
      r.key === 'logrank:site'
        ? { ...r, result: { ...(r.result as object), warnings: [{ code: 'no-test', message: 'Fewer than two groups have anyone at risk at an event time, so the groups cannot be compared (R reports chisq = 0).' }] } }
        : r,
    );
    const withChisq = sentencesOf(buildReportModel({ ...input, runs }));
    expect(withChisq.some((s) => s.includes('(R reports chisq = 0)'))).toBe(true);
    // "<5" is written only where the methods describe the rule.
    expect([...sentences, ...withChisq].filter((x) => x.includes('<5') && !x.startsWith('Small-cell suppression'))).toEqual([]);
  });

  test('site "Few" (12 people, 2 relapses): relapses <5, and its size hidden because it would give away that of site "0"', () => {
    const sites = table(model, 'table-km-site')!;
    const few = sites.rows.find((r) => r[0].kind === 'text' && r[0].text === 'Few')!;
    expect(few[2]).toEqual({ kind: 'suppressed', below: K });
    // The other sites' sizes are shown (and drawn); with the cohort's 400 they would give "0"'s 3.
    expect(few[1]).toEqual({ kind: 'suppressed', below: K, secondary: true });
    // The other sites' relapses cannot all be shown with the cohort total (they would give 2 by difference).
    expect(sites.rows.map((r) => r[2]).filter((c) => c.kind === 'suppressed' && c.secondary).length).toBeGreaterThan(0);
    // No step of Few's curve could hold 0 or ≥ 5 relapses, so it is not drawn, and the table says so.
    const chart = blocksOf(model).find((b) => b.kind === 'chart' && b.id === 'chart-km-site') as Extract<Block, { kind: 'chart' }>;
    expect(chart.chart.type === 'km' && chart.chart.groups.map((g) => g.group)).not.toContain('Few');
    expect(sites.footnotes).toContain('Few: no curve is drawn, because any step of it would show fewer than 5 relapses or censorings.');
  });
});

describe('plain-language sentences: the report reads as the app (shared/report/sentences.ts)', () => {
  // The demo cohort's known true effects: every factor score raises the rate of relapse, so coping
  // skills (a score that counts its lack) is protective in its own direction.
  const demo = buildInput(frameFromCsv(demoCohortCsv(4000)), 0);
  const report = buildReportModel(demo);
  const summaries = (id: string) =>
    report.sections
      .find((s) => s.id === id)!
      .blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph' && b.tone === 'summary')
      .map((b) => sentenceText(b.parts));

  test('each factor in its own direction, with the same sentence as the Cox view', () => {
    const cox = demo.runs.find((r) => r.key === 'cox:factors')!.result as CoxResult;
    const [text] = summaries('factors');
    for (const c of cox.coefficients) expect(text).toContain(sentenceText(factorHazardRatioSentence(c.term, c, cox.confLevel)));
    const coping = cox.coefficients.find((c) => c.term === 'score.coping_skills')!;
    expect(DEMO_TRUE_LOG_HAZARD_RATIOS.coping_skills).toBeGreaterThan(0);
    expect(coping.hrLower).toBeGreaterThan(1);
    expect(text).toMatch(/Participants with more coping skills relapsed at a lower rate: one SD more went with 0\.\d\d times the rate of relapse/);
    expect(text).toMatch(/Participants with more psychological dependence relapsed at a higher rate: one SD more went with 1\.\d\d times the rate of relapse/);
    for (const id of ['overview', 'factors', 'correlation']) for (const s of summaries(id)) expect(s).not.toMatch(/sooner|later|as fast|more slowly/);
  });

  test('factor scores are continuous: a failing PH test is not met by stratifying', () => {
    const sentence = summaries('factors')[1];
    expect(sentence).toMatch(/^The check of proportional hazards found no clear problem|since (it is|they are) continuous, stratifying is not suited/);
    expect(sentence).not.toMatch(/Consider stratifying/);
  });

  test('the overview counts competing ends apart from censoring', () => {
    const o = demo.outcomes;
    expect(o.competing).toBeGreaterThan(0);
    expect(summaries('overview')[0]).toMatch(
      new RegExp(`^Of ${formatNumber(o.participants)} participants, ${formatNumber(o.relapses)} relapsed during follow-up, ${formatNumber(o.competing)} had a competing end of follow-up before any relapse \\(counted apart from censoring\\) and ${formatNumber(o.censored)} were followed without a recorded relapse or competing end \\(censored\\); the median follow-up was [\\d,]+ days\\.`),
    );
  });
});

describe('the report carries the user-built analyses (issue 15 item 7)', () => {
  const raw = frameFromCsv(demoCohortCsv(1500, 5));
  const settings = reportSettingsSchema.parse({
    cox: { covariates: ['score.coping_skills', 'arm', 'age'], categorical: ['arm'], reference: 'arm=buprenorphine', strata: 'site', ties: 'breslow' },
    correlation: { columns: ['age', 'score.coping_skills', 'score.underlying_issues'], method: 'kendall', pAdjust: 'BH', missing: 'listwise' },
    survival: { groups: ['arm'], confType: 'log-log', confLevel: 0.9, times: [60, 200] },
  });
  const prepared = prepareAnalysisData(raw, mapping);
  const plan = planAnalyses(mapping, settings);
  const userInput: ReportInput = { ...buildInput(raw, K), settings, plan, runs: runPlan(prepared.frame, plan) };
  const user = buildReportModel(userInput);
  const sectionText = (id: string) => JSON.stringify(user.sections.find((s) => s.id === id)?.blocks ?? null);

  test("the Cox section's terms are the user's, with the reference level, and its sentences read each term on its scale", () => {
    const cox = userInput.runs.find((r) => r.key === 'cox:factors')!.result as CoxResult;
    expect(cox.coefficients.map((c) => c.term)).toEqual(['score.coping_skills', 'arm=methadone', 'age']);
    const rows = table(user, 'table-cox')!.rows.map((r) => (r[0].kind === 'text' ? r[0].text : ''));
    // The reference level has a row of its own (hazard ratio 1, "reference"), in the table and in the forest plot.
    expect(rows).toEqual(['Coping skills', 'arm: buprenorphine', 'arm: methadone vs buprenorphine', 'age']);
    const reference = table(user, 'table-cox')!.rows[1].map((c) => (c.kind === 'text' ? c.text : c.kind));
    expect(reference).toEqual(['arm: buprenorphine', '1', 'reference', '', '']);
    const forest = blocksOf(user).find((b) => b.kind === 'chart' && b.id === 'chart-forest') as Extract<Block, { kind: 'chart' }>;
    if (forest.chart.type !== 'forest') throw new Error('no forest plot');
    expect(forest.chart.rows.map((r) => [r.term, r.hr, r.reference ?? false])).toEqual([
      ['Coping skills', cox.coefficients[0].hr, false],
      ['arm: buprenorphine', 1, true],
      ['arm: methadone vs buprenorphine', cox.coefficients[1].hr, false],
      ['age', cox.coefficients[2].hr, false],
    ]);
    expect(sectionText('factors')).toContain('stratified by site; Breslow ties');
    const summaryText = user.sections
      .find((s) => s.id === 'factors')!
      .blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph' && b.tone === 'summary')
      .map((b) => sentenceText(b.parts))
      .join(' ');
    const [coping, arm, age] = cox.coefficients;
    const ratio = (c: typeof age, label: string) => ({ label, hr: c.hr, lower: c.hrLower, upper: c.hrUpper, confLevel: cox.confLevel });
    expect(summaryText).toContain(sentenceText(factorHazardRatioSentence(coping.term, coping, cox.confLevel)));
    expect(summaryText).toContain(sentenceText(hazardRatioSentence({ ...ratio(arm, 'arm'), scale: 'groups', levelName: 'methadone', reference: 'buprenorphine' })));
    expect(summaryText).toContain(sentenceText(hazardRatioSentence({ ...ratio(age, 'age'), scale: 'unit' })));
    expect(summaryText).toMatch(/participants with arm methadone/);
  });

  test('the KM chart of a grouping carries the p of the log-rank test of the same grouping, printed on the plot', () => {
    const chart = blocksOf(user).find((b) => b.kind === 'chart' && b.id === 'chart-km-arm') as Extract<Block, { kind: 'chart' }>;
    if (chart.chart.type !== 'km') throw new Error('no KM chart by arm');
    const logrank = userInput.runs.find((r) => r.key === 'logrank:arm')!.result as { p: number };
    expect(chart.chart.pValue).toEqual({ p: logrank.p });
    // The whole-cohort chart has no test, so no p.
    const overall = blocksOf(user).find((b) => b.kind === 'chart' && b.id === 'chart-km-all') as Extract<Block, { kind: 'chart' }>;
    expect(overall.chart.type === 'km' && overall.chart.pValue).toBeFalsy();
  });

  test('the groups, times and CI type of the survival section and the correlation are the user’s, and the methods say so', () => {
    expect(user.sections.filter((s) => s.id.startsWith('group:')).map((s) => s.id)).toEqual(['group:arm']);
    const times = table(user, 'table-km-all-times')!.rows.map((r) => (r[0].kind === 'number' ? r[0].value : null));
    expect(times).toEqual([60, 200]);
    expect(table(user, 'table-correlation')!.rows.length).toBe(3);
    expect(table(user, 'table-correlation')!.caption).toBe('Correlation between the variables chosen in the Correlation step');
    expect(table(model, 'table-correlation')!.caption).toBe('Correlation between factor scores');
    const methods = sectionText('methods');
    expect(methods).toContain('log(−log)');
    expect(methods).toContain("Kendall");
    expect(methods).toContain('of which \\"arm\\" as categories (one hazard ratio per level against the reference; reference levels arm=buprenorphine)');
    expect(methods).toContain('stratified by \\"site\\" (a baseline hazard per stratum)');
    expect(methods).toContain("Breslow's method for ties");
    expect(methods).toContain('User-built analyses: the survival curves and group comparisons, the Cox model and the correlations are as the user set them up');
  });

  test('small-cell suppression applies to the user-built tables as to the default ones', () => {
    const { problems } = reconstruct(user, K);
    expect(problems).toEqual([]);
  });

  test('small-cell suppression applies to a clustered Cox model and to curves split at a factor score’s tertiles', () => {
    const split = reportSettingsSchema.parse({ cox: { covariates: ['score.coping_skills', 'age'], cluster: 'site' }, survival: { groups: ['tertile.coping_skills'] } });
    const splitPlan = planAnalyses(mapping, split);
    const splitModel = buildReportModel({ ...buildInput(raw, K), settings: split, plan: splitPlan, runs: runPlan(prepareAnalysisData(raw, mapping).frame, splitPlan) });
    expect(splitModel.sections.find((s) => s.id === 'group:tertile.coping_skills')?.title).toBe('Relapse by coping skills (tertile split)');
    expect(table(splitModel, 'table-cox')!.columns.map((c) => c.label)).toContain('Robust SE');
    expect(reconstruct(splitModel, K).problems).toEqual([]);
  });
});

describe('groupingLabel: a factor score split names its factor and how it was split', () => {
  test('median and tertile splits by the catalogue label, any other column as it is', () => {
    expect(groupingLabel('median.coping_skills')).toBe('coping skills (median split)');
    expect(groupingLabel('tertile.psychological_dependence')).toBe('psychological dependence (tertile split)');
    expect(groupingLabel('median.not_a_factor')).toBe('median.not_a_factor');
    expect(groupingLabel('site')).toBe('site');
  });
});

describe('the mapping appendix is a readable table (issue 15 item 7)', () => {
  test('role, column and coding: the outcome codes, the groups, each factor item with its direction and risk values', () => {
    const rows = mappingRows(mapping);
    expect(rows.slice(0, 5)).toEqual([
      ['Participant id', 'participant_id', 'identifies a participant (not shown in the report)'],
      ['Follow-up time', 'days_followed', 'days from the start of follow-up'],
      ['Relapse', 'exit_status', 'exit_status = 1'],
      ['Competing end of follow-up', 'exit_status', 'exit_status = 2'],
      ['Censored', 'exit_status', 'any other value'],
    ]);
    expect(rows).toContainEqual(['Group', 'arm', 'compared in its own section']);
    expect(rows).toContainEqual(['Factor: Underlying issues', 'ace_any', 'yes counts as 1, any other value as 0; higher = more risk']);
    expect(rows).toContainEqual(['Factor: Physical dependence', 'cows_peak', 'higher = more risk']);
    const section = model.sections.find((s) => s.id === 'mapping')!;
    expect(section.blocks.find((b) => b.kind === 'table')).toMatchObject({ id: 'table-mapping', rows: rows.map((r) => r.map((t) => ({ kind: 'text', text: t }))) });
    const code = section.blocks.find((b) => b.kind === 'code') as Extract<Block, { kind: 'code' }>;
    expect(code.download).toBe('mapping.json');
    expect(parseMapping(code.text)).toEqual(mapping);
  });
});
