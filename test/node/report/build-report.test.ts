// Builds the demo report in-process and reads it back as a browser would (jsdom), checking that every
// section is there, that its numbers are the engine's (formatted as the app formats them), that it
// references nothing outside itself, and that small cells never appear.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseHtml } from './parse-html';
import { writeDemoCohortCsv } from '../../../node/files/demo-cohort-file';
import { DEMO_MAPPING } from '../../../shared/demo/demo-mapping';
import { parseMapping } from '../../../shared/mapping/format';
import { runAnalysis } from '../../../shared/analyses/run';
import type { KmResult } from '../../../shared/analyses/km';
import type { CoxResult } from '../../../shared/analyses/cox';
import { defaultReportSettings, planAnalyses, prepareAnalysisData, reportTimes } from '../../../shared/report/plan';
import { loadCsv } from '../../../node/import';
import { buildReportFromFrame, type BuiltReport } from '../../../node/report/build-report';
import { provenanceFromImport } from '../../../node/report/gather';
import { printToPdf, type PrintableWindow } from '../../../node/report/print-to-pdf';
import { formatCI, formatNumber, formatP } from '../../../presentation/format';

const mapping = parseMapping(DEMO_MAPPING);
let dir: string;
let csv: string;
let loaded: Awaited<ReturnType<typeof loadCsv>>;
let open: BuiltReport;
let suppressed: BuiltReport;

function documentOf(html: string): Document {
  return parseHtml(html);
}

function tableText(doc: Document, id: string): string[][] {
  const table = doc.getElementById(id);
  if (!table) throw new Error(`no table #${id}`);
  return Array.from(table.querySelectorAll('tbody tr'), (tr) => Array.from(tr.children, (td) => td.textContent ?? ''));
}

