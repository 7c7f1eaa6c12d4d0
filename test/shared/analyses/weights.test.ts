/**
 * `analyze km|cox|logrank --weights COL` against R (fixtures/weights.R): survfit(…, weights = w) on
 * veteran, addicts, lung, colon recurrences and an edge data set (time 0, ties, weights 0 at an event and at
 * a censoring, a group without relapses), with whole weights (Greenwood SE on weighted counts; R checks
 * them equal to repeated rows), fractional and inverse-probability-like weights (R's default robust SE),
 * log-log and plain CIs; every row of the curves, median, quartiles, summary(fit, times =), the restricted
 * mean and the weighted reverse-KM follow-up, to 1e-6; the Cox model also with --cluster (coxph(…, weights = w,
 * cluster = cl)). Bad weights are refused in one line.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kmOptionsSchema } from '../../../shared/analyses/km';
import { runKm } from '../../../shared/analyses/km.run';
import { coxAnalysisOptionsSchema } from '../../../shared/analyses/cox';
import { runCox } from '../../../shared/analyses/cox.run';
import { logrankOptionsSchema, type LogrankResult } from '../../../shared/analyses/logrank';
import { runLogrank } from '../../../shared/analyses/logrank.run';
import { expectClose } from '../../helpers/compare';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { expectLogrankLikeR, list } from './start-stop-km-logrank-fixture';
import { expectWeightedCoxLikeR, expectWeightedKmLikeR, weightsCsvPath, weightsFixture } from './weights-fixture';

const frame = (name: string) => frameFromCsv(readFileSync(weightsCsvPath(name), 'utf8'));
const km = (name: string, options: Record<string, unknown>) => runKm(frame(name), kmOptionsSchema.parse(options));
const kmCase = (name: string) => ({ times: list(weightsFixture.km[name].times).join(','), tau: weightsFixture.km[name].tau });
const outcome = { time: 'time', event: 'status' };

describe('analyze km --weights against R survfit(Surv(time, status) ~ group, weights = w)', () => {
  it('veteran by trt, whole weights with a 0: Greenwood SE on the weighted counts', () => {
    const result = km('veteran', { ...outcome, group: 'trt', weights: 'wi', ...kmCase('veteran-trt-wi') });
    expectWeightedKmLikeR(result, 'veteran-trt-wi');
    expect(result.weights).toEqual({ column: 'wi', robust: false });
    expect(result.warnings.map((w) => w.code)).not.toContain('robust-se');
  });
  it('veteran by trt, fractional weights with a 0 and a missing weight: robust SE, the missing weight excluded', () => {
    const result = km('veteran', { ...outcome, group: 'trt', weights: 'wf', ...kmCase('veteran-trt-wf') });
    expectWeightedKmLikeR(result, 'veteran-trt-wf');
    expect(result.excluded).toBe(1);
    expect(result.warnings.find((w) => w.code === 'robust-se')?.message).toMatch(/not whole numbers/);
  });
  it('veteran by celltype (4 groups), log-log at 90%', () => {
    expectWeightedKmLikeR(km('veteran', { ...outcome, group: 'celltype', weights: 'wf', confType: 'log-log', confLevel: 0.9, ...kmCase('veteran-celltype-wf-loglog-90') }), 'veteran-celltype-wf-loglog-90');
  });
  it('addicts by clinic, inverse-probability-like weights, log and plain CIs', () => {
    expectWeightedKmLikeR(km('addicts', { ...outcome, group: 'clinic', weights: 'wp', ...kmCase('addicts-clinic-wp') }), 'addicts-clinic-wp');
    expectWeightedKmLikeR(km('addicts', { ...outcome, group: 'clinic', weights: 'wp', confType: 'plain', ...kmCase('addicts-clinic-wp-plain') }), 'addicts-clinic-wp-plain');
  });
  it('lung (event value 2) by sex with fractional weights, and as one curve with whole weights', () => {
    expectWeightedKmLikeR(km('lung', { ...outcome, eventValue: '2', group: 'sex', weights: 'wf', ...kmCase('lung-sex-wf') }), 'lung-sex-wf');
    expectWeightedKmLikeR(km('lung', { ...outcome, eventValue: '2', weights: 'wi', ...kmCase('lung-all-wi') }), 'lung-all-wi');
  });
  it('colon recurrences by rx', () => {
    expectWeightedKmLikeR(km('colon', { ...outcome, group: 'rx', weights: 'wf', ...kmCase('colon-rx-wf') }), 'colon-rx-wf');
  });
  it('edge data: time 0, ties, weight 0 at an event and at a censoring, group C without relapses', () => {
    const result = km('edge', { ...outcome, group: 'g', weights: 'w', ...kmCase('edge-g-w') });
    expectWeightedKmLikeR(result, 'edge-g-w');
    expect(result.warnings.find((w) => w.code === 'no-events')?.message).toContain('group C');
    expectWeightedKmLikeR(km('edge', { ...outcome, group: 'g', weights: 'wi', ...kmCase('edge-g-wi') }), 'edge-g-wi');
  });
});

const cox = (name: string, options: Record<string, unknown>) => runCox(frame(name), coxAnalysisOptionsSchema.parse({ ...outcome, ...options }));

describe('analyze cox --weights against R coxph(Surv(time, status) ~ covariates, weights = w)', () => {
  it('veteran, whole weights: the model-based variance (no robust SE)', () => {
    const result = cox('veteran', { covariates: 'karno,age,celltype', weights: 'wc' });
    expectWeightedCoxLikeR(result, 'veteran-wc');
    expect(result.warnings.map((w) => w.code)).not.toContain('robust-se');
  });
  it('veteran, fractional weights with a missing one: robust variance by row, as R by default', () => {
    const result = cox('veteran', { covariates: 'karno,age,celltype', weights: 'wr' });
    expectWeightedCoxLikeR(result, 'veteran-wr');
    expect(result.warnings.find((w) => w.code === 'robust-se')?.message).toMatch(/not whole numbers/);
    expect(result.warnings.find((w) => w.code === 'rows-excluded')?.message).toMatch(/the weight was missing/);
  });
  it('veteran stratified by celltype, Breslow ties', () => {
    expectWeightedCoxLikeR(cox('veteran', { covariates: 'karno,age,trt', strata: 'celltype', ties: 'breslow', weights: 'wr' }), 'veteran-wr-strata-breslow');
  });
  it('addicts stratified by clinic, inverse-probability-like weights', () => {
    expectWeightedCoxLikeR(cox('addicts', { covariates: 'prison,dose', strata: 'clinic', weights: 'wp' }), 'addicts-wp-strata');
  });
  it('lung (missing ph.ecog and weight), Efron with fractional and Breslow with whole weights', () => {
    expectWeightedCoxLikeR(cox('lung', { eventValue: '2', covariates: 'age,sex,ph.ecog', weights: 'wr' }), 'lung-wr');
    expectWeightedCoxLikeR(cox('lung', { eventValue: '2', covariates: 'age,sex,ph.ecog', ties: 'breslow', weights: 'wc' }), 'lung-wc-breslow');
  });
  it('colon recurrences on rx (a factor), age and nodes', () => {
    expectWeightedCoxLikeR(cox('colon', { covariates: 'rx,age,nodes', categorical: 'rx', weights: 'wr' }), 'colon-wr');
  });
  it('edge data: time 0 and ties; stratified by g (group C without relapses)', () => {
    expectWeightedCoxLikeR(cox('edge', { covariates: 'x', weights: 'wr' }), 'edge-wr');
    expectWeightedCoxLikeR(cox('edge', { covariates: 'x', strata: 'g', weights: 'wc' }), 'edge-wc-strata');
  });
  it('refuses a weight of 0 (as R coxph)', () => {
    expect(() => cox('edge', { covariates: 'x', weights: 'w' })).toThrow('weights column "w", data row 4: weight 0; the Cox model needs weights above 0 (as R\'s coxph); leave the row out instead');
  });
});

describe('analyze cox --weights with --cluster against R coxph(…, weights = w, cluster = cl)', () => {
  it('veteran, whole weights, clustered by cell type: the sandwich by cluster (no fractional-weights warning)', () => {
    const result = cox('veteran', { covariates: 'karno,age,trt', weights: 'wc', cluster: 'celltype' });
    expectWeightedCoxLikeR(result, 'veteran-wc-cluster-celltype');
    expect(result.clusters).toBe(4);
    expect(result.warnings.map((w) => w.code)).not.toContain('robust-se');
  });
  it('addicts stratified by clinic, IPW-like weights, clustered by prison', () => {
    expectWeightedCoxLikeR(cox('addicts', { covariates: 'dose', strata: 'clinic', weights: 'wp', cluster: 'prison' }), 'addicts-wp-strata-cluster-prison');
  });
  it('lung clustered by institution (a missing institution drops its row, as R), fractional weights with Efron, whole with Breslow', () => {
    const result = cox('lung', { eventValue: '2', covariates: 'age,sex,ph.ecog', weights: 'wr', cluster: 'inst' });
    expectWeightedCoxLikeR(result, 'lung-wr-cluster-inst');
    expectWeightedCoxLikeR(cox('lung', { eventValue: '2', covariates: 'age,sex,ph.ecog', ties: 'breslow', weights: 'wc', cluster: 'inst' }), 'lung-wc-breslow-cluster-inst');
  });
});

const logrank = (name: string, options: Record<string, unknown>) => runLogrank(frame(name), logrankOptionsSchema.parse({ ...outcome, trend: 'yes', ...options }));
/** The weighted log-rank equals R's score test, O, E, variance, trend and pairs, and (fractional weights) the robust score test. */
function expectWeightedLogrankLikeR(result: LogrankResult, name: string) {
  const r = weightsFixture.logrank[name];
  expectLogrankLikeR(result, r, name);
  expect(result.excluded, `${name} excluded`).toBe(r.excluded);
  expect(result.weights?.robust, `${name} robust`).toBe(r.robust);
  expect(result.warnings.map((w) => w.code)).toContain('weighted-score-test');
  if (r.robust) {
    expectClose(result.weights!.robustScore!.chisq, r.robustScore, `${name} robust score`);
    expect(result.weights!.robustScore!.df).toBe(r.df);
  } else expect(result.weights?.robustScore).toBeUndefined();
}

