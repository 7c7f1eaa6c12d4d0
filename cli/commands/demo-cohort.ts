/** `demo-cohort --out FILE [--participants N] [--seed S]`: writes the synthetic demo cohort CSV. */
import { DEMO_SEED } from '../../shared/demo/demo-cohort';
import { writeDemoCohortCsv } from '../../node/files/demo-cohort-file';
import { parseCommandLine, UsageError } from '../args';
import type { CliCommand } from '../command';
import { checkOutputFile } from '../paths';
import { writeJson } from '../output';

export const demoCohortCommand: CliCommand = {
  name: 'demo-cohort',
  summary: 'write the synthetic demo cohort (known true effects) as CSV',
  usage: () => 'usage: cli demo-cohort --out FILE [--participants 5000] [--seed 20261124] [--json]',
  async run(argv) {
    const { values } = parseCommandLine(argv, { out: { type: 'string' }, participants: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } });
    if (typeof values.out !== 'string') throw new UsageError('--out FILE is required');
    checkOutputFile(values.out, 'demo cohort');
    const participants = values.participants === undefined ? 5000 : Number(values.participants);
    const seed = values.seed === undefined ? DEMO_SEED : Number(values.seed);
    if (!Number.isInteger(participants) || participants < 1 || participants > 50_000_000) throw new UsageError('--participants must be a whole number from 1 to 50,000,000');
    if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
    await writeDemoCohortCsv(values.out, participants, seed); // atomic; a failure is one line naming the file
    if (values.json) writeJson({ out: values.out, participants, seed });
    else process.stdout.write(`wrote ${participants} participants to ${values.out}\n`);
  },
};
