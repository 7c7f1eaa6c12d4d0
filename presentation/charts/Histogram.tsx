/**
 * Histogram of a distribution (e.g. a factor score), from raw values (binned as R's hist, see
 * histogram-bins.ts) or from precomputed bins. The number used and the missing share are in the subtitle.
 */
import { memo } from 'react';
import { ComposedChart, Scatter, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { ChartHeader, headerHeight } from './ChartHeader';
import { seriesColour } from './palette';
import { bottomAxis, chartFrame, leftAxis } from './chart-frame';
import { binValues, type HistogramBin } from './histogram-bins';
import { niceTicksFromZero } from './ticks';
import { formatNumber, formatTick } from '../format';

export interface HistogramProps {
  width: number;
  height: number;
  /** Raw values; null or NaN counts as missing. */
  values?: ArrayLike<number | null>;
  /** Or precomputed bins, with the number of missing values beside them. */
  bins?: readonly HistogramBin[];
  missing?: number;
  /** Number of classes when binning raw values (default Sturges). */
  classCount?: number;
  title: string;
  xLabel: string;
}

export function missingSubtitle(n: number, missing: number): string {
  const total = n + missing;
  const share = total > 0 ? (100 * missing) / total : 0;
  return `n = ${n}; missing ${missing} of ${total} (${formatNumber(share, 1)}%)`;
}

function HistogramImpl(props: HistogramProps) {
  const binned = props.values ? binValues(props.values, props.classCount) : null;
  const bins = binned ? binned.bins : [...(props.bins ?? [])];
  const n = binned ? binned.n : bins.reduce((sum, b) => sum + b.count, 0);
  const missing = binned ? binned.missing : (props.missing ?? 0);
  const subtitle = missingSubtitle(n, missing);
  const breaks = bins.length > 0 ? [bins[0].lower, ...bins.map((b) => b.upper)] : [0, 1];
  const yTicks = niceTicksFromZero(Math.max(1, ...bins.map((b) => b.count)), 5);
  const summary = `${props.title}. Histogram of ${props.xLabel} in ${bins.length} bins from ${formatNumber(breaks[0])} to ${formatNumber(breaks[breaks.length - 1])}; ${subtitle}.`;
  return (
    <ComposedChart
      {...chartFrame({
        width: props.width,
        height: props.height,
        margin: { top: headerHeight(subtitle, undefined), right: 24, bottom: 8, left: 8 },
        title: props.title,
        summary,
        chart: 'histogram',
      })}
    >
      <ChartHeader title={props.title} subtitle={subtitle} />
      <XAxis
        type="number"
        dataKey="x"
        domain={[breaks[0], breaks[breaks.length - 1]]}
        ticks={breaks}
        {...bottomAxis(props.xLabel)}
        tickFormatter={formatTick}
      />
      <YAxis
        type="number"
        dataKey="y"
        domain={[0, yTicks[yTicks.length - 1]]}
        ticks={yTicks}
        {...leftAxis('Count')}
      />
      {/* An invisible series (bin midpoints) so recharts builds the axes; the bars are drawn from the scales. */}
      <Scatter
        data={bins.map((b) => ({ x: (b.lower + b.upper) / 2, y: b.count }))}
        dataKey="y"
        isAnimationActive={false}
        shape={() => <g />}
      />
      <HistogramBars bins={bins} />
    </ComposedChart>
  );
}

function HistogramBars(props: { bins: readonly HistogramBin[] }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  if (!xScale || !yScale || !plot) return null;
  const colour = seriesColour(0);
  return (
    <g className="histogram-bars">
      {props.bins.map((bin) => {
        const x1 = xScale(bin.lower) as number;
        const x2 = xScale(bin.upper) as number;
        const y = yScale(bin.count) as number;
        return (
          <rect
            key={bin.lower}
            className="histogram-bar"
            data-count={bin.count}
            x={x1}
            y={y}
            width={Math.max(0, x2 - x1)}
            height={Math.max(0, plot.y + plot.height - y)}
            fill={colour}
            fillOpacity={0.75}
            stroke="#ffffff"
          >
            <title>{`${formatNumber(bin.lower)} to ${formatNumber(bin.upper)}: ${bin.count}`}</title>
          </rect>
        );
      })}
    </g>
  );
}

/** Memoised: a view re-rendering for another reason (another result arriving) does not re-bin the values and redraw. */
export const Histogram = memo(HistogramImpl);
