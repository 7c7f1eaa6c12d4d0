// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { CumulativeIncidenceChart, incidenceSteps } from '../../../presentation/charts/CumulativeIncidenceChart';
import { mgus2IncidenceBySex } from './chart-data';
import { CHAR_WIDTH } from '../../../presentation/charts/ChartHeader';
import { cumulativeIncidence } from '../../../shared/stats/cumulative-incidence';
import { loadDataset } from '../../helpers/datasets';

afterEach(cleanup);

describe('incidenceSteps', () => {
  test('right-continuous steps from (0, 0)', () => {
    expect(incidenceSteps([{ time: 2, estimate: 0.1 }, { time: 5, estimate: 0.3 }])).toEqual([
      { time: 0, value: 0 },
      { time: 2, value: 0 },
      { time: 2, value: 0.1 },
      { time: 5, value: 0.1 },
      { time: 5, value: 0.3 },
    ]);
  });
});

describe('CumulativeIncidenceChart on mgus2 by sex', () => {
  test('one curve per group and cause, colour by cause, pattern by group', () => {
    const curves = mgus2IncidenceBySex();
    expect(curves).toHaveLength(4);
    const { container } = render(
      <CumulativeIncidenceChart width={720} height={480} curves={curves} causeLabels={{ '1': 'progression', '2': 'death' }} />,
    );
    const paths = container.querySelectorAll('.cif-curve path');
    expect(paths).toHaveLength(4);
    const styleOf = (i: number) => [paths[i].getAttribute('stroke'), paths[i].getAttribute('stroke-dasharray')];
    const byKey = curves.map((c, i) => ({ key: `${c.group}/${c.cause}`, style: styleOf(i) }));
    const find = (key: string) => byKey.find((b) => b.key === key)!.style;
    expect(find('F/1')[0]).toBe(find('M/1')[0]); // same cause, same colour
    expect(find('F/1')[0]).not.toBe(find('F/2')[0]);
    expect(find('F/1')[1]).not.toBe(find('M/1')[1]); // different group, different pattern
    expect(Array.from(container.querySelectorAll('.chart-legend text'), (t) => t.textContent)).toContain('M, death');
    expect(container.textContent).toContain('Time (days)');
    expect(container.textContent).toContain('Cumulative incidence');
    const last = curves[0].points.at(-1)!;
    screen.getByRole('img', { name: new RegExp(`F, progression: ${last.estimate.toFixed(3)} by`) });
  });
});

