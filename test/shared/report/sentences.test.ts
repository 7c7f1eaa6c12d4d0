/**
 * The plain-language sentences of shared/report/sentences.ts (app and report), one test per rule of
 * issue 15 item 3, on R's numbers (fixtures/sentences.R: survival 3.5-3's coxph, cox.zph and cor.test on
 * addicts, pharmacoSmoking, veteran and pbc). Sentences are read as the app and the report print them
 * (presentation/report/format-cell.ts); their numbers stay cells until then.
 */
import { describe, expect, test } from 'vitest';
import {
  ASSOCIATION_NOTE,
  ciMeaning,
  cohortSentence,
  cohortSurvivalSentence,
  correlationSentence,
  describedCorrelations,
  factorHazardRatioSentence,
  hazardRatioSentence,
  incidenceSentence,
  logrankSentence,
  medianSentence,
  OUTCOME_PAIRS_NOTE,
  ADJUSTMENT_NOTE,
  FUNNEL_NOTE,
  RMST_SITES_NOTE,
  adjustedCurvesSentence,
  atDayFunnelSentence,
  funnelSentence,
  phRmstProposal,
  phSentence,
  rmstDifferenceSentence,
  siteRatioSentence,
  rmstSentence,
  survivalAtSentence,
  type Sentence,
} from '../../../shared/report/sentences';
import { sentenceText } from '../../../presentation/report/format-cell';
import R from './fixtures/sentences.json';
import { sitesFixture } from '../stats/sites-cases';
import RMST from '../stats/fixtures/rmst-difference.json';
import { EPISODE_RATE_NOTE, episodeRateRatioSentence, meanRelapsesSentence } from '../../../shared/report/sentences';
import COUNTING from '../stats/fixtures/cox-counting-process.json';
import RECURRENT_VIEW from '../../renderer/src/views/fixtures/recurrent-view.json';

const read = (s: Sentence) => sentenceText(s);
const cox = R.coxAddicts;
const row = (term: string) => {
  const k = cox.terms.indexOf(term);
  return { hr: cox.hr[k], lower: cox.lower[k], upper: cox.upper[k], confLevel: 0.95 };
};
const OUTCOMES = new Set(['outcome.time_days', 'outcome.relapse', 'outcome.status', 'time', 'status']);
const variable = (column: string, label = column) => ({ column, label });

describe('a factor is described in its own direction', () => {
  test('coping skills (protective as named): the risk-counting score is turned round, and the table\'s ratio is explained', () => {
    // Score = scale(-dose) as the coping-skills item: R's hazard ratio 1.68 per SD of the score (more risk).
    const c = R.copingFromDose;
    expect(read(factorHazardRatioSentence('score.coping_skills', { hr: c.hr, hrLower: c.lower, hrUpper: c.upper }, 0.95))).toBe(
      'Participants with more coping skills relapsed at a lower rate: one SD more went with 0.60 times the rate of relapse (95% CI 0.50–0.71). ' +
        "The coping skills score counts risk (a higher score means fewer coping skills), so the table's hazard ratio, 1.68, is per SD fewer coping skills.",
    );
  });

  test('the same score as a factor named as a risk (physical dependence) reads as the table does', () => {
    const c = R.copingFromDose;
    expect(read(factorHazardRatioSentence('score.physical_dependence', { hr: c.hr, hrLower: c.lower, hrUpper: c.upper }, 0.95))).toBe(
      'Participants with more physical dependence relapsed at a higher rate: one SD more went with 1.68 times the rate of relapse (95% CI 1.42–1.99).',
    );
  });

  test('coping skills built from "employed" (pharmacoSmoking: not working is the risk value): own direction, no direction claimed', () => {
    const c = R.copingSkills;
    expect(read(factorHazardRatioSentence('score.coping_skills', { hr: c.hr, hrLower: c.lower, hrUpper: c.upper }, 0.95))).toBe(
      'These data do not show whether participants with more coping skills relapsed at a higher or lower rate: one SD more went with 0.94 times the rate of relapse (95% CI 0.77–1.16), an interval that includes 1. ' +
        "The coping skills score counts risk (a higher score means fewer coping skills), so the table's hazard ratio, 1.06, is per SD fewer coping skills.",
    );
  });

  test('complacency is a risk as named although its usual measures are protective: not turned', () => {
    const c = R.copingFromDose;
    expect(read(factorHazardRatioSentence('score.complacency', { hr: c.hr, hrLower: c.lower, hrUpper: c.upper }, 0.95))).toMatch(/^Participants with more complacency relapsed at a higher rate: one SD more went with 1.68 times/);
  });
});

