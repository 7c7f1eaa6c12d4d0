// @vitest-environment jsdom
/**
 * A grouping with more than 20 groups asks before it runs (issue 15 item 6): on R's veteran, age makes
 * 40 groups (R: length(unique(veteran$age)) is 40), so choosing it runs nothing (no km, logrank or
 * cuminc request; the last curves stay) until "Run anyway"; karno's 12 groups run at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SurvivalView } from '../../../../renderer/src/views/SurvivalView';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const LONG = { timeout: 20_000 };
const VETERAN_MAPPING: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: [], factors: {} };
let harness: Harness;
let veteran: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  veteran = await harness.importCsv(resolve(import.meta.dirname, '../../../fixtures/data/veteran.csv'), 'veteran');
});
afterAll(() => harness.close());
afterEach(cleanup);

const runs = () => harness.calls.filter((c) => c.channel === 'analysis:run').map((c) => c.args as { analysis: string; options: Record<string, unknown> });

describe('a grouping with many groups', () => {
  test('age (40 groups) asks first and runs nothing until Run anyway; karno (12) runs at once', async () => {
    render(withWorkspace(workspaceFor(harness, VETERAN_MAPPING, { dataset: 'veteran', summary: veteran }), <SurvivalView />));
    await waitFor(() => screen.getByTestId('survival-medians'), LONG);
    await waitFor(() => expect(screen.queryByText('Calculating…')).toBeNull(), LONG);
    harness.calls.length = 0;
    fireEvent.change(screen.getByLabelText('Compare groups'), { target: { value: 'age' } });
    const ask = await screen.findByTestId('many-groups', {}, LONG);
    expect(ask.textContent).toMatch(/^This grouping has 40 groups: .* Run anyway\?/);
    expect(runs()).toEqual([]);
    // The whole-cohort curves stay on screen meanwhile.
    expect(screen.getByTestId('survival-medians')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run anyway' }));
    await waitFor(() => expect(runs().map((r) => r.analysis)).toContain('km'), LONG);
    expect(runs().every((r) => r.options.group === 'age')).toBe(true);
    expect(screen.queryByTestId('many-groups')).toBeNull();
    await waitFor(() => expect(screen.queryByText('Calculating…')).toBeNull(), LONG);
    harness.calls.length = 0;
    fireEvent.change(screen.getByLabelText('Compare groups'), { target: { value: 'karno' } });
    await waitFor(() => expect(runs().map((r) => r.analysis)).toContain('logrank'), LONG);
    expect(screen.queryByTestId('many-groups')).toBeNull();
  });
});
