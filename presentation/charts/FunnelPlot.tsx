/**
 * Funnel plot of observed against expected relapses per site (the `analyze sites` result): each site a
 * point at x = expected relapses E and y = its ratio O/E, the 95% and 99.8% limits (Spiegelhalter 2005,
 * the result's `limits` on a grid of E) as dashed and dotted lines, and a reference line at 1 (as many as
 * expected). Sites outside the 95% limits are named beside their point; the chart's accessible name says
 * which. No site is ranked: the points keep the result's order.
 * With kind 'proportion' it draws the relapse-free proportion at a day (`analyze sites --at-day`): x the
 * participants whose status at the day is known, y the proportion on [0, 1], binomial limits around the
 * overall proportion (`target`); the caller passes each site's n as `expected` and its proportion as `ratio`.
 */
import { memo } from 'react';
import { ComposedChart, Line, ReferenceLine, Scatter, XAxis, YAxis, useXAxisScale, useYAxisScale } from 'recharts';
import { ChartHeader, headerHeight, type LegendItem } from './ChartHeader';
import { FONT_FAMILY, FONT_SIZE, OKABE_ITO, REFERENCE_LINE_COLOUR, TEXT_COLOUR, seriesColour } from './palette';
import { bottomAxis, chartFrame, leftAxis } from './chart-frame';
import { niceTicksFromZero } from './ticks';
import { formatNumber, formatTick } from '../format';

export interface FunnelSite {
  group: string;
  expected: number;
  ratio: number | null;
  outside95: boolean;
  outside998: boolean;
}