describe('CumulativeIncidenceChart: legend of the competing ends, axis end', () => {
  /** mgus2 by decade of age at diagnosis (4 groups from the data), progression (1) and death (2). */
  function mgus2ByAgeBand() {
    const data = loadDataset('mgus2');
    const age = data.num('age');
    const band = (a: number) => (a < 60 ? 'Age under 60 years' : a < 70 ? 'Age 60 to 69 years' : a < 80 ? 'Age 70 to 79 years' : 'Age 80 years or more');
    const levels = ['Age under 60 years', 'Age 60 to 69 years', 'Age 70 to 79 years', 'Age 80 years or more'];
    const group = Int32Array.from(age, (a) => levels.indexOf(band(a)));
    const curves = cumulativeIncidence(data.num('etime'), Int32Array.from(data.num('event')), 2, { group, nGroups: 4 });
    return curves.map((c) => ({ group: levels[c.group], cause: String(c.cause), points: Array.from(c.time, (t, i) => ({ time: t, estimate: c.estimate[i] })) }));
  }

  test('the legend names every curve, relapse and the competing end, each line inside the chart', () => {
    const curves = mgus2ByAgeBand();
    expect(curves).toHaveLength(8);
    const { container } = render(<CumulativeIncidenceChart width={780} height={480} curves={curves} causeLabels={{ '1': 'relapse', '2': 'competing end' }} />);
    const entries = Array.from(container.querySelectorAll('.chart-legend-item'));
    expect(entries.map((e) => e.querySelector('text')!.textContent)).toEqual(curves.map((c) => `${c.group}, ${c.cause === '1' ? 'relapse' : 'competing end'}`));
    // Eight long entries do not fit one line: they wrap, and none runs past the chart's width.
    const lines = new Set(entries.map((e) => e.querySelector('text')!.getAttribute('y')));
    expect(lines.size).toBeGreaterThan(1);
    for (const e of entries) {
      const text = e.querySelector('text')!;
      expect(Number(text.getAttribute('x')) + text.textContent!.length * CHAR_WIDTH).toBeLessThanOrEqual(780);
    }
    // Each entry's mark has the colour and pattern of its curve.
    const paths = Array.from(container.querySelectorAll('.cif-curve path'));
    entries.forEach((e, i) => {
      const mark = e.querySelector('line')!;
      expect(mark.getAttribute('stroke')).toBe(paths[i].getAttribute('stroke'));
      expect(mark.getAttribute('stroke-dasharray')).toBe(paths[i].getAttribute('stroke-dasharray'));
    });
    // The plot starts below the last legend line.
    const clipTop = Number(container.querySelector('clipPath rect')!.getAttribute('y'));
    expect(Math.max(...entries.map((e) => Number(e.querySelector('text')!.getAttribute('y'))))).toBeLessThan(clipTop);
  });

  test('one group: the legend still names relapse and the competing end', () => {
    const data = loadDataset('mgus2');
    const curves = cumulativeIncidence(data.num('etime'), Int32Array.from(data.num('event')), 2).map((c) => ({
      group: 'all',
      cause: String(c.cause),
      points: Array.from(c.time, (t, i) => ({ time: t, estimate: c.estimate[i] })),
    }));
    const { container } = render(<CumulativeIncidenceChart width={780} height={420} curves={curves} causeLabels={{ '1': 'relapse', '2': 'competing end' }} />);
    expect(Array.from(container.querySelectorAll('.chart-legend text'), (t) => t.textContent)).toEqual(['relapse', 'competing end']);
    // The axis ends at the last time (424 months), its ticks not beyond it.
    const last = Math.max(...curves.flatMap((c) => c.points.map((p) => p.time)));
    const ticks = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.textContent!.replace(/,/g, '')));
    expect(Math.max(...ticks)).toBeLessThanOrEqual(last);
    const axisLine = container.querySelector('.recharts-xAxis line.recharts-cartesian-axis-line')!;
    const ends = Array.from(container.querySelectorAll('.cif-curve path'), (p) => Math.max(...Array.from(p.getAttribute('d')!.matchAll(/[ML]\s*(-?[\d.e+-]+)\s*,/g), (m) => Number(m[1]))));
    expect(Math.max(...ends)).toBeCloseTo(Number(axisLine.getAttribute('x2')), 6);
  });
});

describe('CumulativeIncidenceChart with many distinct times', () => {
  test('draws a curve of 300,000 distinct times (its axis end and height found without spreading 300,000 arguments)', () => {
    // F(t) = t / 600,000 at t = 1..300,000: ends at 0.5 at time 300,000.
    const points = Array.from({ length: 300_000 }, (_, i) => ({ time: i + 1, estimate: (i + 1) / 600_000 }));
    const { container } = render(<CumulativeIncidenceChart width={720} height={420} curves={[{ group: 'all', cause: '1', points }]} />);
    const d = container.querySelector('.cif-curve path')!.getAttribute('d')!;
    // (0, 0), then a corner and a point at each time
    expect(d.match(/L/g)).toHaveLength(2 * 300_000);
    const axisLine = container.querySelector('.recharts-xAxis line.recharts-cartesian-axis-line')!;
    // the axis ends at the last time, where the curve ends
    const last = /L(-?[\d.e+-]+),(-?[\d.e+-]+)$/.exec(d)!;
    expect(Number(last[1])).toBeCloseTo(Number(axisLine.getAttribute('x2')), 6);
    expect(container.querySelector('[data-chart="cumulative-incidence"]')!.getAttribute('aria-label')).toContain('0.500 by 300,000 days');
  });
});
