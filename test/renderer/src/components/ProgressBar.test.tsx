// @vitest-environment jsdom
/**
 * The progress of a long job (renderer/src/components/ProgressBar.tsx): the percentage, rounded and
 * kept within 0..100, with the job's message; an unknown fraction as an indeterminate bar with the
 * message or 'Working…'; the Cancel button only when the job can be cancelled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ProgressBar } from '../../../../renderer/src/components/ProgressBar';

afterEach(cleanup);

const bar = () => screen.getByRole('progressbar', { name: 'Importing addicts.csv' }) as HTMLProgressElement;
const text = () => screen.getByRole('group', { name: 'Importing addicts.csv' }).querySelector('.progress-text')!.textContent;

describe('ProgressBar', () => {
  it('shows the fraction as a rounded percentage with the message', () => {
    render(<ProgressBar label="Importing addicts.csv" fraction={0.4567} message="12,000 rows read" />);
    expect(bar().value).toBe(46);
    expect(bar().max).toBe(100);
    expect(text()).toBe('46% · 12,000 rows read');
  });

  it('keeps a fraction outside 0..1 within 0%..100%', () => {
    const { rerender } = render(<ProgressBar label="Importing addicts.csv" fraction={1.7} />);
    expect(text()).toBe('100%');
    rerender(<ProgressBar label="Importing addicts.csv" fraction={-0.2} />);
    expect(text()).toBe('0%');
  });

  it('an unknown fraction is indeterminate, with the message or "Working…"', () => {
    const { rerender } = render(<ProgressBar label="Importing addicts.csv" fraction={null} message="Checking the file" />);
    expect(bar().hasAttribute('value')).toBe(false);
    expect(text()).toBe('Checking the file');
    rerender(<ProgressBar label="Importing addicts.csv" fraction={null} />);
    expect(text()).toBe('Working…');
  });

  it('offers Cancel only when the job can be cancelled, and calls it', () => {
    const { rerender } = render(<ProgressBar label="Importing addicts.csv" fraction={0.1} />);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    let cancelled = 0;
    rerender(<ProgressBar label="Importing addicts.csv" fraction={0.1} onCancel={() => cancelled++} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(cancelled).toBe(1);
  });
});
