/**
 * `analyze <id>` without --json, with the built CLI: an analysis whose declaration has a presentation is
 * written as its declared tables (aligned columns, numbers as presentation/format.ts writes them) and
 * sentences; one without keeps the generic dump; --json is the document alone. Numbers are R's, read from
 * the committed fixtures: rmst2 of addicts by clinic up to day 365 (test/shared/stats/fixtures/rmst-difference.R),
 * survdiff of addicts by clinic (test/cli/fixtures/cli.R), summary(survfit(coxph, newdata), times) of the
 * addicts-efron profiles (test/shared/stats/fixtures/cox-predicted-survival.R).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli';
import { expectClose } from '../helpers/compare';
import { formatCI, formatNumber, formatP } from '../../presentation/format';
import { rmstCase } from '../shared/stats/rmst-difference-fixture';
import { predictionCases } from '../shared/stats/cox-predicted-survival-cases';
import { expectJsonSuccess } from './contract';

const ADDICTS = ['--csv', 'test/fixtures/data/addicts.csv', '--time', 'time', '--event', 'status'];
const reference = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/cli/fixtures/cli.json'), 'utf8')).cases as { args: string[]; doc: any }[];
/** A line of an aligned table holding these cells in order, separated by two spaces or more. */
const rowPattern = (cells: string[]) => new RegExp(`^  ${cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' {2,}')}$`, 'm');

describe('analyze without --json: a declared presentation as text', () => {
  it.concurrent("rmst: the groups and the difference table of R's rmst2 up to day 365, and its sentences", async () => {
    const run = await runCli(['analyze', 'rmst', ...ADDICTS, '--group', 'clinic', '--tau', '365']);
    expect(run.code, run.stderr).toBe(0);
    const doc = rmstCase('addicts by clinic, tau 365').doc;
    expect(run.stdout.startsWith('Restricted mean time free of relapse\n====')).toBe(true);
    for (const g of doc.groups) expect(run.stdout).toMatch(rowPattern([g.group, formatNumber(g.n), formatNumber(g.events), '365', formatNumber(g.rmst, 1), formatNumber(g.stdErr, 2), formatCI(g.lower, g.upper, 1)]));
    const e = doc.comparisons[0];
    expect(run.stdout).toMatch(/^  Group {2,}Compared with {2,}Difference {2,}Difference 95% CI {2,}p \(difference\) {2,}Ratio {2,}Ratio 95% CI {2,}p \(ratio\)$/m);
    expect(run.stdout).toMatch(rowPattern([e.a, e.b, formatNumber(e.difference, 1), formatCI(e.differenceLower, e.differenceUpper, 1), formatP(e.p), formatNumber(e.ratio, 3), formatCI(e.ratioLower, e.ratioUpper, 3), formatP(e.ratioP)]));
    expect(run.stdout).toContain('  These data do not show whether participants in clinic 2 stayed free of relapse longer or shorter on average than those in clinic 1 over the first 365 days (difference 29.1 days, 95% CI -0.4 to 58.6, an interval that includes 0).');
    expect(run.stdout).toMatch(/^Methods: The restricted mean time free of relapse/m);
    expect(run.stdout).toContain('Rows left out for a missing value: 0');
    expect(run.stdout).not.toMatch(/differenceStdErr|logRatioStdErr/);
  });

  it.concurrent("logrank: observed and expected, and the test, equal R's survdiff", async () => {
    const { args, doc } = reference.find((c) => c.args[1] === 'logrank' && c.args.length === 10)!;
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(0);
    for (const g of doc.groups) expect(run.stdout).toMatch(rowPattern([g.group, formatNumber(g.n), formatNumber(g.observed), formatNumber(g.expected, 2)]));
    expect(run.stdout).toMatch(rowPattern(['Log-rank', formatNumber(doc.chisq, 2), '1', formatP(doc.p)]));
    expect(run.stdout).toContain(`Time to relapse differed between the clinic groups by more than chance alone would readily explain (log-rank χ² = ${formatNumber(doc.chisq, 2)}, df 1, p < 0.001).`);
  });

  it.concurrent("predict: each profile's predicted survival at days 100, 365 and 730, as R", async () => {
    const c = predictionCases.find((x) => x.id === 'addicts-efron')!;
    const run = await runCli(['analyze', 'predict', ...ADDICTS, '--covariates', 'clinic,prison,dose', '--categorical', 'clinic', '--times', '100,365,730', ...c.profiles.flatMap((p) => ['--profile', p])]);
    expect(run.code, run.stderr).toBe(0);
    const curve = c.r.curves[1];
    curve.at.time.forEach((time, i) => {
      expect(run.stdout).toMatch(rowPattern(['clinic = 2, prison = 1, dose = 40', formatNumber(time), formatNumber(curve.at['n.risk'][i]), formatNumber(curve.at.surv[i], 3), formatNumber(curve.at['std.err'][i], 3), formatCI(curve.at.lower[i], curve.at.upper[i], 3)]));
    });
  });

  it.concurrent('km has no declared presentation: the generic dump, as before', async () => {
    const run = await runCli(['analyze', 'km', ...ADDICTS, '--group', 'clinic']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Kaplan/);
    expect(run.stdout).toMatch(/^ {2}excluded: 0$/m);
  });

  it.concurrent('--json stays the document alone (no text), its numbers R\u2019s', async () => {
    const document = expectJsonSuccess(await runCli(['analyze', 'rmst', ...ADDICTS, '--group', 'clinic', '--tau', '365', '--json']), 'rmst json');
    expect(Object.keys(document)).toEqual(['tau', 'tauChosen', 'confLevel', 'groups', 'comparisons', 'excluded', 'warnings', 'rejectedRows', 'timing']);
    expectClose(document.comparisons[0].difference, rmstCase('addicts by clinic, tau 365').doc.comparisons[0].difference, 'difference');
  });
});
