/**
 * Forest plot of hazard ratios (the `analyze cox` coefficients): one row per term, a square at the HR and a
 * line over its confidence interval on a log axis, a dashed reference line at HR = 1, the term at the left and
 * "HR (lower–upper)" with p at the right. An interval running off the axis ends in an arrow. The reference
 * level of a categorical covariate has a row of its own: an open square at 1 and "1 (reference)".
 */
import { memo } from 'react';
import { ComposedChart, ReferenceLine, Scatter, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { CHAR_WIDTH, ChartHeader, headerHeight } from './ChartHeader';
import { FONT_FAMILY, FONT_SIZE, REFERENCE_LINE_COLOUR, TEXT_COLOUR, seriesColour } from './palette';
import { bottomAxis, chartFrame } from './chart-frame';
import { logTicks } from './ticks';
import type { HazardRatioRow } from './types';
import { formatCI, formatNumber, formatP } from '../format';

export interface ForestPlotProps {
  width: number;
  height: number;
  rows: readonly HazardRatioRow[];
  title?: string;
  subtitle?: string;
  /** Confidence level of the intervals, for the axis label (default 0.95). */
  confLevel?: number;
}

function isPositive(value: number | null): value is number {
  return value !== null && Number.isFinite(value) && value > 0;
}

/** The right-hand label of a row: "HR (lower–upper)  p = …". */
export function hazardRatioLabel(row: HazardRatioRow): string {
  if (row.reference) return '1 (reference)';
  const p = formatP(row.p);
  return `${formatNumber(row.hr, 2)} ${formatCI(row.hrLower, row.hrUpper, 2)}  p ${p.startsWith('<') ? p : `= ${p}`}`;
}

function ForestPlotImpl(props: ForestPlotProps) {
  const title = props.title ?? 'Hazard ratios';
  const level = Math.round((props.confLevel ?? 0.95) * 100);
  const finite = props.rows.flatMap((r) => [r.hr, r.hrLower, r.hrUpper]).filter(isPositive);
  const ticks = logTicks(Math.min(1, ...finite), Math.max(1, ...finite));
  const domain: [number, number] = [ticks[0], ticks[ticks.length - 1]];
  const labels = props.rows.map(hazardRatioLabel);
  const left = 12 + Math.max(4, ...props.rows.map((r) => r.term.length)) * CHAR_WIDTH;
  const right = 16 + Math.max(...labels.map((l) => l.length), 10) * CHAR_WIDTH;
  const points = props.rows.map((r, row) => ({ hr: r.hr, row, reference: r.reference === true })).filter((p) => isPositive(p.hr));
  const summary =
    `${title}. Forest plot of ${props.rows.length} hazard ratio${props.rows.length === 1 ? '' : 's'} with ${level}% confidence intervals on a log scale. ` +
    props.rows.map((r, i) => `${r.term}: ${labels[i]}`).join('; ') +
    '.';
  return (
    <ComposedChart
      {...chartFrame({
        width: props.width,
        height: props.height,
        margin: { top: headerHeight(props.subtitle, undefined) + 8, right, bottom: 8, left },
        title,
        summary,
        chart: 'forest',
      })}
    >
      <ChartHeader title={title} subtitle={props.subtitle} />
      <XAxis
        type="number"
        dataKey="hr"
        scale="log"
        domain={domain}
        ticks={ticks}
        allowDataOverflow
        {...bottomAxis(`Hazard ratio (${level}% CI, log scale)`)}
        tickFormatter={(v: number) => String(Number(v.toPrecision(3)))}
      />
      <YAxis type="number" dataKey="row" domain={[-0.5, props.rows.length - 0.5]} reversed hide />
      <ReferenceLine x={1} stroke={REFERENCE_LINE_COLOUR} strokeDasharray="4 4" />
      <ForestRows rows={props.rows} labels={labels} domain={domain} />
      <Scatter
        className="forest-estimates"
        data={points}
        dataKey="row"
        isAnimationActive={false}
        shape={(shape: { cx?: number; cy?: number; payload?: { reference?: boolean } }) =>
          shape.payload?.reference ? (
            <rect className="forest-estimate forest-reference" x={(shape.cx ?? 0) - 5} y={(shape.cy ?? 0) - 5} width={10} height={10} fill="#ffffff" stroke={seriesColour(0)} strokeWidth={1.5} />
          ) : (
            <rect className="forest-estimate" x={(shape.cx ?? 0) - 5} y={(shape.cy ?? 0) - 5} width={10} height={10} fill={seriesColour(0)} />
          )
        }
      />
    </ComposedChart>
  );
}

function ForestRows(props: { rows: readonly HazardRatioRow[]; labels: readonly string[]; domain: [number, number] }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  if (!xScale || !yScale || !plot) return null;
  const clamp = (v: number) => Math.min(props.domain[1], Math.max(props.domain[0], v));
  return (
    <g className="forest-rows" fontFamily={FONT_FAMILY} fontSize={FONT_SIZE} fill={TEXT_COLOUR}>
      {props.rows.map((row, i) => {
        const y = yScale(i) as number;
        const lowerOff = !isPositive(row.hrLower) || row.hrLower < props.domain[0];
        const upperOff = !isPositive(row.hrUpper) || row.hrUpper > props.domain[1];
        const x1 = xScale(isPositive(row.hrLower) ? clamp(row.hrLower) : props.domain[0]) as number;
        const x2 = xScale(isPositive(row.hrUpper) ? clamp(row.hrUpper) : props.domain[1]) as number;
        const hasInterval = isPositive(row.hr) && !row.reference;
        return (
          <g key={`${row.term}-${i}`} className={row.reference ? 'forest-row forest-reference-row' : 'forest-row'} data-term={row.term}>
            <text x={plot.x - 10} y={y} dy="0.35em" textAnchor="end">
              {row.term}
            </text>
            {hasInterval ? (
              <>
                <line className="forest-interval" x1={x1} x2={x2} y1={y} y2={y} stroke={seriesColour(0)} strokeWidth={2} />
                {lowerOff ? <path d={`M${x1 + 6},${y - 4}L${x1},${y}L${x1 + 6},${y + 4}`} stroke={seriesColour(0)} fill="none" /> : null}
                {upperOff ? <path d={`M${x2 - 6},${y - 4}L${x2},${y}L${x2 - 6},${y + 4}`} stroke={seriesColour(0)} fill="none" /> : null}
              </>
            ) : null}
            <text className="forest-label" x={plot.x + plot.width + 12} y={y} dy="0.35em">
              {props.labels[i]}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Memoised: a view re-rendering for another reason (a new model being computed) does not redraw an unchanged plot. */
export const ForestPlot = memo(ForestPlotImpl);
