/**
 * `mapping suggest (--csv FILE | --project P --dataset NAME) [--out M.json] [--json]`: proposes the
 * outcome roles, group columns and the factor items, each with its confidence and reason. Nothing is
 * applied. With --out it also writes the proposal as a mapping template (docs/mapping-format.md) that
 * `--mapping` accepts as it is, to check and edit before use.
 * `mapping validate … --mapping M.json [--json]`: checks a mapping against the data and lists the
 * offending rows; it exits 1 when it finds an error (the list is still printed, or the JSON document).
 */
import { serialiseMapping } from '../../shared/mapping/format';
import { suggestionToMapping, suggestMapping } from '../../shared/mapping/suggest';
import { validateMapping } from '../../shared/mapping/validate';
import { UserFacingError } from '../../shared/errors';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { dataSourceFlags, loadData } from '../data-source';
import { readMappingFile } from '../mapping-file';
import { renderText, writeJson, writeOutputFile } from '../output';
import { checkOutputFile } from '../paths';

async function suggest(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, { ...dataSourceFlags, out: { type: 'string' }, json: { type: 'boolean' } });
  const out = typeof values.out === 'string' ? values.out : undefined;
  if (out !== undefined) checkOutputFile(out, 'mapping template');
  const data = await loadData(values);
  const started = performance.now();
  const suggestion = suggestMapping(data.frame);
  const analysisMs = performance.now() - started;
  if (out !== undefined) {
    const mapping = suggestionToMapping(suggestion);
    if (!mapping) {
      const missing = suggestion.outcome.event === undefined ? 'an event column' : 'a follow-up time or start date column';
      throw new UserFacingError(`${out}: no mapping template written: no column looks like ${missing}; write the outcome by hand (docs/mapping-format.md)`, { file: out });
    }
    writeOutputFile(out, serialiseMapping(mapping), 'mapping template');
  }
  const document = { ...suggestion, ...(out !== undefined ? { out } : {}), timing: { loadMs: data.loadMs, analysisMs } };
  if (values.json) writeJson(document);
  else {
    process.stdout.write(renderText(document, 'Suggested mapping') + '\n');
    if (out !== undefined) process.stdout.write(`wrote ${out}: the suggestion as a mapping template; check it, then pass it with --mapping ${out}\n`);
  }
}

async function validate(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, { ...dataSourceFlags, mapping: { type: 'string' }, json: { type: 'boolean' } });
  if (typeof values.mapping !== 'string') throw new UsageError('mapping validate needs --mapping M.json');
  const mapping = readMappingFile(values.mapping);
  const data = await loadData(values);
  const issues = validateMapping(data.frame, mapping);
  if (values.json) writeJson({ issues, timing: { loadMs: data.loadMs, analysisMs: 0 } });
  else process.stdout.write(issues.length ? renderText({ issues }, 'Mapping problems') + '\n' : 'The mapping fits the data: no problems found.\n');
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (errors > 0) {
    process.stderr.write(`error: ${values.mapping} does not fit the data: ${errors} error${errors === 1 ? '' : 's'} (listed ${values.json ? 'in the JSON document' : 'above'})\n`);
    process.exitCode = 1;
  }
}

export const mappingCommand: CliCommand = {
  name: 'mapping',
  summary: 'suggest a mapping of columns to the outcome and the nine relapse factors, or validate one',
  usage: () =>
    [
      'usage: cli mapping suggest (--csv FILE | --project P.sqlite --dataset NAME) [--out M.json] [--json]',
      '       cli mapping validate (--csv FILE | --project P.sqlite --dataset NAME) --mapping M.json [--json]',
      '  suggest   proposes the id, time or dates, event coding, groups and factor items, each with a confidence and a reason;',
      '            --out M.json also writes it as a mapping template (docs/mapping-format.md) for --mapping',
      '  validate  lists problems (end before start, negative time, uncoded events, duplicated ids, constant columns) with their rows;',
      '            exits 1 when there is an error (warnings alone exit 0)',
    ].join('\n'),
  async run(argv) {
    const [action, ...rest] = argv;
    if (action === 'suggest') return suggest(rest);
    if (action === 'validate') return validate(rest);
    throw new UsageError('mapping needs an action: suggest or validate');
  },
};
