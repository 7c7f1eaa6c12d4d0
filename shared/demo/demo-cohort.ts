/**
 * The synthetic demo cohort: a deterministic relapse cohort with known true effects, for `npm start`'s
 * first run, the tests, the demo report and the benchmarks. Nothing in it describes a real person.
 *
 * Model. Each participant has nine latent factor levels (standard normal, sharing one common
 * "severity" component with weight 0.3, so factors correlate about 0.3 as they do in practice). Time to
 * relapse is Weibull with proportional hazards,
 *     h(t) = k λ t^(k-1) exp(Σ_f β_f Z_f + β_arm·arm),
 * with β in DEMO_TRUE_LOG_HAZARD_RATIOS (per SD of the latent factor). A competing end of follow-up
 * (death, incarceration, transfer) has a constant hazard; follow-up is also cut by loss to follow-up
 * and by the administrative end of the study. The observed columns are noisy, rounded, clipped
 * instrument scores driven by the latent levels, so an analysis of the observed scores recovers the
 * directions and attenuated sizes of the true effects.
 *
 * Sites differ twice over, so that "is a site doing better, or does it serve an easier group?" has an
 * answer in the demo: in their true effect on the hazard (SITE_LOG_HAZARD) and in their case mix
 * (DEMO_SITE_CASE_MIX: each site's mean shift of some latent factors, in SD). Hillcrest takes people
 * with more withdrawal, craving and triggers, Eastgate milder dependence, Riverside more trauma and
 * peers who use; Kaplan–Meier curves by site therefore differ more than the case-mix-adjusted curves.
 */
import { csvLine } from '../data/csv-write';
import type { FactorId } from '../factors/ids';
import { SeededRandom } from './random';

export const DEMO_SEED = 20261124;

/** True log hazard ratio per SD of each latent factor (risk direction). */
export const DEMO_TRUE_LOG_HAZARD_RATIOS: Record<FactorId, number> = {
  physical_dependence: 0.15,
  psychological_dependence: 0.35,
  underlying_issues: 0.25,
  environmental_triggers: 0.2,
  social_pressure: 0.2,
  coping_skills: 0.25,
  overconfidence: 0.1,
  complacency: 0.3,
  unrealistic_expectations: 0.1,
};

/** Log hazard ratio of the buprenorphine arm against methadone. */
export const DEMO_TRUE_ARM_LOG_HAZARD_RATIO = -0.2;

export const DEMO_SITES = ['Northside', 'Riverside', 'Eastgate', 'Hillcrest'] as const;
const SITES = DEMO_SITES;
const SITE_WEIGHTS = [0.35, 0.3, 0.2, 0.15];
/** Sites differ in baseline hazard (log scale), a realistic reason to stratify. */
export const DEMO_SITE_LOG_HAZARD = [0, 0.15, -0.1, 0.25];
const SITE_LOG_HAZARD = DEMO_SITE_LOG_HAZARD;
/** Each site's case mix: the mean shift (in SD) of the latent factors of the people it serves. */
export const DEMO_SITE_CASE_MIX: Record<(typeof SITES)[number], Partial<Record<FactorId, number>>> = {
  Northside: {},
  Riverside: { underlying_issues: 0.3, social_pressure: 0.3 },
  Eastgate: { physical_dependence: -0.4, psychological_dependence: -0.4 },
  Hillcrest: { physical_dependence: 0.6, psychological_dependence: 0.6, environmental_triggers: 0.6 },
};

const DAY_MS = 86_400_000;
const INTAKE_FIRST = Date.UTC(2022, 0, 3) / DAY_MS;
const INTAKE_LAST = Date.UTC(2025, 5, 30) / DAY_MS;
const STUDY_END = Date.UTC(2025, 11, 31) / DAY_MS;

const WEIBULL_SHAPE = 0.8;
/** Scale chosen so the median time to relapse at average risk is about 200 days. */
const WEIBULL_RATE = Math.log(2) / Math.pow(200, WEIBULL_SHAPE);
const COMPETING_RATE = 0.00025; // per day
const LOSS_RATE = 0.0006; // per day
const MISSING_SHARE = 0.03;

export const DEMO_COLUMNS = [
  'participant_id', 'site', 'intake_cohort', 'intake_date', 'arm', 'age', 'gender',
  'relapse_date', 'last_contact_date', 'relapsed', 'exit_status', 'exit_reason', 'days_followed',
  'cows_peak', 'craving_vas', 'ocds_total', 'phq9_total', 'gad7_total', 'ace_any',
  'returned_to_use_area', 'trigger_exposure_days', 'n_friends_using', 'partner_uses',
  'brief_cope_adaptive', 'abstinence_confidence', 'aftercare_sessions_attended_pct', 'stopped_meetings',
  'expectation_gap', 'expects_no_cravings',
] as const;

