// @vitest-environment jsdom
/**
 * The Mapping step's follow-up unit (issue 15 item 2: 'follow-up can be entered in days, weeks, months or
 * years'): the unit menu beside the time column, the field's label following it, and the unit in the
 * mapping that is used (the analyses convert it to days: shared/mapping/units.ts, tested against R there).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MappingView } from '../../../../renderer/src/views/MappingView';
import type { MappingTemplate } from '../../../../renderer/src/views/types';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

describe('MappingView follow-up unit', () => {
  test('days by default; weeks chosen: the label follows, validation and the mapping used carry the unit', async () => {
    const confirmed: MappingTemplate[] = [];
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING, { setMapping: (m) => m && confirmed.push(m) }), <MappingView />));
    const unit = screen.getByLabelText('Follow-up is counted in') as HTMLSelectElement;
    expect(unit.value).toBe('days');
    expect([...unit.options].map((o) => o.value)).toEqual(['days', 'weeks', 'months', 'years']);
    expect(screen.getByLabelText('Days followed')).toBeTruthy();
    fireEvent.change(unit, { target: { value: 'weeks' } });
    expect((screen.getByLabelText('Weeks followed') as HTMLSelectElement).value).toBe('time');
    const confirm = screen.getByTestId('confirm-mapping') as HTMLButtonElement;
    await waitFor(() => expect(harness.calls.some((c) => c.channel === 'mapping:validate' && (c.args as { mapping: MappingTemplate }).mapping.outcome.unit === 'weeks')).toBe(true), { timeout: 20_000 });
    await waitFor(() => expect(confirm.disabled).toBe(false), { timeout: 20_000 });
    fireEvent.click(confirm);
    await waitFor(() => expect(confirmed).toHaveLength(1));
    expect(confirmed[0].outcome).toMatchObject({ time: 'time', unit: 'weeks' });
    // back to days: no unit in the template (as before units existed)
    fireEvent.change(unit, { target: { value: 'days' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(confirmed).toHaveLength(2));
    expect('unit' in confirmed[1].outcome).toBe(false);
  });

  test('the dates mode has no unit (dates are counted in days)', () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <MappingView />));
    fireEvent.click(screen.getByRole('radio', { name: 'start and end dates' }));
    expect(screen.queryByLabelText('Follow-up is counted in')).toBeNull();
  });
});
