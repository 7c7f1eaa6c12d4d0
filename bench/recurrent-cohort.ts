/**
 * A synthetic cohort of repeated relapse episodes for `npm run bench` (issue 13 item 7: the Andersen–Gill
 * model with robust variance on 1,000,000 participants and about 3,000,000 intervals, against R's
 * coxph(Surv(start, stop, event) ~ ... , cluster = id) on the same file).
 *
 * Each participant is followed from day 0 to a day between 60 and 720, split at six-monthly aftercare
 * reviews (intervals of up to 180 days); within an interval a relapse occurs at an exponential time with
 * rate 0.002/day × exp(0.4 site_B − 0.5 aftercare + 0.3 craving), where aftercare (attending aftercare
 * since the last review, 0/1) may stop at a review and craving is a baseline score. About 3 intervals
 * per participant.
 * After a relapse the next interval starts the day after (a gap of one day), so intervals never overlap.
 * Deterministic (seeded), so R and the app read the same file in every run. The walk through each
 * participant's intervals is shared/demo/recurrent-episodes.ts, as for the demo's episodes dataset.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SeededRandom } from '../shared/demo/random';
import { episodeIntervals } from '../shared/demo/recurrent-episodes';

export const RECURRENT_HEADER = 'id,start,stop,event,site,aftercare,craving';

/** Writes the cohort's CSV to `path` (one row per interval) and returns the number of intervals. */
export async function writeRecurrentCohortCsv(path: string, participants: number, seed = 20261203): Promise<number> {
  const random = new SeededRandom(seed);
  const out = createWriteStream(path);
  let rows = 0;
  let buffer = `${RECURRENT_HEADER}\n`;
  const flush = async () => {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  for (let id = 1; id <= participants; id++) {
    const site = random.uniform() < 0.5 ? 'A' : 'B';
    const craving = Math.round(random.normal() * 100) / 100;
    // Follow-up ends between 60 and 720 days; aftercare attendance may stop at each review.
    const end = 60 + Math.floor(random.uniform() * 661);
    const aftercare = random.uniform() < 0.7 ? 1 : 0;
    // The interval walk is the demo's (shared/demo/recurrent-episodes.ts): reviews 180 days after each
    // interval's start, attendance stopping at a review with probability 0.3, the next interval a day after a relapse.
    const intervals = episodeIntervals(random, end, aftercare, {
      nextReview: (start) => start + 180,
      rate: (attending) => 0.002 * Math.exp(0.4 * (site === 'B' ? 1 : 0) - 0.5 * attending + 0.3 * craving),
      nextAttendance: (r, attending) => (attending === 1 && r.uniform() < 0.3 ? 0 : attending),
      gapAfterRelapse: 1,
    });
    for (const i of intervals) buffer += `${id},${i.start},${i.stop},${i.event},${site},${i.attending},${craving}\n`;
    rows += intervals.length;
    if (buffer.length > 1 << 20) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return rows;
}
