/** `datasets --project P.sqlite [--json]`: the datasets in a project. */
import { openProject } from '../../electron/main/store';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { checkInputFile } from '../paths';
import { renderText, writeJson } from '../output';

export const datasetsCommand: CliCommand = {
  name: 'datasets',
  summary: 'list the datasets in a project file',
  usage: () => 'usage: cli datasets --project P.sqlite [--json]',
  async run(argv) {
    const { values } = parseCommandLine(argv, { project: { type: 'string' }, json: { type: 'boolean' } });
    if (typeof values.project !== 'string') throw new UsageError('--project P.sqlite is required');
    checkInputFile(values.project, 'project');
    const project = openProject(values.project, { create: false });
    try {
      const document = { datasets: project.listDatasets() };
      if (values.json) writeJson(document);
      else process.stdout.write(renderText(document, 'Datasets') + '\n');
    } finally {
      project.close();
    }
  },
};