describe('hazard ratios are rates; a direction only when the interval leaves out 1', () => {
  test('a categorical level against its reference (addicts clinic 2 against 1)', () => {
    expect(read(hazardRatioSentence({ label: 'clinic', ...row('clinic=2'), scale: 'groups', levelName: '2', reference: '1' }))).toBe(
      'Participants with clinic 2 relapsed at a lower rate than those with clinic 1: 0.36 times the rate of relapse (95% CI 0.24–0.56).',
    );
  });

  test('a 0/1 column is its two groups, and prison\'s interval (0.9988 to 1.92) includes 1, so no direction', () => {
    expect(read(hazardRatioSentence({ label: 'prison', ...row('prison'), scale: 'groups', levelName: '1', reference: '0' }))).toBe(
      'These data do not show whether participants with prison 1 relapsed at a higher or lower rate than those with prison 0: 1.39 times the rate of relapse (95% CI 1.00–1.92), an interval that includes 1.',
    );
  });

  test('a numeric column per unit (dose); a 90% interval names its level', () => {
    expect(read(hazardRatioSentence({ label: 'dose', ...row('dose'), scale: 'unit' }))).toBe(
      'Participants with higher dose relapsed at a lower rate: each unit more went with 0.97 times the rate of relapse (95% CI 0.95–0.98).',
    );
    expect(read(hazardRatioSentence({ label: 'dose', ...row('dose'), confLevel: 0.9, scale: 'unit' }))).toContain('(90% CI 0.95–0.98)');
  });

  test('never "as fast" or "more slowly"; no estimate, no sentence; an interval without limits claims no direction', () => {
    const all = [
      hazardRatioSentence({ label: 'clinic', ...row('clinic=2'), scale: 'groups', levelName: '2', reference: '1' }),
      hazardRatioSentence({ label: 'dose', ...row('dose'), scale: 'unit' }),
      factorHazardRatioSentence('score.coping_skills', { hr: R.copingFromDose.hr, hrLower: R.copingFromDose.lower, hrUpper: R.copingFromDose.upper }, 0.95),
    ].map(read);
    for (const s of all) expect(s).not.toMatch(/as fast|more slowly|sooner|later/);
    expect(read(hazardRatioSentence({ label: 'x', hr: null, lower: null, upper: null, confLevel: 0.95, scale: 'unit' }))).toBe('The hazard ratio for x could not be estimated.');
    expect(read(hazardRatioSentence({ label: 'dose', hr: 0.5, lower: null, upper: null, confLevel: 0.95, scale: 'unit' }))).toMatch(/^These data do not show whether/);
  });

  test('the numbers stay cells until they are printed', () => {
    const parts = hazardRatioSentence({ label: 'dose', ...row('dose'), scale: 'unit' });
    expect(parts).toContainEqual({ kind: 'number', value: cox.hr[2], digits: 2 });
    expect(parts).toContainEqual({ kind: 'number', value: cox.lower[2], digits: 2 });
  });

  test('the cautions: association, not causation; what the interval means', () => {
    expect(ASSOCIATION_NOTE).toMatch(/do not show cause and effect/);
    expect(read(ciMeaning(0.95))).toBe('The 95% confidence interval is the range of values that are reasonably compatible with these data; a narrow interval means a precise estimate.');
    expect(read(ciMeaning(0.975))).toMatch(/^The 97.5% confidence interval/);
  });
});

