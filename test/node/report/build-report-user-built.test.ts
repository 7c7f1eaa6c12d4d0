// The report carries the user's Cox model with a robust variance (cluster) or case weights, and the user's
// survival curves split at a factor score's median or tertiles (issue 15 item 7). Data: the demo cohort of
// 2,000 (test/shared/mapping/fixtures) with 20 follow-up times blanked and a fractional case-weight column
// w; reference values from R (fixtures/report-user-built.R: coxph(…, cluster = site), coxph(…, weights = w),
// survfit and survdiff by the median split of the craving score and the tertiles of the complacency score,
// the scores computed and split over all 2,000 rows as the app's Survival step splits them).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCsv } from '../../../node/import';
import { parseMapping } from '../../../shared/mapping/format';
import { reportSettingsSchema } from '../../../shared/report/plan';
import { buildReportFromFrame, type BuiltReport } from '../../../node/report/build-report';
import { provenanceFromImport } from '../../../node/report/gather';
import type { Block, Cell } from '../../../shared/report/model';
import { sentenceText } from '../../../presentation/report/format-cell';
import { expectClose } from '../../helpers/compare';
import { parseHtml } from './parse-html';

interface CoxReference {
  n: number;
  events: number;
  coefficients: { term: string; coef: number; se: number; robustSe: number; z: number; p: number; hr: number; lower: number; upper: number }[];
  wald: { statistic: number; df: number; p: number };
  robustScore: { statistic: number; df: number; p: number };
  likelihoodRatio: { statistic: number; df: number; p: number };
}
interface GroupReference {
  excluded: number;
  tau: number;
  groups: { group: string; n: number; events: number; median: number | null; medianLower: number | null; medianUpper: number | null; rmst: number; atTimes: { time: number; nRisk: number; survival: number; lower: number; upper: number }[] }[];
  logrank: { chisq: number; df: number; p: number; observed: number[]; expected: number[]; n: number[] };
}
const fixtures = join(__dirname, 'fixtures');
const reference = JSON.parse(readFileSync(join(fixtures, 'report-user-built.json'), 'utf8')) as {
  rows: number;
  missingTime: number;
  coxCluster: CoxReference;
  coxWeights: CoxReference;
  cravingMedianSplit: GroupReference;
  complacencyTertiles: GroupReference;
};
const mappingDir = join(__dirname, '..', '..', 'shared', 'mapping', 'fixtures');
const mapping = parseMapping(JSON.parse(readFileSync(join(mappingDir, 'demo-mapping.json'), 'utf8')));

/** The demo cohort with days_followed blanked on data rows 1–20 and w = 1, 1.5, 2, … (as the R script). */
function cohortCsv(): string {
  const lines = readFileSync(join(mappingDir, 'demo-cohort-2000.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const days = header.indexOf('days_followed');
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (i < 20) cells[days] = '';
    return [...cells, String(1 + (i % 3) / 2)].join(',');
  });
  return [[...header, 'w'].join(','), ...rows].join('\n') + '\n';
}

const cox = { covariates: ['score.coping_skills', 'age', 'arm'], categorical: ['arm'], reference: 'arm=buprenorphine' };
const clusteredSettings = reportSettingsSchema.parse({ cox: { ...cox, cluster: 'site' }, survival: { groups: ['median.psychological_dependence'], times: [90, 365] } });
const weightedSettings = reportSettingsSchema.parse({ cox: { ...cox, weights: 'w' }, survival: { groups: ['tertile.complacency'], times: [90, 365] } });

let dir: string;
let clustered: BuiltReport;
let weighted: BuiltReport;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-user-built-'));
  writeFileSync(join(dir, 'cohort.csv'), cohortCsv());
  const build = async (settings: typeof clusteredSettings) => {
    const loaded = await loadCsv(join(dir, 'cohort.csv'));
    return buildReportFromFrame({ frame: loaded.frame, provenance: provenanceFromImport(loaded.report, loaded.frame, { source: 'csv' }), mapping, settings, minCell: 0, generatedAt: new Date('2026-01-01T00:00:00Z') });
  };
  clustered = await build(clusteredSettings);
  weighted = await build(weightedSettings);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blocksOf = (built: BuiltReport, section?: string) => built.model.sections.filter((s) => section === undefined || s.id === section).flatMap((s) => s.blocks);
