// @vitest-environment jsdom
/**
 * The many-groups question (ManyGroupsAsk): the count with thousands separators, what running would show,
 * and Run anyway calling back once. The steps' own tests (SurvivalManyGroupsAsk, SitesManyGroupsAsk) show
 * it on R's veteran by age (40 groups) with the real handlers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ManyGroupsAsk } from '../../../../renderer/src/components/ManyGroupsAsk';

afterEach(cleanup);

describe('ManyGroupsAsk', () => {
  it('says how many groups and what running would show, and Run anyway answers once', () => {
    const run = vi.fn();
    render(<ManyGroupsAsk groupCount={1250} consequence="curves and tests by ward would show 1,250 of them" onRunAnyway={run} />);
    const note = screen.getByTestId('many-groups');
    expect(note.getAttribute('role')).toBe('status');
    expect(note.textContent).toBe('This grouping has 1,250 groups: curves and tests by ward would show 1,250 of them, most with few participants. Run anyway? Run anyway');
    fireEvent.click(screen.getByRole('button', { name: 'Run anyway' }));
    expect(run).toHaveBeenCalledTimes(1);
  });
});