describe('proportional hazards: stratify a categorical term only', () => {
  const failing = (z: { terms: string[]; p: number[] }, categorical: string[]) =>
    z.terms.filter((_, i) => z.p[i] < 0.05).map((term) => ({ term, categorical: categorical.includes(term) }));

  test('veteran: celltype (categorical) may be stratified; karno (continuous) is given a time-varying effect or RMST', () => {
    expect(read(phSentence(R.veteranZph.global, failing(R.veteranZph, ['celltype'])))).toBe(
      'The hazard ratio of celltype seems to change over follow-up (p < 0.05 in the proportional-hazards test). Consider stratifying by it (a separate baseline rate of relapse for each level), or read the hazard ratio as an average over follow-up. ' +
        'The hazard ratio of karno seems to change over follow-up (p < 0.05 in the proportional-hazards test). Read it as an average over follow-up; since it is continuous, stratifying is not suited: describe the change with a time-varying effect (the coefficient multiplied by a function of time), or compare restricted mean times free of relapse (RMST) instead.',
    );
  });

  test('a continuous term alone is never told to stratify', () => {
    const text = read(phSentence(R.veteranZph.global, failing(R.veteranZph, [])));
    expect(text).not.toMatch(/Consider stratifying/);
    expect(text).toContain('The hazard ratios of celltype and karno seem to change over follow-up (p < 0.05 in the proportional-hazards test). Read them as averages over follow-up;');
    expect(text).toContain('since they are continuous, stratifying is not suited');
  });

  test('addicts clinic (categorical) fails; prison and dose do not; no failure reads as such', () => {
    expect(read(phSentence(cox.zph.global, failing(cox.zph, ['clinic'])))).toMatch(/^The hazard ratio of clinic seems to change .* Consider stratifying by it/);
    expect(read(phSentence(R.prisonDoseZph.global, failing(R.prisonDoseZph, [])))).toBe(
      'The check of proportional hazards found no clear problem (global p = 0.21): each hazard ratio can be read as roughly constant over follow-up.',
    );
    expect(read(phSentence(null, []))).toBe('The proportional-hazards assumption could not be checked.');
  });
});

describe('correlations', () => {
  const pairs = R.correlations;

  test('pairs with an outcome column are left out by default (follow-up and relapse correlate through censoring)', () => {
    const described = describedCorrelations(pairs, OUTCOMES);
    expect(described.map((p) => [p.x, p.y])).toEqual([['score.physical_dependence', 'score.environmental_triggers']]);
    const p = described[0];
    expect(read(correlationSentence(variable(p.x), variable(p.y), p.estimate, p.n, p.pAdjusted, 'pearson'))).toBe(
      'Physical dependence and environmental triggers were hardly correlated (r = -0.02, n = 238, adjusted p = 1). A correlation does not show that one causes the other.',
    );
    expect(OUTCOME_PAIRS_NOTE).toMatch(/follow-up and relapse correlate through censoring/);
  });

  test('asked for, the outcome pairs come back, strongest first, at most three', () => {
    expect(describedCorrelations(pairs, OUTCOMES, { includeOutcomes: true }).map((p) => [p.x, p.y])).toEqual([
      ['score.physical_dependence', 'outcome.time_days'],
      ['outcome.time_days', 'outcome.relapse'],
      ['score.physical_dependence', 'outcome.relapse'],
    ]);
    const tr = pairs[5];
    expect(read(correlationSentence(variable(tr.x, 'follow-up'), variable(tr.y, 'relapse'), tr.estimate, tr.n, tr.pAdjusted, 'pearson'))).toBe(
      'Follow-up and relapse were weakly correlated: higher values of one went with lower values of the other (r = -0.28, n = 238, adjusted p < 0.001). A correlation does not show that one causes the other.',
    );
  });

  test('a coping-skills score is read in its own direction, with the table\'s value given', () => {
    // The same scores as physical dependence (scale(-dose)) but mapped to coping skills.
    const [, withTime] = pairs;
    expect(read(correlationSentence(variable('score.coping_skills'), variable('outcome.time_days', 'follow-up (days)'), withTime.estimate, withTime.n, withTime.pAdjusted, 'pearson'))).toBe(
      'Coping skills and follow-up (days) were moderately correlated: higher values of one went with higher values of the other (r = 0.41, n = 238, adjusted p < 0.001; the table shows -0.41 because the coping skills score counts risk). A correlation does not show that one causes the other.',
    );
    expect(read(correlationSentence(variable('a'), variable('b'), 0.05, 100, 0.6, 'spearman'))).toBe('A and b were hardly correlated (ρ = 0.05, n = 100, adjusted p = 0.60). A correlation does not show that one causes the other.');
    expect(read(correlationSentence(variable('a'), variable('b'), null, 2, null, 'kendall'))).toBe('The correlation between a and b could not be estimated (n = 2).');
  });
});

