// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KaplanMeierChart, pValueText } from '../../../presentation/charts/KaplanMeierChart';
import { CHAR_WIDTH } from '../../../presentation/charts/ChartHeader';
import { SERIES_COLOURS } from '../../../presentation/charts/palette';
import { formatP } from '../../../presentation/format';
import { kaplanMeierByGroup, kaplanMeierRows } from '../../../shared/stats/kaplan-meier';
import { loadDataset } from '../../helpers/datasets';
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
    const curves = container.querySelectorAll('.km-curve path');
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
    const tickLabels = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.textContent!.replace(/,/g, '')));
    expect(tickLabels).toEqual([0, 200, 400, 600, 800, 1000]); // longest follow-up 1076 days: the axis ends there
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
    expect(container.querySelectorAll('.km-band path')).toHaveLength(2);
  });

  test('curves stop below minAtRisk and small counts print as <k', () => {
    const { container } = render(
      // A tick at 850 days, before the axis ends (clinic 2's curve runs to 878) but after clinic 1 has fewer than 10 left.
      <KaplanMeierChart width={720} height={520} groups={groups} minAtRisk={10} suppressBelow={10} showCensorMarks={false} ticks={[0, 200, 400, 600, 850, 1000]} />,
    );
    const axisLine = container.querySelector('.recharts-xAxis line.recharts-cartesian-axis-line')!;
    const x1 = Number(axisLine.getAttribute('x1'));
    const x2 = Number(axisLine.getAttribute('x2'));
    const ticks = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.textContent!.replace(/,/g, '')));
    const lastShownOf = (g: number) => groups[g].table[groups[g].table.findIndex((r) => r.nRisk < 10) - 1].time;
    // The axis ends at the last time drawn, the later of the two curves' ends.
    const xMax = Math.max(lastShownOf(0), lastShownOf(1));
    container.querySelectorAll('.km-curve path').forEach((curve, g) => {
      expect(Math.max(...pathXs(curve.getAttribute('d')!))).toBeCloseTo(x1 + (lastShownOf(g) / xMax) * (x2 - x1), 6);
    });
    // The tick at 1000 lies past the axis end and is dropped with its column.
    expect(ticks).toEqual([0, 200, 400, 600, 850]);
    for (const level of [1, 2]) {
      const shown = Array.from(container.querySelectorAll(`.km-at-risk-row[data-group="${level}"] .km-at-risk-count`), (t) => t.textContent);
      const expected = ticks.map((tick) => {
        const n = countAtRisk(time, clinic, level, tick);
        return n > 0 && n < 10 ? '<10' : String(n);
      });
      expect(shown).toEqual(expected);
    }
    expect(container.querySelector('.km-at-risk-row[data-group="1"] [data-tick="850"]')!.textContent).toBe('<10');
    expect(container.querySelectorAll('.km-censor')).toHaveLength(0);
  });
});

/** WCAG 2.1 relative luminance and contrast ratio, computed here independently of the palette. */
function contrastAgainstWhite(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/** survdiff p-values from R (test/shared/stats/fixtures/log-rank.R), by case name. */
function survdiffP(name: string): number {
  const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../shared/stats/fixtures/log-rank.json'), 'utf8')) as {
    cases: { name: string; result: { p: number } }[];
  };
  return fixture.cases.find((c) => c.name === name)!.result.p;
}

/** One KM group per level of a column, computed by the engine from a reference dataset. */
function kmGroups(dataset: string, timeColumn: string, eventColumn: string, groupOf: (i: number) => string) {
  const data = loadDataset(dataset);
  const time = data.num(timeColumn);
  const status = Uint8Array.from(data.num(eventColumn), (v) => (v === 1 ? 1 : 0));
  const labels = Array.from(time, (_, i) => groupOf(i));
  const levels = [...new Set(labels)].sort();
  const curves = kaplanMeierByGroup(time, status, Int32Array.from(labels, (l) => levels.indexOf(l)), levels.length);
  return curves.map((curve, i) => ({ group: levels[i], n: curve.n, events: curve.events, table: kaplanMeierRows(curve) }));
}

