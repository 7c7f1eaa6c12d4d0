// @vitest-environment jsdom
/**
 * Issue 15 item 4 (first half) and item 7, with the real handlers on addicts: inside the app's
 * RememberedOptions, a step left and opened again has its form and its result back (no new analysis run);
 * while a new result computes the old one stays, marked out of date, labelled by the options that
 * produced it; and the Report step sends the Cox model, correlation and survival set up in their steps.
 * The numbers are the view's own (CoxView.test.tsx checks them against R: coxph(Surv(time, status) ~
 * factor(clinic) + prison + dose), exp(coef) clinic=2 0.3642569, prison 1.3861844).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CoxView } from '../../../../renderer/src/views/CoxView';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import { ReportView } from '../../../../renderer/src/views/ReportView';
import { createOptionsMemory, recallForm, rememberForm, RememberedOptions, type OptionsMemory } from '../../../../renderer/src/views/remembered-options';
import { sectionsForGroups, userAnalysesFor } from '../../../../renderer/src/views/report-analyses';
import { defaultFormValues } from '../../../../renderer/src/components/AnalysisForm';
import { findAnalysis } from '../../../../shared/analyses/registry';
import { tick, ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import type { ReactNode } from 'react';

const LONG = { timeout: 30_000 };
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

const inApp = (memory: OptionsMemory, view: ReactNode) => <RememberedOptions memory={memory}>{withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), view)}</RememberedOptions>;
const runs = (analysis: string) => harness.calls.filter((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === analysis).length;

const checked = (group: string, label: string) => (within(document.querySelector(`[data-option="${group}"]`) as HTMLElement).getByLabelText(label) as HTMLInputElement).checked;

describe('remembered options', () => {
  test('leaving the Cox step and coming back restores the form and the result, without computing again', async () => {
    const memory = createOptionsMemory();
    const first = render(inApp(memory, <CoxView />));
    tick('covariates', 'clinic');
    tick('covariates', 'prison');
    tick('categorical', 'clinic');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('clinic: 2 vs 1'), LONG);
    await waitFor(() => expect(screen.getByTestId('cox-result').getAttribute('data-out-of-date')).toBe('false'), LONG);
    first.unmount();
    const before = runs('cox');
    render(inApp(memory, <CoxView />));
    expect(checked('covariates', 'clinic')).toBe(true);
    expect(checked('covariates', 'prison')).toBe(true);
    expect(checked('categorical', 'clinic')).toBe(true);
    expect(checked('covariates', 'dose')).toBe(false);
    // The result is there at once, from memory.
    expect(within(screen.getByTestId('cox-table')).getByText('clinic: 2 vs 1')).toBeTruthy();
    expect(runs('cox')).toBe(before);
  }, 60_000);

  test('a step only opened, its defaults untouched, is not remembered as set up', async () => {
    const memory = createOptionsMemory();
    render(inApp(memory, <SurvivalView />));
    await waitFor(() => expect(screen.getByTestId('survival-km-result').getAttribute('data-out-of-date')).toBe('false'), LONG);
    const scope = { project: harness.project, dataset: 'addicts', mapping: ADDICTS_MAPPING };
    expect(recallForm(memory, 'survival', scope)).toBeUndefined();
    expect(userAnalysesFor(memory, scope).survival).toBeUndefined();
    fireEvent.change(document.querySelector('[data-option="group"] select') as HTMLSelectElement, { target: { value: 'prison' } });
    expect(userAnalysesFor(memory, scope).survival).toMatchObject({ groups: ['prison'], confType: 'log' });
  }, 60_000);

  test('without the app (no RememberedOptions) a view starts afresh', () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <CoxView />));
    expect(screen.getByText(/Choose one or more covariates/)).toBeTruthy();
  });

  test('while a new Cox model computes, the old result stays, marked out of date, with its own labels', async () => {
    render(inApp(createOptionsMemory(), <CoxView />));
    tick('covariates', 'clinic');
    tick('categorical', 'clinic');
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('clinic: 2 vs 1'), LONG);
    await waitFor(() => expect(screen.getByTestId('cox-result').getAttribute('data-out-of-date')).toBe('false'), LONG);
    const sentence = screen.getByTestId('cox-summary').querySelector('p')!.textContent;
    tick('categorical', 'clinic'); // clinic as a number now: the old result (clinic as categories) stays meanwhile
    const old = screen.getByTestId('cox-result');
    expect(old.getAttribute('data-out-of-date')).toBe('true');
    expect(old.classList.contains('out-of-date')).toBe(true);
    expect(old.getAttribute('aria-busy')).toBe('true');
    expect(old.textContent).toContain('Out of date');
    // The old sentence still reads clinic as two groups (its own options), not per unit of clinic.
    expect(screen.getByTestId('cox-summary').querySelector('p')!.textContent).toBe(sentence);
    await waitFor(() => within(screen.getByTestId('cox-table')).getByText('clinic'), LONG);
    expect(screen.getByTestId('cox-result').getAttribute('data-out-of-date')).toBe('false');
    expect(screen.queryByText(/Out of date/)).toBeNull();
  }, 60_000);

  test('the survival curves on screen keep the name of the column they were computed for while a new one computes', async () => {
    render(inApp(createOptionsMemory(), <SurvivalView />));
    await waitFor(() => expect(screen.getByTestId('survival-km-result').getAttribute('data-out-of-date')).toBe('false'), LONG);
    const groupSelect = document.querySelector('[data-option="group"] select') as HTMLSelectElement;
    const before = screen.getByTestId('survival-km-result').textContent!;
    expect(before).toContain('clinic');
    fireEvent.change(groupSelect, { target: { value: 'prison' } });
    const old = screen.getByTestId('survival-km-result');
    expect(old.getAttribute('data-out-of-date')).toBe('true');
    expect(old.textContent).not.toMatch(/prison \d/);
    await waitFor(() => expect(screen.getByTestId('survival-km-result').getAttribute('data-out-of-date')).toBe('false'), LONG);
    expect(screen.getByTestId('survival-km-result').textContent).toMatch(/prison/);
  }, 60_000);
});

describe('the report uses the analyses as the user set them up', () => {
  const scope = () => ({ project: harness.project, dataset: 'addicts', mapping: ADDICTS_MAPPING });
  const coxForm = () => ({ ...defaultFormValues(findAnalysis('cox')!.options), covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'], reference: 'clinic=2', strata: '', ties: 'breslow' });

  test('userAnalysesFor reads the remembered forms through the declarations; sections follow the user’s groups', () => {
    const memory = createOptionsMemory();
    expect(userAnalysesFor(memory, scope())).toEqual({ left: [] });
    rememberForm(memory, 'cox', scope(), coxForm());
    expect(recallForm(memory, 'cox', scope())).toEqual(coxForm());
    expect(userAnalysesFor(memory, scope()).cox).toEqual({ covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'], reference: 'clinic=2', ties: 'breslow', confLevel: 0.95 });
    expect(sectionsForGroups(['overview', 'group:clinic', 'factors', 'methods'], ['prison'])).toEqual(['overview', 'group:prison', 'factors', 'methods']);
    expect(sectionsForGroups(['overview', 'group:clinic', 'factors'], [])).toEqual(['overview', 'factors']);
  });

  test("the user's Cox covariates reach the report request, and the report says the model is user-built", async () => {
    const memory = createOptionsMemory();
    rememberForm(memory, 'cox', scope(), coxForm());
    harness.calls.length = 0;
    render(inApp(memory, <ReportView />));
    const frame = (await waitFor(() => screen.getByTestId('report-preview'), LONG)) as HTMLIFrameElement;
    expect((screen.getByLabelText('Use the analyses as I set them up') as HTMLInputElement).checked).toBe(true);
    const call = harness.calls.find((c) => c.channel === 'report:html') as { args: { cox?: unknown } };
    expect(call.args.cox).toEqual({ covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'], reference: 'clinic=2', ties: 'breslow', confLevel: 0.95 });
    const html = frame.getAttribute('srcdoc')!;
    expect(html).toContain('User-built analyses: the Cox model');
    expect(html).toContain('clinic: 1 vs 2');
    // Turned off: the report's default model of the factor scores.
    fireEvent.click(screen.getByLabelText('Use the analyses as I set them up'));
    fireEvent.click(screen.getByText('Update the preview'));
    await waitFor(() => expect(harness.calls.filter((c) => c.channel === 'report:html' && (c as { reply?: unknown }).reply)).toHaveLength(2), LONG);
    const second = harness.calls.filter((c) => c.channel === 'report:html')[1] as { args: { cox?: unknown } };
    expect(second.args.cox).toBeUndefined();
  }, 90_000);
});
