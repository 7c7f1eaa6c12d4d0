/** Child process for the kill test: imports argv[2] into project argv[3], printing progress lines. */
import { importCsv } from '../../../../node/import';
import { openProject } from '../../../../node/store';

const [csv, projectPath] = process.argv.slice(2);
const project = openProject(projectPath, { create: true });
await importCsv(project, csv, { name: 'killed', onProgress: (p) => process.stdout.write(`rows ${p.rows}\n`) });
project.close();
process.stdout.write('done\n');
