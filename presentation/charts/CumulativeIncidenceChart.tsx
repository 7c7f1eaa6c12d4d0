/**
 * Cumulative incidence curves (Aalen–Johansen, the `analyze cuminc` result) per group and cause, as
 * right-continuous steps from (0, 0) as cmprsk's plot.cuminc draws them. With several groups and several
 * causes, colour marks the cause and the line pattern the group. The legend names every curve (group and
 * end of follow-up), wrapping onto more lines within the chart's width; the time axis ends at the last time.
 */
import { memo } from 'react';
import { ComposedChart, XAxis, YAxis } from 'recharts';
import { ChartHeader, headerHeight, type LegendItem } from './ChartHeader';
import { repeatedColoursNote, seriesColour, seriesDash } from './palette';
import { bottomAxis, chartFrame, leftAxis } from './chart-frame';
import { niceTicks, niceTicksWithin } from './ticks';
import { PlotLine } from './plot-path';
import type { CumulativeIncidenceCurve } from './types';
import { formatNumber, formatTick } from '../format';

export interface CumulativeIncidenceChartProps {
  width: number;
  height: number;
  curves: readonly CumulativeIncidenceCurve[];
  title?: string;
  subtitle?: string;
  timeUnit?: string;
  /** Label for a cause code, e.g. { '1': 'relapse', '2': 'death' }. */
  causeLabels?: Record<string, string>;
  ticks?: readonly number[];
}

const DASHES = [undefined, '6 4', '2 3', '10 3 2 3'];

/**
 * Step vertices of a right-continuous function given at its jump times: from (0, 0), each point
 * (t, F(t)) is preceded by (t, F before t). Points already in corner layout (repeated times) pass unchanged.
 */
export function incidenceSteps(points: readonly { time: number; estimate: number }[]): { time: number; value: number }[] {
  const steps: { time: number; value: number }[] = [];
  let previous = 0;
  if (points.length === 0 || points[0].time > 0) steps.push({ time: 0, value: 0 });
  for (const point of points) {
    if (steps.length > 0 && point.estimate !== previous) steps.push({ time: point.time, value: previous });
    steps.push({ time: point.time, value: point.estimate });
    previous = point.estimate;
  }
  return steps;
}

function CumulativeIncidenceChartImpl(props: CumulativeIncidenceChartProps) {
  const timeUnit = props.timeUnit ?? 'days';
  const title = props.title ?? 'Cumulative incidence';
  const groups = [...new Set(props.curves.map((c) => c.group))];
  const causes = [...new Set(props.curves.map((c) => c.cause))];
  const causeName = (cause: string) => props.causeLabels?.[cause] ?? `cause ${cause}`;
  const series = props.curves.map((curve, index) => {
    const g = groups.indexOf(curve.group);
    const c = causes.indexOf(curve.cause);
    const colourIndex = causes.length > 1 ? c : groups.length > 1 ? g : index;
    const dash = causes.length > 1 && groups.length > 1 ? DASHES[g % DASHES.length] : seriesDash(colourIndex);
    const label = groups.length > 1 ? `${curve.group}, ${causeName(curve.cause)}` : causeName(curve.cause);
    return { curve, colour: seriesColour(colourIndex), dash, label, steps: incidenceSteps(curve.points) };
  });
  // Loops, not Math.max(...spread): a curve can have more distinct times than a call takes arguments.
  let lastTime = 0;
  let maxEstimate = 0;
  for (const curve of props.curves) {
    for (const point of curve.points) {
      if (point.time > lastTime) lastTime = point.time;
      if (point.estimate > maxEstimate) maxEstimate = point.estimate;
    }
  }
  // The axis ends at the last time; ticks beyond it are dropped.
  const xMax = lastTime > 0 ? lastTime : Math.max(1, ...(props.ticks ?? []));
  const ticks = props.ticks ? props.ticks.filter((tick) => tick <= xMax) : lastTime > 0 ? niceTicksWithin(lastTime) : [0, 1];
  const note =
    causes.length > 1 && groups.length > DASHES.length
      ? `${groups.length} groups, ${DASHES.length} line patterns: the patterns repeat from group ${DASHES.length + 1} on.`
      : repeatedColoursNote(causes.length > 1 ? causes.length : series.length);
  const yTicks = niceTicks(0, Math.min(1, Math.max(maxEstimate, 0.05)), 5).filter((t) => t <= 1);
  const legend: LegendItem[] = series.map((s) => ({ label: s.label, colour: s.colour, dash: s.dash }));
  const summary =
    `${title}. ${series.length} cumulative incidence curve${series.length === 1 ? '' : 's'} against time in ${timeUnit}. ` +
    series
      .map((s) => `${s.label}: ${formatNumber(s.curve.points.at(-1)?.estimate ?? 0, 3)} by ${formatNumber(s.curve.points.at(-1)?.time ?? 0)} ${timeUnit}`)
      .join('; ') +
    '.';
  return (
    <ComposedChart
      {...chartFrame({
        width: props.width,
        height: props.height,
        margin: { top: headerHeight(props.subtitle, legend, { width: props.width, note }), right: 24, bottom: 8, left: 8 },
        title,
        summary,
        chart: 'cumulative-incidence',
      })}
    >
      <ChartHeader title={title} subtitle={props.subtitle} legend={legend} width={props.width} note={note} />
      <XAxis
        type="number"
        dataKey="time"
        domain={[0, xMax]}
        ticks={ticks}
        allowDataOverflow
        {...bottomAxis(`Time (${timeUnit})`)}
        tickFormatter={formatTick}
      />
      <YAxis
        type="number"
        domain={[0, yTicks[yTicks.length - 1]]}
        ticks={yTicks}
        // The curves are drawn by PlotLine, not by recharts series, so the y scale comes from this fixed domain alone.
        allowDataOverflow
        {...leftAxis('Cumulative incidence')}
        tickFormatter={(v: number) => formatNumber(v, 2)}
      />
      {series.map((s, i) => (
        <PlotLine key={i} className="cif-curve" group={s.label} points={s.steps} stroke={s.colour} dash={s.dash} strokeWidth={2} />
      ))}
    </ComposedChart>
  );
}

/** Memoised: a view re-rendering for another reason (a new grouping being computed) does not redraw an unchanged chart. */
export const CumulativeIncidenceChart = memo(CumulativeIncidenceChartImpl);
