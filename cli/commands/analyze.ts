/**
 * `analyze <analysis> [options]`: runs one declared analysis on a CSV or a project dataset. The flags
 * are generated from the analysis declaration (shared/analyses/*.ts).
 */
import { readFileSync } from 'node:fs';
import { ANALYSES, findAnalysis } from '../../shared/analyses/registry';
import { runAnalysis } from '../../shared/analyses/run';
import { UserFacingError } from '../../shared/errors';
import { flagsForOptions, optionsFromFlags, parseCommandLine, usageForOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import { dataSourceFlags, loadData } from '../data-source';
import { renderText, writeJson } from '../output';

/** Options given as a JSON file (the mapping of `analyze factors`) are read here and passed as objects. */
const JSON_FILE_OPTIONS = new Set(['mapping']);

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserFacingError(`${path}: cannot read the ${what} file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code ?? 'unreadable'})`, { file: path });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserFacingError(`${path}: the ${what} file is not valid JSON (${(error as Error).message.split('\n')[0]})`, { file: path });
  }
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: `run an analysis (${ANALYSES.map((a) => a.id).join(', ')}) on --csv FILE or --project P --dataset NAME`,
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
    for (const name of JSON_FILE_OPTIONS) {
      if (typeof options[name] === 'string') options[name] = readJsonFile(options[name] as string, name);
    }
    const data = await loadData(values);
    const outcome = runAnalysis(declaration.id, data.frame, options);
    const document = { ...(outcome.result as object), timing: { loadMs: data.loadMs, analysisMs: outcome.analysisMs } };
    if (values.json) writeJson(document);
    else process.stdout.write(renderText(document, declaration.title) + '\n');
  },
};