/** Which demo column measures which factor, and in which direction (for tests and the demo mapping). */
export const DEMO_FACTOR_COLUMNS: Record<FactorId, { column: string; direction: 'risk' | 'protective'; riskValues?: string[] }[]> = {
  physical_dependence: [{ column: 'cows_peak', direction: 'risk' }],
  psychological_dependence: [{ column: 'craving_vas', direction: 'risk' }, { column: 'ocds_total', direction: 'risk' }],
  underlying_issues: [{ column: 'phq9_total', direction: 'risk' }, { column: 'gad7_total', direction: 'risk' }, { column: 'ace_any', direction: 'risk', riskValues: ['yes'] }],
  environmental_triggers: [{ column: 'returned_to_use_area', direction: 'risk', riskValues: ['yes'] }, { column: 'trigger_exposure_days', direction: 'risk' }],
  social_pressure: [{ column: 'n_friends_using', direction: 'risk' }, { column: 'partner_uses', direction: 'risk', riskValues: ['yes'] }],
  coping_skills: [{ column: 'brief_cope_adaptive', direction: 'protective' }],
  overconfidence: [{ column: 'abstinence_confidence', direction: 'risk' }],
  complacency: [{ column: 'aftercare_sessions_attended_pct', direction: 'protective' }, { column: 'stopped_meetings', direction: 'risk', riskValues: ['yes'] }],
  unrealistic_expectations: [{ column: 'expectation_gap', direction: 'risk' }, { column: 'expects_no_cravings', direction: 'risk', riskValues: ['yes'] }],
};

const FACTOR_ORDER: FactorId[] = [
  'physical_dependence', 'psychological_dependence', 'underlying_issues', 'environmental_triggers', 'social_pressure',
  'coping_skills', 'overconfidence', 'complacency', 'unrealistic_expectations',
];

function isoDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

