/**
 * Kaplan–Meier survival curves per group (the `analyze km` result's groups[].table), drawn as R's
 * plot.survfit draws them: right-continuous steps from (0, 1), optional pointwise CI bands, "+" censor marks,
 * and a number-at-risk table under the x axis at the x ticks (inside the same <svg>, so exports carry it).
 * The time axis ends at the last follow-up time drawn (R's xlim = range of the times), not at a round tick
 * beyond it. Optionally the log-rank p in the lower left of the plot, as survminer's ggsurvplot(pval = TRUE)
 * prints it (off unless asked for, as there). Geometry lives in km-geometry.ts.
 */
import { memo } from 'react';
import { ComposedChart, XAxis, YAxis, useXAxisScale, useYAxisScale, usePlotArea } from 'recharts';
import {
  atRiskAtTicks,
  censorMarks,
  confidenceBandSteps,
  cumulativeEventsAtTicks,
  suppressedCount,
  survivalSteps,
  visibleRowCount,
} from './km-geometry';
import { CHAR_WIDTH, ChartHeader, headerHeight, type LegendItem } from './ChartHeader';
import { FONT_FAMILY, FONT_SIZE, MUTED_TEXT_COLOUR, TEXT_COLOUR, repeatedColoursNote, seriesColour, seriesDash } from './palette';
import { bottomAxis, chartFrame, leftAxis, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './chart-frame';
import { niceTicksWithin } from './ticks';
import { PlotBand, PlotLine } from './plot-path';
import type { ChartFrameProps, KmGroup } from './types';
import { formatNumber, formatP, formatTick } from '../format';

export interface KaplanMeierChartProps extends Partial<Pick<ChartFrameProps, 'title' | 'subtitle'>> {
  width: number;
  height: number;
  groups: readonly (KmGroup & { median?: { estimate: number | null } })[];
  /** Unit of the time axis; days throughout the app. */
  timeUnit?: string;
  showConfidenceBands?: boolean;
  showCensorMarks?: boolean;
  showAtRiskTable?: boolean;
  /** Adds cumulative events to the at-risk table as "n (events)". */
  showCumulativeEvents?: boolean;
  /** Stop each curve once fewer than this many remain at risk (small-cell suppression). */
  minAtRisk?: number;
  /** Print counts from 1 to k − 1 as "<k" in the at-risk table. */
  suppressBelow?: number;
  /** x ticks (also the at-risk columns); default: round steps from 0 up to the last drawn time. */
  ticks?: readonly number[];
  /** End of the time axis when charts side by side share one; default: the last time drawn. */
  axisEnd?: number;
  yLabel?: string;
  /** The accessible description, when the default (participants and events per curve) does not fit, e.g. adjusted curves. */
  summary?: string;
  /** A test's p-value printed in the lower left of the plot ("Log-rank p = 0.012"); nothing when absent. */
  pValue?: { p: number | null; label?: string };
}

const TABLE_ROW = 18;
/** Space between a group's name and its first count in the at-risk table. */
const AT_RISK_GAP = 10;

/** The text of one at-risk cell: the count, with the cumulative events in brackets when asked for. */
function atRiskText(atRisk: number, events: number | null, suppressBelow?: number): string {
  return suppressedCount(atRisk, suppressBelow) + (events === null ? '' : ` (${suppressedCount(events, suppressBelow)})`);
}

/** The text printed for a p-value on the plot: "Log-rank p = 0.012", "Log-rank p < 0.001". */
export function pValueText(p: number | null, label = 'Log-rank p'): string {
  const text = formatP(p);
  return text.startsWith('<') ? `${label} < ${text.slice(1)}` : `${label} = ${text}`;
}

function KaplanMeierChartImpl(props: KaplanMeierChartProps) {
  const timeUnit = props.timeUnit ?? 'days';
  const title = props.title ?? 'Kaplan–Meier survival';
  const showAtRisk = props.showAtRiskTable ?? true;
  const groups = props.groups.map((group, index) => {
    const rowCount = visibleRowCount(group.table, props.minAtRisk);
    const steps = survivalSteps(group.table, rowCount);
    const band = props.showConfidenceBands ? confidenceBandSteps(group.table, rowCount) : [];
    return { ...group, index, colour: seriesColour(index), dash: seriesDash(index), rowCount, steps, band };
  });
  const lastTime = Math.max(0, ...groups.map((g) => (g.rowCount > 0 ? g.table[g.rowCount - 1].time : 0)));
  // The axis ends at the last follow-up time drawn; ticks (and at-risk columns) beyond it are dropped.
  const xMax = props.axisEnd ?? (lastTime > 0 ? lastTime : Math.max(1, ...(props.ticks ?? [])));
  const ticks = props.ticks ? props.ticks.filter((tick) => tick <= xMax) : lastTime > 0 || props.axisEnd !== undefined ? niceTicksWithin(xMax) : [0, 1];
  const legend: LegendItem[] = groups.length > 1 ? groups.map((g) => ({ label: g.group, colour: g.colour, dash: g.dash })) : [];
  const note = repeatedColoursNote(groups.length);
  const top = headerHeight(props.subtitle, legend, { width: props.width, note });
  const tableHeight = showAtRisk ? TABLE_ROW * (groups.length + 1) + 10 : 0;
  const longestLabel = Math.max(0, ...groups.map((g) => g.group.length));
  // The group names end AT_RISK_GAP before the widest count of the first column starts (it is centred on its tick).
  const firstTick = ticks[0] ?? 0;
  const firstCounts = groups.map((g) =>
    atRiskText(atRiskAtTicks(g.table, [firstTick])[0], props.showCumulativeEvents ? cumulativeEventsAtTicks(g.table, [firstTick])[0] : null, props.suppressBelow),
  );
  const halfFirstCount = (Math.max(0, ...firstCounts.map((t) => t.length)) * CHAR_WIDTH) / 2;
  const left = showAtRisk ? Math.max(8, 12 + longestLabel * CHAR_WIDTH + AT_RISK_GAP + halfFirstCount - Y_AXIS_WIDTH) : 8;

  return (
    <ComposedChart
      {...chartFrame({
        width: props.width,
        height: props.height,
        margin: { top, right: 24, bottom: tableHeight + 4, left },
        title,
        summary: props.summary ?? kmSummary(props.groups, timeUnit, title),
        chart: 'kaplan-meier',
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
        domain={[0, 1]}
        ticks={[0, 0.25, 0.5, 0.75, 1]}
        // The curves are drawn by PlotLine, not by recharts series, so the y scale comes from this fixed domain alone.
        allowDataOverflow
        {...leftAxis(props.yLabel ?? 'Survival probability')}
        tickFormatter={(v: number) => formatNumber(v, 2)}
      />
      {props.showConfidenceBands
        ? groups.map((g) => <PlotBand key={`band-${g.index}`} className="km-band" group={g.group} points={g.band} fill={g.colour} fillOpacity={0.15} />)
        : null}
      {groups.map((g) => (
        <PlotLine key={`curve-${g.index}`} className="km-curve" group={g.group} points={g.steps} stroke={g.colour} dash={g.dash} strokeWidth={2} />
      ))}
      {props.showCensorMarks ?? true ? <CensorMarks groups={groups} /> : null}
      {props.pValue ? <PValue text={pValueText(props.pValue.p, props.pValue.label)} /> : null}
      {showAtRisk ? (
        <AtRiskTable
          groups={groups}
          ticks={ticks}
          showCumulativeEvents={props.showCumulativeEvents ?? false}
          suppressBelow={props.suppressBelow}
        />
      ) : null}
    </ComposedChart>
  );
}

type PlacedGroup = KmGroup & { index: number; colour: string; dash: string | undefined; rowCount: number };

/** The p-value in the lower left of the plot area, where survival curves starting at 1 seldom are. */
function PValue(props: { text: string }) {
  const plot = usePlotArea();
  if (!plot) return null;
  return (
    <text className="km-p-value" x={plot.x + 12} y={plot.y + plot.height - 12} fontFamily={FONT_FAMILY} fontSize={FONT_SIZE + 1} fill={TEXT_COLOUR}>
      {props.text}
    </text>
  );
}

function CensorMarks(props: { groups: readonly PlacedGroup[] }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  if (!xScale || !yScale) return null;
  const half = 4;
  return (
    <g className="km-censor-marks">
      {props.groups.map((g) => {
        const marks = censorMarks(g.table, g.rowCount);
        if (marks.length === 0) return null;
        const d = marks
          .map((m) => {
            const x = xScale(m.time) as number;
            const y = yScale(m.value) as number;
            return `M${x - half},${y}h${2 * half}M${x},${y - half}v${2 * half}`;
          })
          .join('');
        return <path key={g.index} className="km-censor" data-group={g.group} d={d} stroke={g.colour} strokeWidth={1.5} fill="none" />;
      })}
    </g>
  );
}

function AtRiskTable(props: {
  groups: readonly PlacedGroup[];
  ticks: readonly number[];
  showCumulativeEvents: boolean;
  suppressBelow?: number;
}) {
  const xScale = useXAxisScale();
  const plot = usePlotArea();
  if (!xScale || !plot) return null;
  const top = plot.y + plot.height + X_AXIS_HEIGHT + 16;
  const heading = props.showCumulativeEvents ? 'Number at risk (cumulative events)' : 'Number at risk';
  return (
    <g className="km-at-risk" fontFamily={FONT_FAMILY} fontSize={FONT_SIZE}>
      <text x={12} y={top} fill={MUTED_TEXT_COLOUR} fontWeight={600}>
        {heading}
      </text>
      {props.groups.map((g, row) => {
        const y = top + TABLE_ROW * (row + 1);
        // Counts come from the whole table: a curve cut for small cells still reports its (suppressed) counts.
        const atRisk = atRiskAtTicks(g.table, props.ticks);
        const events = props.showCumulativeEvents ? cumulativeEventsAtTicks(g.table, props.ticks) : null;
        return (
          <g key={g.index} className="km-at-risk-row" data-group={g.group}>
            <text x={12} y={y} fill={g.colour} fontWeight={600}>
              {g.group}
            </text>
            {props.ticks.map((tick, i) => (
              <text
                key={tick}
                className="km-at-risk-count"
                data-tick={tick}
                x={xScale(tick) as number}
                y={y}
                textAnchor="middle"
                fill={TEXT_COLOUR}
              >
                {atRiskText(atRisk[i], events ? events[i] : null, props.suppressBelow)}
              </text>
            ))}
          </g>
        );
      })}
    </g>
  );
}

/** Accessible name: what the chart shows, group by group. */
export function kmSummary(
  groups: readonly (KmGroup & { median?: { estimate: number | null } })[],
  timeUnit: string,
  title: string,
): string {
  const parts = groups.map((g) => {
    const n = g.n ?? (g.table.length > 0 ? g.table[0].nRisk : 0);
    const events = g.events ?? g.table.reduce((sum, row) => sum + row.nEvent, 0);
    const median = g.median ? `, median ${formatNumber(g.median.estimate, 1)} ${timeUnit}` : '';
    return `${g.group}: n = ${n}, ${events} events${median}`;
  });
  const count = groups.length === 1 ? '1 curve' : `${groups.length} curves`;
  return `${title}. ${count} of survival probability against time in ${timeUnit}. ${parts.join('; ')}.`;
}

/** Memoised: a view re-rendering for another reason (a new grouping being computed) does not redraw an unchanged chart. */
export const KaplanMeierChart = memo(KaplanMeierChartImpl);