describe('analyze logrank --weights against the score test of R coxph(Surv(time, status) ~ factor(group), weights = w, ties = "breslow")', () => {
  it('veteran by trt: whole weights, and fractional weights with a missing one (robust score test beside)', () => {
    expectWeightedLogrankLikeR(logrank('veteran', { group: 'trt', weights: 'wc' }), 'veteran-trt-wc');
    expectWeightedLogrankLikeR(logrank('veteran', { group: 'trt', weights: 'wr' }), 'veteran-trt-wr');
  });
  it('veteran by celltype: 4 groups, trend and 6 pairs (BH)', () => {
    expectWeightedLogrankLikeR(logrank('veteran', { group: 'celltype', weights: 'wr' }), 'veteran-celltype-wr');
  });
  it('addicts by clinic stratified by prison, inverse-probability-like weights', () => {
    expectWeightedLogrankLikeR(logrank('addicts', { group: 'clinic', strata: 'prison', weights: 'wp' }), 'addicts-clinic-wp-strata-prison');
  });
  it('lung by sex (event value 2), colon recurrences by rx with trend scores 2,3,1', () => {
    expectWeightedLogrankLikeR(logrank('lung', { eventValue: '2', group: 'sex', weights: 'wr' }), 'lung-sex-wr');
    expectWeightedLogrankLikeR(logrank('colon', { group: 'rx', weights: 'wc', scores: '2,3,1' }), 'colon-rx-wc');
  });
  it('edge data: time 0, ties, group C without relapses', () => {
    expectWeightedLogrankLikeR(logrank('edge', { group: 'g', weights: 'wr' }), 'edge-g-wr');
  });
  it('refuses a weight of 0, rho > 0, --cluster and --start', () => {
    expect(() => logrank('edge', { group: 'g', weights: 'w' })).toThrow('weights column "w", data row 4: weight 0; the weighted log-rank test needs weights above 0 (as R\'s coxph); leave the row out instead');
    expect(() => logrank('edge', { group: 'g', weights: 'wr', rho: 1 })).toThrow(/^weights: with case weights the test is the weighted log-rank \(score\) test, rho 0/);
    expect(() => logrank('edge', { group: 'g', weights: 'wr', cluster: 'g' })).toThrow('weights: case weights (--weights) cannot be combined with --cluster');
    expect(() => logrank('edge', { group: 'g', weights: 'wr', start: 'x' })).toThrow('weights: case weights (--weights) cannot be combined with an interval start (--start)');
  });
});

