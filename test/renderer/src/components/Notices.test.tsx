// @vitest-environment jsdom
/**
 * Errors, warnings and the busy note shown beside a result (renderer/src/components/Notices.tsx): an
 * error as one alert with its title, warnings as a status list keeping their codes, nothing at all when
 * there is nothing to say.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Busy, ErrorNote, Warnings } from '../../../../renderer/src/components/Notices';

afterEach(cleanup);

describe('ErrorNote', () => {
  it('is one alert: the title, then the message as given', () => {
    render(<ErrorNote error='column "time" is missing' />);
    expect(screen.getByRole('alert').textContent).toBe('This could not be completed: column "time" is missing');
    cleanup();
    render(<ErrorNote error="no relapses" title="The model was not fitted" />);
    expect(screen.getByRole('alert').textContent).toBe('The model was not fitted: no relapses');
  });
  it('renders nothing without an error', () => {
    const { container } = render(<ErrorNote error={null} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('Warnings', () => {
  it('lists each warning with its code, under "Please note" or the title given', () => {
    const warnings = [
      { code: 'rows-excluded', message: '3 rows without a time were left out.' },
      { code: 'rows-excluded', message: '1 row without a group was left out.' },
      { code: 'ties', message: 'Tied times were handled by Efron’s method.' },
    ];
    render(<Warnings warnings={warnings} />);
    const status = screen.getByRole('status');
    expect(status.querySelector('strong')!.textContent).toBe('Please note');
    expect([...status.querySelectorAll('li')].map((li) => [li.dataset.warning, li.textContent])).toEqual(warnings.map((w) => [w.code, w.message]));
  });
  it('renders nothing for no warnings', () => {
    const { container } = render(<Warnings warnings={[]} />);
    expect(container.innerHTML).toBe('');
    render(<Warnings warnings={undefined} />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('Busy', () => {
  it('says it is calculating, politely, only while busy', () => {
    const { rerender } = render(<Busy busy={true} />);
    expect(screen.getByRole('status').textContent!.trim()).toBe('Calculating…');
    expect(screen.getByRole('status').getAttribute('aria-live')).toBe('polite');
    rerender(<Busy busy={true} label="Fitting the model…" />);
    expect(screen.getByRole('status').textContent!.trim()).toBe('Fitting the model…');
    rerender(<Busy busy={false} />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