describe('the cohort: competing ends counted apart from censoring', () => {
  test('without a competing end mapped (addicts)', () => {
    expect(read(cohortSentence({ participants: 238, relapses: 150, censored: 88, medianFollowUp: 684 }))).toBe(
      'Of 238 participants, 150 (63%) relapsed during follow-up and 88 were followed without a recorded relapse (censored); the median follow-up was 684 days.',
    );
  });

  test('pbc with death as the event and transplant as a competing end: 161, 25 and 232 of 418', () => {
    const c = R.pbc;
    expect(read(cohortSentence({ participants: c.participants, relapses: c.events, competing: c.competing, censored: c.censored, medianFollowUp: c.medianFollowUp }))).toBe(
      'Of 418 participants, 161 (39%) relapsed during follow-up, 25 (6%) had a competing end of follow-up before any relapse (counted apart from censoring) and 232 were followed without a recorded relapse or competing end (censored); the median follow-up was 2,365 days.',
    );
  });

  test('counts handed out by the report\'s small-cell ledger are printed as they are, without shares', () => {
    const sentence = cohortSentence({ participants: { kind: 'count', value: 418 }, relapses: { kind: 'count', value: 161 }, competing: { kind: 'suppressed', below: 30 }, censored: { kind: 'suppressed', below: 30, secondary: true }, medianFollowUp: null });
    expect(read(sentence)).toBe(
      'Of 418 participants, 161 relapsed during follow-up, <30 had a competing end of follow-up before any relapse (counted apart from censoring) and suppressed were followed without a recorded relapse or competing end (censored); the median follow-up could not be estimated.',
    );
  });
});

describe('survival sentences', () => {
  test('median, survival at a day, RMST, cumulative incidence', () => {
    expect(read(medianSentence('clinic 1', { estimate: 428, lower: 348, upper: 514 }, 0.95))).toBe('Half of the participants in clinic 1 had relapsed by day 428 (95% CI 348–514).');
    expect(read(medianSentence('clinic 2', { estimate: null, lower: 661, upper: null }, 0.95))).toBe('Fewer than half of the participants in clinic 2 relapsed during follow-up, so the median time to relapse was not reached.');
    expect(read(medianSentence('all', { estimate: 504, lower: 399, upper: null }, 0.95))).toBe('Half of the participants had relapsed by day 504 (95% CI 399–not reached).');
    expect(read(survivalAtSentence('all', 365, 0.6234, 0.55, 0.69, 0.95))).toBe('At day 365, an estimated 62% of participants had not relapsed (95% CI 55%–69%).');
    expect(read(rmstSentence('clinic 2', 1076, 732.2))).toBe('Over the first 1,076 days, participants in clinic 2 stayed free of relapse for 732 days on average (restricted mean).');
    expect(read(incidenceSentence('all', 'relapsed', 180, 0.214))).toBe('By day 180, an estimated 21% of participants had relapsed, allowing for the competing ends of follow-up.');
    expect(read(cohortSurvivalSentence([30, 365], (t) => (t === 365 ? null : { survival: 0.9 }), null))).toBe(
      'An estimated 90% of participants were still free of relapse 30 days after the start of follow-up. Fewer than half relapsed during follow-up, so the median time to relapse is not reached. These figures describe this cohort; they depend on who was enrolled and how long they were followed.',
    );
    // In the mapping's unit: the report times as given, the median with the unit's decimals.
    expect(read(cohortSurvivalSentence([1, 3, 6, 12], (t) => (t === 12 ? null : { survival: 0.71 }), 16.5585, 'months'))).toBe(
      'An estimated 71% of participants were still free of relapse 6 months after the start of follow-up. Half of the participants had relapsed by month 16.6. These figures describe this cohort; they depend on who was enrolled and how long they were followed.',
    );
  });

  test('log-rank: a small p does not explain why, a large p is not proof of sameness', () => {
    expect(read(logrankSentence({ column: 'clinic', chisq: 27.89268, df: 1, p: 1.3e-7 }))).toBe(
      'Time to relapse differed between the clinic groups by more than chance alone would readily explain (log-rank χ² = 27.89, df 1, p < 0.001). This shows an association, not a cause: the groups may differ in who they serve and in other ways the data do not record.',
    );
    expect(read(logrankSentence({ chisq: 0.5, df: 1, p: 0.48, rho: 1 }))).toBe(
      'These data do not show a clear difference in time to relapse between the groups (Fleming–Harrington G^1 χ² = 0.50, df 1, p = 0.48). This is not proof that the groups are the same: a real difference may be too small to detect here.',
    );
  });
});

