/** `datasets --project P.sqlite [--json]`: the datasets in a project. */
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { openProjectToRead } from '../data-source';
import { renderText, writeJson } from '../output';

export const datasetsCommand: CliCommand = {
  name: 'datasets',
  summary: 'list the datasets in a project file',
  usage: () => 'usage: cli datasets --project P.sqlite [--json]',
  async run(argv) {
    const { values } = parseCommandLine(argv, { project: { type: 'string' }, json: { type: 'boolean' } });
    if (typeof values.project !== 'string') throw new UsageError('--project P.sqlite is required');
    const project = openProjectToRead(values.project);
    try {
      const document = { datasets: project.listDatasets() };
      if (values.json) writeJson(document);
      else process.stdout.write(renderText(document, 'Datasets') + '\n');
    } finally {
      project.close();
    }
  },
};
