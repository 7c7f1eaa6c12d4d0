// @vitest-environment jsdom
/**
 * The Compare sites view on addicts (clinic 1 and 2) with the real handlers: the funnel plot of observed
 * against expected relapses with its limits, the raw and adjusted curves, the RMST table, and their
 * readings word for word.
 *
 * The view's default case mix is the mapping's factor scores: dose (physical dependence, protective, so
 * turned round) and prison (environmental triggers), each standardised. These are linear recodings of
 * prison and dose, which change neither the Cox model's predictions nor the g-formula's curves, so the
 * numbers are checked against R's cases on prison + dose:
 *  - observed/expected: test/shared/stats/fixtures/sites.R, case "addicts" (coxph(Surv(time, status) ~
 *    prison + dose), predict(type = "expected") summed by clinic, poisson.test, Spiegelhalter limits);
 *  - adjusted curves: test/shared/analyses/fixtures/adjusted.R, case "addicts-efron" (mean of
 *    survfit(coxph(~ factor(clinic) + prison + dose), newdata) with the influence-function SE) at 100,
 *    365 and 730 days;
 *  - RMST: test/shared/stats/fixtures/rmst-difference.R, case "addicts by clinic, default tau" (rmst2).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { SitesView } from '../../../../renderer/src/views/SitesView';
import type { SitesResult } from '../../../../shared/analyses/sites';
import type { AdjustedResult } from '../../../../shared/analyses/adjusted';
import type { RmstResult } from '../../../../shared/analyses/rmst';
import { expectClose } from '../../../helpers/compare';
import { sitesFixture } from '../../../shared/stats/sites-cases';
import ADJUSTED from '../../../shared/analyses/fixtures/adjusted.json';
import RMST from '../../../shared/stats/fixtures/rmst-difference.json';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const R_SITES = sitesFixture.cases.find((c) => c.id === 'addicts')!.r;
const R_ADJUSTED = (ADJUSTED as unknown as { cases: { id: string; r: { curves: { group: string; rows: { time: number; survival: number; stdErr: number; lower: number; upper: number }[] }[] } }[] }).cases.find((c) => c.id === 'addicts-efron')!.r;
const R_RMST = (RMST as unknown as { cases: { name: string; doc: RmstResult }[] }).cases.find((c) => c.name === 'addicts by clinic, default tau')!.doc;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

function reply<R>(analysis: string): R {
  const call = harness.calls.filter((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === analysis).pop()!;
  return (call.reply as { ok: true; value: { result: R } }).value.result;
}
const paragraphs = (testId: string) => [...screen.getByTestId(testId).querySelectorAll('p')].map((p) => p.textContent);

describe('SitesView', () => {
  test('funnel with the sites and the limits, raw and adjusted curves, RMST table and the readings, equal to R', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SitesView />));
    await waitFor(() => screen.getByTestId('sites-rmst'), { timeout: 60_000 });
    await waitFor(() => screen.getByTestId('sites-adjusted'), { timeout: 60_000 });

    // The requests: the mapping's first group column and its factor scores by default.
    const sitesRequest = harness.calls.find((c) => (c.args as { analysis: string }).analysis === 'sites')!.args as { options: Record<string, unknown> };
    expect(sitesRequest.options).toMatchObject({ group: 'clinic', covariates: ['score.physical_dependence', 'score.environmental_triggers'] });
    const adjustedRequest = harness.calls.find((c) => (c.args as { analysis: string }).analysis === 'adjusted')!.args as { options: Record<string, unknown> };
    expect(adjustedRequest.options).toMatchObject({ group: 'clinic', method: 'direct', covariates: ['score.physical_dependence', 'score.environmental_triggers'] });

    // Observed / expected equal R's (prison + dose) to 1e-6.
    const sites = reply<SitesResult>('sites');
    sites.sites.forEach((s, g) => {
      const e = R_SITES.sites[g];
      expect(s.observed).toBe(e.observed);
      expectClose(s.expected, e.expected, `${s.group} expected`);
      expectClose(s.ratio, e.ratio, `${s.group} ratio`);
      expectClose(s.lower, e.lower, `${s.group} lower`);
      expectClose(s.upper, e.upper, `${s.group} upper`);
      expect(s.outside95).toBe(e.outside95);
      expect(s.outside998).toBe(e.outside998);
    });

    // The funnel: a point per site, both outside the 95% limits and named, four limit lines, the line at 1.
    const funnel = screen.getByTestId('sites-funnel');
    expect([...funnel.querySelectorAll('.funnel-site')].map((c) => c.getAttribute('data-group'))).toEqual(['clinic 1', 'clinic 2']);
    expect([...funnel.querySelectorAll('.funnel-label')].map((t) => t.textContent)).toEqual(['clinic 1', 'clinic 2']);
    for (const key of ['upper95', 'lower95', 'upper998', 'lower998']) expect(funnel.querySelector(`.funnel-${key} path`), key).toBeTruthy();
    expect(funnel.querySelector('.recharts-reference-line')).toBeTruthy();
    screen.getByRole('img', { name: /Funnel plot of 2 sites.*Outside the 95% limits: clinic 1 \(ratio 1\.30\); clinic 2 \(ratio 0\.50, also outside the 99\.8% limits\)\./ });

    const table = within(screen.getByTestId('sites-table'));
    const cells = (site: string) => within(table.getByText(site).closest('tr')!).getAllByRole('cell').map((c) => c.textContent);
    expect(cells('clinic 1')).toEqual(['clinic 1', '163', '122', '93.9', '1.30', '(1.08–1.55)', 'outside 95%']);
    expect(cells('clinic 2')).toEqual(['clinic 2', '75', '28', '56.1', '0.50', '(0.33–0.72)', 'outside 99.8%']);

    // Readings: neutral (more or fewer than expected), what adjustment can and cannot do, no ranking.
    expect(paragraphs('sites-funnel-summary')).toEqual([
      "2 of 2 sites lay outside the 95% funnel limits: clinic 1 had more relapses than expected given its participants' measured factors; clinic 2 had fewer.",
      "Clinic 1 had more relapses than expected given its participants' measured factors: 122 relapses observed against 93.9 expected (ratio 1.30, 95% CI 1.08–1.55), outside the 95% funnel limits.",
      "Clinic 2 had fewer relapses than expected given its participants' measured factors: 28 relapses observed against 56.1 expected (ratio 0.50, 95% CI 0.33–0.72), outside the 95% and the 99.8% funnel limits.",
      'The funnel plot does not rank the sites. A site outside the limits is a prompt to look more closely, not a verdict on its care: the difference may come from factors that were not measured, from how participants were recorded, or from chance (about 1 site in 20 lies outside the 95% limits by chance alone).',
    ]);
    expect(screen.getByTestId('sites-adjustment-note').textContent).toBe(
      "Adjustment removes differences between sites in the measured factors only (those in the case-mix model). Differences in anything not measured remain, so what is left after adjustment is not proof that one site's care differs from another's.",
    );
    expect(screen.getByTestId('sites-curves-summary').textContent).toBe(
      "The raw curves show each clinic's own participants. The adjusted curves show the share free of relapse each clinic would have had with the whole cohort's mix of physical dependence and environmental triggers (direct standardisation over a Cox model). Where the two disagree, part of the raw difference came from differences in these measured factors between the sites.",
    );
    expect(document.querySelector('.results')!.textContent).not.toMatch(/\b(worst|best|rank(ed)? (first|last)|fail(ed|ure)?|poor|under-?perform)/i);

    // Raw and adjusted curves side by side; the adjusted ones equal R's at 100, 365 and 730 days.
    expect(screen.getByTestId('sites-raw').querySelector('[data-chart="kaplan-meier"]')).toBeTruthy();
    expect(screen.getByTestId('sites-adjusted').querySelectorAll('.km-curve')).toHaveLength(2);
    // One time axis for both, so that they read side by side.
    const xTicks = (id: string) => [...screen.getByTestId(id).querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.textContent);
    expect(xTicks('sites-adjusted')).toEqual(xTicks('sites-raw'));
    // The axis ends at the last follow-up (1076 days): its last tick is 1,000, not a round 1,200 beyond the data.
    expect(xTicks('sites-raw').at(-1)).toBe('1,000');
    const adjusted = reply<AdjustedResult>('adjusted');
    for (const [g, curve] of adjusted.curves.entries()) {
      for (const expected of R_ADJUSTED.curves[g].rows) {
        const row = [...curve.rows].reverse().find((r) => r.time <= expected.time)!;
        expectClose(row.survival, expected.survival, `clinic ${curve.group} survival at ${expected.time}`);
        expectClose(row.stdErr, expected.stdErr, `clinic ${curve.group} SE at ${expected.time}`);
      }
    }

    // RMST: R's rmst2 (tau 905 by default), in the table and the sentences.
    const rmst = reply<RmstResult>('rmst');
    expect(rmst.tau).toBe(R_RMST.tau);
    rmst.groups.forEach((g, k) => expectClose(g.rmst, R_RMST.groups[k].rmst, `rmst ${g.group}`));
    expectClose(rmst.comparisons[0].difference, R_RMST.comparisons[0].difference, 'difference');
    expectClose(rmst.comparisons[0].differenceLower, R_RMST.comparisons[0].differenceLower, 'difference lower');
    const rmstRows = within(screen.getByTestId('sites-rmst')).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rmstRows).toEqual([
      ['clinic 1', '163', '122', '431.6', '(387.6–475.5)'],
      ['clinic 2', '75', '28', '643.8', '(565.2–722.3)'],
    ]);
    expect(within(screen.getByTestId('sites-rmst-comparisons')).getAllByRole('cell').map((c) => c.textContent)).toEqual(['clinic 2', 'clinic 1', '212.2', '(122.2–302.2)', '<0.001']);
    expect(paragraphs('sites-rmst-summary')).toEqual([
      'Over the first 905 days, participants in clinic 1 stayed free of relapse for 432 days on average (restricted mean).',
      'Over the first 905 days, participants in clinic 2 stayed free of relapse for 644 days on average (restricted mean).',
      'Over the first 905 days, participants in clinic 2 stayed free of relapse 212.2 days longer on average than those in clinic 1 (difference 212.2 days, 95% CI 122.2 to 302.2).',
      "The restricted means are those of each site's own participants, not adjusted for case mix. Their differences are in days free of relapse, an absolute measure that does not rely on proportional hazards.",
    ]);
  }, 120_000);

  test('an analysis that is refused shows its reason in one line, and the others still show', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SitesView />));
    await waitFor(() => screen.getByTestId('sites-rmst'), { timeout: 60_000 });
    // The site column among the case mix: the adjusted curves refuse it (the funnel allows it).
    const covariates = document.querySelector('[data-option="covariates"]') as HTMLElement;
    fireEvent.click(within(covariates).getByLabelText('clinic'));
    await waitFor(() => within(screen.getByTestId('sites-curves-card')).getByRole('alert'), { timeout: 60_000 });
    const alert = within(screen.getByTestId('sites-curves-card')).getByRole('alert');
    expect(alert.textContent).toBe('This could not be completed: the group column "clinic" is also a covariate: adjust for the other characteristics only');
    expect(alert.textContent).not.toMatch(/\n|\bat \w+ \(/);
    await waitFor(() => expect(screen.queryByTestId('sites-adjusted')).toBeNull(), { timeout: 60_000 });
    expect(screen.getByTestId('sites-funnel')).toBeTruthy();
  }, 120_000);

  test('a day for the relapse-free funnel: its plot, table and reading (R: addicts at day 365)', async () => {
    const R_AT_DAY = sitesFixture.cases.find((c) => c.id === 'addicts')!.r.atDay!;
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <SitesView />));
    await waitFor(() => screen.getByTestId('sites-funnel'), { timeout: 60_000 });
    fireEvent.change(screen.getByLabelText(/Relapse-free at day/), { target: { value: '365' } });
    await waitFor(() => screen.getByTestId('sites-at-day-funnel'), { timeout: 60_000 });
    const atDay = reply<SitesResult>('sites').atDay!;
    expect(atDay.day).toBe(365);
    expectClose(atDay.overall, R_AT_DAY.overall, 'overall proportion');
    atDay.sites.forEach((s, g) => {
      expect([s.n, s.relapseFree, s.censoredBefore, s.outside95, s.outside998]).toEqual([R_AT_DAY.sites[g].n, R_AT_DAY.sites[g].relapseFree, R_AT_DAY.sites[g].censoredBefore, R_AT_DAY.sites[g].outside95, R_AT_DAY.sites[g].outside998]);
    });
    const funnel = screen.getByTestId('sites-at-day-funnel');
    expect([...funnel.querySelectorAll('.funnel-site')].map((c) => c.getAttribute('data-group'))).toEqual(['clinic 1', 'clinic 2']);
    expect([...funnel.querySelectorAll('.funnel-label')].map((t) => t.textContent)).toEqual(['clinic 2']);
    expect(funnel.textContent).toContain('Proportion relapse-free');
    expect(screen.getByTestId('sites-at-day-summary').textContent).toBe(
      'At day 365, 58% of the participants whose status was known were free of relapse. Clinic 2 had a larger share free of relapse than the 95% funnel limits allow for chance. These shares are not adjusted for case mix, and leave out those whose follow-up ended before the day without a relapse.',
    );
    const rows = within(screen.getByTestId('sites-at-day')).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      ['clinic 1', '142', '75', '0.528', '21', 'within'],
      ['clinic 2', '67', '47', '0.701', '8', 'outside 95%'],
    ]);
  }, 120_000);

  test('without a group column it asks for one and runs nothing', () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, { ...ADDICTS_MAPPING, groups: [] }), <SitesView />));
    expect(screen.getByText(/Choose the site column and the case-mix covariates/)).toBeTruthy();
    expect(harness.calls.filter((c) => c.channel === 'analysis:run')).toHaveLength(0);
  });
});