const table = (built: BuiltReport, id: string) => blocksOf(built).find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.id === id)!;
/** A term of the Cox section's fit summary. */
const definition = (built: BuiltReport, term: string) => blocksOf(built, 'factors').flatMap((b) => (b.kind === 'definitions' && b.id === 'cox-summary' ? b.items : [])).find((i) => i.term === term)?.value;
const value = (cell: Cell | undefined): number | null => (cell?.kind === 'number' || cell?.kind === 'count' || cell?.kind === 'p' || cell?.kind === 'percent' ? cell.value : null);
const bounds = (cell: Cell | undefined) => (cell?.kind === 'interval' ? [cell.lower, cell.upper] : [null, null]);
const label = (cell: Cell) => (cell.kind === 'text' ? cell.text : '');
const methods = (built: BuiltReport) => blocksOf(built, 'methods').map((b) => (b.kind === 'paragraph' ? sentenceText(b.parts) : '')).join('\n');

/** The Cox table's coefficient rows (the reference level's row left out) against R's summary(coxph). */
function expectCoxTable(built: BuiltReport, r: CoxReference): void {
  const t = table(built, 'table-cox');
  expect(t.columns.map((c) => c.label)).toEqual(['Term', 'Hazard ratio', '95% CI', 'SE', 'Robust SE', 'z', 'p', 'PH test p']);
  expect(t.rows.map((row) => label(row[0]))).toEqual(['Coping skills', 'age', 'arm: buprenorphine', 'arm: methadone vs buprenorphine']);
  expect(t.rows[2].map(label)).toEqual(['arm: buprenorphine', '1', 'reference', '', '', '', '', '']);
  const rows = [t.rows[0], t.rows[1], t.rows[3]];
  expect(r.coefficients.map((c) => c.term)).toEqual(['coping', 'age', 'armmethadone']);
  rows.forEach((row, i) => {
    const c = r.coefficients[i];
    expectClose(value(row[1]), c.hr, `${c.term} hazard ratio`);
    const [lower, upper] = bounds(row[2]);
    expectClose(lower, c.lower, `${c.term} lower (robust SE)`);
    expectClose(upper, c.upper, `${c.term} upper (robust SE)`);
    expectClose(value(row[3]), c.se, `${c.term} model SE`);
    expectClose(value(row[4]), c.robustSe, `${c.term} robust SE`);
    expectClose(value(row[5]), c.z, `${c.term} z (robust SE)`);
    expectClose(value(row[6]), c.p, `${c.term} p (robust SE)`);
  });
  expect(value(definition(built, 'Participants in the model'))).toBe(r.n);
  expect(value(definition(built, 'Relapses'))).toBe(r.events);
  expectClose(value(definition(built, 'Likelihood-ratio test χ²')), r.likelihoodRatio.statistic, 'likelihood-ratio test');
  expectClose(value(definition(built, 'Wald test χ² (robust variance)')), r.wald.statistic, 'robust Wald test');
  expectClose(value(definition(built, 'Wald test p')), r.wald.p, 'robust Wald p', 1e-300);
  expectClose(value(definition(built, 'Robust score test χ²')), r.robustScore.statistic, 'robust score test');
  expectClose(value(definition(built, 'Robust score test p')), r.robustScore.p, 'robust score p');
}

/** The group section of a factor score's split against R's survfit and survdiff by the same split. */
function expectGroupSection(built: BuiltReport, column: string, title: string, r: GroupReference): void {
  const section = built.model.sections.find((s) => s.id === `group:${column}`)!;
  expect(section.title).toBe(title);
  const km = table(built, `table-km-${column}`);
  expect(km.columns.map((c) => c.label)).toEqual([title.slice('Relapse by '.length), 'Participants', 'Relapses', 'Median, days', '95% CI', `RMST to day ${r.tau}, days`]);
  expect(km.rows.map((row) => label(row[0]))).toEqual(r.groups.map((g) => g.group));
  km.rows.forEach((row, i) => {
    const g = r.groups[i];
    expect(value(row[1])).toBe(g.n);
    expect(value(row[2])).toBe(g.events);
    expectClose(value(row[3]), g.median, `${g.group} median`);
    const [lower, upper] = bounds(row[4]);
    expectClose(lower, g.medianLower, `${g.group} median lower`);
    expectClose(upper, g.medianUpper, `${g.group} median upper`);
    expectClose(value(row[5]), g.rmst, `${g.group} RMST`);
  });
  // Rows with no score (3 of the 1,980 with a follow-up time for craving) are left out of the comparison.
  expect(km.footnotes).toContain(`Rows with no ${title.slice('Relapse by '.length)} value were left out of this comparison.`);
  const times = table(built, `table-km-${column}-times`);
  const expected = r.groups.flatMap((g) => g.atTimes.map((a) => ({ group: g.group, ...a })));
  expect(times.rows).toHaveLength(expected.length);
  times.rows.forEach((row, i) => {
    const at = expected[i];
    expect([label(row[0]), value(row[1]), value(row[2])]).toEqual([at.group, at.time, at.nRisk]);
    expectClose(value(row[3]), at.survival, `${at.group} survival at day ${at.time}`);
    const [lower, upper] = bounds(row[4]);
    expectClose(lower, at.lower * 100, `${at.group} lower at day ${at.time}`);
    expectClose(upper, at.upper * 100, `${at.group} upper at day ${at.time}`);
  });
  const logrank = table(built, `table-logrank-${column}`);
  logrank.rows.forEach((row, i) => {
    expect([label(row[0]), value(row[1]), value(row[2])]).toEqual([r.groups[i].group, r.logrank.n[i], r.logrank.observed[i]]);
    expectClose(value(row[3]), r.logrank.expected[i], `${r.groups[i].group} expected relapses`);
  });
  const items = blocksOf(built).flatMap((b) => (b.kind === 'definitions' && b.id === `logrank-${column}` ? b.items : []));
  expectClose(value(items.find((i) => i.term === 'Chi-square')?.value), r.logrank.chisq, 'log-rank chi-square');
  expect(value(items.find((i) => i.term === 'Degrees of freedom')?.value)).toBe(r.logrank.df);
  expectClose(value(items.find((i) => i.term === 'p-value')?.value), r.logrank.p, 'log-rank p', 1e-300);
}