describe('the PH test rejects: the RMST difference is proposed as the absolute effect', () => {
  const proposal =
    'one ratio summarises the effect poorly. The difference in restricted mean time free of relapse (RMST) up to a chosen day gives it in absolute terms instead: how many days longer, on average, one group stayed free of relapse than another, without assuming proportional hazards. The Compare sites step gives it for a grouping column.';

  test('veteran (celltype and karno fail, R cox.zph): named terms', () => {
    const failingTerms = R.veteranZph.terms.filter((_, k) => R.veteranZph.p[k] < 0.05);
    expect(read(phRmstProposal(R.veteranZph.global, failingTerms))).toBe(
      `Since the proportional-hazards check suggests that a hazard ratio changes over follow-up (celltype and karno), ${proposal}`,
    );
  });

  test('a global p below 0.05 with no single term failing still proposes it; no rejection proposes nothing', () => {
    expect(read(phRmstProposal(0.03, []))).toBe(`Since the proportional-hazards check suggests that a hazard ratio changes over follow-up, ${proposal}`);
    // addicts prison + dose: global p 0.21, no term below 0.05 (R cox.zph).
    expect(phRmstProposal(R.prisonDoseZph.global, [])).toEqual([]);
    expect(phRmstProposal(null, [])).toEqual([]);
  });
});

