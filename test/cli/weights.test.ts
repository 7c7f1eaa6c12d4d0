/**
 * The CLI contract of `analyze km|logrank|cox --weights COL` (issue 14 item 2: "KM, log-rank and Cox accept
 * --weights COL"): the built CLI's --json document equals R field for field
 * (test/shared/analyses/fixtures/weights.R: survfit(…, weights = w), coxph(…, weights = w) and the score test
 * of coxph(… ~ factor(g), weights = w, ties = "breslow")), with whole and fractional weights; a negative
 * weight and the other refusals are one line on stderr with a non-zero exit code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectJsonSuccess, expectOneLineError } from './contract';
import { expectClose } from '../helpers/compare';
import { expectWeightedCoxLikeR, expectWeightedKmLikeR, weightsFixture } from '../shared/analyses/weights-fixture';
import { expectLogrankLikeR } from '../shared/analyses/start-stop-km-logrank-fixture';

const dir = mkdtempSync(join(tmpdir(), 'rw-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csv = (name: string) => `test/shared/analyses/fixtures/weights-${name}.csv`;
const outcome = (name: string) => ['--csv', csv(name), '--time', 'time', '--event', 'status'];

describe('analyze km --weights', () => {
  it.concurrent('veteran by trt, fractional weights: survfit(…, weights = wf) with its robust SE, field for field', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'km', ...outcome('veteran'), '--group', 'trt', '--weights', 'wf', '--times', '30,100,365', '--tau', '500', '--json']), 'km veteran wf');
    expectWeightedKmLikeR(doc, 'veteran-trt-wf');
    expect(doc.weights).toEqual({ column: 'wf', robust: true });
  });
  it.concurrent('addicts by clinic, inverse-probability-like weights; the text output runs too', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'km', ...outcome('addicts'), '--group', 'clinic', '--weights', 'wp', '--times', '180,365,730', '--tau', '800', '--json']), 'km addicts wp');
    expectWeightedKmLikeR(doc, 'addicts-clinic-wp');
    const text = await runCli(['analyze', 'km', ...outcome('addicts'), '--group', 'clinic', '--weights', 'wp']);
    expect(text.code, text.stderr).toBe(0);
  });
  it.concurrent('lung, whole weights with a 0: Greenwood SE on the weighted counts', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'km', ...outcome('lung'), '--event-value', '2', '--weights', 'wi', '--times', '100,365', '--tau', '700', '--json']), 'km lung wi');
    expectWeightedKmLikeR(doc, 'lung-all-wi');
  });
});

describe('analyze cox --weights', () => {
  it.concurrent('veteran, fractional weights: coefficients, robust SEs, tests, concordance and cox.zph equal R', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'cox', ...outcome('veteran'), '--covariates', 'karno,age,celltype', '--weights', 'wr', '--json']), 'cox veteran wr');
    expectWeightedCoxLikeR(doc, 'veteran-wr');
  });
  it.concurrent('addicts stratified by clinic with inverse-probability-like weights; lung Breslow with whole weights', async () => {
    expectWeightedCoxLikeR(expectJsonSuccess(await runCli(['analyze', 'cox', ...outcome('addicts'), '--covariates', 'prison,dose', '--strata', 'clinic', '--weights', 'wp', '--json']), 'cox addicts wp'), 'addicts-wp-strata');
    expectWeightedCoxLikeR(
      expectJsonSuccess(await runCli(['analyze', 'cox', ...outcome('lung'), '--event-value', '2', '--covariates', 'age,sex,ph.ecog', '--ties', 'breslow', '--weights', 'wc', '--json']), 'cox lung wc'),
      'lung-wc-breslow',
    );
  });
});

describe('analyze logrank --weights', () => {
  it.concurrent('veteran by celltype: the weighted score test, O, E, variance, trend and pairs; the robust score test beside', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'logrank', ...outcome('veteran'), '--group', 'celltype', '--weights', 'wr', '--trend', 'yes', '--json']), 'logrank veteran wr');
    const r = weightsFixture.logrank['veteran-celltype-wr'];
    expectLogrankLikeR(doc, r, 'logrank veteran');
    expect(doc.weights.robust).toBe(true);
    expectClose(doc.weights.robustScore.chisq, r.robustScore, 'robust score');
  });
  it.concurrent('addicts by clinic within strata of prison', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'logrank', ...outcome('addicts'), '--group', 'clinic', '--strata', 'prison', '--weights', 'wp', '--trend', 'yes', '--json']), 'logrank addicts');
    expectLogrankLikeR(doc, weightsFixture.logrank['addicts-clinic-wp-strata-prison'], 'logrank addicts');
  });
});

describe('--weights: refused in one line', () => {
  const negative = 'test/shared/analyses/fixtures/weights-edge.csv';
  it.concurrent('a negative weight (km, cox, logrank), naming the data row', async () => {
    const file = join(dir, 'negative.csv');
    writeFileSync(file, 'time,status,g,x,w\n1,1,a,0.5,1\n2,0,a,1.5,-0.5\n3,1,b,2.5,2\n4,1,b,0.1,1\n');
    for (const args of [
      ['analyze', 'km', '--group', 'g'],
      ['analyze', 'cox', '--covariates', 'x'],
      ['analyze', 'logrank', '--group', 'g'],
    ]) {
      const message = expectOneLineError(await runCli([...args, '--csv', file, '--time', 'time', '--event', 'status', '--weights', 'w']), `${args[1]} negative weight`);
      expect(message).toMatch(/weights column "w", data row 2: weight -0.5 is not allowed; weights must be finite and 0 or more/);
    }
  });
  it.concurrent('a weight of 0 for cox and logrank (R coxph refuses it), a text column, --weights with --start', async () => {
    expect(expectOneLineError(await runCli(['analyze', 'cox', '--csv', negative, '--time', 'time', '--event', 'status', '--covariates', 'x', '--weights', 'w']), 'cox zero')).toMatch(/data row 4: weight 0; the Cox model needs weights above 0/);
    expect(expectOneLineError(await runCli(['analyze', 'logrank', '--csv', negative, '--time', 'time', '--event', 'status', '--group', 'g', '--weights', 'w']), 'logrank zero')).toMatch(/weight 0; the weighted log-rank test needs weights above 0/);
    expect(expectOneLineError(await runCli(['analyze', 'km', '--csv', negative, '--time', 'time', '--event', 'status', '--weights', 'g']), 'km text weights')).toMatch(/weights column "g" is .*, not numeric/);
    expect(expectOneLineError(await runCli(['analyze', 'km', '--csv', negative, '--start', 'x', '--time', 'time', '--event', 'status', '--weights', 'w']), 'km start weights')).toMatch(/cannot be combined with an interval start/);
  });
});
