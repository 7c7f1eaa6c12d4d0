// @vitest-environment jsdom
/**
 * PlotLine and PlotBand draw what recharts' <Line type="linear"> and range <Area type="linear"> drew before
 * (the KM and cumulative incidence charts used them): the same path, vertex for vertex, the same clip
 * rectangle and the same layer. Checked by drawing both, in the same axes, from addicts' KM table (clinic 1
 * of R's addicts: 163 participants, the engine's survfit table), with a time axis shorter than the curve so
 * that the clip matters.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { Area, ComposedChart, Line, XAxis, YAxis } from 'recharts';
import { bandPath, linePath, PlotBand, PlotLine } from '../../../presentation/charts/plot-path';
import { confidenceBandSteps, survivalSteps } from '../../../presentation/charts/km-geometry';
import { addictsByClinic } from './chart-data';

afterEach(cleanup);

const { groups } = addictsByClinic();
const steps = survivalSteps(groups[0].table);
const band = confidenceBandSteps(groups[0].table);

/** The charts' axes: the time axis fixed (allowDataOverflow), the y axis fixed too once no recharts series feeds it. */
function Axes(props: { recharts: boolean }) {
  return (
    <>
      <XAxis type="number" dataKey="time" domain={[0, 700]} ticks={[0, 350, 700]} allowDataOverflow />
      <YAxis type="number" domain={[0, 1]} ticks={[0, 0.5, 1]} allowDataOverflow={!props.recharts} />
    </>
  );
}

/** The drawn paths of a chart: the layer each sits in, its d and its clip rectangle. */
function drawn(container: HTMLElement, selector: string) {
  return Array.from(container.querySelectorAll<SVGPathElement>(selector), (path) => {
    const clipped = path.closest('[clip-path]') ?? path;
    const id = /url\(#(.+)\)/.exec(clipped.getAttribute('clip-path') ?? '')![1];
    const rect = container.querySelector(`clipPath[id="${id}"] rect`)!;
    return {
      layer: path.closest('[class^="recharts-zIndex-layer_"]')!.getAttribute('class'),
      d: path.getAttribute('d'),
      clip: ['x', 'y', 'width', 'height'].map((a) => Number(rect.getAttribute(a))),
    };
  });
}

describe('PlotLine and PlotBand against recharts Line and Area', () => {
  test('the same curve path, clip and layer as <Line type="linear">', () => {
    const theirs = render(
      <ComposedChart width={600} height={400}>
        <Axes recharts />
        <Line data={steps} dataKey="value" type="linear" dot={false} activeDot={false} isAnimationActive={false} />
      </ComposedChart>,
    );
    const expected = drawn(theirs.container, 'path.recharts-line-curve');
    cleanup();
    const ours = render(
      <ComposedChart width={600} height={400}>
        <Axes recharts={false} />
        <PlotLine className="curve" points={steps} stroke="#000" strokeWidth={2} />
      </ComposedChart>,
    );
    const actual = drawn(ours.container, '.curve path');
    expect(expected).toHaveLength(1);
    // Clinic 1: 163 participants, 147 distinct times up to day 905, beyond the axis end (700): clipped; 264 vertices.
    expect(steps).toHaveLength(264);
    expect(actual).toEqual(expected);
  });

  test('the same band path, clip and layer as a range <Area type="linear">', () => {
    const theirs = render(
      <ComposedChart width={600} height={400}>
        <Axes recharts />
        <Area data={band} dataKey="band" type="linear" stroke="none" isAnimationActive={false} />
      </ComposedChart>,
    );
    const expected = drawn(theirs.container, 'path.recharts-area-area');
    cleanup();
    const ours = render(
      <ComposedChart width={600} height={400}>
        <Axes recharts={false} />
        <PlotBand className="band" points={band} fill="#000" fillOpacity={0.15} />
      </ComposedChart>,
    );
    expect(expected).toHaveLength(1);
    expect(drawn(ours.container, '.band path')).toEqual(expected);
  });

  test('paths written by hand: a polyline, and a band forward on its upper limits and back on its lower', () => {
    const x = (t: number) => 10 + 2 * t;
    const y = (v: number) => 100 - 100 * v;
    expect(linePath([{ time: 0, value: 1 }, { time: 5, value: 1 }, { time: 5, value: 0.5 }], x, y)).toBe('M10,0L20,0L20,50');
    expect(linePath([], x, y)).toBe('');
    expect(bandPath([{ time: 0, band: [1, 1] }, { time: 5, band: [1, 1] }, { time: 5, band: [0.25, 0.75] }], x, y)).toBe('M10,0L20,0L20,25L20,75L20,0L10,0Z');
    expect(bandPath([], x, y)).toBe('');
  });
});