function clampRound(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** A scale score: centre + spread·(0.8·latent + 0.6·noise), rounded and clipped to the instrument's range. */
function scale(random: SeededRandom, latent: number, centre: number, spread: number, min: number, max: number): number {
  return clampRound(centre + spread * (0.8 * latent + 0.6 * random.normal()), min, max);
}

function yesNo(random: SeededRandom, latent: number, baseLogit: number): string {
  const p = 1 / (1 + Math.exp(-(baseLogit + 1.2 * latent)));
  return random.bernoulli(p) ? 'yes' : 'no';
}

function pickWeighted(random: SeededRandom, weights: number[]): number {
  let u = random.uniform();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/**
 * One demo participant as drawn: the CSV fields, and what the episodes dataset (demo-episodes.ts) takes
 * from the same person: site, arm, the craving score before its missing-value mask, and the day follow-up
 * ended for a reason other than relapse (competing end, loss to follow-up or the study's end).
 */
export interface DemoParticipant {
  id: string;
  site: (typeof SITES)[number];
  /** 1: buprenorphine, 0: methadone. */
  arm: 0 | 1;
  /** craving_vas (0–100) as generated; the CSV leaves it empty for about 3% of participants. */
  craving: number;
  cravingMissing: boolean;
  /** Days from intake to the end of follow-up without counting relapse (competing end, loss or study end). */
  followUpDays: number;
  fields: (string | number)[];
}

/** Draws one participant (every draw in the order the cohort has always used). */
function drawParticipant(random: SeededRandom, index: number): DemoParticipant {
  const common = random.normal();
  const latent = FACTOR_ORDER.map(() => Math.sqrt(0.7) * random.normal() + Math.sqrt(0.3) * common);
  const site = pickWeighted(random, SITE_WEIGHTS);
  // The site's case mix shifts its participants' latent levels (no further random draws).
  const caseMix = DEMO_SITE_CASE_MIX[SITES[site]];
  FACTOR_ORDER.forEach((f, k) => (latent[k] += caseMix[f] ?? 0));
  const arm = random.bernoulli(0.5) ? 1 : 0;
  const intake = INTAKE_FIRST + random.integer(INTAKE_LAST - INTAKE_FIRST + 1);
  const age = clampRound(36 + 10 * random.normal(), 18, 75);
  const gender = random.uniform() < 0.68 ? 'male' : random.uniform() < 0.97 ? 'female' : 'non-binary';

  let linearPredictor = SITE_LOG_HAZARD[site] + DEMO_TRUE_ARM_LOG_HAZARD_RATIO * arm;
  FACTOR_ORDER.forEach((f, k) => (linearPredictor += DEMO_TRUE_LOG_HAZARD_RATIOS[f] * latent[k]));
  // Inverse-CDF draw from the Weibull PH model: H(t) = λ t^k e^η = E, E ~ Exp(1).
  const relapseTime = Math.pow(random.exponential() / (WEIBULL_RATE * Math.exp(linearPredictor)), 1 / WEIBULL_SHAPE);
  const competingTime = random.exponential() / COMPETING_RATE;
  const lossTime = random.exponential() / LOSS_RATE;
  const adminTime = STUDY_END - intake;
  const end = Math.max(0, Math.min(relapseTime, competingTime, lossTime, adminTime));
  const days = Math.floor(end);

  let exitStatus = 0;
  let exitReason = end === adminTime ? 'in follow-up at study end' : 'lost to follow-up';
  if (end === relapseTime) {
    exitStatus = 1;
    exitReason = 'relapse';
  } else if (end === competingTime) {
    exitStatus = 2;
    exitReason = ['death', 'incarceration', 'transfer'][random.integer(3)];
  }
  const [phys, psych, under, env, social, coping, overconf, complac, unreal] = latent;
  const drawn: (string | number)[] = [
    scale(random, phys, 14, 8, 0, 48),
    scale(random, psych, 45, 22, 0, 100),
    scale(random, psych, 16, 7, 0, 40),
    scale(random, under, 10, 6, 0, 27),
    scale(random, under, 8, 5, 0, 21),
    yesNo(random, under, 0.4),
    yesNo(random, env, -0.3),
    scale(random, env, 6, 5, 0, 30),
    scale(random, social, 2.5, 2.2, 0, 10),
    yesNo(random, social, -1),
    scale(random, -coping, 40, 9, 16, 64),
    scale(random, overconf, 6, 2.2, 0, 10),
    scale(random, -complac, 60, 25, 0, 100),
    yesNo(random, complac, -0.8),
    scale(random, unreal, 4, 2.3, 0, 10),
    yesNo(random, unreal, -0.6),
  ];
  const items = drawn.map((v) => (random.bernoulli(MISSING_SHARE) ? '' : v));

  const quarter = new Date(intake * DAY_MS);
  const cohort = `${quarter.getUTCFullYear()}-Q${Math.floor(quarter.getUTCMonth() / 3) + 1}`;
  const relapseDate = exitStatus === 1 ? isoDate(intake + days) : '';
  const lastContact = exitStatus === 1 ? '' : isoDate(intake + days);
  const id = `P${String(index + 1).padStart(7, '0')}`;
  return {
    id,
    site: SITES[site],
    arm: arm ? 1 : 0,
    craving: drawn[1] as number,
    cravingMissing: items[1] === '',
    followUpDays: Math.floor(Math.max(0, Math.min(competingTime, lossTime, adminTime))),
    fields: [
      id, SITES[site], cohort, isoDate(intake), arm ? 'buprenorphine' : 'methadone', age, gender,
      relapseDate, lastContact, exitStatus === 1 ? 1 : 0, exitStatus, exitReason, days, ...items,
    ],
  };
}

/** The demo participants one by one, as the cohort CSV lists them (same seed, same people). */
export function* demoParticipants(participants: number, seed = DEMO_SEED): Generator<DemoParticipant> {
  const random = new SeededRandom(seed);
  for (let i = 0; i < participants; i++) yield drawParticipant(random, i);
}

/**
 * Yields the demo cohort as CSV text in chunks of `chunkRows` lines (the header first), every record
 * through the product's CSV writer (shared/data/csv-write.ts). Lines end in '\n', as the cohort exports
 * it stands in for do (and as the committed fixtures and the bench cache were written).
 */
export function* demoCohortCsvChunks(participants: number, seed = DEMO_SEED, chunkRows = 10_000): Generator<string> {
  const random = new SeededRandom(seed);
  yield csvLine(DEMO_COLUMNS) + '\n';
  for (let start = 0; start < participants; start += chunkRows) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(participants, start + chunkRows); i++) lines.push(csvLine(drawParticipant(random, i).fields));
    yield lines.join('\n') + '\n';
  }
}

/** The whole demo cohort as one string (small cohorts only). */
export function demoCohortCsv(participants: number, seed = DEMO_SEED): string {
  return Array.from(demoCohortCsvChunks(participants, seed)).join('');
}
