/**
 * Correlation matrix (the `analyze correlation` pairs) as coloured cells on a diverging scale from −1 (blue)
 * through 0 (white) to +1 (vermillion), both triangles filled. Each cell shows r, n and the adjusted p (when
 * the cell is large enough for three lines of 12 px text; otherwise r alone, the rest in its accessible name).
 * Cells are keyboard-focusable buttons calling onSelect(x, y), to open the pair's scatter plot.
 *
 * Plain SVG rather than recharts (recharts has no matrix chart). Accessibility: a static heatmap (no onSelect,
 * e.g. in the report) is role="img" with a summary; an interactive one is role="group" with the same summary,
 * because role="img" would hide its focusable cells from screen readers.
 */
import { memo, type KeyboardEvent } from 'react';
import { CHAR_WIDTH, ChartHeader, headerHeight } from './ChartHeader';
import {
  FONT_FAMILY,
  FONT_SIZE,
  MISSING_CELL_COLOUR,
  TEXT_COLOUR,
  divergingColour,
  textOnDiverging,
} from './palette';
import type { CorrelationPair } from './types';
import { formatNumber, formatP } from '../format';

export interface CorrelationHeatmapProps {
  width: number;
  height: number;
  pairs: readonly CorrelationPair[];
  title?: string;
  subtitle?: string;
  /** Named in the summary, e.g. "Spearman". */
  method?: string;
  onSelect?: (x: string, y: string) => void;
}

const LEGEND_WIDTH = 70;
const LEGEND_STEPS = 10;
/** Smallest cell height with room for r, n and p on three 12 px lines. */
const FULL_CELL = 52;

/** Variables in order of first appearance, and the pair for each unordered (row, column). */
export function correlationMatrix(pairs: readonly CorrelationPair[]) {
  const variables: string[] = [];
  for (const pair of pairs) {
    if (!variables.includes(pair.x)) variables.push(pair.x);
    if (!variables.includes(pair.y)) variables.push(pair.y);
  }
  const lookup = new Map<string, CorrelationPair>();
  for (const pair of pairs) {
    lookup.set(`${pair.x}\u0000${pair.y}`, pair);
    lookup.set(`${pair.y}\u0000${pair.x}`, pair);
  }
  return { variables, pairFor: (row: string, column: string) => lookup.get(`${row}\u0000${column}`) };
}

