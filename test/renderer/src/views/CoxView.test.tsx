// @vitest-environment jsdom
/**
 * The Cox view on addicts with the real handlers. R survival 3.5-3:
 * coxph(Surv(time, status) ~ factor(clinic) + prison + dose): exp(coef) clinic=2 0.3642569,
 * prison 1.3861844, dose 0.9652489. The sentences under the table (shared/report/sentences.ts) are
 * checked word for word against R's limits and cox.zph p-values in
 * test/shared/report/fixtures/sentences.json (sentences.R there).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { CoxView, coxAdvice, type CoxAdviceInput } from '../../../../renderer/src/views/CoxView';
import { resolve } from 'node:path';
import { tick, ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import R from '../../../shared/report/fixtures/sentences.json';

// Counts the LOWESS smooths the residual plots compute, to see which renders redraw them.
const smooths = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../../presentation/charts/lowess', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../presentation/charts/lowess')>();
  return { ...actual, lowess: (...args: Parameters<typeof actual.lowess>) => (smooths.count++, actual.lowess(...args)) };
});

let harness: Harness;
let veteran: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  veteran = await harness.importCsv(resolve(import.meta.dirname, '../../../fixtures/data/veteran.csv'), 'veteran');
});
const VETERAN_MAPPING: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: [], factors: {} };
const summaryLines = () => [...screen.getByTestId('cox-summary').querySelectorAll('p:not(.muted)')].map((p) => p.textContent);
afterAll(() => harness.close());
afterEach(cleanup);

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
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('clinic: 2 vs 1'), { timeout: 20_000 });
    const table = within(screen.getByTestId('cox-table'));
    const hr = (term: string) => Number(within(table.getByText(term).closest('tr')!).getAllByRole('cell')[3].textContent);
    expect(hr('clinic: 2 vs 1')).toBe(0.364);
    expect(hr('prison')).toBe(1.386);
    expect(hr('dose')).toBe(0.965);
    // Rates, not speeds; a 0/1 column as its two groups; prison's interval (R: 0.9988 to 1.924) includes 1, so no direction.
    expect(summaryLines()).toEqual([
      'Participants with clinic 2 relapsed at a lower rate than those with clinic 1: 0.36 times the rate of relapse (95% CI 0.24–0.56).',
      'These data do not show whether participants with prison 1 relapsed at a higher or lower rate than those with prison 0: 1.39 times the rate of relapse (95% CI 1.00–1.92), an interval that includes 1.',
      'Participants with higher dose relapsed at a lower rate: each unit more went with 0.97 times the rate of relapse (95% CI 0.95–0.98).',
    ]);
    expect(R.coxAddicts.lower[1]).toBeLessThan(1);
    expect(screen.getByTestId('cox-forest').querySelector('svg')).toBeTruthy();
    expect(within(screen.getByTestId('cox-ph')).getByText('GLOBAL')).toBeTruthy();
    expect(within(screen.getByTestId('cox-fit')).getByText('Concordance')).toBeTruthy();
    // cox.zph flags clinic (p < 0.001), categorical, so the view suggests stratifying by it.
    expect(R.coxAddicts.zph.p[0]).toBeLessThan(0.05);
    expect(document.querySelector('[data-warning="ph-violated"]')?.textContent).toMatch(/clinic .*Consider stratifying by it/);
    expect(screen.getByTestId('cox-ph-summary').textContent).toMatch(/^The hazard ratio of clinic seems to change over follow-up .* Consider stratifying by it/);
    // The PH test rejects, so the RMST difference is proposed as the absolute effect, with a way to Compare sites.
    expect(screen.getByTestId('cox-rmst-proposal').textContent).toBe(
      'Since the proportional-hazards check suggests that a hazard ratio changes over follow-up (clinic), one ratio summarises the effect poorly. The difference in restricted mean time free of relapse (RMST) up to a chosen day gives it in absolute terms instead: how many days longer, on average, one group stayed free of relapse than another, without assuming proportional hazards. The Compare sites step gives it for a grouping column. Compare sites',
    );
    const request = harness.calls.filter((c) => c.channel === 'analysis:run').pop()!.args as { options: Record<string, unknown> };
    expect(request.options).toMatchObject({ covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'], ties: 'efron', time: 'outcome.time_days', event: 'outcome.relapse' });
  });
});

describe('CoxView sentences', () => {
  test('a protective factor (coping skills, here from methadone dose) is described in its own direction', async () => {
    const mapping: MappingTemplate = { ...ADDICTS_MAPPING, factors: { coping_skills: [{ column: 'dose', direction: 'protective' }] } };
    render(withWorkspace(workspaceFor(harness, mapping), <CoxView />));
    tick('covariates', 'Coping skills (score)');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('score.coping_skills'), { timeout: 20_000 });
    // The table keeps the score's own ratio (R: 1.680 per SD of -z(dose), more risk); the sentence turns it round.
    const cells = within(within(screen.getByTestId('cox-table')).getByText('score.coping_skills').closest('tr')!).getAllByRole('cell');
    expect(Number(cells[3].textContent)).toBe(Number(R.copingFromDose.hr.toFixed(3)));
    expect(summaryLines()).toEqual([
      "Participants with more coping skills relapsed at a lower rate: one SD more went with 0.60 times the rate of relapse (95% CI 0.50–0.71). The coping skills score counts risk (a higher score means fewer coping skills), so the table's hazard ratio, 1.68, is per SD fewer coping skills.",
    ]);
  });

  test('veteran: a continuous covariate failing the PH test (karno) is not told to stratify; the categorical one (celltype) is', async () => {
    render(withWorkspace(workspaceFor(harness, VETERAN_MAPPING, { dataset: 'veteran', summary: veteran }), <CoxView />));
    tick('covariates', 'celltype');
    tick('covariates', 'karno');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('karno'), { timeout: 20_000 });
    const p = (term: string) => Number(within(within(screen.getByTestId('cox-ph')).getByText(term).closest('tr')!).getAllByRole('cell')[3].textContent);
    expect(p('celltype')).toBe(Number(R.veteranZph.p[0].toFixed(3)));
    expect(screen.getByTestId('cox-ph-summary').textContent).toBe(
      'The hazard ratio of celltype seems to change over follow-up (p < 0.05 in the proportional-hazards test). Consider stratifying by it (a separate baseline rate of relapse for each level), or read the hazard ratio as an average over follow-up. ' +
        'The hazard ratio of karno seems to change over follow-up (p < 0.05 in the proportional-hazards test). Read it as an average over follow-up; since it is continuous, stratifying is not suited: describe the change with a time-varying effect (the coefficient multiplied by a function of time), or compare restricted mean times free of relapse (RMST) instead.',
    );
    expect(document.querySelector('[data-warning="ph-violated"]')?.textContent).toContain('Consider stratifying by it (a separate baseline');
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
  const base: CoxAdviceInput = {
    n: 40,
    events: 12,
    coefficients: [
      { term: 'a', coef: 0.1, se: 0.1, z: 1, p: 0.3, hr: 1.1, hrLower: 0.9, hrUpper: 1.3 },
      { term: 'b', coef: 0.2, se: 0.1, z: 2, p: 0.05, hr: 1.2, hrLower: 1, hrUpper: 1.5 },
    ],
    ph: { terms: [{ term: 'a', chisq: 1, df: 1, p: 0.3 }, { term: 'b', chisq: 5, df: 1, p: 0.02 }], global: { chisq: 6, df: 2, p: 0.05 } },
    confLevel: 0.95,
    converged: false,
  };
  test('few events per coefficient, non-convergence and a PH violation each give advice', () => {
    const codes = coxAdvice(base).map((w) => w.code);
    expect(codes).toEqual(['events-per-variable', 'not-converged', 'ph-violated']);
    expect(coxAdvice(base)[0].message).toContain('Only 6.0 relapses per estimated coefficient');
    // b is continuous unless the model treats it as categorical: only then is stratifying suggested.
    expect(coxAdvice(base)[2].message).toMatch(/^The hazard ratio of b seems to change over follow-up .* since it is continuous, stratifying is not suited/);
    expect(coxAdvice(base)[2].message).not.toMatch(/Consider stratifying/);
    expect(coxAdvice(base, ['b'])[2].message).toMatch(/Consider stratifying by it/);
    expect(coxAdvice(base, [], [{ name: 'b', type: 'integer', min: 0, max: 1 }])[2].message).toMatch(/Consider stratifying by it/);
  });
  test('no advice for a well-fitting model', () => {
    expect(coxAdvice({ ...base, events: 100, converged: true, ph: { ...base.ph, terms: base.ph.terms.map((t) => ({ ...t, p: 0.5 })) } })).toEqual([]);
  });
});
