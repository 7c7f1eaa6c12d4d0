/**
 * The demo's episodes dataset: every relapse episode of the demo participants (the same people as the
 * demo cohort, demo-cohort.ts: same ids, sites, arms and craving scores, followed over the same days),
 * one row per (start, stop] interval, with monthly aftercare attendance as a time-dependent covariate
 * (aftercare_attendance: "attended" or "absent" that month; words, not yes/no, which the import would read
 * as true/false, and "absent" sorts first, so it is the reference level of the rate ratio),
 * for the Recurrent relapses step and the report's "Repeated relapses" section. Nothing in it describes
 * a real person.
 *
 * Model (the walk is shared/demo/recurrent-episodes.ts, as the benchmark's cohort). Each participant is
 * followed from intake (day 0) to the day follow-up ended for a reason other than relapse in the demo
 * cohort (a competing end, loss to follow-up or the study's end); relapses recur as a Poisson process
 * with rate per day
 *     DEMO_EPISODE_BASE_RATE · u · exp(site + β_arm·arm + β_craving·craving_vas + β_aftercare·attended),
 * the log rate ratios being the DEMO_TRUE_EPISODE_* constants and u a gamma frailty (mean 1, variance
 * DEMO_EPISODE_FRAILTY_VARIANCE) that makes one participant's episodes go together, independent of
 * everything else, so the Andersen–Gill model with the robust SE by participant estimates the true rate
 * ratios (a marginal rate model: Lin, Wei, Yang and Ying 2000) while its model-based SE is too small.
 * Aftercare runs for the first 12 months (30-day months from intake): a participant attends month 1 with
 * probability 0.8; one who attended a month attends the next with probability 0.85, one who did not with
 * probability 0.1, so attendance drops off over the months; from month 13 on nobody attends. Attendance
 * depends on nothing else (not on relapses either). Rows split at every month boundary of the programme
 * and at every relapse; the next interval starts at the relapse (no gap). A participant followed for
 * less than a day has no rows; craving_vas is empty where the demo cohort leaves it empty (the rate used
 * the generated score).
 */
import { csvLine } from '../data/csv-write';
import { DEMO_SEED, DEMO_SITES, demoParticipants, type DemoParticipant } from './demo-cohort';
import { episodeIntervals, type EpisodeProcess } from './recurrent-episodes';
import { SeededRandom } from './random';

/** The seed of the episodes (the participants come from the demo cohort's own seed). */
export const DEMO_EPISODES_SEED = 20261203;

/** True log rate ratio of relapse episodes: aftercare attended this month against not. */
export const DEMO_TRUE_AFTERCARE_LOG_RATE_RATIO = -0.5;
/** True log rate ratio of relapse episodes per site (Northside the reference), in DEMO_SITES order. */
export const DEMO_TRUE_EPISODE_SITE_LOG_RATE_RATIOS = [0, 0.15, -0.1, 0.25];
/** True log rate ratio of relapse episodes, buprenorphine against methadone. */
export const DEMO_TRUE_EPISODE_ARM_LOG_RATE_RATIO = -0.2;
/** True log rate ratio of relapse episodes per point of craving_vas (0–100). */
export const DEMO_TRUE_EPISODE_CRAVING_LOG_RATE_RATIO = 0.01;
/** Variance of the participant's gamma frailty (mean 1): shape 2, the mean of two exponentials. */
export const DEMO_EPISODE_FRAILTY_VARIANCE = 0.5;
/** Relapse rate per day at the reference levels, craving 0 and no aftercare. */
export const DEMO_EPISODE_BASE_RATE = 0.0012;

export const AFTERCARE_MONTHS = 12;
const MONTH_DAYS = 30;

export const DEMO_EPISODE_COLUMNS = ['participant_id', 'start', 'stop', 'relapse', 'episode', 'aftercare_attendance', 'site', 'arm', 'craving_vas'] as const;

/** The mapping of the episodes dataset, several rows per participant (public template format). */
export const DEMO_EPISODES_MAPPING = {
  format: 'relapse-workbench-mapping',
  version: 1,
  id: 'participant_id',
  outcome: { intervalStart: 'start', time: 'stop', event: 'relapse', eventValues: ['1'] },
  groups: ['arm', 'site'],
  factors: {
    psychological_dependence: [{ column: 'craving_vas', direction: 'risk' }],
    complacency: [{ column: 'aftercare_attendance', direction: 'risk', riskValues: ['absent'] }],
  },
} as const;

export const DEMO_EPISODES_DATASET_NAME = 'demo-episodes';
export const DEMO_EPISODES_MAPPING_NAME = 'demo mapping (episodes)';

function participantRows(random: SeededRandom, participant: DemoParticipant): string[] {
  // Draws for every participant, followed or not, so that one participant's rows do not shift another's.
  const frailty = (random.exponential() + random.exponential()) / 2;
  const firstMonth: 0 | 1 = random.uniform() < 0.8 ? 1 : 0;
  const site = DEMO_SITES.indexOf(participant.site);
  const baseline =
    DEMO_TRUE_EPISODE_SITE_LOG_RATE_RATIOS[site] + DEMO_TRUE_EPISODE_ARM_LOG_RATE_RATIO * participant.arm + DEMO_TRUE_EPISODE_CRAVING_LOG_RATE_RATIO * participant.craving;
  const programmeEnd = AFTERCARE_MONTHS * MONTH_DAYS;
  const process: EpisodeProcess = {
    nextReview: (start) => (start < programmeEnd ? (Math.floor(start / MONTH_DAYS) + 1) * MONTH_DAYS : Infinity),
    rate: (attending) => DEMO_EPISODE_BASE_RATE * frailty * Math.exp(baseline + DEMO_TRUE_AFTERCARE_LOG_RATE_RATIO * attending),
    nextAttendance: (r, attending, day) => (day >= programmeEnd ? 0 : r.uniform() < (attending === 1 ? 0.85 : 0.1) ? 1 : 0),
    gapAfterRelapse: 0,
  };
  const intervals = episodeIntervals(random, participant.followUpDays, firstMonth, process);
  const arm = participant.arm ? 'buprenorphine' : 'methadone';
  const craving = participant.cravingMissing ? '' : participant.craving;
  return intervals.map((i) => csvLine([participant.id, i.start, i.stop, i.event, i.episode, i.attending ? 'attended' : 'absent', participant.site, arm, craving]));
}

/**
 * Yields the episodes dataset of the first `participants` demo participants as CSV text in chunks (the
 * header first), every record through the product's CSV writer; lines end in '\n' as the demo cohort's.
 */
export function* demoEpisodesCsvChunks(participants: number, seed = DEMO_EPISODES_SEED, cohortSeed = DEMO_SEED, chunkParticipants = 5_000): Generator<string> {
  const random = new SeededRandom(seed);
  yield csvLine(DEMO_EPISODE_COLUMNS) + '\n';
  let lines: string[] = [];
  let count = 0;
  for (const participant of demoParticipants(participants, cohortSeed)) {
    lines.push(...participantRows(random, participant));
    if (++count % chunkParticipants === 0 && lines.length > 0) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}

/** The whole episodes dataset as one string (small cohorts only). */
export function demoEpisodesCsv(participants: number, seed = DEMO_EPISODES_SEED, cohortSeed = DEMO_SEED): string {
  return Array.from(demoEpisodesCsvChunks(participants, seed, cohortSeed)).join('');
}
