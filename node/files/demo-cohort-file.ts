/**
 * The demo cohort CSV as a file: streams shared/demo's chunks (1,000,000 participants is about 130 MB)
 * through the atomic writer, so a kill or a full disk never leaves a truncated cohort where a good one was.
 * The demo's episodes dataset (shared/demo/demo-episodes.ts: the same participants' relapse episodes,
 * several rows each) is written the same way.
 */
import { DEMO_SEED, demoCohortCsvChunks } from '../../shared/demo/demo-cohort';
import { demoEpisodesCsvChunks } from '../../shared/demo/demo-episodes';
import { writeStreamAtomic } from './atomic-write';

export async function writeDemoCohortCsv(path: string, participants: number, seed = DEMO_SEED): Promise<void> {
  await writeStreamAtomic(path, demoCohortCsvChunks(participants, seed), { what: 'demo cohort' });
}

/** The episodes of the first `participants` demo participants (the demo cohort's default seed). */
export async function writeDemoEpisodesCsv(path: string, participants: number): Promise<void> {
  await writeStreamAtomic(path, demoEpisodesCsvChunks(participants), { what: 'demo episodes' });
}
