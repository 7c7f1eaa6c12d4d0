/**
 * Scatter plot of paired observations (x, y), the drill-down from a correlation heatmap cell. Axis labels
 * name the variables; a point's label, when given, is its hover title.
 */
import { memo } from 'react';
import { Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import { ChartHeader, headerHeight } from './ChartHeader';
import { seriesColour } from './palette';
import { bottomAxis, chartFrame, leftAxis } from './chart-frame';
import { niceTicks } from './ticks';
import { formatNumber, formatTick } from '../format';

export interface ScatterPoint {
  x: number;
  y: number;
  label?: string;
}

export interface ScatterPlotProps {
  width: number;
  height: number;
  points: readonly ScatterPoint[];
  xLabel: string;
  yLabel: string;
  title?: string;
  subtitle?: string;
}

function range(values: number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length ? [min, max] : [0, 1];
}

function ScatterPlotImpl(props: ScatterPlotProps) {
  const title = props.title ?? `${props.yLabel} against ${props.xLabel}`;
  const points = props.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const [xMin, xMax] = range(points.map((p) => p.x));
  const [yMin, yMax] = range(points.map((p) => p.y));
  const xTicks = niceTicks(xMin, xMax);
  const yTicks = niceTicks(yMin, yMax);
  const summary =
    `${title}. Scatter plot of ${points.length} points: ${props.xLabel} from ${formatNumber(xMin, 2)} to ${formatNumber(xMax, 2)} ` +
    `on the x axis, ${props.yLabel} from ${formatNumber(yMin, 2)} to ${formatNumber(yMax, 2)} on the y axis.`;
  const colour = seriesColour(0);
  return (
    <ScatterChart
      {...chartFrame({
        width: props.width,
        height: props.height,
        margin: { top: headerHeight(props.subtitle, undefined), right: 24, bottom: 8, left: 8 },
        title,
        summary,
        chart: 'scatter',
      })}
    >
      <ChartHeader title={title} subtitle={props.subtitle} />
      <XAxis
        type="number"
        dataKey="x"
        domain={[xTicks[0], xTicks[xTicks.length - 1]]}
        ticks={xTicks}
        {...bottomAxis(props.xLabel)}
        tickFormatter={formatTick}
      />
      <YAxis
        type="number"
        dataKey="y"
        domain={[yTicks[0], yTicks[yTicks.length - 1]]}
        ticks={yTicks}
        {...leftAxis(props.yLabel)}
        tickFormatter={formatTick}
      />
      <Scatter
        data={points}
        isAnimationActive={false}
        shape={(shape: { cx?: number; cy?: number; payload?: ScatterPoint }) => (
          <circle className="scatter-point" cx={shape.cx} cy={shape.cy} r={3.5} fill={colour} fillOpacity={0.55} stroke={colour}>
            {shape.payload?.label ? <title>{shape.payload.label}</title> : null}
          </circle>
        )}
      />
    </ScatterChart>
  );
}

/** Memoised: a view re-rendering for another reason (a new matrix being computed) does not redraw thousands of unchanged points. */
export const ScatterPlot = memo(ScatterPlotImpl);