export interface FunnelLimitRow {
  expected: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelPlotProps {
  width: number;
  height: number;
  sites: readonly FunnelSite[];
  limits: readonly FunnelLimitRow[];
  title?: string;
  subtitle?: string;
  /** 'ratio' (default): O/E against E around 1; 'proportion': relapse-free proportion against n around `target`. */
  kind?: 'ratio' | 'proportion';
  /** The reference line (default 1; for a proportion, the overall proportion). */
  target?: number;
}

const LIMIT_COLOUR = OKABE_ITO.vermillion;
const POINT_COLOUR = seriesColour(0);
const OUTSIDE_COLOUR = OKABE_ITO.vermillion;

/** The y range: the sites' ratios and the 95% limits at the smallest site, at least 0 to 2. */
export function funnelYMax(sites: readonly FunnelSite[], limits: readonly FunnelLimitRow[]): number {
  const ratios = sites.map((s) => s.ratio).filter((r): r is number => r !== null && Number.isFinite(r));
  const smallest = Math.min(...sites.filter((s) => s.expected > 0).map((s) => s.expected));
  const near = limits.find((l) => l.expected >= smallest);
  const top = Math.max(2, ...ratios.map((r) => r * 1.1), near ? near.upper95 * 1.05 : 0);
  const ticks = niceTicksFromZero(top);
  return ticks[ticks.length - 1];
}

/** Accessible name: what is drawn and which sites lie outside the limits. */
export function funnelSummary(title: string, sites: readonly FunnelSite[], kind: 'ratio' | 'proportion' = 'ratio', target = 1): string {
  const outside = sites.filter((s) => s.outside95);
  const value = kind === 'ratio' ? 'ratio' : 'proportion';
  const named = outside.map((s) => `${s.group} (${value} ${formatNumber(s.ratio, 2)}${s.outside998 ? ', also outside the 99.8% limits' : ''})`);
  const where = outside.length === 0 ? 'All sites lie within the 95% limits.' : `Outside the 95% limits: ${named.join('; ')}.`;
  const what =
    kind === 'ratio'
      ? 'observed/expected relapse ratio against expected relapses, with 95% and 99.8% limits around 1'
      : `proportion relapse-free against participants whose status is known, with 95% and 99.8% limits around the overall ${formatNumber(target, 2)}`;
  return `${title}. Funnel plot of ${sites.length} site${sites.length === 1 ? '' : 's'}: ${what}. ${where}`;
}

function FunnelPlotImpl(props: FunnelPlotProps) {
  const kind = props.kind ?? 'ratio';
  const target = props.target ?? 1;
  const title = props.title ?? (kind === 'ratio' ? 'Relapses against expected, by site' : 'Relapse-free proportion, by site');
  const legend: LegendItem[] = [
    { label: 'Site', colour: POINT_COLOUR, kind: 'box' },
    { label: '95% limits', colour: LIMIT_COLOUR, dashed: true },
    { label: '99.8% limits', colour: TEXT_COLOUR, dashed: true },
  ];
  const largest = Math.max(1e-9, ...props.sites.map((s) => s.expected), ...props.limits.map((l) => l.expected));
  const xTicks = niceTicksFromZero(largest * 1.05);
  const yMax = kind === 'ratio' ? funnelYMax(props.sites, props.limits) : 1;
  const yTicks = niceTicksFromZero(yMax);
  const points = props.sites.filter((s) => s.ratio !== null && Number.isFinite(s.ratio)).map((s) => ({ ...s, x: s.expected, y: s.ratio as number }));
  const limitLine = (key: keyof FunnelLimitRow, dash: string, colour: string) => (
    <Line
      key={key}
      className={`funnel-limit funnel-${key}`}
      data={props.limits as FunnelLimitRow[]}
      dataKey={key}
      type="linear"
      dot={false}
      activeDot={false}
      stroke={colour}
      strokeWidth={1.5}
      strokeDasharray={dash}
      isAnimationActive={false}
      legendType="none"
    />
  );
  return (
    <ComposedChart
      {...chartFrame({
        width: props.width,
        height: props.height,
        margin: { top: headerHeight(props.subtitle, legend), right: 24, bottom: 8, left: 8 },
        title,
        summary: funnelSummary(title, props.sites, kind, target),
        chart: 'funnel',
      })}
    >
      <ChartHeader title={title} subtitle={props.subtitle} legend={legend} />
      <XAxis type="number" dataKey="expected" domain={[0, xTicks[xTicks.length - 1]]} ticks={xTicks} allowDataOverflow {...bottomAxis(kind === 'ratio' ? 'Expected relapses (given the measured factors)' : 'Participants whose status at the day is known')} tickFormatter={formatTick} />
      <YAxis
        type="number"
        domain={[0, yMax]}
        ticks={yTicks}
        allowDataOverflow
        {...leftAxis(kind === 'ratio' ? 'Observed / expected relapses' : 'Proportion relapse-free')}
        tickFormatter={(v: number) => formatNumber(v, kind === 'ratio' ? 1 : 2)}
      />
      <ReferenceLine y={target} stroke={REFERENCE_LINE_COLOUR} strokeWidth={1.5} />
      {limitLine('upper998', '2 3', TEXT_COLOUR)}
      {limitLine('lower998', '2 3', TEXT_COLOUR)}
      {limitLine('upper95', '6 4', LIMIT_COLOUR)}
      {limitLine('lower95', '6 4', LIMIT_COLOUR)}
      <Scatter
        className="funnel-sites"
        data={points}
        dataKey="y"
        isAnimationActive={false}
        shape={(shape: { cx?: number; cy?: number; payload?: FunnelSite }) => {
          const outside = shape.payload?.outside95 ?? false;
          return (
            <circle
              className={outside ? 'funnel-site funnel-site-outside' : 'funnel-site'}
              data-group={shape.payload?.group}
              cx={shape.cx ?? 0}
              cy={shape.cy ?? 0}
              r={5}
              fill={outside ? OUTSIDE_COLOUR : POINT_COLOUR}
              stroke="#ffffff"
              strokeWidth={1}
            />
          );
        }}
      />
      <OutsideLabels sites={points} yMax={yMax} />
    </ComposedChart>
  );
}

/** Names beside the sites outside the 95% limits. */
function OutsideLabels(props: { sites: readonly (FunnelSite & { x: number; y: number })[]; yMax: number }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  if (!xScale || !yScale) return null;
  return (
    <g className="funnel-labels" fontFamily={FONT_FAMILY} fontSize={FONT_SIZE} fill={TEXT_COLOUR}>
      {props.sites
        .filter((s) => s.outside95)
        .map((s) => (
          <text key={s.group} className="funnel-label" data-group={s.group} x={(xScale(s.x) as number) + 8} y={yScale(Math.min(s.y, props.yMax)) as number} dy="0.35em">
            {s.group}
          </text>
        ))}
    </g>
  );
}

/** Memoised: a view re-rendering for another reason does not redraw an unchanged plot. */
export const FunnelPlot = memo(FunnelPlotImpl);