describe('comparing sites: neutral, what adjustment can and cannot do, no ranking', () => {
  // veteran by celltype, case mix karno + age (test/shared/stats/fixtures/sites.R): adeno above, squamous below the 95% limits.
  const veteran = sitesFixture.cases.find((c) => c.id === 'veteran')!.r;
  const site = (group: string) => {
    const s = veteran.sites.find((x) => x.group === group)!;
    return { site: group, observed: s.observed, expected: s.expected, ratio: s.ratio, lower: s.lower, upper: s.upper, confLevel: 0.95, outside95: s.outside95, outside998: s.outside998 };
  };

  test('a site above, below and within the limits, in neutral words', () => {
    expect(read(siteRatioSentence(site('adeno')))).toBe(
      "Adeno had more relapses than expected given its participants' measured factors: 26 relapses observed against 14.6 expected (ratio 1.78, 95% CI 1.16–2.61), outside the 95% funnel limits.",
    );
    expect(read(siteRatioSentence(site('squamous')))).toBe(
      "Squamous had fewer relapses than expected given its participants' measured factors: 31 relapses observed against 46.3 expected (ratio 0.67, 95% CI 0.45–0.95), outside the 95% funnel limits.",
    );
    expect(read(siteRatioSentence(site('large')))).toBe(
      "Large: 26 relapses observed against 29.5 expected (ratio 0.88, 95% CI 0.58–1.29) given its participants' measured factors, within the 95% funnel limits: a difference of this size is in line with chance.",
    );
    // addicts clinic 2 lies outside the 99.8% limits too (R: O/E 0.499).
    const clinic2 = sitesFixture.cases.find((c) => c.id === 'addicts')!.r.sites[1];
    expect(read(siteRatioSentence({ site: 'clinic 2', ...clinic2, confLevel: 0.95 }))).toBe(
      "Clinic 2 had fewer relapses than expected given its participants' measured factors: 28 relapses observed against 56.1 expected (ratio 0.50, 95% CI 0.33–0.72), outside the 95% and the 99.8% funnel limits.",
    );
    expect(read(siteRatioSentence({ ...site('large'), ratio: null, lower: null, upper: null, expected: 0 }))).toBe('No ratio could be given for large: no relapses were expected there.');
  });

  test('a suppressed count stays suppressed in the sentence', () => {
    expect(read(siteRatioSentence({ ...site('large'), observed: { kind: 'suppressed', below: 5 } }))).toMatch(/^Large: <5 relapses observed against 29.5 expected/);
  });

  test('the funnel in one sentence, and why it is no verdict and no ranking', () => {
    expect(read(funnelSentence(4, veteran.sites.filter((s) => s.outside95 && s.ratio! > 1).map((s) => s.group), ['squamous']))).toBe(
      "2 of 4 sites lay outside the 95% funnel limits: adeno had more relapses than expected given its participants' measured factors; squamous had fewer.",
    );
    expect(read(funnelSentence(3, ['A', 'B'], []))).toBe("2 of 3 sites lay outside the 95% funnel limits: A and B had more relapses than expected given their participants' measured factors.");
    expect(read(funnelSentence(4, [], []))).toBe(
      "All 4 sites lay within the 95% funnel limits: their relapses were in line with what their participants' measured factors would lead one to expect, allowing for chance.",
    );
    expect(FUNNEL_NOTE).toBe(
      'The funnel plot does not rank the sites. A site outside the limits is a prompt to look more closely, not a verdict on its care: the difference may come from factors that were not measured, from how participants were recorded, or from chance (about 1 site in 20 lies outside the 95% limits by chance alone).',
    );
    for (const text of [FUNNEL_NOTE, ADJUSTMENT_NOTE, read(siteRatioSentence(site('adeno'))), read(siteRatioSentence(site('squamous')))]) {
      expect(text).not.toMatch(/\b(worst|best|ranked|fail(ed|ure|ing)?|poor(ly)?|underperform)/i);
    }
  });

  test('adjustment removes differences in the measured factors only', () => {
    expect(ADJUSTMENT_NOTE).toBe(
      "Adjustment removes differences between sites in the measured factors only (those in the case-mix model). Differences in anything not measured remain, so what is left after adjustment is not proof that one site's care differs from another's.",
    );
    expect(read(adjustedCurvesSentence('clinic', ['physical dependence', 'environmental triggers']))).toBe(
      "The raw curves show each clinic's own participants. The adjusted curves show the share free of relapse each clinic would have had with the whole cohort's mix of physical dependence and environmental triggers (direct standardisation over a Cox model). Where the two disagree, part of the raw difference came from differences in these measured factors between the sites.",
    );
  });

  test('the relapse-free proportion at a day (R on addicts at day 365: 58% overall, clinic 2 above the 95% limits)', () => {
    const atDay = sitesFixture.cases.find((c) => c.id === 'addicts')!.r.atDay!;
    expect(read(atDayFunnelSentence(atDay.day, atDay.overall, ['clinic 2'], []))).toBe(
      'At day 365, 58% of the participants whose status was known were free of relapse. Clinic 2 had a larger share free of relapse than the 95% funnel limits allow for chance. These shares are not adjusted for case mix, and leave out those whose follow-up ended before the day without a relapse.',
    );
    expect(read(atDayFunnelSentence(90, 0.455, ['large', 'squamous'], ['smallcell']))).toBe(
      'At day 90, 46% of the participants whose status was known were free of relapse. Large and squamous had a larger share free of relapse than the 95% funnel limits allow for chance, smallcell a smaller one. These shares are not adjusted for case mix, and leave out those whose follow-up ended before the day without a relapse.',
    );
    expect(read(atDayFunnelSentence(90, 0.455, [], ['A']))).toMatch(/^At day 90, 46% .* A had a smaller share free of relapse than the 95% funnel limits allow for chance\. /);
    expect(read(atDayFunnelSentence(90, 0.455, [], []))).toMatch(/Every site's share lay within the 95% funnel limits\. These shares/);
  });

  test('RMST differences (R rmst2 on addicts by clinic): a direction only when the interval leaves out 0', () => {
    const cases = (RMST as unknown as { cases: { name: string; doc: { tau: number; comparisons: { difference: number; differenceLower: number; differenceUpper: number }[] } }[] }).cases;
    const byClinic = cases.find((c) => c.name === 'addicts by clinic, default tau')!.doc;
    const d = byClinic.comparisons[0];
    expect(read(rmstDifferenceSentence('clinic 2', 'clinic 1', byClinic.tau, d.difference, d.differenceLower, d.differenceUpper, 0.95))).toBe(
      'Over the first 905 days, participants in clinic 2 stayed free of relapse 212.2 days longer on average than those in clinic 1 (difference 212.2 days, 95% CI 122.2 to 302.2).',
    );
    expect(read(rmstDifferenceSentence('clinic 1', 'clinic 2', byClinic.tau, -d.difference, -d.differenceUpper, -d.differenceLower, 0.95))).toBe(
      'Over the first 905 days, participants in clinic 1 stayed free of relapse 212.2 days shorter on average than those in clinic 2 (difference -212.2 days, 95% CI -302.2 to -122.2).',
    );
    expect(read(rmstDifferenceSentence('A', 'B', 365, 12.5, -3.1, 28.1, 0.95))).toBe(
      'These data do not show whether participants in A stayed free of relapse longer or shorter on average than those in B over the first 365 days (difference 12.5 days, 95% CI -3.1 to 28.1, an interval that includes 0).',
    );
    expect(read(rmstDifferenceSentence('A', 'B', 365, null, null, null, 0.95))).toBe('The restricted mean times free of relapse of A and B could not be compared.');
    // In the mapping's unit (addicts by clinic in months: the same difference / 30.4375).
    expect(read(rmstDifferenceSentence('clinic 2', 'clinic 1', byClinic.tau / 30.4375, d.difference / 30.4375, d.differenceLower / 30.4375, d.differenceUpper / 30.4375, 0.95, 'months'))).toBe(
      'Over the first 29.7 months, participants in clinic 2 stayed free of relapse 7.0 months longer on average than those in clinic 1 (difference 7.0 months, 95% CI 4.0 to 9.9).',
    );
    expect(RMST_SITES_NOTE).toMatch(/^The restricted means are those of each site's own participants, not adjusted for case mix\./);
  });
});

describe('recurrent relapses: rate ratios of relapse episodes; a direction only when the robust interval leaves out 1', () => {
  // R: coxph(Surv(start, stop, event) ~ rx + number + size + cluster(id), bladder2) (summary's conf.int from the robust SE).
  const bladder = (COUNTING as unknown as { cases: Record<string, { confInt: number[][] }> }).cases['bladder2-ag-efron'];
  const ratio = (k: number) => ({ ratio: bladder.confInt[k][0], lower: bladder.confInt[k][2], upper: bladder.confInt[k][3], confLevel: 0.95 });

  test('a categorical level against its reference (cgd, treat), with its direction', () => {
    const m = RECURRENT_VIEW.model;
    expect(read(episodeRateRatioSentence({ label: 'treat', scale: 'groups', levelName: 'rIFN-g', reference: 'placebo', ratio: m.hr, lower: m.hrLower, upper: m.hrUpper, confLevel: 0.95 }))).toBe(
      'Participants with treat rIFN-g had 0.33 times the rate of relapse episodes of those with treat placebo (95% CI 0.18–0.62): a lower rate.',
    );
  });

  test('per unit, with a direction (number of tumours) and without one (size: the interval includes 1)', () => {
    expect(read(episodeRateRatioSentence({ label: 'number', scale: 'unit', ...ratio(1) }))).toBe(
      'Each unit more of number went with 1.19 times the rate of relapse episodes (95% CI 1.05–1.35): a higher rate.',
    );
    expect(read(episodeRateRatioSentence({ label: 'size', scale: 'unit', ...ratio(2) }))).toBe(
      'Each unit more of size went with 0.96 times the rate of relapse episodes (95% CI 0.82–1.11); the interval includes 1, so these data do not show whether the rate is higher or lower.',
    );
    expect(read(episodeRateRatioSentence({ label: 'rx', scale: 'groups', levelName: '2', reference: '1', ...ratio(0) }))).toBe(
      'Participants with rx 2 had 0.63 times the rate of relapse episodes of those with rx 1 (95% CI 0.37–1.06); the interval includes 1, so these data do not show whether the rate is higher or lower.',
    );
  });

  test('an estimate R gives as NA, the mean number of relapses, and the note', () => {
    expect(read(episodeRateRatioSentence({ label: 'age', scale: 'unit', ratio: null, lower: null, upper: null, confLevel: 0.95 }))).toBe('The rate ratio for age could not be estimated.');
    const placebo = RECURRENT_VIEW.mcf[0];
    expect(read(meanRelapsesSentence(placebo.group, placebo.lastMcf, placebo.lastTime, placebo.lastLower, placebo.lastUpper, 0.95))).toBe(
      'By day 439, participants in placebo had on average 1.51 relapses each (95% CI 1.01–2.27).',
    );
    // No relapse yet: R's log CI is NA there, and the sentence gives none.
    expect(read(meanRelapsesSentence('all', 0, 100, null, null, 0.9))).toBe('By day 100, participants had on average 0.00 relapses each.');
    expect(EPISODE_RATE_NOTE).toContain('not cause and effect');
  });
});