describe('bad case weights are refused in one line', () => {
  const csv = 'time,status,g,w,label\n1,1,A,1,a\n2,0,A,-0.5,b\n3,1,B,2,c\n4,1,B,0,d\n';
  const run = (options: Record<string, unknown>, text = csv) => () => runKm(frameFromCsv(text), kmOptionsSchema.parse({ ...outcome, ...options }));
  it('a negative weight, naming its data row', () => {
    expect(run({ weights: 'w' })).toThrow(AnalysisError);
    expect(run({ weights: 'w' })).toThrow('weights column "w", data row 2: weight -0.5 is not allowed; weights must be finite and 0 or more');
  });
  it('a text column, a missing column, a group whose weights are all 0', () => {
    expect(run({ weights: 'label' })).toThrow('weights column "label" is categorical, not numeric');
    expect(run({ weights: 'nope' })).toThrow(/^weights column "nope" is not in the data/);
    expect(run({ weights: 'w', group: 'g' }, 'time,status,g,w\n1,1,A,1\n2,0,A,2\n3,1,B,0\n4,1,B,0\n')).toThrow('weights column "w": every weight of group B is 0');
  });
  it('with --start or --cluster', () => {
    expect(run({ weights: 'w', start: 'time' })).toThrow('weights: case weights (--weights) cannot be combined with an interval start (--start)');
    expect(run({ weights: 'w', cluster: 'g' })).toThrow('weights: case weights (--weights) cannot be combined with --cluster');
  });
});
