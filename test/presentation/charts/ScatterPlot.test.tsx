// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ScatterPlot } from '../../../presentation/charts/ScatterPlot';
import { loadDataset } from '../../helpers/datasets';

afterEach(cleanup);

describe('ScatterPlot on pbc bili against albumin', () => {
  test('one point per complete pair, axis labels and an accessible summary', () => {
    const pbc = loadDataset('pbc');
    const albumin = pbc.num('albumin');
    const bili = pbc.num('bili');
    const points = Array.from(albumin, (x, i) => ({ x, y: bili[i], label: `id ${pbc.num('id')[i]}` }));
    const complete = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    expect(complete).toHaveLength(418); // n of the bili–albumin pair in R's cor.test
    const { container } = render(<ScatterPlot width={600} height={420} points={points} xLabel="albumin (g/dl)" yLabel="bili (mg/dl)" />);
    const circles = container.querySelectorAll('circle.scatter-point');
    expect(circles).toHaveLength(418);
    expect(circles[0].querySelector('title')!.textContent).toBe(complete[0].label);
    expect(container.textContent).toContain('albumin (g/dl)');
    expect(container.textContent).toContain('bili (mg/dl)');
    screen.getByRole('img', { name: /bili \(mg\/dl\) against albumin \(g\/dl\)\. Scatter plot of 418 points: albumin \(g\/dl\) from 1\.96 to 4\.64/ });
    // The point with the highest bilirubin sits at the top of the y range.
    const ys = Array.from(circles, (c) => Number(c.getAttribute('cy')));
    const top = ys.indexOf(Math.min(...ys));
    expect(complete[top].y).toBe(Math.max(...complete.map((p) => p.y)));
  });
});
