// @vitest-environment jsdom
/**
 * Issue 15 item 4, the other steps with options: inside the app's RememberedOptions, the Compare sites
 * and Recurrent relapses steps left and opened again have their form and their results back, without
 * running an analysis again. (SitesView.test.tsx and RecurrentView.test.tsx check their numbers against R.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SitesView } from '../../../../renderer/src/views/SitesView';
import { RecurrentView } from '../../../../renderer/src/views/RecurrentView';
import { createOptionsMemory, RememberedOptions, type OptionsMemory } from '../../../../renderer/src/views/remembered-options';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const LONG = { timeout: 60_000 };
const CGD_MAPPING: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'tstop', intervalStart: 'tstart', event: 'status', eventValues: ['1'] }, groups: ['treat'], factors: {} };
let harness: Harness;
let cgd: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  cgd = await harness.importCsv(resolve(import.meta.dirname, '../../../fixtures/data/cgd.csv'), 'cgd');
});
afterAll(() => harness.close());
afterEach(cleanup);

const runs = () => harness.calls.filter((c) => c.channel === 'analysis:run').length;
const lastOptions = (analysis: string) => (harness.calls.filter((c) => c.channel === 'analysis:run' && (c.args as { analysis: string }).analysis === analysis).pop()!.args as { options: Record<string, unknown> }).options;
const field = (name: string) => document.querySelector(`[data-option="${name}"]`) as HTMLElement;

describe('remembered options of Compare sites and Recurrent relapses', () => {
  test('Compare sites: the restricted-mean horizon and the case mix come back with the results, no new run', async () => {
    const memory: OptionsMemory = createOptionsMemory();
    const inApp = (view: ReactNode) => <RememberedOptions memory={memory}>{withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), view)}</RememberedOptions>;
    const first = render(inApp(<SitesView />));
    fireEvent.click(field('covariates').querySelector('input[value="score.environmental_triggers"]')!);
    fireEvent.change(field('tau').querySelector('input')!, { target: { value: '500' } });
    await waitFor(() => expect(lastOptions('rmst').tau).toBe(500), LONG);
    await waitFor(() => screen.getByTestId('sites-rmst'), LONG);
    await waitFor(() => expect(screen.queryByText('Calculating…')).toBeNull(), LONG);
    expect(lastOptions('sites').covariates).toEqual(['score.physical_dependence']);
    first.unmount();
    const before = runs();
    render(inApp(<SitesView />));
    expect((field('covariates').querySelector('input[value="score.environmental_triggers"]')! as HTMLInputElement).checked).toBe(false);
    expect((field('tau').querySelector('input') as HTMLInputElement).value).toBe('500');
    expect(screen.getByTestId('sites-rmst')).toBeTruthy();
    expect(screen.getByTestId('sites-table')).toBeTruthy();
    expect(runs()).toBe(before);
  }, 120_000);

  test('Recurrent relapses: the model chosen comes back with its result, no new run', async () => {
    const memory: OptionsMemory = createOptionsMemory();
    const inApp = (view: ReactNode) => <RememberedOptions memory={memory}>{withWorkspace(workspaceFor(harness, CGD_MAPPING, { dataset: 'cgd', summary: cgd }), view)}</RememberedOptions>;
    const first = render(inApp(<RecurrentView />));
    await waitFor(() => screen.getByTestId('recurrent-table'), LONG);
    fireEvent.click(screen.getByRole('radio', { name: /PWP, gap time/ }));
    await waitFor(() => expect(lastOptions('recurrent').model).toBe('pwp-gap'), LONG);
    await waitFor(() => expect(screen.getByTestId('recurrent-table').textContent).toMatch(/PWP, gap time/), LONG);
    first.unmount();
    const before = runs();
    render(inApp(<RecurrentView />));
    expect((screen.getByRole('radio', { name: /PWP, gap time/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('recurrent-table').textContent).toMatch(/PWP, gap time/);
    expect(runs()).toBe(before);
  }, 120_000);
});
