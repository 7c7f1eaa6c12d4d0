/**
 * `rerun EXPORT.json (--csv FILE | --project P --dataset NAME) [--json] [--out report.html]`: applies
 * an analysis-only export (mapping + settings + analyses, no data) to a copy of the data and prints
 * the result of every analysis in it. The same data give the same numbers as the original run: the
 * export carries each analysis's exact options, and the mapping and exclusion rule are applied the
 * same way.
 */
import { parseAnalysisExport } from '../../shared/report/analysis-export';
import { columnsOfPlan, prepareAnalysisData } from '../../shared/report/plan';
import { SOFTWARE_VERSION } from '../../shared/report/version';
import { runPlan } from '../../node/report/run-plan';
import { buildReportFromFrame } from '../../node/report/build-report';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { dataSourceFlags } from '../data-source';
import { renderText, writeJson, writeOutputFile } from '../output';
import { checkOutputFile, readJsonFile } from '../paths';
import { loadReportData } from './report-data';
import { minCellFrom } from './report-options';

export const rerunCommand: CliCommand = {
  name: 'rerun',
  summary: 'rerun an analysis-only export on --csv FILE or --project P --dataset NAME (same numbers as the original)',
  usage: () =>
    [
      'usage: cli rerun EXPORT.json (--csv FILE | --project P.sqlite --dataset NAME) [--json] [--out report.html] [--min-cell K]',
      '',
      '  EXPORT.json   an analysis-only export (format relapse-workbench-analysis), from `export-analysis`, `report --export-analysis` or the app',
      '  --out FILE    also write the HTML report of the rerun',
      '  --min-cell K  small-cell threshold of that report (default: the one in the export)',
    ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, { ...dataSourceFlags, out: { type: 'string' }, 'min-cell': { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('name one analysis export: rerun EXPORT.json (--csv FILE | --project P --dataset NAME)');
    if (typeof values.out === 'string') checkOutputFile(values.out, 'report');
    const exported = parseAnalysisExport(readJsonFile(positionals[0], 'analysis export'));
    const { frame, provenance } = await loadReportData(values, { mapping: exported.mapping, analyses: exported.analyses });
    const prepared = prepareAnalysisData(frame, exported.mapping, { keep: columnsOfPlan(exported.analyses) });
    const runs = runPlan(prepared.frame, exported.analyses);
    const document = {
      format: exported.format,
      exportedWith: exported.software,
      software: { name: 'relapse-workbench', version: SOFTWARE_VERSION },
      ...(exported.software.version !== SOFTWARE_VERSION ? { versionNote: `the export was made with version ${exported.software.version}; this is ${SOFTWARE_VERSION}` } : {}),
      exclusions: prepared.exclusions,
      analyses: runs.map((r) => ({ key: r.key, analysis: r.analysis, options: r.options, ...(r.error !== undefined ? { error: r.error } : { result: r.result }), timing: { analysisMs: r.analysisMs } })),
    };
    if (typeof values.out === 'string') {
      const minCell = typeof values['min-cell'] === 'string' ? minCellFrom(values) : exported.minCell;
      const built = await buildReportFromFrame({ frame, provenance, mapping: exported.mapping, settings: exported.settings, plan: exported.analyses, minCell });
      writeOutputFile(values.out, built.html, 'report');
    }
    if (values.json) writeJson(document);
    else process.stdout.write(renderText(document, 'Rerun of an analysis export') + '\n');
  },
};
