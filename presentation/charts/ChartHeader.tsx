/**
 * Title, subtitle and legend drawn as SVG text inside a chart's own <svg>, so an exported chart carries them.
 * `headerHeight` tells a chart how much top margin to leave for them.
 */
import { FONT_FAMILY, FONT_SIZE, MUTED_TEXT_COLOUR, SUBTITLE_FONT_SIZE, TEXT_COLOUR, TITLE_FONT_SIZE } from './palette';

export interface LegendItem {
  label: string;
  colour: string;
  /** 'line' for curves, 'box' for filled marks. */
  kind?: 'line' | 'box';
  dashed?: boolean;
  /** The exact dash pattern of the series (wins over `dashed`). */
  dash?: string;
}

const TITLE_LINE = 22;
const SUBTITLE_LINE = 18;
const LEGEND_LINE = 20;
const NOTE_LINE = 18;
/** Rough advance of a 12 px sans-serif character, for laying out legend entries and label margins. */
export const CHAR_WIDTH = 7;

/** Options of the header beyond its title: the width legend entries wrap within, and a warning note line. */
export interface HeaderLayoutOptions {
  /** Chart width: legend entries that would run past it start a new line. Without it the legend is one line. */
  width?: number;
  /** A warning shown under the legend (e.g. colours repeating). */
  note?: string | null;
  x?: number;
}

/** Width of one legend entry: the 20 px mark, a gap, the label and the space before the next entry. */
function legendItemWidth(item: LegendItem): number {
  return 28 + item.label.length * CHAR_WIDTH + 16;
}

/** Where each legend entry goes: its line (0, 1, …) and its x; entries wrap within `width`. */
export function legendLayout(legend: readonly LegendItem[], x: number, width?: number): { line: number; x: number }[] {
  let cursor = x;
  let line = 0;
  return legend.map((item) => {
    const w = legendItemWidth(item);
    if (width !== undefined && cursor > x && cursor + w - 16 > width - 8) {
      line++;
      cursor = x;
    }
    const at = { line, x: cursor };
    cursor += w;
    return at;
  });
}

function legendLines(legend: readonly LegendItem[] | undefined, x: number, width?: number): number {
  if (!legend || legend.length === 0) return 0;
  return Math.max(...legendLayout(legend, x, width).map((p) => p.line)) + 1;
}

export function headerHeight(subtitle: string | undefined, legend: readonly LegendItem[] | undefined, options: HeaderLayoutOptions = {}): number {
  const x = options.x ?? 12;
  return 8 + TITLE_LINE + (subtitle ? SUBTITLE_LINE : 0) + legendLines(legend, x, options.width) * LEGEND_LINE + (options.note ? NOTE_LINE : 0) + 6;
}

export function ChartHeader(props: { title: string; subtitle?: string; legend?: readonly LegendItem[] } & HeaderLayoutOptions) {
  const x = props.x ?? 12;
  let y = 8 + TITLE_LINE - 6;
  const titleY = y;
  const subtitleY = props.subtitle ? (y += SUBTITLE_LINE) : 0;
  const legendTop = y + LEGEND_LINE;
  const places = props.legend ? legendLayout(props.legend, x, props.width) : [];
  y += legendLines(props.legend, x, props.width) * LEGEND_LINE;
  const noteY = props.note ? (y += NOTE_LINE) : 0;
  return (
    <g className="chart-header" fontFamily={FONT_FAMILY}>
      <text className="chart-title" x={x} y={titleY} fontSize={TITLE_FONT_SIZE} fontWeight={600} fill={TEXT_COLOUR}>
        {props.title}
      </text>
      {props.subtitle ? (
        <text className="chart-subtitle" x={x} y={subtitleY} fontSize={SUBTITLE_FONT_SIZE} fill={MUTED_TEXT_COLOUR}>
          {props.subtitle}
        </text>
      ) : null}
      {props.legend && props.legend.length > 0 ? (
        <g className="chart-legend">
          {props.legend.map((item, i) => {
            const at = places[i].x;
            const legendY = legendTop + places[i].line * LEGEND_LINE;
            return (
              <g key={item.label} className="chart-legend-item">
                {item.kind === 'box' ? (
                  <rect x={at} y={legendY - 10} width={18} height={10} fill={item.colour} />
                ) : (
                  <line
                    x1={at}
                    x2={at + 20}
                    y1={legendY - 5}
                    y2={legendY - 5}
                    stroke={item.colour}
                    strokeWidth={2.5}
                    strokeDasharray={item.dash ?? (item.dashed ? '5 3' : undefined)}
                  />
                )}
                <text x={at + 26} y={legendY} fontSize={FONT_SIZE} fill={TEXT_COLOUR}>
                  {item.label}
                </text>
              </g>
            );
          })}
        </g>
      ) : null}
      {props.note ? (
        <text className="chart-note" role="note" x={x} y={noteY} fontSize={FONT_SIZE} fill={MUTED_TEXT_COLOUR}>
          {props.note}
        </text>
      ) : null}
    </g>
  );
}

/** Recharts tick and label styling shared by all axes (12 px, dark grey). */
export const AXIS_TICK = { fontSize: FONT_SIZE, fill: TEXT_COLOUR, fontFamily: FONT_FAMILY } as const;
export const AXIS_LABEL_STYLE = { fontSize: FONT_SIZE + 1, fill: TEXT_COLOUR, fontFamily: FONT_FAMILY } as const;
