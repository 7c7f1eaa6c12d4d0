/**
 * The simulation of one participant's repeated relapse episodes, shared by the demo's episodes dataset
 * (shared/demo/demo-episodes.ts) and the benchmark's recurrent-episode cohort (bench/recurrent-cohort.ts).
 *
 * A participant is followed from day 0 to `end`. Aftercare attendance (0/1) is constant between reviews
 * and may change at each one (`nextAttendance`); within a stretch of constant attendance a relapse comes
 * after an exponential time with the participant's rate, rounded up to whole days (so a relapse is at
 * least one day after the interval's start). An interval ends at the relapse, at the next review or at
 * the end of follow-up; after a relapse the next interval starts `gapAfterRelapse` days later, so a
 * participant's intervals never overlap. Every interval is a counting-process row (start, stop] with
 * the attendance during it: the model is a Poisson process whose rate changes only with attendance, so
 * an Andersen–Gill model of these rows estimates the log rate ratios the caller puts into `rate`
 * (R: coxph(Surv(start, stop, event) ~ x + cluster(id))).
 *
 * The random draws come in a fixed order (one exponential per interval, then `nextAttendance` at a
 * review), so the same seed gives the same rows on every machine.
 */
import type { SeededRandom } from './random';

export interface EpisodeProcess {
  /** The day of the first review after `start` (may lie beyond the end of follow-up). */
  nextReview(start: number): number;
  /** Relapse rate per day while attending (1) or not (0). */
  rate(attending: 0 | 1): number;
  /** Attendance after the review on `day`, given attendance before it. */
  nextAttendance(random: SeededRandom, attending: 0 | 1, day: number): 0 | 1;
  /** Days from a relapse to the start of the next interval (0: at once). */
  gapAfterRelapse: number;
}

export interface EpisodeInterval {
  start: number;
  stop: number;
  /** 1: the interval ended in a relapse. */
  event: 0 | 1;
  attending: 0 | 1;
  /** 1 for the intervals before the first relapse, 2 after it, … */
  episode: number;
}

/** One participant's intervals from day 0 to `end`, attendance starting at `attending`. */
export function episodeIntervals(random: SeededRandom, end: number, attending: 0 | 1, process: EpisodeProcess): EpisodeInterval[] {
  const intervals: EpisodeInterval[] = [];
  let start = 0;
  let episode = 1;
  while (start < end) {
    const reviewEnd = Math.min(end, process.nextReview(start));
    const relapseAfter = Math.ceil(random.exponential() / process.rate(attending));
    if (start + relapseAfter < reviewEnd) {
      const stop = start + relapseAfter;
      intervals.push({ start, stop, event: 1, attending, episode });
      episode++;
      start = stop + process.gapAfterRelapse;
    } else {
      intervals.push({ start, stop: reviewEnd, event: 0, attending, episode });
      start = reviewEnd;
      attending = process.nextAttendance(random, attending, reviewEnd);
    }
  }
  return intervals;
}
