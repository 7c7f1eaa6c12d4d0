/**
 * `report (--csv FILE | --project P --dataset NAME) --mapping M.json --out report.html [--min-cell K]`:
 * the full HTML report (cohort overview, Kaplan–Meier and log-rank by each group column, the factor
 * Cox model with its forest plot, competing risks, the correlation heatmap, methods, provenance and the
 * mapping appendix), self-contained and drawn with the app's chart components. `--sections` may add a declared
 * analysis's section (`declared:<id>`, e.g. declared:rmst), which joins the plan and the analysis-only export.
 */
import { createAnalysisExport, serialiseAnalysisExport } from '../../shared/report/analysis-export';
import { buildReportFromFrame, type FrameReportRequest } from '../../node/report/build-report';
import { reportableAnalyses, withDeclaredSections } from '../../shared/report/plan';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { dataSourceFlags } from '../data-source';
import { writeJson, writeOutputFile } from '../output';
import { checkOutputFile } from '../paths';
import { openReportData, readMappingFile, readTextFile } from './report-data';
import { minCellFrom, REPORT_SETTINGS_USAGE, reportSettingFlags, settingsFrom } from './report-options';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'write the self-contained HTML report (survival, groups, factors, correlations, methods, provenance)',
  usage: () =>
    [
      'usage: cli report (--csv FILE | --project P.sqlite --dataset NAME) --mapping M.json --out report.html [options] [--json]',
      '',
      '  --mapping M.json   the column mapping template (docs/mapping-format.md)',
      '  --out FILE         where to write the HTML report',
      '  --export-analysis A.json   also write the analysis-only export (mapping + settings, no data) for `rerun`',
      '  --notes-file FILE  your notes (plain text; blank lines separate paragraphs), shown first',
      '  --title TEXT       report title',
      '  --sections a,b     sections in order (notes, overview, groups or group:COL, factors, recurrent, competing, correlation, methods, provenance, mapping)',
      '                     a mapping of several rows per participant (outcome.intervalStart) gives recurrent (Repeated relapses) instead of the one-row sections',
      `                     declared:ID adds an analysis's own section (not in the default list): ${reportableAnalyses().map((a) => `declared:${a.id} (${a.presentation?.report?.label ?? a.title})`).join(', ')}`,
      REPORT_SETTINGS_USAGE,
    ].join('\n'),
  async run(argv) {
    const { values } = parseCommandLine(argv, {
      ...dataSourceFlags,
      ...reportSettingFlags,
      mapping: { type: 'string' },
      out: { type: 'string' },
      'export-analysis': { type: 'string' },
      'notes-file': { type: 'string' },
      title: { type: 'string' },
      sections: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (typeof values.mapping !== 'string') throw new UsageError('--mapping M.json is required (the column mapping template)');
    if (typeof values.out !== 'string') throw new UsageError('--out report.html is required');
    checkOutputFile(values.out, 'report');
    if (typeof values['export-analysis'] === 'string') checkOutputFile(values['export-analysis'], 'analysis export');
    const minCell = minCellFrom(values);
    const sections = typeof values.sections === 'string' ? values.sections.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    // A declared analysis's section (declared:ID) joins the plan, and so the analysis-only export.
    const settings = withDeclaredSections(settingsFrom(values), sections);
    const mapping = readMappingFile(values.mapping);
    const notes = typeof values['notes-file'] === 'string' ? readTextFile(values['notes-file'], 'notes') : undefined;
    // The report takes the loaded frame's columns out of it while the mapping is applied (consumeExcept), so
    // the raw columns are freed before the analyses run; a project's columns are read as first used, and
    // the project is closed once the report is built.
    const title = typeof values.title === 'string' ? values.title : undefined;
    // The site column of --sites-by is read too, mapped or not.
    const { close, ...data } = await openReportData(values, settings.sitesBy ? { ...mapping, sitesBy: settings.sitesBy } : mapping);
    const request: FrameReportRequest = { ...data, mapping, minCell, settings, notes, sections, title };
    const started = performance.now();
    let built;
    try {
      built = await buildReportFromFrame(request);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('unknown report section')) throw new UsageError(`--sections: ${error.message}`);
      throw error;
    } finally {
      close();
    }
    writeOutputFile(values.out, built.html, 'report');
    if (typeof values['export-analysis'] === 'string') {
      writeOutputFile(values['export-analysis'], serialiseAnalysisExport(createAnalysisExport(mapping, settings, minCell)), 'analysis export');
    }
    const failed = built.runs.filter((r) => r.error).map((r) => ({ key: r.key, error: r.error }));
    if (values.json) {
      writeJson({ out: values.out, bytes: Buffer.byteLength(built.html), sections: built.sections, minCell, failed, timing: { reportMs: performance.now() - started } });
    } else {
      process.stdout.write(`wrote ${values.out} (${built.sections.length} sections, small-cell threshold ${minCell > 1 ? minCell : 'off'})\n`);
      for (const f of failed) process.stdout.write(`  note: ${f.key} could not run: ${f.error}\n`);
    }
  },
};
