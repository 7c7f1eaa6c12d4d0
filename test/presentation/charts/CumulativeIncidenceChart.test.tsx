// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { CumulativeIncidenceChart, incidenceSteps } from '../../../presentation/charts/CumulativeIncidenceChart';
import { mgus2IncidenceBySex } from './chart-data';

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
    const paths = container.querySelectorAll('.cif-curve path.recharts-line-curve');
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
