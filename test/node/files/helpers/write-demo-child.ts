/** Child process for kill-atomicity.test.ts: writes the demo cohort CSV (argv: path, participants) as the CLI and the app do. */
import { writeDemoCohortCsv } from '../../../../node/files/demo-cohort-file';

await writeDemoCohortCsv(process.argv[2], Number(process.argv[3]));
process.stdout.write('done\n');
