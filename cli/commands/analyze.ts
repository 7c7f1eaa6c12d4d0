/**
 * `analyze <analysis> [options]`: runs one declared analysis on a CSV or a project dataset. The flags
 * are generated from the analysis declaration (shared/analyses/*.ts). Without --json, an analysis whose
 * declaration has a presentation is written as its declared tables and sentences (cli/output.ts
 * renderDeclaredText), any other as the generic dump of its document (renderText); --json is the document.
 */
import { ANALYSES, findAnalysis } from '../../shared/analyses/registry';
import { columnsUsed } from '../../shared/analyses/columns-used';
import { runAnalysis, validateAnalysisOptions } from '../../shared/analyses/run';
import { flagsForOptions, optionsFromFlags, parseCommandLine, usageForOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import { dataSourceFlags, loadData, type LoadedData } from '../data-source';
import { renderDeclaredText, renderText, writeJson } from '../output';
import { readMappingJson } from '../mapping-file';

/** Options given as a JSON file (the mapping of `analyze factors`) are read here and passed as objects. */
const JSON_FILE_OPTIONS: Record<string, (path: string) => unknown> = { mapping: readMappingJson };

/**
 * Records of the CSV that could not be read (ragged rows, an unbalanced quote) never reach the
 * analysis; the document says so, so that no row is lost silently: `rejectedRows` and a warning.
 */
function withInputRejections(document: Record<string, unknown>, source: LoadedData['source']): Record<string, unknown> {
  const report = source.report as { rejectedRows?: number; rejections?: { examples?: { line: number; reason: string }[] } } | undefined;
  const rejected = report?.rejectedRows ?? 0;
  document.rejectedRows = rejected;
  if (rejected > 0) {
    const first = report?.rejections?.examples?.[0];
    const where = first ? ` (first: ${first.reason.startsWith('line') ? first.reason : `line ${first.line}: ${first.reason}`})` : '';
    const warning = { code: 'rows-rejected', message: `${rejected} record${rejected === 1 ? '' : 's'} of ${source.path} could not be read and ${rejected === 1 ? 'was' : 'were'} not analysed${where}` };
    document.warnings = [...(Array.isArray(document.warnings) ? document.warnings : []), warning];
  }
  return document;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'run an analysis (`analyze --help` lists them) on --csv FILE or --project P --dataset NAME',
  usage() {
    const sections = ANALYSES.map((a) => `analyze ${a.id}: ${a.title}. ${a.summary}\n${usageForOptions(a.options)}`);
    return [
      'usage: cli analyze <analysis> (--csv FILE | --project P.sqlite --dataset NAME) [--na "NA,-99"] [options] [--json]',
      '',
      ...sections,
    ].join('\n\n');
  },
  async run(argv) {
    const [analysisId, ...rest] = argv;
    if (!analysisId || analysisId.startsWith('-')) throw new UsageError(`name the analysis: analyze <${ANALYSES.map((a) => a.id).join('|')}>`);
    const declaration = findAnalysis(analysisId);
    if (!declaration) throw new UsageError(`unknown analysis "${analysisId}" (known: ${ANALYSES.map((a) => a.id).join(', ')})`);
    const { values } = parseCommandLine(rest, { ...dataSourceFlags, ...flagsForOptions(declaration.options), json: { type: 'boolean' } });
    const options = optionsFromFlags(declaration.options, values);
    for (const [name, read] of Object.entries(JSON_FILE_OPTIONS)) {
      if (typeof options[name] === 'string') options[name] = read(options[name] as string);
    }
    // Options are checked before the data is read: a bad value is a usage error (exit code 2).
    try {
      validateAnalysisOptions(declaration.id, options);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const data = await loadData(values, (available) => columnsUsed(declaration.options, options, available));
    // The data was loaded for this one analysis: the run may drop the frame's columns once it has read them.
    const outcome = runAnalysis(declaration.id, data.frame, options, { frameGivenUp: true });
    const document = withInputRejections({ ...(outcome.result as Record<string, unknown>) }, data.source);
    document.timing = { loadMs: data.loadMs, analysisMs: outcome.analysisMs };
    if (values.json) writeJson(document);
    else if (declaration.presentation) process.stdout.write(renderDeclaredText(declaration.title, declaration.presentation, document, outcome.options) + '\n');
    else process.stdout.write(renderText(document, declaration.title) + '\n');
  },
};
