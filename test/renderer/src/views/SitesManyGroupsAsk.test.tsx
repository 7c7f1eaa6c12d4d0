// @vitest-environment jsdom
/**
 * Compare sites with a site column of more than 20 groups asks before it runs (issue 15 item 6): R's
 * veteran mapped with age as its group column (40 groups, R: length(unique(veteran$age))) sends no
 * analysis until "Run anyway"; karno's 12 groups run at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SitesView } from '../../../../renderer/src/views/SitesView';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const LONG = { timeout: 20_000 };
const mappingBy = (group: string): MappingTemplate => ({ format: 'relapse-workbench-mapping', version: 1, outcome: { time: 'time', event: 'status', eventValues: ['1'] }, groups: [group], factors: {} });
let harness: Harness;
let veteran: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  veteran = await harness.importCsv(resolve(import.meta.dirname, '../../../fixtures/data/veteran.csv'), 'veteran');
});
afterAll(() => harness.close());
afterEach(cleanup);

const runs = () => harness.calls.filter((c) => c.channel === 'analysis:run').map((c) => c.args as { analysis: string; options: Record<string, unknown> });

describe('Compare sites with many groups', () => {
  test('age (40 groups) asks first and runs nothing until Run anyway', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, mappingBy('age'), { dataset: 'veteran', summary: veteran }), <SitesView />));
    const ask = await screen.findByTestId('many-groups', {}, LONG);
    expect(ask.textContent).toMatch(/^This grouping has 40 groups: .* Run anyway\?/);
    expect(runs()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Run anyway' }));
    await waitFor(() => expect(runs().map((r) => r.analysis)).toEqual(['km', 'rmst']), LONG);
    expect(runs().every((r) => r.options.group === 'age')).toBe(true);
    expect(screen.queryByTestId('many-groups')).toBeNull();
  });

  test('karno (12 groups) runs at once', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, mappingBy('karno'), { dataset: 'veteran', summary: veteran }), <SitesView />));
    await waitFor(() => expect(runs().map((r) => r.analysis)).toContain('km'), LONG);
    expect(screen.queryByTestId('many-groups')).toBeNull();
  });
});
