/**
 * `mapping suggest (--csv FILE | --project P --dataset NAME) [--json]`: proposes the outcome roles,
 * group columns and the factor items, each with its confidence and reason. Nothing is applied.
 * `mapping validate … --mapping M.json [--json]`: checks a mapping against the data and lists the
 * offending rows.
 */
import { parseMapping } from '../../shared/mapping/format';
import { suggestMapping } from '../../shared/mapping/suggest';
import { validateMapping } from '../../shared/mapping/validate';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { dataSourceFlags, loadData } from '../data-source';
import { renderText, writeJson } from '../output';
import { readJsonFile } from './analyze';

export const mappingCommand: CliCommand = {
  name: 'mapping',
  summary: 'suggest a mapping of columns to the outcome and the nine relapse factors, or validate one',
  usage: () =>
    [
      'usage: cli mapping suggest (--csv FILE | --project P.sqlite --dataset NAME) [--json]',
      '       cli mapping validate (--csv FILE | --project P.sqlite --dataset NAME) --mapping M.json [--json]',
      '  suggest   proposes the id, time or dates, event coding, groups and factor items, each with a confidence and a reason',
      '  validate  lists problems (end before start, negative time, uncoded events, duplicated ids, constant columns) with their rows',
    ].join('\n'),
  async run(argv) {
    const [action, ...rest] = argv;
    const { values } = parseCommandLine(rest, { ...dataSourceFlags, mapping: { type: 'string' }, json: { type: 'boolean' } });
    if (action === 'suggest') {
      const data = await loadData(values);
      const started = performance.now();
      const suggestion = suggestMapping(data.frame);
      const document = { ...suggestion, timing: { loadMs: data.loadMs, analysisMs: performance.now() - started } };
      if (values.json) writeJson(document);
      else process.stdout.write(renderText(document, 'Suggested mapping') + '\n');
      return;
    }
    if (action === 'validate') {
      if (typeof values.mapping !== 'string') throw new UsageError('mapping validate needs --mapping M.json');
      const mapping = parseMapping(readJsonFile(values.mapping, 'mapping'));
      const data = await loadData(values);
      const issues = validateMapping(data.frame, mapping);
      if (values.json) writeJson({ issues, timing: { loadMs: data.loadMs, analysisMs: 0 } });
      else process.stdout.write(issues.length ? renderText({ issues }, 'Mapping problems') + '\n' : 'The mapping fits the data: no problems found.\n');
      return;
    }
    throw new UsageError('mapping needs an action: suggest or validate');
  },
};
