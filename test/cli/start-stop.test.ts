/**
 * The CLI contract of `analyze km|logrank --start COL [--id COL] [--cluster COL]` (issue 13 item 5): the
 * built CLI's --json document on (start, stop] rows equals R field for field
 * (test/shared/analyses/fixtures/start-stop-km-logrank.R: survfit(Surv(start, stop, event) ~ g, id = id),
 * the score test of coxph(Surv(start, stop, event) ~ factor(g), ties = "breslow") and, with --cluster, its
 * robust score test) on heart and cgd;
 * bad intervals and the options that have no interval version are refused in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectJsonSuccess, expectOneLineError } from './contract';
import { expectClose } from '../helpers/compare';
import { expectKmLikeR, expectLogrankLikeR, startStopFixture } from '../shared/analyses/start-stop-km-logrank-fixture';

const dir = mkdtempSync(join(tmpdir(), 'rw-start-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEART = 'test/fixtures/data/heart.csv';
const CGD = 'test/fixtures/data/cgd.csv';
const heart = ['--csv', HEART, '--start', 'start', '--time', 'stop', '--event', 'event', '--group', 'surgery', '--id', 'id'];

describe('analyze km --start', () => {
  it.concurrent('heart by surgery with --id: the document equals survfit(Surv(start, stop, event) ~ surgery, id = id)', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'km', ...heart, '--times', '30,100,365,1000', '--tau', '1000', '--json']), 'km heart');
    expectKmLikeR(doc, 'heart-surgery-id');
    expect(doc.start).toBe('start');
    expect(doc.participants).toBe(103);
    expect(doc.robust).toBeUndefined();
  });
  it.concurrent('cgd by treat with --id: several relapses per participant, robust SE by participant as R', async () => {
    const args = ['analyze', 'km', '--csv', CGD, '--start', 'tstart', '--time', 'tstop', '--event', 'status', '--group', 'treat', '--id', 'id', '--times', '100,200,300', '--tau', '350', '--json'];
    const doc = expectJsonSuccess(await runCli(args), 'km cgd');
    expectKmLikeR(doc, 'cgd-treat-id');
    expect(doc.robust).toEqual({ column: 'id', clusters: 128 });
  });
  it.concurrent('--cluster: heart robust by id', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'km', ...heart, '--cluster', 'id', '--times', '30,100,365', '--tau', '1000', '--json']), 'km heart cluster');
    expectKmLikeR(doc, 'heart-surgery-id-cluster-id');
  });
  it.concurrent('the text output runs too (the follow-up is not available on intervals)', async () => {
    const run = await runCli(['analyze', 'km', ...heart]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/follow-up-not-available|median follow-up/i);
  });
});

describe('analyze logrank --start', () => {
  it.concurrent('heart by surgery: chisq, df, p, observed and expected equal the score test of coxph(Breslow)', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'logrank', ...heart, '--trend', 'yes', '--json']), 'logrank heart');
    expectLogrankLikeR(doc, startStopFixture.logrank['heart-surgery'], 'heart');
    expect(doc.participants).toBe(103);
  });
  it.concurrent('--cluster id: the robust score test of coxph(…, cluster = id) beside the log-rank test', async () => {
    const doc = expectJsonSuccess(await runCli(['analyze', 'logrank', ...heart, '--cluster', 'id', '--json']), 'logrank heart cluster');
    const r = startStopFixture.logrankRobust['heart-surgery-cluster-id'];
    expect(doc.robust.column).toBe('id');
    expect(doc.robust.clusters).toBe(r.clusters);
    expect(doc.robust.df).toBe(r.df);
    expectClose(doc.robust.chisq, r.chisq, 'robust chisq');
    expectClose(doc.robust.p, r.p, 'robust p');
  });
  it.concurrent('cgd by treat within strata of sex', async () => {
    const args = ['analyze', 'logrank', '--csv', CGD, '--start', 'tstart', '--time', 'tstop', '--event', 'status', '--group', 'treat', '--strata', 'sex', '--id', 'id', '--trend', 'yes', '--json'];
    expectLogrankLikeR(expectJsonSuccess(await runCli(args), 'logrank cgd'), startStopFixture.logrank['cgd-treat-strata-sex'], 'cgd strata');
  });
});

describe('analyze km|logrank --start: refused in one line', () => {
  const csv = join(dir, 'overlap.csv');
  writeFileSync(csv, ['id,start,stop,event,g', '1,0,5,0,a', '1,3,8,1,a', '2,0,6,1,b', '3,0,4,0,b'].join('\n') + '\n');
  const args = ['--csv', csv, '--start', 'start', '--time', 'stop', '--event', 'event', '--group', 'g', '--id', 'id'];
  it.concurrent('overlapping intervals of a participant (km and logrank)', async () => {
    for (const analysis of ['km', 'logrank']) {
      const message = expectOneLineError(await runCli(['analyze', analysis, ...args]), `${analysis} overlap`);
      expect(message).toMatch(/id column "id": .*overlapping intervals.*participant 1/);
    }
  });
  it.concurrent('a repeated id without --start', async () => {
    const message = expectOneLineError(await runCli(['analyze', 'km', '--csv', CGD, '--time', 'tstop', '--event', 'status', '--id', 'id']), 'km repeated id');
    expect(message).toMatch(/takes one row per participant/);
  });
  it.concurrent('logrank --rho 1 with --start', async () => {
    const message = expectOneLineError(await runCli(['analyze', 'logrank', ...heart, '--rho', '1']), 'logrank rho');
    expect(message).toMatch(/rho: .*not available for \(start, stop\] intervals/);
  });
  it.concurrent('logrank --cluster with --rho 1', async () => {
    const message = expectOneLineError(await runCli(['analyze', 'logrank', '--csv', HEART, '--time', 'stop', '--event', 'event', '--group', 'surgery', '--cluster', 'id', '--rho', '1']), 'logrank cluster rho');
    expect(message).toMatch(/cluster: the robust test is the log-rank test/);
  });
});
