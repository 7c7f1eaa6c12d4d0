// @vitest-environment jsdom
/**
 * The "More analyses" step (renderer/src/views/DeclaredAnalysisView.tsx) with the real handlers on addicts:
 * it lists the declared analyses without a specialised step (rmst and predict), and shows each from its
 * declaration: the form from its options, the declared tables (with CSV export), sentences and methods.
 * The numbers are R's, read from the committed fixtures, not retyped:
 *  - rmst by clinic (the mapping's group column, the default) with survRM2's default tau 905, then tau 365
 *    (test/shared/stats/fixtures/rmst-difference.R: rmst2 on addicts);
 *  - predict for three profiles of coxph(Surv(time, status) ~ factor(clinic) + prison + dose) at days
 *    100, 365 and 730 (test/shared/stats/fixtures/cox-predicted-survival.R, case addicts-efron:
 *    summary(survfit(fit, newdata = profile), times)).
 * Each cell shows R's number as presentation/format.ts writes it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MoreAnalysesView, declaredAnalyses } from '../../../../renderer/src/views/DeclaredAnalysisView';
import { formatCI, formatNumber, formatP } from '../../../../presentation/format';
import { rmstCase } from '../../../shared/stats/rmst-difference-fixture';
import { predictionCases } from '../../../shared/stats/cox-predicted-survival-cases';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

const field = (name: string) => document.querySelector(`[data-option="${name}"]`) as HTMLElement;
const typeInto = (name: string, text: string) => {
  const input = field(name).querySelector('input') as HTMLInputElement;
  fireEvent.change(input, { target: { value: text } });
  fireEvent.blur(input);
};
const bodyRows = (testId: string) => [...screen.getByTestId(testId).querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));

describe('More analyses', () => {
  test('lists the declared analyses without a specialised step', () => {
    // Not a fixed list: an analysis declared with a presentation and no step of its own joins it with no edit here.
    const ids = declaredAnalyses().map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['rmst', 'predict']));
    for (const specialised of ['km', 'logrank', 'cox', 'cuminc', 'sites', 'adjusted', 'recurrent', 'correlation']) expect(ids).not.toContain(specialised);
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <MoreAnalysesView />));
    expect(within(screen.getByTestId('more-choices')).getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(ids);
  });

  test("rmst by clinic: R's rmst2 at the default tau, then at tau 365; the CSV holds the table's plain numbers", async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <MoreAnalysesView />));
    const rowOf = (name: string) => {
      const e = rmstCase(name).doc.comparisons[0];
      return [e.a, e.b, formatNumber(e.difference, 1), formatCI(e.differenceLower, e.differenceUpper, 1), formatP(e.p), formatNumber(e.ratio, 3), formatCI(e.ratioLower, e.ratioUpper, 3), formatP(e.ratioP)];
    };
    fireEvent.click(within(screen.getByTestId('more-choices')).getByLabelText(/Restricted mean time free of relapse/));
    await waitFor(() => expect(bodyRows('rmst-comparisons')).toEqual([rowOf('addicts by clinic, default tau')]), { timeout: 60_000 });
    const groups = rmstCase('addicts by clinic, default tau').doc.groups;
    expect(bodyRows('rmst-groups')).toEqual(groups.map((g) => [g.group, formatNumber(g.n), formatNumber(g.events), '905', formatNumber(g.rmst, 1), formatNumber(g.stdErr, 2), formatCI(g.lower, g.upper, 1)]));
    const sentences = [...screen.getByTestId('declared-sentences').querySelectorAll('p')].map((p) => p.textContent);
    expect(sentences).toContain('Over the first 905 days, participants in clinic 2 stayed free of relapse 212.2 days longer on average than those in clinic 1 (difference 212.2 days, 95% CI 122.2 to 302.2).');
    expect(screen.getByTestId('declared-methods').textContent).toMatch(/default horizon of R survRM2/);

    typeInto('tau', '365');
    await waitFor(() => expect(bodyRows('rmst-comparisons')).toEqual([rowOf('addicts by clinic, tau 365')]), { timeout: 60_000 });
    const request = harness.calls.filter((c) => c.channel === 'analysis:run').pop()!.args as { analysis: string; options: Record<string, unknown> };
    expect(request).toMatchObject({ analysis: 'rmst', options: { time: 'outcome.time_days', event: 'outcome.relapse', group: 'clinic', tau: 365 } });

    fireEvent.click(screen.getByRole('button', { name: /Save as CSV, table "Difference and ratio/ }));
    await waitFor(() => expect(harness.saved.length).toBeGreaterThan(0));
    const csv = harness.saved[harness.saved.length - 1].content;
    expect(csv.split(/\r?\n/)[0]).toBe('Group,Compared with,Difference,Difference 95% CI,p (difference),Ratio,Ratio 95% CI,p (ratio)');
  });

  test("predict: R's predicted survival at days 100, 365 and 730 for three profiles", async () => {
    const c = predictionCases.find((x) => x.id === 'addicts-efron')!;
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <MoreAnalysesView />));
    fireEvent.click(within(screen.getByTestId('more-choices')).getByLabelText(/Predicted survival/));
    expect(screen.getByTestId('declared-missing').textContent).toMatch(/Covariates.*Covariate profile/);
    for (const column of ['clinic', 'prison', 'dose']) fireEvent.click(within(field('covariates')).getByLabelText(column));
    fireEvent.click(within(field('categorical')).getByLabelText('clinic'));
    typeInto('times', c.times.join(', '));
    typeInto('profile', c.profiles.join('; '));
    const profiles = ['clinic = 1, prison = 0, dose = 60', 'clinic = 2, prison = 1, dose = 40', 'clinic = 2, prison = 0, dose = 150'];
    const expected = c.r.curves.flatMap((curve, k) =>
      curve.at.time.map((time, i) => [profiles[k], formatNumber(time), formatNumber(curve.at['n.risk'][i]), formatNumber(curve.at.surv[i], 3), formatNumber(curve.at['std.err'][i], 3), formatCI(curve.at.lower[i], curve.at.upper[i], 3)]),
    );
    await waitFor(() => expect(bodyRows('predict-at-times')).toEqual(expected), { timeout: 60_000 });
    expect(bodyRows('predict-model').map((r) => [r[0], r[1]])).toEqual(c.r.names.map((name, k) => [name === 'factor(clinic)2' ? 'clinic=2' : name, formatNumber(c.r.coef[k], 4)]));
  });
});