describe('the user-built Cox model with a robust variance by site (R coxph(…, cluster = site))', () => {
  test('the Cox table: model SE and robust SE side by side, the CI, z and p from the robust SE, the robust Wald and score tests', () => {
    expectCoxTable(clustered, reference.coxCluster);
    expect(label(definition(clustered, 'Model')!)).toBe('Set up in the Cox step: Coping skills, age, arm; robust (sandwich) variance by site; Efron ties');
    expect(table(clustered, 'table-cox').footnotes?.[1]).toContain('the confidence interval, z and p use the robust (sandwich) variance by site');
  });

  test('the methods say so, as R terms it', () => {
    expect(methods(clustered)).toContain('with the robust (sandwich) variance by "site" (R coxph(…, cluster = site))');
    expect(methods(clustered)).toContain('are exp(β ± z·robust SE) and p-values are Wald tests with the robust SE');
  });
});

describe('the user-built Cox model with fractional case weights (R coxph(…, weights = w))', () => {
  test('the Cox table: R robust by row as its default for fractional weights', () => {
    expectCoxTable(weighted, reference.coxWeights);
    expect(label(definition(weighted, 'Model')!)).toBe('Set up in the Cox step: Coping skills, age, arm; case weights from w; Efron ties');
    expect(methods(weighted)).toContain('with case weights from column "w" (R coxph(…, weights = w)');
    expect(methods(weighted)).toContain('When a weight is not a whole number, the variance is the robust (sandwich) one with each row its own cluster');
  });
});

describe("the survival section split at a factor score's median or tertiles", () => {
  test('median split of craving: the KM, report times and log-rank as R by the same split', () => {
    expect(reference.missingTime).toBe(20);
    expect(clustered.exclusions.missingTime).toBe(20);
    expectGroupSection(clustered, 'median.psychological_dependence', 'Relapse by psychological dependence (median split)', reference.cravingMedianSplit);
    const sentences = blocksOf(clustered, 'group:median.psychological_dependence').filter((b) => b.kind === 'paragraph' && b.tone === 'summary').map((b) => (b.kind === 'paragraph' ? sentenceText(b.parts) : ''));
    expect(sentences.join(' ')).toContain('Time to relapse differed between the psychological dependence (median split) groups');
  });

  test('tertiles of complacency: three groups as R by the same split', () => {
    expectGroupSection(weighted, 'tertile.complacency', 'Relapse by complacency (tertile split)', reference.complacencyTertiles);
  });

  test('only the split the user chose is derived, and the methods say how it was made', () => {
    expect(clustered.sections.filter((id) => id.startsWith('group:'))).toEqual(['group:median.psychological_dependence']);
    const text = methods(clustered);
    expect(text).toContain('psychological dependence (median split): the psychological dependence score below its median ("below median") or at or above it ("median or above")');
    expect(text).toContain("R's quantile(type = 7) of the score over every row of the data with a score (the rows the user left out in the Mapping step excepted), taken before rows with a missing or negative follow-up time or a missing event were left out");
    expect(methods(weighted)).toContain('complacency (tertile split): the complacency score below its first tertile ("lower third")');
  });

  test('the HTML report shows the split section with its chart', () => {
    const doc = parseHtml(clustered.html);
    expect(doc.getElementById('table-km-median.psychological_dependence')).not.toBeNull();
    expect(doc.body.textContent).toContain('Relapse by psychological dependence (median split)');
  });
});