function pValueText(p: number | null): string {
  const text = formatP(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

function cellName(row: string, column: string, pair: CorrelationPair | undefined): string {
  if (!pair) return `${row} and ${column}: not computed`;
  return `${row} and ${column}: r = ${formatNumber(pair.estimate, 2)}, n = ${pair.n}, adjusted ${pValueText(pair.pAdjusted)}`;
}

export function heatmapSummary(pairs: readonly CorrelationPair[], title: string, method?: string): string {
  const { variables } = correlationMatrix(pairs);
  const finite = pairs.filter((p) => p.estimate !== null && Number.isFinite(p.estimate));
  const strongest = [...finite].sort((a, b) => Math.abs(b.estimate!) - Math.abs(a.estimate!))[0];
  const significant = pairs.filter((p) => p.pAdjusted !== null && p.pAdjusted < 0.05).length;
  const parts = [
    `${title}. ${method ? `${method} correlations` : 'Correlations'} among ${variables.length} variables (${pairs.length} pairs)`,
    strongest ? `strongest ${strongest.x} and ${strongest.y}, r = ${formatNumber(strongest.estimate, 2)}` : 'no estimates',
    `${significant} with adjusted p < 0.05`,
  ];
  return `${parts.join('; ')}.`;
}

function CorrelationHeatmapImpl(props: CorrelationHeatmapProps) {
  const title = props.title ?? 'Correlation matrix';
  const { variables, pairFor } = correlationMatrix(props.pairs);
  const k = Math.max(1, variables.length);
  const longest = Math.max(1, ...variables.map((v) => v.length)) * CHAR_WIDTH;
  const top = headerHeight(props.subtitle, undefined) + 4;
  const left = 12 + longest + 8;
  const bottom = Math.ceil(longest * 0.6) + 24;
  const cell = Math.max(8, Math.min((props.width - left - LEGEND_WIDTH - 16) / k, (props.height - top - bottom) / k));
  const full = cell >= FULL_CELL && cell >= 7 * CHAR_WIDTH;
  const interactive = props.onSelect !== undefined;
  const select = (x: string, y: string) => props.onSelect?.(x, y);
  const onKey = (event: KeyboardEvent, x: string, y: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(x, y);
    }
  };
  const legendX = left + k * cell + 24;
  const legendHeight = Math.min(k * cell, 200);
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={props.width}
      height={props.height}
      viewBox={`0 0 ${props.width} ${props.height}`}
      role={interactive ? 'group' : 'img'}
      aria-label={heatmapSummary(props.pairs, title, props.method)}
      data-chart="correlation-heatmap"
      fontFamily={FONT_FAMILY}
    >
      <title>{title}</title>
      <ChartHeader title={title} subtitle={props.subtitle} />
      <g className="heatmap-row-labels" fontSize={FONT_SIZE} fill={TEXT_COLOUR}>
        {variables.map((v, i) => (
          <text key={v} x={left - 8} y={top + (i + 0.5) * cell} dy="0.35em" textAnchor="end">
            {v}
          </text>
        ))}
      </g>
      <g className="heatmap-column-labels" fontSize={FONT_SIZE} fill={TEXT_COLOUR}>
        {variables.map((v, j) => {
          const x = left + (j + 0.5) * cell;
          const y = top + k * cell + 14;
          return (
            <text key={v} x={x} y={y} textAnchor="end" transform={`rotate(-35 ${x} ${y})`}>
              {v}
            </text>
          );
        })}
      </g>
      <g className="heatmap-cells" fontSize={FONT_SIZE}>
        {variables.flatMap((row, i) =>
          variables.map((column, j) => {
            const x = left + j * cell;
            const y = top + i * cell;
            if (i === j) {
              return <rect key={`${i}-${j}`} className="heatmap-diagonal" x={x} y={y} width={cell} height={cell} fill={MISSING_CELL_COLOUR} stroke="#ffffff" />;
            }
            const pair = pairFor(row, column);
            const estimate = pair?.estimate ?? null;
            const ink = textOnDiverging(estimate);
            const cx = x + cell / 2;
            const cy = y + cell / 2;
            return (
              <g
                key={`${i}-${j}`}
                className="heatmap-cell"
                data-x={column}
                data-y={row}
                role={interactive ? 'button' : undefined}
                tabIndex={interactive ? 0 : undefined}
                // Named by its <title> (cellName), not aria-label: an aria-label must contain the visible
                // text (axe label-content-name-mismatch), which here is spread over three lines.
                onClick={interactive ? () => select(column, row) : undefined}
                onKeyDown={interactive ? (event) => onKey(event, column, row) : undefined}
                style={interactive ? { cursor: 'pointer' } : undefined}
              >
                <title>{cellName(row, column, pair)}</title>
                <rect x={x} y={y} width={cell} height={cell} fill={divergingColour(estimate)} stroke="#ffffff" />
                {full ? (
                  <text x={cx} y={cy} textAnchor="middle" fill={ink}>
                    <tspan className="heatmap-r" x={cx} dy="-0.9em" fontWeight={600}>
                      {formatNumber(estimate, 2)}
                    </tspan>
                    <tspan className="heatmap-n" x={cx} dy="1.2em">{`n = ${pair?.n ?? 0}`}</tspan>
                    <tspan className="heatmap-p" x={cx} dy="1.2em">
                      {pValueText(pair?.pAdjusted ?? null)}
                    </tspan>
                  </text>
                ) : (
                  <text className="heatmap-r" x={cx} y={cy} dy="0.35em" textAnchor="middle" fill={ink}>
                    {formatNumber(estimate, 2)}
                  </text>
                )}
              </g>
            );
          }),
        )}
      </g>
      <g className="heatmap-legend" fontSize={FONT_SIZE} fill={TEXT_COLOUR}>
        {Array.from({ length: LEGEND_STEPS }, (_, s) => {
          // Top band is +1, bottom band −1; each band is coloured at its midpoint.
          const value = 1 - (2 * (s + 0.5)) / LEGEND_STEPS;
          const h = legendHeight / LEGEND_STEPS;
          return <rect key={s} x={legendX} y={top + s * h} width={16} height={h} fill={divergingColour(value)} />;
        })}
        <rect x={legendX} y={top} width={16} height={legendHeight} fill="none" stroke="#bdbdbd" />
        <text x={legendX + 22} y={top} dy="0.7em">+1</text>
        <text x={legendX + 22} y={top + legendHeight / 2} dy="0.35em">0</text>
        <text x={legendX + 22} y={top + legendHeight}>{'\u22121'}</text>
      </g>
    </svg>
  );
}

/** Memoised: a view re-rendering for another reason (a new matrix being computed, a cell chosen) does not redraw an unchanged matrix. */
export const CorrelationHeatmap = memo(CorrelationHeatmapImpl);
