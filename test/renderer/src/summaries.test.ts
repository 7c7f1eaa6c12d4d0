/** Plain-language sentences: wording, numbers, and the cautions on causation and on the CI. */
import { describe, expect, test } from 'vitest';
import { ASSOCIATION_NOTE, CI_MEANING, cohortSentence, correlationSentence, hazardRatioSentence, incidenceSentence, logrankSentence, medianSentence, phSentence, rmstSentence, survivalAtSentence } from '../../../renderer/src/summaries';

describe('hazard ratios', () => {
  test('per SD of a factor score, as in the issue', () => {
    expect(hazardRatioSentence({ label: 'craving', hr: 1.25, lower: 1.2, upper: 1.31, confLevel: 0.95, scale: 'sd' })).toBe(
      'Participants whose craving was one SD higher relapsed 1.25 times as fast (95% CI 1.20–1.31).',
    );
  });
  test('below 1 says "more slowly"; a category names its reference', () => {
    expect(hazardRatioSentence({ label: 'clinic', hr: 0.3643, lower: 0.239, upper: 0.555, confLevel: 0.95, scale: 'level', levelName: '2', reference: '1' })).toBe(
      'Participants with clinic 2 relapsed 0.36 times as fast as those with clinic 1, that is, more slowly (95% CI 0.24–0.56).',
    );
    expect(hazardRatioSentence({ label: 'dose', hr: 0.9652, lower: 0.953, upper: 0.977, confLevel: 0.9, scale: 'unit' })).toBe(
      'Participants whose dose was one unit higher relapsed 0.97 times as fast, that is, more slowly (90% CI 0.95–0.98).',
    );
    expect(hazardRatioSentence({ label: 'x', hr: null, lower: null, upper: null, confLevel: 0.95, scale: 'unit' })).toBe('The hazard ratio for x could not be estimated.');
  });
  test('the cautions: association, not causation; what the interval means', () => {
    expect(ASSOCIATION_NOTE).toMatch(/do not show cause and effect/);
    expect(CI_MEANING(0.95)).toMatch(/^The 95% confidence interval is the range of values that are reasonably compatible with these data/);
    expect(CI_MEANING(0.95)).not.toMatch(/95% chance|probability/);
  });
});

describe('survival sentences', () => {
  test('cohort, median, survival at a day, RMST', () => {
    expect(cohortSentence(238, 150, 684)).toBe('Of 238 participants, 150 (63%) relapsed during follow-up and 88 were followed without a recorded relapse (censored); the median follow-up was 684 days.');
    expect(medianSentence('clinic 1', { estimate: 428, lower: 348, upper: 514 }, 0.95)).toBe('Half of the participants in clinic 1 had relapsed by day 428 (95% CI 348–514).');
    expect(medianSentence('clinic 2', { estimate: null, lower: 661, upper: null }, 0.95)).toBe('Fewer than half of the participants in clinic 2 relapsed during follow-up, so the median time to relapse was not reached.');
    expect(medianSentence('all', { estimate: 504, lower: 399, upper: null }, 0.95)).toBe('Half of the participants had relapsed by day 504 (95% CI 399–not reached).');
    expect(survivalAtSentence('all', 365, 0.6234, 0.55, 0.69, 0.95)).toBe('At day 365, an estimated 62% of participants had not relapsed (95% CI 55%–69%).');
    expect(rmstSentence('clinic 2', 1076, 732.2)).toBe('Over the first 1076 days, participants in clinic 2 stayed free of relapse for 732 days on average (restricted mean).');
    expect(incidenceSentence('all', 'relapsed', 180, 0.214)).toBe('By day 180, an estimated 21% of participants had relapsed, allowing for the competing ends of follow-up.');
  });
  test('log-rank: a small p does not explain why, a large p is not proof of sameness', () => {
    expect(logrankSentence(27.89268, 1, 1.3e-7)).toBe(
      'Time to relapse differed between the groups more than chance alone would easily explain (log-rank χ² = 27.89, df 1, p < 0.001). The test says the curves differ, not why they differ.',
    );
    expect(logrankSentence(0.5, 1, 0.48, 1)).toMatch(/^These data do not show a clear difference .*G\^1 χ² = 0.50, df 1, p = 0.48\)\. This is not proof that the groups are the same/);
  });
  test('PH check', () => {
    expect(phSentence(0.36, [])).toMatch(/found no clear problem \(global p = 0.36\)/);
    expect(phSentence(0.006, ['clinic'])).toMatch(/The hazard ratio of clinic seems to change over follow-up .* Consider stratifying by it/);
  });
});

describe('correlations', () => {
  test('direction, strength, n and adjusted p, with the causation caution', () => {
    expect(correlationSentence('follow-up', 'relapse', -0.2787, 238, 0.0001, 'pearson')).toBe(
      'follow-up and relapse were weakly correlated: higher values of one went with lower values of the other (r = -0.28, n = 238, adjusted p < 0.001). A correlation does not show that one causes the other.',
    );
    expect(correlationSentence('a', 'b', 0.05, 100, 0.6, 'spearman')).toBe('a and b were hardly correlated (ρ = 0.05, n = 100, adjusted p = 0.60). A correlation does not show that one causes the other.');
  });
});
