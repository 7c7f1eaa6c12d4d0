/**
 * `export-analysis --mapping M.json --out A.json [report settings] [--min-cell K]`: writes the
 * analysis-only export (mapping, settings, analyses with their options, software version; no data)
 * that `rerun` applies to a colleague's copy of the data.
 */
import { createAnalysisExport, serialiseAnalysisExport } from '../../shared/report/analysis-export';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { writeJson, writeOutputFile } from '../output';
import { checkOutputFile } from '../paths';
import { readMappingFile } from './report-data';
import { minCellFrom, REPORT_SETTINGS_USAGE, reportSettingFlags, settingsFrom } from './report-options';

export const exportAnalysisCommand: CliCommand = {
  name: 'export-analysis',
  summary: 'write an analysis-only export (mapping + settings, no data) for `rerun`',
  usage: () => ['usage: cli export-analysis --mapping M.json --out A.json [options] [--json]', '', REPORT_SETTINGS_USAGE].join('\n'),
  async run(argv) {
    const { values } = parseCommandLine(argv, { ...reportSettingFlags, mapping: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } });
    if (typeof values.mapping !== 'string') throw new UsageError('--mapping M.json is required');
    if (typeof values.out !== 'string') throw new UsageError('--out A.json is required');
    checkOutputFile(values.out, 'analysis export');
    const document = createAnalysisExport(readMappingFile(values.mapping), settingsFrom(values), minCellFrom(values));
    writeOutputFile(values.out, serialiseAnalysisExport(document), 'analysis export');
    if (values.json) writeJson({ out: values.out, analyses: document.analyses.map((a) => a.key) });
    else process.stdout.write(`wrote ${values.out} (${document.analyses.length} analyses, no data)\n`);
  },
};
