/**
 * Scaled Schoenfeld residuals of one Cox term against transformed time (R's plot.cox.zph view of cox.zph,
 * km transform by default): the residuals as points, a LOWESS smooth (lowess.ts, R's defaults) standing in
 * for plot.cox.zph's spline fit, and a dashed reference line at the fitted coefficient. Under proportional
 * hazards the smooth stays flat around the coefficient. The PH test p is in the subtitle. The x axis is
 * drawn on the transformed scale and labelled with the times there, as plot.cox.zph labels it.
 */
import { memo } from 'react';
import { ComposedChart, Line, ReferenceLine, Scatter, XAxis, YAxis } from 'recharts';
import { ChartHeader, headerHeight, type LegendItem } from './ChartHeader';
import { REFERENCE_LINE_COLOUR, seriesColour } from './palette';
import { bottomAxis, chartFrame, leftAxis } from './chart-frame';
import { lowess } from './lowess';
import { niceTicks } from './ticks';
import { formatNumber, formatP } from '../format';

export interface SchoenfeldPlotProps {
  width: number;
  height: number;
  term: string;
  transformedTime: ArrayLike<number>;
  time: ArrayLike<number>;
  /** Scaled residuals + coefficient (R's cox.zph y); null or NaN where R gives NA. */
  residuals: ArrayLike<number | null>;
  coefficient?: number | null;
  /** p of the term's PH test (cox.zph). */
  phP?: number | null;
  title?: string;
  timeUnit?: string;
  /** Name of the time transform, for the axis label (default "KM"). */
  transform?: string;
}

/** Time at a transformed-time position, by linear interpolation between the events around it. */
export function timeAtTransformed(transformed: readonly number[], time: readonly number[], position: number): number {
  if (transformed.length === 0) return NaN;
  if (position <= transformed[0]) return time[0];
  for (let i = 1; i < transformed.length; i++) {
    if (position <= transformed[i]) {
      const width = transformed[i] - transformed[i - 1];
      const share = width > 0 ? (position - transformed[i - 1]) / width : 1;
      return time[i - 1] + share * (time[i] - time[i - 1]);
    }
  }
  return time[time.length - 1];
}

function SchoenfeldPlotImpl(props: SchoenfeldPlotProps) {
  const timeUnit = props.timeUnit ?? 'days';
  const title = props.title ?? `Proportional hazards check: ${props.term}`;
  const points: { x: number; y: number; time: number }[] = [];
  for (let i = 0; i < props.transformedTime.length; i++) {
    const y = props.residuals[i];
    if (y !== null && Number.isFinite(y)) points.push({ x: props.transformedTime[i], y, time: props.time[i] });
  }
  const smooth = lowess(points.map((p) => p.x), points.map((p) => p.y));
  const smoothLine = Array.from(smooth.x, (x, i) => ({ x, y: smooth.y[i] }));
  const byX = [...points].sort((a, b) => a.x - b.x);
  const sortedX = byX.map((p) => p.x);
  const sortedTime = byX.map((p) => p.time);
  const xMin = sortedX[0] ?? 0;
  const xMax = sortedX[sortedX.length - 1] ?? 1;
  const xTicks = Array.from({ length: 5 }, (_, i) => xMin + ((xMax - xMin) * i) / 4);
  const ys = points.map((p) => p.y).concat(props.coefficient ?? []);
  const yTicks = niceTicks(Math.min(...ys), Math.max(...ys), 6);
  const p = formatP(props.phP ?? null);
  const subtitle = `PH test p ${p.startsWith('<') ? p : `= ${p}`}; coefficient ${formatNumber(props.coefficient ?? null, 3)}`;
  const legend: LegendItem[] = [
    { label: 'LOWESS smooth', colour: seriesColour(1) },
    { label: 'coefficient', colour: REFERENCE_LINE_COLOUR, dashed: true },
  ];
  const summary = `${title}. ${points.length} scaled Schoenfeld residuals for ${props.term} against ${props.transform ?? 'KM'}-transformed time, with a smoothed trend and a reference line at the coefficient. ${subtitle}.`;
  return (
    <ComposedChart
      {...chartFrame({
        width: props.width,
        height: props.height,
        margin: { top: headerHeight(subtitle, legend), right: 24, bottom: 8, left: 8 },
        title,
        summary,
        chart: 'schoenfeld',
      })}
    >
      <ChartHeader title={title} subtitle={subtitle} legend={legend} />
      <XAxis
        type="number"
        dataKey="x"
        domain={[xMin, xMax]}
        ticks={xTicks}
        {...bottomAxis(`Time (${timeUnit}, ${props.transform ?? 'KM'} scale)`)}
        tickFormatter={(v: number) => formatNumber(Math.round(timeAtTransformed(sortedX, sortedTime, v)))}
      />
      <YAxis
        type="number"
        dataKey="y"
        domain={[yTicks[0], yTicks[yTicks.length - 1]]}
        ticks={yTicks}
        {...leftAxis(`Beta(t) for ${props.term}`)}
      />
      {props.coefficient !== undefined && props.coefficient !== null ? (
        <ReferenceLine y={props.coefficient} stroke={REFERENCE_LINE_COLOUR} strokeDasharray="5 4" strokeWidth={1.5} />
      ) : null}
      <Scatter
        data={points}
        isAnimationActive={false}
        shape={(shape: { cx?: number; cy?: number }) => (
          <circle className="schoenfeld-point" cx={shape.cx} cy={shape.cy} r={2.5} fill={seriesColour(0)} fillOpacity={0.5} />
        )}
      />
      <Line
        className="schoenfeld-smooth"
        data={smoothLine}
        dataKey="y"
        type="linear"
        dot={false}
        activeDot={false}
        stroke={seriesColour(1)}
        strokeWidth={2.5}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}

/** Memoised: a view re-rendering for another reason (a new model being computed) does not redo the smooth and redraw the residuals. */
export const SchoenfeldPlot = memo(SchoenfeldPlotImpl);