function definition(doc: Document, listId: string, term: string): string {
  const list = doc.getElementById(listId)!;
  const dt = Array.from(list.querySelectorAll('dt')).find((d) => d.textContent === term);
  if (!dt) throw new Error(`no "${term}" in #${listId}`);
  return dt.nextElementSibling!.textContent ?? '';
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-'));
  csv = join(dir, 'demo.csv');
  await writeDemoCohortCsv(csv, 5000, 20261124);
  loaded = await loadCsv(csv);
  const provenance = provenanceFromImport(loaded.report, loaded.frame, { source: 'csv' });
  // A report takes its frame's columns out as it goes (the raw columns are freed once used): each report gets its own frame.
  const ownFrame = () => ({ nRows: loaded.frame.nRows, columns: [...loaded.frame.columns] });
  open = await buildReportFromFrame({ frame: ownFrame(), provenance, mapping, minCell: 0, notes: 'Board report, first quarter.' });
  suppressed = await buildReportFromFrame({ frame: ownFrame(), provenance, mapping, minCell: 11 });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo report', () => {
  test('holds every section, in order, with its charts', () => {
    expect(open.sections).toEqual(['notes', 'overview', 'group:site', 'group:intake_cohort', 'group:arm', 'factors', 'competing', 'correlation', 'methods', 'provenance', 'mapping']);
    const doc = documentOf(open.html);
    expect(Array.from(doc.querySelectorAll('section[data-section]'), (s) => s.getAttribute('data-section'))).toEqual(open.sections);
    // One KM chart for the cohort and one per group column, a forest plot, the cumulative incidence and the heatmap.
    expect(doc.querySelectorAll('figure svg[data-chart="kaplan-meier"]').length).toBe(4);
    expect(doc.querySelectorAll('figure svg[data-chart="forest"]').length).toBe(1);
    expect(doc.querySelectorAll('figure svg[data-chart="cumulative-incidence"]').length).toBe(1);
    expect(doc.querySelectorAll('figure svg[data-chart="correlation-heatmap"]').length).toBe(1);
    expect(doc.querySelector('section[data-section="notes"]')!.textContent).toContain('Board report, first quarter.');
    const methods = doc.querySelector('section[data-section="methods"]')!.textContent!;
    expect(methods).toContain('Kaplan–Meier method with log-transformed 95% pointwise confidence intervals');
    expect(methods).toContain('log-rank test');
    expect(methods).toContain("Efron's method for ties");
    expect(methods).toContain("Spearman's rank correlation");
    expect(methods).toContain("Holm's step-down method");
    expect(methods).toMatch(/Relapse Workbench \d+\.\d+\.\d+/);
    expect(methods).toContain('Missing values were not imputed');
    const provenance = doc.querySelector('section[data-section="provenance"]')!;
    expect(definition(doc, 'provenance', 'SHA-256')).toBe(loaded.report.sha256);
    expect(definition(doc, 'provenance', 'Data file')).toBe('demo.csv');
    expect(definition(doc, 'provenance', 'File size, bytes')).toBe(formatNumber(loaded.report.fileSize));
    expect(definition(doc, 'provenance', 'Imported')).toBe(loaded.report.importedAt);
    expect(definition(doc, 'provenance', 'Rows read')).toBe(formatNumber(loaded.report.rows));
    expect(provenance.textContent).toContain('Rows rejected at import');
    const appendix = doc.querySelector('section[data-section="mapping"] pre')!.textContent!;
    expect(JSON.parse(appendix)).toMatchObject({ format: 'relapse-workbench-mapping', groups: ['site', 'intake_cohort', 'arm'] });
  });

  test('its numbers are the engine’s', () => {
    const doc = documentOf(open.html);
    const settings = defaultReportSettings();
    const { frame } = prepareAnalysisData(loaded.frame, mapping);
    const plan = planAnalyses(mapping, settings);
    const options = (key: string) => plan.find((p) => p.key === key)!.options;

    const km = runAnalysis('km', frame, options('km:site')).result as KmResult;
    expect(tableText(doc, 'table-km-site')).toEqual(
      km.groups.map((g) => [g.group, formatNumber(g.n), formatNumber(g.events), formatNumber(g.median.estimate, 0), formatCI(g.median.lower, g.median.upper, 0), formatNumber(g.rmst.estimate, 1)]),
    );
    expect(tableText(doc, 'table-km-site-times')).toEqual(
      km.groups.flatMap((g) =>
        reportTimes(settings).map((t) => {
          const at = g.atTimes.find((a) => a.time === t)!;
          return [g.group, formatNumber(t), formatNumber(at.nRisk), formatNumber(at.survival * 100, 1), formatCI(at.lower! * 100, at.upper! * 100, 1)];
        }),
      ),
    );
    const overall = runAnalysis('km', frame, options('km:all')).result as KmResult;
    expect(definition(doc, 'overview-counts', 'Median time to relapse, days')).toBe(formatNumber(overall.groups[0].median.estimate, 0));
    expect(definition(doc, 'overview-counts', 'Median follow-up, days (reverse Kaplan–Meier)')).toBe(formatNumber(overall.groups[0].followUp.estimate, 0));

    const lr = runAnalysis('logrank', frame, options('logrank:arm')).result as { chisq: number; p: number; groups: { group: string; n: number; observed: number; expected: number }[] };
    expect(definition(doc, 'logrank-arm', 'Chi-square')).toBe(formatNumber(lr.chisq, 2));
    expect(definition(doc, 'logrank-arm', 'p-value')).toBe(formatP(lr.p));
    expect(tableText(doc, 'table-logrank-arm')).toEqual(lr.groups.map((g) => [g.group, formatNumber(g.n), formatNumber(g.observed), formatNumber(g.expected, 1)]));

    const cox = runAnalysis('cox', frame, options('cox:factors')).result as CoxResult;
    const coxRows = tableText(doc, 'table-cox');
    expect(coxRows.map((r) => r.slice(1, 4))).toEqual(cox.coefficients.map((c) => [formatNumber(c.hr, 2), formatCI(c.hrLower, c.hrUpper, 2), formatP(c.p)]));
    expect(coxRows.map((r) => r[4])).toEqual(cox.coefficients.map((c) => formatP(cox.ph.terms.find((t) => t.term === c.term)!.p)));
    expect(definition(doc, 'cox-summary', 'Concordance (Harrell’s C)')).toBe(formatNumber(cox.concordance.estimate, 3));
    expect(definition(doc, 'cox-summary', 'Participants in the model')).toBe(formatNumber(cox.n));

    const cor = runAnalysis('correlation', frame, options('correlation:factors')).result as { pairs: { n: number; estimate: number; p: number; pAdjusted: number }[] };
    expect(tableText(doc, 'table-correlation').map((r) => [r[2], r[3], r[5]])).toEqual(cor.pairs.map((p) => [formatNumber(p.n), formatNumber(p.estimate, 2), formatP(p.pAdjusted)]));

    // The report's own runs are exactly these results.
    expect(open.runs.find((r) => r.key === 'cox:factors')!.result).toEqual(cox);
  });

  test('references no network and no file system: no URL, script, link, image file or path', () => {
    for (const { html } of [open, suppressed]) {
      // (Booleans, not toMatch, so a failure does not print a megabyte of HTML.)
      expect(/https?:|ftp:|file:|\/\/[a-z]/i.test(html)).toBe(false);
      expect(/<script|<link|<iframe|<object|<embed|<img|@import/i.test(html)).toBe(false);
      // url(…) appears only as a reference inside the page (clip paths), never to a file.
      expect(/url\((?!#)/.test(html)).toBe(false);
      // The one link out of the page is the mapping's download, a data: URL (its text, no network).
      expect(/\b(src|href)="(?!#|data:application\/json;charset=utf-8,)/.test(html)).toBe(false);
      expect(html).not.toContain(dir);
      expect(html).not.toContain(tmpdir());
      const doc = documentOf(html);
      expect(Array.from(doc.querySelectorAll('[href]:not(a[download="mapping.json"])'), (a) => a.getAttribute('href')!.startsWith('#')).every(Boolean)).toBe(true);
      expect(doc.querySelector('a[download="mapping.json"]')!.getAttribute('href')!.startsWith('data:application/json;charset=utf-8,')).toBe(true);
      expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toContain("default-src 'none'");
    }
  });

  test('with a threshold of 11 no count from 1 to 10 appears in any table, list or at-risk row', () => {
    const doc = documentOf(suppressed.html);
    const countCells = Array.from(doc.querySelectorAll('[data-kind="count"], [data-kind="suppressed"]'), (el) => el.textContent ?? '');
    expect(countCells.length).toBeGreaterThan(100);
    for (const text of countCells) {
      if (text === '<11' || text === 'suppressed') continue;
      expect(Number(text.replace(/,/g, '')) === 0 || Number(text.replace(/,/g, '')) >= 11, text).toBe(true);
    }
    // Zero rows were left out, and the report says 0 (not "<11").
    expect(definition(doc, 'overview-counts', 'Rows left out (missing or negative time, missing event)')).toBe(formatNumber(suppressed.exclusions.excluded));
    const atRisk = Array.from(doc.querySelectorAll('.km-at-risk-count'), (el) => el.textContent ?? '');
    expect(atRisk.length).toBeGreaterThan(20);
    // Curves are drawn in steps of at least 11 leaving the risk set, so every number at risk is ≥ 11.
    for (const text of atRisk) expect(Number(text.replace(/,/g, '')), text).toBeGreaterThanOrEqual(11);
    const settings = defaultReportSettings();
    const { frame } = prepareAnalysisData(loaded.frame, mapping);
    const km = runAnalysis('km', frame, planAnalyses(mapping, settings).find((p) => p.key === 'km:site')!.options).result as KmResult;
    const chart = suppressed.model.sections.find((s) => s.id === 'group:site')!.blocks.find((b) => b.kind === 'chart')!;
    if (chart.kind !== 'chart' || chart.chart.type !== 'km') throw new Error('no KM chart for site');
    // Survival at the report times is the exact estimate, withheld where fewer than 11 are at risk.
    const times = tableText(doc, 'table-km-site-times');
    km.groups.forEach((g, k) => {
      reportTimes(settings).forEach((t, j) => {
        const row = times[k * reportTimes(settings).length + j];
        const at = g.atTimes.find((a) => a.time === t)!;
        expect(row[3]).toBe(at.nRisk < 11 ? 'suppressed' : formatNumber(at.survival * 100, 1));
      });
    });
    // The number at risk beside it is the chart's: that at the start of the step in progress on the day.
    const steps = chart.chart.groups.find((c) => c.group === km.groups[0].group)!.table;
    expect(times[0][2]).toBe(formatNumber(steps.find((s) => s.time >= reportTimes(settings)[0])!.nRisk));
  });

  test('a group with fewer than k participants is named, its numbers suppressed and its curve not drawn', async () => {
    const small = join(dir, 'small.csv');
    await writeDemoCohortCsv(small, 60, 20261124);
    const data = await loadCsv(small);
    const { frame } = prepareAnalysisData(data.frame, mapping);
    const built = await buildReportFromFrame({ frame: data.frame, provenance: provenanceFromImport(data.report, data.frame, { source: 'csv' }), mapping, minCell: 11, sections: ['group:site'] });
    const km = runAnalysis('km', frame, planAnalyses(mapping, defaultReportSettings()).find((p) => p.key === 'km:site')!.options).result as KmResult;
    const smallGroups = km.groups.filter((g) => g.n < 11);
    expect(smallGroups.length).toBeGreaterThan(0);
    const doc = documentOf(built.html);
    const rows = tableText(doc, 'table-km-site');
    for (const g of smallGroups) {
      const row = rows.find((r) => r[0] === g.group)!;
      expect(row.slice(1)).toEqual(['<11', expect.any(String), 'suppressed', 'suppressed', 'suppressed']);
      expect(doc.querySelector(`.km-at-risk-row[data-group="${g.group}"]`)).toBeNull();
    }
    expect(built.sections).toEqual(['group:site']);
  });
});

describe('printToPdf', () => {
  test('loads the report as a data URL into the window, prints it, and destroys the window', async () => {
    const calls: string[] = [];
    let destroyed = false;
    const window: PrintableWindow = {
      async loadURL(url) {
        calls.push(url);
      },
      webContents: {
        async printToPDF(options) {
          calls.push(`print:${options.pageSize}:${options.printBackground}`);
          return new TextEncoder().encode('%PDF-1.7 fake');
        },
      },
      destroy: () => {
        destroyed = true;
      },
      isDestroyed: () => destroyed,
    };
    const pdf = await printToPdf(window, '<!DOCTYPE html><p>é</p>');
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(calls[0].startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(calls[0].split(',')[1], 'base64').toString('utf8')).toBe('<!DOCTYPE html><p>é</p>');
    expect(calls[1]).toBe('print:A4:true');
    expect(destroyed).toBe(true);
  });

  test('a print that returns no PDF is an error, and the window is still destroyed', async () => {
    let destroyed = false;
    const window: PrintableWindow = { loadURL: async () => {}, webContents: { printToPDF: async () => new Uint8Array([1, 2, 3]) }, destroy: () => (destroyed = true) };
    await expect(printToPdf(window, '<p></p>')).rejects.toThrow(/did not return a PDF/);
    expect(destroyed).toBe(true);
  });
});
