// @vitest-environment jsdom
/**
 * McfChart on bladder2 by rx (the `analyze recurrent` result's mcf, equal to R's
 * survfit(Surv(start, stop, event) ~ rx, id = id) in test/shared/analyses/recurrent.test.ts): one rising
 * step curve per group from (0, 0), CI bands, the number at risk at each x tick counted straight from the
 * (start, stop] rows, and an accessible summary.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen } from '@testing-library/react';
import { McfChart, mcfBandSteps, mcfSteps } from '../../../presentation/charts/McfChart';
import { recurrentOptionsSchema } from '../../../shared/analyses/recurrent';
import { runRecurrent } from '../../../shared/analyses/recurrent.run';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { loadDataset } from '../../helpers/datasets';

afterEach(cleanup);

const frame = frameFromCsv(readFileSync(join(import.meta.dirname, '../../fixtures/data/bladder2.csv'), 'utf8'));
const result = runRecurrent(frame, recurrentOptionsSchema.parse({ start: 'start', time: 'stop', event: 'event', id: 'id', group: 'rx' }));
const data = loadDataset('bladder2');

/** Rows of group rx at risk at time t: start < u <= stop for the first row time u >= t (as survfit's n.risk there). */
function atRiskAt(rx: number, tick: number): number {
  const start = data.num('start');
  const stop = data.num('stop');
  const group = data.num('rx');
  const times = [...new Set(Array.from(stop).filter((_, i) => group[i] === rx))].sort((a, b) => a - b);
  const u = times.find((t) => t >= tick);
  if (u === undefined) return 0;
  let n = 0;
  for (let i = 0; i < stop.length; i++) if (group[i] === rx && start[i] < u && stop[i] >= u) n++;
  return n;
}

describe('McfChart on bladder2 by rx', () => {
  test('one rising step curve per group from (0, 0), with bands, a legend and an accessible summary', () => {
    const { container } = render(<McfChart width={720} height={520} curves={result.mcf} />);
    expect(container.querySelectorAll('.mcf-curve path.recharts-line-curve')).toHaveLength(2);
    expect(container.querySelectorAll('.mcf-band path.recharts-area-area')).toHaveLength(2);
    expect(Array.from(container.querySelectorAll('.chart-legend text'), (t) => t.textContent)).toEqual(['1', '2']);
    expect(container.textContent).toContain('Mean relapses per participant');
    expect(container.textContent).toContain('Time (days)');
    const [one, two] = result.mcf;
    screen.getByRole('img', { name: new RegExp(`2 curves.*1: ${one.participants} participants, ${one.events} relapses.*2: ${two.participants} participants, ${two.events} relapses`) });
    const steps = mcfSteps(one.rows);
    expect(steps[0]).toEqual({ time: 0, value: 0 });
    for (let k = 1; k < steps.length; k++) {
      expect(steps[k].time).toBeGreaterThanOrEqual(steps[k - 1].time);
      expect(steps[k].value).toBeGreaterThanOrEqual(steps[k - 1].value);
    }
    expect(steps[steps.length - 1].value).toBe(one.rows[one.rows.length - 1].mcf);
    const band = mcfBandSteps(one.rows);
    expect(band[0].band).toEqual([0, 0]);
    expect(band[band.length - 1].band).toEqual([one.rows[one.rows.length - 1].lower, one.rows[one.rows.length - 1].upper]);
  });

  test('number at risk at each x tick equals the rows at risk counted from the data', () => {
    const { container } = render(<McfChart width={720} height={520} curves={result.mcf} />);
    const ticks = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.textContent!.replace(/,/g, '')));
    expect(ticks[0]).toBe(0);
    // The axis ends at the last time of bladder2's follow-up, its ticks not beyond it; the longest curve reaches the end.
    const last = Math.max(...result.mcf.map((c) => c.rows[c.rows.length - 1].time));
    expect(Math.max(...ticks)).toBeLessThanOrEqual(last);
    const axisEnd = Number(container.querySelector('.recharts-xAxis line.recharts-cartesian-axis-line')!.getAttribute('x2'));
    const ends = Array.from(container.querySelectorAll('.mcf-curve path.recharts-line-curve'), (p) => Math.max(...Array.from(p.getAttribute('d')!.matchAll(/[ML]\s*(-?[\d.e+-]+)\s*,/g), (m) => Number(m[1]))));
    expect(Math.max(...ends)).toBeCloseTo(axisEnd, 6);
    const rows = container.querySelectorAll('.mcf-at-risk-row');
    expect(Array.from(rows, (r) => r.getAttribute('data-group'))).toEqual(['1', '2']);
    rows.forEach((row, g) => {
      const shown = Array.from(row.querySelectorAll('.mcf-at-risk-count'), (t) => Number(t.textContent));
      expect(shown).toEqual(ticks.map((tick) => atRiskAt(g + 1, tick)));
    });
  });

  test('one curve, no events: a flat line at 0 and no band', () => {
    const flat = [{ group: 'all', participants: 2, events: 0, rows: [{ time: 5, mcf: 0, lower: null, upper: null, atRisk: 2, events: 0 }, { time: 9, mcf: 0, lower: null, upper: null, atRisk: 1, events: 0 }] }];
    const { container } = render(<McfChart width={600} height={400} curves={flat} />);
    expect(container.querySelectorAll('.mcf-curve path.recharts-line-curve')).toHaveLength(1);
    expect(container.querySelectorAll('.chart-legend text')).toHaveLength(0);
    expect(mcfSteps(flat[0].rows).every((p) => p.value === 0)).toBe(true);
    screen.getByRole('img', { name: /1 curve .*all: 2 participants, 0 relapses, 0\.00 relapses per participant by 9 days/ });
  });
});
