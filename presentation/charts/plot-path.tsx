/**
 * A curve or a confidence band drawn as one SVG path at the chart's axis scales, in the layer where recharts
 * draws its lines (above the bands, below the axes) or areas. The Kaplan–Meier and cumulative incidence
 * charts draw their step curves with it instead of recharts' <Line> and <Area>, which build several objects
 * per point (label entries, tooltip ticks, store updates): on the 1,000,000-participant demo cohort (about
 * 1,460 distinct days per group, so some 12,000 vertices for two curves and their bands) they took 0.5 to
 * 1 s of the renderer per chart. The vertices are the same and the path is written as recharts writes it
 * (d3's linear curve: "M x,yL x,y…", the band's upper limits forward then its lower limits back, closed),
 * so the drawing is the same, point for point; only the work per point is gone.
 *
 * As recharts does with allowDataOverflow on the x axis, the path is clipped to the plot's width (a curve
 * longer than a shared axis ends at its edge) and not in height.
 */
import { useId, useMemo } from 'react';
import { DefaultZIndexes, usePlotArea, useXAxisScale, useYAxisScale, ZIndexLayer } from 'recharts';
import type { BandPoint, StepPoint } from './km-geometry';

type Scale = (value: number) => number;

/** The path of a polyline through the points, as d3's curveLinear writes it ("M72,56L120,56…"). */
export function linePath(points: readonly StepPoint[], x: Scale, y: Scale): string {
  const parts: string[] = new Array(points.length);
  for (let i = 0; i < points.length; i++) parts[i] = `${i === 0 ? 'M' : 'L'}${x(points[i].time)},${y(points[i].value)}`;
  return parts.join('');
}

/** The closed path of a band: its upper limits left to right, then its lower limits right to left (d3's area). */
export function bandPath(points: readonly BandPoint[], x: Scale, y: Scale): string {
  if (points.length === 0) return '';
  const parts: string[] = [];
  for (let i = 0; i < points.length; i++) parts.push(`${i === 0 ? 'M' : 'L'}${x(points[i].time)},${y(points[i].band[1])}`);
  for (let i = points.length - 1; i >= 0; i--) parts.push(`L${x(points[i].time)},${y(points[i].band[0])}`);
  return `${parts.join('')}Z`;
}

interface Drawn {
  d: string;
  clipId: string;
  /** The plot's width, and twice its height centred on it (recharts' clip when only the x axis allows overflow). */
  clip: { x: number; y: number; width: number; height: number };
}

/** The path at the axes' scales, once they are laid out, computed again only when the points or the scales change. */
function usePlotPath<P>(points: P, draw: (points: P, x: Scale, y: Scale) => string): Drawn | null {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  const clipId = `plot-clip${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- draw is a module function (linePath, bandPath)
  const d = useMemo(() => (xScale && yScale ? draw(points, (v) => xScale(v) as number, (v) => yScale(v) as number) : ''), [points, xScale, yScale]);
  if (!xScale || !yScale || !plot) return null;
  return { d, clipId, clip: { x: plot.x, y: plot.y - plot.height / 2, width: plot.width, height: plot.height * 2 } };
}

function ClipDefs(props: { drawn: Drawn }) {
  const { clipId, clip } = props.drawn;
  return (
    <defs>
      <clipPath id={clipId}>
        <rect x={clip.x} y={clip.y} width={clip.width} height={clip.height} />
      </clipPath>
    </defs>
  );
}

/** A step curve (its vertices already in corner layout), drawn in recharts' line layer. */
export function PlotLine(props: { className: string; points: readonly StepPoint[]; stroke: string; strokeWidth: number; dash?: string; group?: string }) {
  const drawn = usePlotPath(props.points, linePath);
  if (!drawn) return null;
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.line}>
      <g className={props.className} data-group={props.group}>
        <ClipDefs drawn={drawn} />
        <path d={drawn.d} stroke={props.stroke} strokeWidth={props.strokeWidth} strokeDasharray={props.dash} fill="none" clipPath={`url(#${drawn.clipId})`} />
      </g>
    </ZIndexLayer>
  );
}

/** A pointwise band, drawn in recharts' area layer (under the curves). */
export function PlotBand(props: { className: string; points: readonly BandPoint[]; fill: string; fillOpacity: number; group?: string }) {
  const drawn = usePlotPath(props.points, bandPath);
  if (!drawn) return null;
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.area}>
      <g className={props.className} data-group={props.group} clipPath={`url(#${drawn.clipId})`}>
        <ClipDefs drawn={drawn} />
        <path d={drawn.d} fill={props.fill} fillOpacity={props.fillOpacity} stroke="none" />
      </g>
    </ZIndexLayer>
  );
}