describe('KaplanMeierChart: colours, axis end, separators, at-risk labels, p-value', () => {
  test('every series colour has a contrast of at least 3:1 on white; no yellow', () => {
    expect(SERIES_COLOURS).toHaveLength(7);
    for (const colour of SERIES_COLOURS) expect(contrastAgainstWhite(colour), colour).toBeGreaterThanOrEqual(3);
    expect(SERIES_COLOURS).not.toContain('#F0E442');
  });

  test('with 8 groups the colours repeat dashed and the chart says so; with 7 it does not', () => {
    // addicts by (clinic, prison, dose tertile-like band): 8 groups from the data, not typed.
    const data = loadDataset('addicts');
    const clinic = data.num('clinic');
    const prison = data.num('prison');
    const dose = data.num('dose');
    const eight = kmGroups('addicts', 'time', 'status', (i) => `c${clinic[i]} p${prison[i]} ${dose[i] < 60 ? 'low' : 'high'}`);
    expect(eight).toHaveLength(8);
    const { container } = render(<KaplanMeierChart width={780} height={600} groups={eight} showAtRiskTable={false} />);
    const curves = Array.from(container.querySelectorAll('.km-curve path'));
    expect(curves.map((c) => c.getAttribute('stroke'))).toEqual([...SERIES_COLOURS, SERIES_COLOURS[0]]);
    expect(curves.slice(0, 7).every((c) => !c.getAttribute('stroke-dasharray'))).toBe(true);
    expect(curves[7].getAttribute('stroke-dasharray')).toBeTruthy();
    expect(container.querySelector('.chart-note')!.textContent).toBe('8 curves, 7 colours: from curve 8 on, colours repeat with dashed lines.');
    // The legend wraps within the chart: every entry starts inside the width, and all eight are named.
    const entries = Array.from(container.querySelectorAll('.chart-legend-item'));
    expect(entries.map((e) => e.querySelector('text')!.textContent)).toEqual(eight.map((g) => g.group));
    for (const e of entries) {
      const x = Number(e.querySelector('text')!.getAttribute('x'));
      expect(x + e.querySelector('text')!.textContent!.length * CHAR_WIDTH).toBeLessThanOrEqual(780);
    }
    cleanup();
    const seven = render(<KaplanMeierChart width={780} height={600} groups={eight.slice(0, 7)} showAtRiskTable={false} />);
    expect(seven.container.querySelector('.chart-note')).toBeNull();
  });

  test('the time axis ends at the last follow-up time, not at a round tick beyond it', () => {
    const { groups } = addictsByClinic();
    const last = Math.max(...groups.map((g) => g.table[g.table.length - 1].time));
    expect(last).toBe(1076);
    const { container } = render(<KaplanMeierChart width={720} height={520} groups={groups} />);
    const axisLine = container.querySelector('.recharts-xAxis line.recharts-cartesian-axis-line')!;
    const right = Number(axisLine.getAttribute('x2'));
    // The curve that runs longest reaches the right end of the axis.
    const ends = Array.from(container.querySelectorAll('.km-curve path'), (c) => Math.max(...pathXs(c.getAttribute('d')!)));
    expect(Math.max(...ends)).toBeCloseTo(right, 6);
    const ticks = Array.from(container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => Number(t.textContent!.replace(/,/g, '')));
    expect(Math.max(...ticks)).toBeLessThanOrEqual(last);
  });

  test('counts and ticks from 1,000 on carry thousands separators', () => {
    // mgus2: 1384 participants at time 0 (whole cohort); addicts' axis has a tick at 1000 days.
    const mgus2 = kmGroups('mgus2', 'futime', 'death', () => 'all');
    const n = loadDataset('mgus2').num('futime').length;
    const { container } = render(<KaplanMeierChart width={720} height={520} groups={mgus2} />);
    const first = container.querySelector('.km-at-risk-count[data-tick="0"]')!.textContent!;
    expect(first).toBe(n.toLocaleString('en-US'));
    expect(first).toBe('1,384');
    cleanup();
    const addicts = render(<KaplanMeierChart width={720} height={520} groups={addictsByClinic().groups} />);
    expect(Array.from(addicts.container.querySelectorAll('.recharts-xAxis-tick-labels text'), (t) => t.textContent)).toContain('1,000');
  });

  test('the group names of the at-risk table end before the first column of counts starts', () => {
    const groups = addictsByClinic().groups.map((g) => ({ ...g, group: `Clinic ${g.group}` }));
    for (const showCumulativeEvents of [false, true]) {
      const { container } = render(<KaplanMeierChart width={720} height={520} groups={groups} showCumulativeEvents={showCumulativeEvents} />);
      for (const row of Array.from(container.querySelectorAll('.km-at-risk-row'))) {
        const label = row.querySelector('text')!;
        const labelEnd = Number(label.getAttribute('x')) + label.textContent!.length * CHAR_WIDTH;
        const count = row.querySelector('.km-at-risk-count')!;
        // Counts are centred on their tick.
        const countStart = Number(count.getAttribute('x')) - (count.textContent!.length * CHAR_WIDTH) / 2;
        expect(count.textContent).toMatch(showCumulativeEvents ? /^\d+ \(0\)$/ : /^\d+$/);
        expect(countStart - labelEnd, `${label.textContent} / ${count.textContent}`).toBeGreaterThanOrEqual(8);
      }
      cleanup();
    }
  });

  test('the log-rank p from R survdiff, printed by format.ts, when asked for', () => {
    const addictsP = survdiffP('addicts clinic');
    const { container } = render(<KaplanMeierChart width={720} height={520} groups={addictsByClinic().groups} pValue={{ p: addictsP }} />);
    expect(container.querySelector('.km-p-value')!.textContent).toBe('Log-rank p < 0.001');
    cleanup();
    // pharmacoSmoking by treatment arm: survdiff p = 0.0046.
    const smokingP = survdiffP('pharmacoSmoking grp');
    const data = loadDataset('pharmacoSmoking');
    const arm = data.str('grp');
    const smoking = kmGroups('pharmacoSmoking', 'ttr', 'relapse', (i) => arm[i]);
    const { container: c2 } = render(<KaplanMeierChart width={720} height={520} groups={smoking} pValue={{ p: smokingP }} />);
    const text = c2.querySelector('.km-p-value')!;
    expect(text.textContent).toBe(`Log-rank p = ${formatP(smokingP)}`);
    expect(text.textContent).toBe('Log-rank p = 0.005');
    expect(pValueText(null)).toBe('Log-rank p = NA');
    // Inside the plot area, near its lower left corner.
    const clip = c2.querySelector('clipPath rect')!;
    const [px, py, ph] = ['x', 'y', 'height'].map((a) => Number(clip.getAttribute(a)));
    expect(Number(text.getAttribute('x'))).toBeGreaterThan(px);
    expect(Number(text.getAttribute('y'))).toBeLessThan(py + ph);
    expect(Number(text.getAttribute('y'))).toBeGreaterThan(py + ph / 2);
    cleanup();
    const off = render(<KaplanMeierChart width={720} height={520} groups={smoking} />);
    expect(off.container.querySelector('.km-p-value')).toBeNull();
  });
});
