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
}

const TITLE_LINE = 22;
const SUBTITLE_LINE = 18;
const LEGEND_LINE = 20;
/** Rough advance of a 12 px sans-serif character, for laying out legend entries and label margins. */
export const CHAR_WIDTH = 7;

export function headerHeight(subtitle: string | undefined, legend: readonly LegendItem[] | undefined): number {
  return 8 + TITLE_LINE + (subtitle ? SUBTITLE_LINE : 0) + (legend && legend.length > 0 ? LEGEND_LINE : 0) + 6;
}

export function ChartHeader(props: {
  title: string;
  subtitle?: string;
  legend?: readonly LegendItem[];
  x?: number;
}) {
  const x = props.x ?? 12;
  let y = 8 + TITLE_LINE - 6;
  const titleY = y;
  const subtitleY = props.subtitle ? (y += SUBTITLE_LINE) : 0;
  const legendY = props.legend && props.legend.length > 0 ? (y += LEGEND_LINE) : 0;
  let cursor = x;
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
          {props.legend.map((item) => {
            const at = cursor;
            cursor += 28 + item.label.length * CHAR_WIDTH + 16;
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
                    strokeDasharray={item.dashed ? '5 3' : undefined}
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
    </g>
  );
}

/** Recharts tick and label styling shared by all axes (12 px, dark grey). */
export const AXIS_TICK = { fontSize: FONT_SIZE, fill: TEXT_COLOUR, fontFamily: FONT_FAMILY } as const;
export const AXIS_LABEL_STYLE = { fontSize: FONT_SIZE + 1, fill: TEXT_COLOUR, fontFamily: FONT_FAMILY } as const;
