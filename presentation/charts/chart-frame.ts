/**
 * The props every chart shares, kept in one place: the SVG frame (size, margins, the accessible
 * title and summary, the data-chart tag tests and exports look for) and the look of the bottom
 * and left axes with their titles. Spread them into the recharts elements:
 *   <ComposedChart {...chartFrame({ ... })}>  <XAxis type="number" ... {...bottomAxis('Time (days)')} />
 */
import { AXIS_LABEL_STYLE, AXIS_TICK } from './ChartHeader';
import { AXIS_COLOUR } from './palette';

export const X_AXIS_HEIGHT = 44;
export const Y_AXIS_WIDTH = 64;

export interface ChartFrame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  title: string;
  /** One-sentence description of what is drawn: the chart's aria-label. */
  summary: string;
  /** The data-chart attribute naming the kind of chart. */
  chart: string;
}

/** Size, margins and accessibility props of the chart's root element. */
export function chartFrame(frame: ChartFrame) {
  return {
    width: frame.width,
    height: frame.height,
    margin: frame.margin,
    accessibilityLayer: false,
    role: 'img',
    title: frame.title,
    'aria-label': frame.summary,
    'data-chart': frame.chart,
  } as const;
}

/** Height, colours and the centred title below the x axis. */
export function bottomAxis(label: string) {
  return {
    height: X_AXIS_HEIGHT,
    stroke: AXIS_COLOUR,
    tick: AXIS_TICK,
    label: { value: label, position: 'insideBottom', offset: 0, style: AXIS_LABEL_STYLE },
  } as const;
}

/** Width, colours and the rotated title left of the y axis. */
export function leftAxis(label: string) {
  return {
    width: Y_AXIS_WIDTH,
    stroke: AXIS_COLOUR,
    tick: AXIS_TICK,
    label: { value: label, angle: -90, position: 'insideLeft', style: { ...AXIS_LABEL_STYLE, textAnchor: 'middle' } },
  } as const;
}
