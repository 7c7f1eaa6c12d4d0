// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { KaplanMeierChart } from '../../../presentation/charts/KaplanMeierChart';
import { addictsByClinic } from './chart-data';

afterEach(cleanup);

/** Everyone whose follow-up time is ≥ t, counted straight from the data (not from the KM table). */
function countAtRisk(time: Float64Array, clinic: Float64Array, level: number, t: number): number {
  let n = 0;
  for (let i = 0; i < time.length; i++) if (clinic[i] === level && time[i] >= t) n++;
  return n;
}

function pathXs(d: string): number[] {
  return Array.from(d.matchAll(/[ML]\s*(-?[\d.e+-]+)\s*,/g), (m) => Number(m[1]));
}

describe('KaplanMeierChart on addicts by clinic', () => {
  const { groups, time, clinic } = addictsByClinic();

  test('one step curve per group, a legend, axis labels with units and an accessible summary', () => {
    const { container } = render(<KaplanMeierChart width={720} height={520} groups={groups} title="Retention by clinic" />);
    const curves = container.querySelectorAll('.km-curve path.recharts-line-curve');
    expect(curves).toHaveLength(2);
    expect(curves[0].getAttribute('stroke')).toBe('#0072B2');
    expect(curves[1].getAttribute('stroke')).toBe('#D55E00');
    // Steps start at (0, 1): the first vertex is the top-left corner of the plot area.
    const clip = container.querySelector('clipPath rect')!;
    const plotLeft = Number(clip.getAttribute('x'));
    const plotTop = Number(clip.getAttribute('y'));
    expect(curves[0].getAttribute('d')).toMatch(new RegExp(`^M${plotLeft},${plotTop}L`));
    const chart = screen.getByRole('img', { name: /Retention by clinic.*2 curves.*1: n = 163, 122 events; 2: n = 75, 28 events/ });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    expect(container.textContent).toContain('Time (days)');
    expect(container.textContent).toContain('Survival probability');
    expect(Array.from(container.querySelectorAll('.chart-legend text'), (t) => t.textContent)).toEqual(['1', '2']);
    for (const text of Array.from(container.querySelectorAll('text[font-size]'))) {
      expect(Number(text.getAttribute('font-size'))).toBeGreaterThanOrEqual(12);
    }
  });

  test('number at risk at each x tick equals the count still followed at that time', () => {
    const { container } = render(<KaplanMeierChart width={720} height={520} groups={groups} title="Retention" />);
    const tickLabels = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.textContent));
    expect(tickLabels).toEqual([0, 200, 400, 600, 800, 1000, 1200]); // longest follow-up 1076 days
    const rows = container.querySelectorAll('.km-at-risk-row');
    expect(Array.from(rows, (r) => r.getAttribute('data-group'))).toEqual(['1', '2']);
    rows.forEach((row, g) => {
      expect(row.querySelector('text')!.textContent).toBe(String(g + 1));
      const shown = Array.from(row.querySelectorAll('.km-at-risk-count'), (t) => Number(t.textContent));
      expect(shown).toEqual(tickLabels.map((tick) => countAtRisk(time, clinic, g + 1, tick)));
    });
    // Spot values: 163 and 75 at day 0, none left in clinic 2 past its last time.
    expect(rows[0].querySelector('[data-tick="0"]')!.textContent).toBe('163');
    expect(rows[1].querySelector('[data-tick="0"]')!.textContent).toBe('75');
    // Columns line up with the axis ticks.
    const tickXs = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => t.getAttribute('x'));
    expect(Array.from(rows[0].querySelectorAll('.km-at-risk-count'), (t) => t.getAttribute('x'))).toEqual(tickXs);
  });

  test('cumulative events, censor marks and CI bands', () => {
    const { container } = render(
      <KaplanMeierChart width={720} height={520} groups={groups} showCumulativeEvents showConfidenceBands ticks={[0, 365, 730]} />,
    );
    const counts = Array.from(container.querySelectorAll('.km-at-risk-row[data-group="1"] .km-at-risk-count'), (t) => t.textContent);
    const events = (t: number) => groups[0].table.filter((r) => r.time <= t).reduce((s, r) => s + r.nEvent, 0);
    expect(counts).toEqual([0, 365, 730].map((t) => `${countAtRisk(time, clinic, 1, t)} (${events(t)})`));
    expect(container.textContent).toContain('Number at risk (cumulative events)');
    const censorTimes = groups.map((g) => g.table.filter((r) => r.nCensor > 0).length);
    container.querySelectorAll('.km-censor').forEach((mark, g) => {
      // each "+" is a horizontal and a vertical stroke
      expect(mark.getAttribute('d')!.match(/M/g)).toHaveLength(2 * censorTimes[g]);
    });
    expect(container.querySelectorAll('.km-band path.recharts-area-area')).toHaveLength(2);
  });

  test('curves stop below minAtRisk and small counts print as <k', () => {
    const { container } = render(
      <KaplanMeierChart width={720} height={520} groups={groups} minAtRisk={10} suppressBelow={10} showCensorMarks={false} />,
    );
    const axisLine = container.querySelector('.recharts-xAxis line.recharts-cartesian-axis-line')!;
    const x1 = Number(axisLine.getAttribute('x1'));
    const x2 = Number(axisLine.getAttribute('x2'));
    const ticks = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.textContent));
    const xMax = ticks[ticks.length - 1];
    container.querySelectorAll('.km-curve path.recharts-line-curve').forEach((curve, g) => {
      const table = groups[g].table;
      const lastShown = table[table.findIndex((r) => r.nRisk < 10) - 1].time;
      expect(Math.max(...pathXs(curve.getAttribute('d')!))).toBeCloseTo(x1 + (lastShown / xMax) * (x2 - x1), 6);
    });
    const shown = Array.from(container.querySelectorAll('.km-at-risk-row[data-group="2"] .km-at-risk-count'), (t) => t.textContent);
    const expected = ticks.map((tick) => {
      const n = countAtRisk(time, clinic, 2, tick);
      return n > 0 && n < 10 ? '<10' : String(n);
    });
    expect(shown).toEqual(expected);
    expect(shown).toContain('<10');
    expect(container.querySelectorAll('.km-censor')).toHaveLength(0);
  });
});
