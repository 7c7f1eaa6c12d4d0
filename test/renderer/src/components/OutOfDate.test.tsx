// @vitest-environment jsdom
/**
 * A result kept on screen while a new one computes (renderer/src/components/OutOfDate.tsx): marked by
 * the badge, the out-of-date class and aria-busy while out of date; the result itself always shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { OutOfDate } from '../../../../renderer/src/components/OutOfDate';

afterEach(cleanup);

describe('OutOfDate', () => {
  it('marks an out-of-date result and keeps it on screen', () => {
    render(
      <OutOfDate outOfDate={true} testId="cox-result">
        <table aria-label="Hazard ratios" />
      </OutOfDate>,
    );
    const body = screen.getByTestId('cox-result');
    expect(body.className).toBe('result-body out-of-date');
    expect(body.getAttribute('aria-busy')).toBe('true');
    expect(body.dataset.outOfDate).toBe('true');
    expect(body.querySelector('.out-of-date-badge')!.textContent).toBe('Out of date: these results are for the previous options; the new ones are being computed.');
    expect(screen.getByRole('table', { name: 'Hazard ratios' })).toBeTruthy();
  });

  it('an up-to-date result has no badge and is not busy', () => {
    render(
      <OutOfDate outOfDate={false} testId="cox-result">
        <table aria-label="Hazard ratios" />
      </OutOfDate>,
    );
    const body = screen.getByTestId('cox-result');
    expect(body.className).toBe('result-body');
    expect(body.hasAttribute('aria-busy')).toBe(false);
    expect(body.dataset.outOfDate).toBe('false');
    expect(body.querySelector('.out-of-date-badge')).toBeNull();
    expect(screen.getByRole('table', { name: 'Hazard ratios' })).toBeTruthy();
  });
});
