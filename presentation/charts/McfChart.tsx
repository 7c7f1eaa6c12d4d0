/**
 * Mean cumulative function per group (the `analyze recurrent` result's mcf[].rows): the mean number of
 * relapses per participant over time, an increasing step function from (0, 0) as R's
 * plot(survfit(Surv(start, stop, event) ~ group, id = id), cumhaz = TRUE) draws it, with its pointwise CI
 * band and the number at risk under the x axis at the x ticks (inside the same <svg>, so exports carry
 * it). The geometry mirrors km-geometry.ts (KaplanMeierChart), upside down: steps rise instead of fall.
 */
import { memo } from 'react';
import { Area, ComposedChart, Line, XAxis, YAxis, useXAxisScale, usePlotArea } from 'recharts';
import { CHAR_WIDTH, ChartHeader, headerHeight, type LegendItem } from './ChartHeader';
import { FONT_FAMILY, FONT_SIZE, MUTED_TEXT_COLOUR, TEXT_COLOUR, seriesColour } from './palette';
import { bottomAxis, chartFrame, leftAxis, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './chart-frame';
import { niceTicksFromZero, niceTicksWithin } from './ticks';
import type { StepPoint, BandPoint } from './km-geometry';
import { formatNumber, formatTick } from '../format';

/** One row of the MCF table: one per distinct stop time of the group (events and censorings), as survfit's rows. */
export interface McfRow {
  time: number;
  mcf: number;
  lower: number | null;
  upper: number | null;
  atRisk: number;
  events: number;
}

export interface McfCurve {
  group: string;
  participants: number;
  events: number;
  rows: readonly McfRow[];
}

export interface McfChartProps {
  width: number;
  height: number;
  curves: readonly McfCurve[];
  title?: string;
  subtitle?: string;
  timeUnit?: string;
  showConfidenceBands?: boolean;
  showAtRiskTable?: boolean;
}

const TABLE_ROW = 18;

/** The MCF as explicit step vertices from (0, 0): for each row (t, MCF before t) and (t, MCF(t)). */
export function mcfSteps(rows: readonly McfRow[]): StepPoint[] {
  const points: StepPoint[] = [{ time: 0, value: 0 }];
  let previous = 0;
  for (const row of rows) {
    if (row.mcf !== previous) points.push({ time: row.time, value: previous });
    points.push({ time: row.time, value: row.mcf });
    previous = row.mcf;
  }
  return points;
}

/** The pointwise CI band as step vertices, [0, 0] until the first relapse (where the log CI is null, as R's NA). */
export function mcfBandSteps(rows: readonly McfRow[]): BandPoint[] {
  const points: BandPoint[] = [{ time: 0, band: [0, 0] }];
  let lower = 0;
  let upper = 0;
  for (const row of rows) {
    const nextLower = row.lower ?? row.mcf;
    const nextUpper = row.upper ?? row.mcf;
    points.push({ time: row.time, band: [lower, upper] });
    points.push({ time: row.time, band: [nextLower, nextUpper] });
    lower = nextLower;
    upper = nextUpper;
  }
  return points;
}

/** Number at risk at each tick: that of the first row at or after it (0 past the last row), as the KM chart. */
export function mcfAtRiskAtTicks(rows: readonly McfRow[], ticks: readonly number[]): number[] {
  return ticks.map((tick) => rows.find((r) => r.time >= tick)?.atRisk ?? 0);
}

function McfChartImpl(props: McfChartProps) {
  const timeUnit = props.timeUnit ?? 'days';
  const title = props.title ?? 'Mean number of relapses per participant';
  const showAtRisk = props.showAtRiskTable ?? true;
  const showBands = props.showConfidenceBands ?? true;
  const curves = props.curves.map((curve, index) => ({ ...curve, index, colour: seriesColour(index) }));
  const lastTime = Math.max(0, ...curves.map((c) => (c.rows.length > 0 ? c.rows[c.rows.length - 1].time : 0)));
  // The time axis ends at the last time (as the Kaplan–Meier chart's), its ticks not beyond it.
  const ticks = lastTime > 0 ? niceTicksWithin(lastTime) : [0, 1];
  const xMax = lastTime > 0 ? lastTime : 1;
  const top = Math.max(0, ...curves.flatMap((c) => c.rows.map((r) => (showBands ? (r.upper ?? r.mcf) : r.mcf))));
  const yTicks = niceTicksFromZero(top, 5);
  const legend: LegendItem[] = curves.length > 1 ? curves.map((c) => ({ label: c.group, colour: c.colour })) : [];
  const headTop = headerHeight(props.subtitle, legend, { width: props.width });
  const tableHeight = showAtRisk ? TABLE_ROW * (curves.length + 1) + 10 : 0;
  const longestLabel = Math.max(0, ...curves.map((c) => c.group.length));
  const left = showAtRisk ? Math.max(8, 12 + longestLabel * CHAR_WIDTH + 24 - Y_AXIS_WIDTH) : 8;

  return (
    <ComposedChart
      {...chartFrame({
        width: props.width,
        height: props.height,
        margin: { top: headTop, right: 24, bottom: tableHeight + 4, left },
        title,
        summary: mcfSummary(props.curves, timeUnit, title),
        chart: 'mcf',
      })}
    >
      <ChartHeader title={title} subtitle={props.subtitle} legend={legend} width={props.width} />
      <XAxis type="number" dataKey="time" domain={[0, xMax]} ticks={ticks} allowDataOverflow {...bottomAxis(`Time (${timeUnit})`)} tickFormatter={formatTick} />
      <YAxis
        type="number"
        domain={[0, yTicks[yTicks.length - 1]]}
        ticks={yTicks}
        allowDataOverflow
        {...leftAxis('Mean relapses per participant')}
        tickFormatter={(v: number) => formatNumber(v, 2)}
      />
      {showBands
        ? curves.map((c) => (
            <Area
              key={`band-${c.index}`}
              className="mcf-band"
              data={mcfBandSteps(c.rows)}
              dataKey="band"
              type="linear"
              fill={c.colour}
              fillOpacity={0.15}
              stroke="none"
              isAnimationActive={false}
              legendType="none"
            />
          ))
        : null}
      {curves.map((c) => (
        <Line
          key={`curve-${c.index}`}
          className="mcf-curve"
          data={mcfSteps(c.rows)}
          dataKey="value"
          name={c.group}
          type="linear"
          dot={false}
          activeDot={false}
          stroke={c.colour}
          strokeWidth={2}
          isAnimationActive={false}
        />
      ))}
      {showAtRisk ? <AtRiskTable curves={curves} ticks={ticks} /> : null}
    </ComposedChart>
  );
}

function AtRiskTable(props: { curves: readonly (McfCurve & { index: number; colour: string })[]; ticks: readonly number[] }) {
  const xScale = useXAxisScale();
  const plot = usePlotArea();
  if (!xScale || !plot) return null;
  const top = plot.y + plot.height + X_AXIS_HEIGHT + 16;
  return (
    <g className="mcf-at-risk" fontFamily={FONT_FAMILY} fontSize={FONT_SIZE}>
      <text x={12} y={top} fill={MUTED_TEXT_COLOUR} fontWeight={600}>
        Number at risk
      </text>
      {props.curves.map((c, row) => {
        const y = top + TABLE_ROW * (row + 1);
        const atRisk = mcfAtRiskAtTicks(c.rows, props.ticks);
        return (
          <g key={c.index} className="mcf-at-risk-row" data-group={c.group}>
            <text x={12} y={y} fill={c.colour} fontWeight={600}>
              {c.group}
            </text>
            {props.ticks.map((tick, i) => (
              <text key={tick} className="mcf-at-risk-count" data-tick={tick} x={xScale(tick) as number} y={y} textAnchor="middle" fill={TEXT_COLOUR}>
                {atRisk[i]}
              </text>
            ))}
          </g>
        );
      })}
    </g>
  );
}

/** Accessible name: what the chart shows, curve by curve. */
export function mcfSummary(curves: readonly McfCurve[], timeUnit: string, title: string): string {
  const parts = curves.map((c) => {
    const last = c.rows[c.rows.length - 1];
    const end = last ? `, ${formatNumber(last.mcf, 2)} relapses per participant by ${formatNumber(last.time, 0)} ${timeUnit}` : '';
    return `${c.group}: ${c.participants} participants, ${c.events} relapses${end}`;
  });
  const count = curves.length === 1 ? '1 curve' : `${curves.length} curves`;
  return `${title}. ${count} of the mean cumulative number of relapses per participant against time in ${timeUnit}. ${parts.join('; ')}.`;
}

/** Memoised: a view re-rendering for another reason does not redraw an unchanged chart. */
export const McfChart = memo(McfChartImpl);
