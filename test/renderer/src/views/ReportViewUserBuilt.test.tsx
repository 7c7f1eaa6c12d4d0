// @vitest-environment jsdom
/**
 * Issue 15 item 7, the two set-ups the Report step used to leave to its defaults, with the real handlers on
 * addicts: a Cox model with a robust variance (Robust variance by: id, R's coxph(…, cluster = id)) and the
 * survival curves split at the median of a factor score (dose as the physical-dependence factor) reach the
 * report request as set up, the note that the report keeps its default is gone, and the report built by main
 * shows the robust SE beside the model SE and the section of the split. A model on (start, stop] intervals
 * is still left to the default, with its note. The numbers of these sections are checked against R in
 * test/node/report/build-report-user-built.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { ReportView } from '../../../../renderer/src/views/ReportView';
import { createOptionsMemory, rememberForm, RememberedOptions, type OptionsMemory } from '../../../../renderer/src/views/remembered-options';
import { userAnalysesFor } from '../../../../renderer/src/views/report-analyses';
import { defaultFormValues } from '../../../../renderer/src/components/AnalysisForm';
import { findAnalysis } from '../../../../shared/analyses/registry';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import type { ReactNode } from 'react';

const LONG = { timeout: 30_000 };
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

const scope = () => ({ project: harness.project, dataset: 'addicts', mapping: ADDICTS_MAPPING });
const inApp = (memory: OptionsMemory, view: ReactNode) => <RememberedOptions memory={memory}>{withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), view)}</RememberedOptions>;
const coxForm = (extra: Record<string, unknown>) => ({ ...defaultFormValues(findAnalysis('cox')!.options), covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'], ...extra });
const survivalForm = () => ({ ...defaultFormValues(findAnalysis('km')!.options), times: '90, 365', group: 'median.physical_dependence' });

describe('the Report step carries a clustered Cox model and a median split', () => {
  test('userAnalysesFor keeps the cluster, the weights and the split; a model on intervals is still left, with its reason', () => {
    const memory = createOptionsMemory();
    rememberForm(memory, 'cox', scope(), coxForm({ cluster: 'id' }));
    rememberForm(memory, 'survival', scope(), survivalForm());
    const built = userAnalysesFor(memory, scope());
    expect(built.left).toEqual([]);
    expect(built.cox).toEqual({ covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'], cluster: 'id', ties: 'efron', confLevel: 0.95 });
    expect(built.survival).toEqual({ groups: ['median.physical_dependence'], confType: 'log', confLevel: 0.95, times: [90, 365] });
    rememberForm(memory, 'cox', scope(), coxForm({ weights: 'dose' }));
    expect(userAnalysesFor(memory, scope()).cox).toMatchObject({ weights: 'dose' });
    rememberForm(memory, 'cox', scope(), coxForm({ cluster: 'clinic', weights: 'dose' }));
    expect(userAnalysesFor(memory, scope()).left).toEqual(['the Cox model (case weights and a robust variance by a column cannot be combined)']);
    rememberForm(memory, 'cox', scope(), coxForm({ start: 'prison' }));
    const intervals = userAnalysesFor(memory, scope());
    expect(intervals.cox).toBeUndefined();
    expect(intervals.left).toEqual(['the Cox model (on (start, stop] intervals: the report fits one row per participant)']);
  });

  test('they reach the report request, the note is gone, and the report shows the robust SE and the split section', async () => {
    const memory = createOptionsMemory();
    rememberForm(memory, 'cox', scope(), coxForm({ cluster: 'id' }));
    rememberForm(memory, 'survival', scope(), survivalForm());
    harness.calls.length = 0;
    render(inApp(memory, <ReportView />));
    const frame = (await waitFor(() => screen.getByTestId('report-preview'), LONG)) as HTMLIFrameElement;
    expect((screen.getByLabelText('Use the analyses as I set them up') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('report-user-built').textContent).not.toContain('keeps its default');
    const call = harness.calls.find((c) => c.channel === 'report:html') as { args: { cox?: unknown; survival?: unknown; sections: string[] }; reply: { ok: boolean } };
    expect(call.reply.ok).toBe(true);
    expect(call.args.cox).toEqual({ covariates: ['clinic', 'prison', 'dose'], categorical: ['clinic'], cluster: 'id', ties: 'efron', confLevel: 0.95 });
    expect(call.args.survival).toEqual({ groups: ['median.physical_dependence'], confType: 'log', confLevel: 0.95, times: [90, 365] });
    expect(call.args.sections.filter((s) => s.startsWith('group:'))).toEqual(['group:median.physical_dependence']);
    const doc = new DOMParser().parseFromString(frame.getAttribute('srcdoc')!, 'text/html');
    const coxHeaders = [...doc.querySelectorAll('#table-cox thead th')].map((th) => th.textContent);
    expect(coxHeaders).toEqual(['Term', 'Hazard ratio', '95% CI', 'SE', 'Robust SE', 'z', 'p', 'PH test p']);
    expect(doc.body.textContent).toContain('robust (sandwich) variance by id');
    expect(doc.body.textContent).toContain('Relapse by physical dependence (median split)');
    const splitRows = [...doc.getElementById('table-km-median.physical_dependence')!.querySelectorAll('tbody tr')].map((tr) => tr.children[0].textContent);
    expect(splitRows).toEqual(['below median', 'median or above']);
    expect(doc.body.textContent).toContain('User-built analyses: the survival curves and group comparisons and the Cox model');
  }, 90_000);
});
