// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Histogram } from '../../../presentation/charts/Histogram';
import { loadDataset } from '../../helpers/datasets';

afterEach(cleanup);

// R 4.2.2: h <- hist(pbc$chol, plot = FALSE); h$breaks, h$counts; sum(is.na(pbc$chol)) (the binning itself: test/shared/stats/histogram.test.ts).
const R_CHOL = { breaks: [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800], counts: [21, 193, 47, 9, 5, 3, 2, 2, 2], missing: 134 };

describe('Histogram', () => {
  test('pbc cholesterol: one bar per bin, heights proportional to the counts, missing share in the subtitle', () => {
    const { container } = render(<Histogram width={640} height={420} values={loadDataset('pbc').num('chol')} title="Serum cholesterol" xLabel="Cholesterol (mg/dl)" />);
    const bars = Array.from(container.querySelectorAll('rect.histogram-bar'));
    expect(bars.map((b) => Number(b.getAttribute('data-count')))).toEqual(R_CHOL.counts);
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    expect(heights[2] / heights[1]).toBeCloseTo(47 / 193, 9);
    expect(container.querySelector('.chart-subtitle')!.textContent).toBe('n = 284; missing 134 of 418 (32.1%)');
    const ticks = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => t.textContent!);
    expect(ticks.map((t) => Number(t.replace(/,/g, '')))).toEqual(R_CHOL.breaks);
    // Ticks from 1,000 on carry thousands separators, as the tables do.
    expect(ticks.slice(-2)).toEqual(['1,600', '1,800']);
    screen.getByRole('img', { name: /Serum cholesterol\. Histogram of Cholesterol \(mg\/dl\) in 9 bins from 0 to 1,800; n = 284; missing 134/ });
    expect(container.textContent).toContain('Count');
  });

  test('precomputed bins with a missing count', () => {
    const { container } = render(
      <Histogram width={500} height={300} bins={[{ lower: 0, upper: 1, count: 4 }, { lower: 1, upper: 2, count: 6 }]} missing={10} title="Score" xLabel="Score" />,
    );
    expect(container.querySelectorAll('rect.histogram-bar')).toHaveLength(2);
    expect(container.querySelector('.chart-subtitle')!.textContent).toBe('n = 10; missing 10 of 20 (50.0%)');
  });
});
