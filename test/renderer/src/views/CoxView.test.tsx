// @vitest-environment jsdom
/**
 * The Cox view on addicts with the real handlers. R survival 3.5-3:
 * coxph(Surv(time, status) ~ factor(clinic) + prison + dose): exp(coef) clinic=2 0.3642569,
 * prison 1.3861844, dose 0.9652489.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CoxView, coxAdvice } from '../../../../renderer/src/views/CoxView';
import type { CoxResultInfo } from '../../../../renderer/src/views/types';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

// Counts the LOWESS smooths the residual plots compute, to see which renders redraw them.
const smooths = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../../renderer/src/charts/lowess', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../renderer/src/charts/lowess')>();
  return { ...actual, lowess: (...args: Parameters<typeof actual.lowess>) => (smooths.count++, actual.lowess(...args)) };
});

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

function tick(group: string, label: string) {
  const field = document.querySelector(`[data-option="${group}"]`) as HTMLElement;
  fireEvent.click(within(field).getByLabelText(label));
}

describe('CoxView', () => {
  test('asks for covariates first; outcome and id columns are not offered', () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    expect(screen.getByText(/Choose one or more covariates/)).toBeTruthy();
    const covariates = document.querySelector('[data-option="covariates"]') as HTMLElement;
    const offered = within(covariates).getAllByRole('checkbox').map((c) => (c as HTMLInputElement).value);
    expect(offered).toEqual(['clinic', 'prison', 'dose', 'score.physical_dependence', 'score.environmental_triggers']);
  });

  test('hazard ratios, forest plot, PH test, concordance, sentences and the PH warning', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    tick('covariates', 'clinic');
    tick('covariates', 'prison');
    tick('covariates', 'dose');
    tick('categorical', 'clinic');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('clinic=2'), { timeout: 20_000 });
    const table = within(screen.getByTestId('cox-table'));
    const hr = (term: string) => Number(within(table.getByText(term).closest('tr')!).getAllByRole('cell')[3].textContent);
    expect(hr('clinic=2')).toBe(0.364);
    expect(hr('prison')).toBe(1.386);
    expect(hr('dose')).toBe(0.965);
    expect(screen.getByText('Participants with clinic 2 relapsed 0.36 times as fast as those with clinic 1, that is, more slowly (95% CI 0.24–0.56).')).toBeTruthy();
    expect(screen.getByTestId('cox-forest').querySelector('svg')).toBeTruthy();
    expect(within(screen.getByTestId('cox-ph')).getByText('GLOBAL')).toBeTruthy();
    expect(within(screen.getByTestId('cox-fit')).getByText('Concordance')).toBeTruthy();
    // cox.zph flags clinic (p < 0.001), so the view suggests stratifying by it.
    expect(document.querySelector('[data-warning="ph-violated"]')?.textContent).toMatch(/clinic .*stratifying/);
    const request = harness.calls.filter((c) => c.channel === 'analysis:run').pop()!.args as { options: Record<string, unknown> };
    expect(request.options).toMatchObject({ covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'], ties: 'efron', time: 'outcome.time_days', event: 'outcome.relapse' });
  });
});

describe('CoxView residual plots', () => {
  test('one per PH term, drawn once per result: a change of the form does not redraw the old ones', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    tick('covariates', 'prison');
    tick('covariates', 'dose');
    await waitFor(() => expect(document.querySelectorAll('[data-chart="schoenfeld"]')).toHaveLength(2), { timeout: 20_000 });
    const titles = [...document.querySelectorAll('[data-chart="schoenfeld"]')].map((svg) => svg.querySelector('title')?.textContent);
    expect(titles).toEqual(['Proportional hazards check: prison', 'Proportional hazards check: dose']);
    const drawn = smooths.count;
    // A new model is requested: while it is computed the old plots stay, not recomputed.
    tick('covariates', 'clinic');
    expect(screen.getByRole('status').textContent).toContain('Calculating');
    expect(smooths.count).toBe(drawn);
    expect(document.querySelectorAll('[data-chart="schoenfeld"]')).toHaveLength(2);
    await waitFor(() => expect(document.querySelectorAll('[data-chart="schoenfeld"]')).toHaveLength(3), { timeout: 20_000 });
    expect(smooths.count).toBe(drawn + 3);
  });
});

describe('coxAdvice', () => {
  const base: CoxResultInfo = {
    n: 40,
    events: 12,
    coefficients: [
      { term: 'a', coef: 0.1, se: 0.1, z: 1, p: 0.3, hr: 1.1, hrLower: 0.9, hrUpper: 1.3 },
      { term: 'b', coef: 0.2, se: 0.1, z: 2, p: 0.05, hr: 1.2, hrLower: 1, hrUpper: 1.5 },
    ],
    tests: { likelihoodRatio: { statistic: 1, df: 2, p: 0.6 }, wald: { statistic: 1, df: 2, p: 0.6 }, score: { statistic: 1, df: 2, p: 0.6 } },
    concordance: { estimate: 0.6, stdErr: 0.05 },
    ph: { terms: [{ term: 'a', chisq: 1, df: 1, p: 0.3 }, { term: 'b', chisq: 5, df: 1, p: 0.02 }], global: { chisq: 6, df: 2, p: 0.05 } },
    confLevel: 0.95,
    ties: 'efron',
    converged: false,
    warnings: [],
  };
  test('few events per coefficient, non-convergence and a PH violation each give advice', () => {
    const codes = coxAdvice(base).map((w) => w.code);
    expect(codes).toEqual(['events-per-variable', 'not-converged', 'ph-violated']);
    expect(coxAdvice(base)[0].message).toContain('Only 6.0 relapses per estimated coefficient');
    expect(coxAdvice(base)[2].message).toContain('effect of b');
  });
  test('no advice for a well-fitting model', () => {
    expect(coxAdvice({ ...base, events: 100, converged: true, ph: { ...base.ph, terms: base.ph.terms.map((t) => ({ ...t, p: 0.5 })) } })).toEqual([]);
  });
});
