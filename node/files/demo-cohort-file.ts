/**
 * The demo cohort CSV as a file: streams shared/demo's chunks (1,000,000 participants is about 130 MB)
 * through the atomic writer, so a kill or a full disk never leaves a truncated cohort where a good one was.
 */
import { DEMO_SEED, demoCohortCsvChunks } from '../../shared/demo/demo-cohort';
import { writeStreamAtomic } from './atomic-write';

export async function writeDemoCohortCsv(path: string, participants: number, seed = DEMO_SEED): Promise<void> {
  await writeStreamAtomic(path, demoCohortCsvChunks(participants, seed), { what: 'demo cohort' });
}
