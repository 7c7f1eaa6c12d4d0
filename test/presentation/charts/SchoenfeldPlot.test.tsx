// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { cleanup, render, screen } from '@testing-library/react';
import { SchoenfeldPlot, timeAtTransformed } from '../../../presentation/charts/SchoenfeldPlot';

afterEach(cleanup);

// R cox.zph(coxph(Surv(time, status) ~ prison + dose, addicts)), term dose (fixtures/schoenfeld.R).
const zph: { term: string; coefficient: number; phP: number; transformedTime: number[]; time: number[]; residuals: number[] } = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'schoenfeld.json'), 'utf8'),
);

describe('SchoenfeldPlot for dose in the addicts model', () => {
  test('a point per event, a smooth, the coefficient line and the PH p in the subtitle', () => {
    const { container } = render(<SchoenfeldPlot width={680} height={440} {...zph} />);
    expect(container.querySelectorAll('circle.schoenfeld-point')).toHaveLength(150); // 150 events in addicts
    expect(container.querySelectorAll('.schoenfeld-smooth path.recharts-line-curve')).toHaveLength(1);
    const reference = container.querySelector('.recharts-reference-line line')!;
    // The reference line sits at the coefficient on the y scale read off two y ticks.
    const yTicks = Array.from(container.querySelectorAll('.recharts-yAxis-tick-labels text'), (t) => [Number(t.textContent), Number(t.getAttribute('y'))]);
    const [v0, y0] = yTicks[0];
    const [v1, y1] = yTicks[yTicks.length - 1];
    expect(Number(reference.getAttribute('y1'))).toBeCloseTo(y0 + ((zph.coefficient - v0) / (v1 - v0)) * (y1 - y0), 6);
    const p = zph.phP < 0.001 ? 'p <0.001' : `p = ${zph.phP < 0.1 ? zph.phP.toFixed(3) : zph.phP.toFixed(2)}`;
    expect(container.querySelector('.chart-subtitle')!.textContent).toBe(`PH test ${p}; coefficient ${zph.coefficient.toFixed(3)}`);
    expect(container.textContent).toContain('Time (days, KM scale)');
    screen.getByRole('img', { name: /150 scaled Schoenfeld residuals for dose against KM-transformed time/ });
    // The first x tick is labelled with the first event time.
    const first = container.querySelector('.recharts-xAxis-tick-labels text')!.textContent;
    expect(Number(first)).toBe(Math.round(Math.min(...zph.time)));
  });

  test('timeAtTransformed interpolates between events', () => {
    expect(timeAtTransformed([0.1, 0.3], [10, 30], 0.2)).toBeCloseTo(20, 12);
    expect(timeAtTransformed([0.1, 0.3], [10, 30], 0)).toBe(10);
    expect(timeAtTransformed([0.1, 0.3], [10, 30], 1)).toBe(30);
  });
});
