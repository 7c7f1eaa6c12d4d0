// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ForestPlot } from '../../../presentation/charts/ForestPlot';
import { addictsCoxHazardRatios } from './chart-data';

afterEach(cleanup);

describe('ForestPlot on the addicts Cox model (R hazard ratios)', () => {
  test('a row per term on a log axis with the reference line at 1', () => {
    const { container } = render(<ForestPlot width={760} height={320} rows={addictsCoxHazardRatios} title="Leaving treatment" />);
    const rows = container.querySelectorAll('.forest-row');
    expect(Array.from(rows, (r) => r.getAttribute('data-term'))).toEqual(['clinic=2', 'prison', 'dose']);
    expect(Array.from(container.querySelectorAll('.forest-label'), (t) => t.textContent)).toEqual([
      '0.36 (0.24\u20130.56)  p <0.001',
      '1.39 (1.00\u20131.92)  p = 0.051',
      '0.97 (0.95\u20130.98)  p <0.001',
    ]);
    expect(container.querySelectorAll('.forest-estimate')).toHaveLength(3);
    const ticks = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => t.textContent);
    // Powers of two covering 0.239..1.92, with 1 included.
    expect(ticks).toEqual(['0.125', '0.25', '0.5', '1', '2']);
    // Log scale: equal ratios are equal distances, so 0.25→0.5, 0.5→1 and 1→2 are the same width.
    const tickXs = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.getAttribute('x'))).slice(1);
    expect(tickXs[1] - tickXs[0]).toBeCloseTo(tickXs[2] - tickXs[1], 6);
    expect(tickXs[3] - tickXs[2]).toBeCloseTo(tickXs[2] - tickXs[1], 6);
    const reference = container.querySelector('.recharts-reference-line line')!;
    expect(Number(reference.getAttribute('x1'))).toBeCloseTo(tickXs[2], 6);
    // The clinic interval spans log(0.239)..log(0.555) on that scale.
    const unit = (tickXs[2] - tickXs[1]) / Math.log(2);
    const clinic = rows[0].querySelector('.forest-interval')!;
    expect(Number(clinic.getAttribute('x1'))).toBeCloseTo(tickXs[2] + unit * Math.log(0.2390526795), 6);
    expect(Number(clinic.getAttribute('x2'))).toBeCloseTo(tickXs[2] + unit * Math.log(0.5550370492), 6);
    screen.getByRole('img', { name: /Leaving treatment\. Forest plot of 3 hazard ratios with 95% confidence intervals.*prison: 1\.39/ });
    expect(container.textContent).toContain('Hazard ratio (95% CI, log scale)');
  });

  test('a missing or infinite limit runs to the axis edge with an arrow', () => {
    const { container } = render(
      <ForestPlot width={600} height={200} rows={[{ term: 'x', hr: 3, hrLower: 1.5, hrUpper: null, p: 0.01 }]} />,
    );
    expect(container.querySelector('.forest-label')!.textContent).toBe('3.00 (1.50\u2013NA)  p = 0.010');
    expect(container.querySelectorAll('.forest-row path')).toHaveLength(1);
  });
});
