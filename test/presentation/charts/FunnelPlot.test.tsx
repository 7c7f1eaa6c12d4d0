// @vitest-environment jsdom
/**
 * The funnel plot on R's numbers: veteran by celltype with karno and age as case mix
 * (test/shared/stats/fixtures/sites.R, case "veteran": O/E per cell type and Spiegelhalter's limits on
 * a grid of 200 expected counts). adeno (O/E 1.78) and squamous (0.67) lie outside the 95% limits.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { FunnelPlot, funnelYMax } from '../../../presentation/charts/FunnelPlot';
import { sitesFixture } from '../../shared/stats/sites-cases';

afterEach(cleanup);
const R = sitesFixture.cases.find((c) => c.id === 'veteran')!.r;
const ticks = (container: HTMLElement, axis: 'x' | 'y') =>
  Array.from(container.querySelectorAll(`.recharts-${axis}Axis-tick-labels text`), (t) => ({ value: Number(t.textContent), at: Number(t.getAttribute(axis === 'x' ? 'x' : 'y')) }));

describe('FunnelPlot', () => {
  test('a point per site at (E, O/E), the 95% and 99.8% limits, the line at 1, and the sites outside named', () => {
    const { container } = render(<FunnelPlot width={760} height={440} sites={R.sites} limits={R.limits} title="Deaths against expected" />);
    const points = [...container.querySelectorAll('.funnel-site')];
    expect(points.map((p) => p.getAttribute('data-group'))).toEqual(['adeno', 'large', 'smallcell', 'squamous']);
    expect(container.querySelectorAll('.funnel-site-outside')).toHaveLength(2);
    expect([...container.querySelectorAll('.funnel-label')].map((t) => t.textContent)).toEqual(['adeno', 'squamous']);
    for (const key of ['upper95', 'lower95', 'upper998', 'lower998']) expect(container.querySelector(`.funnel-${key} path`), key).toBeTruthy();

    // Positions on linear axes: x from the expected count, y from the ratio.
    const x = ticks(container, 'x');
    const y = ticks(container, 'y');
    const xAt = (v: number) => x[0].at + ((x[1].at - x[0].at) / (x[1].value - x[0].value)) * (v - x[0].value);
    const yAt = (v: number) => y[0].at + ((y[1].at - y[0].at) / (y[1].value - y[0].value)) * (v - y[0].value);
    points.forEach((p, g) => {
      expect(Number(p.getAttribute('cx'))).toBeCloseTo(xAt(R.sites[g].expected), 6);
      expect(Number(p.getAttribute('cy'))).toBeCloseTo(yAt(R.sites[g].ratio!), 6);
    });
    const reference = container.querySelector('.recharts-reference-line line')!;
    expect(Number(reference.getAttribute('y1'))).toBeCloseTo(yAt(1), 6);
    // The y range holds every ratio and the 95% limits at the smallest site (E 14.6).
    expect(y[y.length - 1].value).toBe(funnelYMax(R.sites, R.limits));
    expect(funnelYMax(R.sites, R.limits)).toBeGreaterThanOrEqual(1.78);

    // Accessible: a title, a description naming the sites outside, axis labels.
    screen.getByRole('img', {
      name: 'Deaths against expected. Funnel plot of 4 sites: observed/expected relapse ratio against expected relapses, with 95% and 99.8% limits around 1. Outside the 95% limits: adeno (ratio 1.78); squamous (ratio 0.67).',
    });
    expect(container.querySelector('.chart-title')!.textContent).toBe('Deaths against expected');
    expect(container.textContent).toContain('Expected relapses (given the measured factors)');
    expect(container.textContent).toContain('Observed / expected relapses');
  });

  test("kind 'proportion': relapse-free at day 90 against n on [0, 1], the line at the overall proportion, binomial limits", () => {
    const atDay = R.atDay!;
    const sites = atDay.sites.map((s) => ({ group: s.group, expected: s.n, ratio: s.proportion, outside95: s.outside95, outside998: s.outside998 }));
    const { container } = render(<FunnelPlot width={700} height={420} kind="proportion" target={atDay.overall!} sites={sites} limits={atDay.limits.map((l) => ({ ...l, expected: l.n }))} title="Alive at day 90" />);
    const y = ticks(container, 'y');
    expect(y[0].value).toBe(0);
    expect(y[y.length - 1].value).toBe(1);
    const yAt = (v: number) => y[0].at + ((y[1].at - y[0].at) / (y[1].value - y[0].value)) * (v - y[0].value);
    expect(Number(container.querySelector('.recharts-reference-line line')!.getAttribute('y1'))).toBeCloseTo(yAt(atDay.overall!), 6);
    // R: large (0.74, also outside 99.8%) and smallcell (0.29) lie outside the 95% limits.
    expect([...container.querySelectorAll('.funnel-label')].map((t) => t.textContent)).toEqual(atDay.sites.filter((s) => s.outside95).map((s) => s.group));
    screen.getByRole('img', { name: /^Alive at day 90\. Funnel plot of 4 sites: proportion relapse-free against participants whose status is known, with 95% and 99\.8% limits around the overall 0\.46\. Outside the 95% limits: .*large \(proportion 0\.74, also outside the 99\.8% limits\)/ });
    expect(container.textContent).toContain('Participants whose status at the day is known');
  });

  test('no site outside: none named; a site without a ratio is not drawn', () => {
    const sites = [
      { group: 'A', expected: 10, ratio: 1.1, outside95: false, outside998: false },
      { group: 'B', expected: 0, ratio: null, outside95: false, outside998: false },
    ];
    const { container } = render(<FunnelPlot width={600} height={400} sites={sites} limits={R.limits} />);
    expect(container.querySelectorAll('.funnel-site')).toHaveLength(1);
    expect(container.querySelectorAll('.funnel-label')).toHaveLength(0);
    screen.getByRole('img', { name: /Funnel plot of 2 sites.*All sites lie within the 95% limits\.$/ });
  });
});
