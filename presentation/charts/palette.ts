/**
 * Colours and type for every chart, defined once.
 * Categorical palette: Okabe & Ito (2008), "Color Universal Design", distinguishable under the common
 * colour-vision deficiencies. Black is left out of the series order (it is the axis and text colour).
 * Diverging scale for correlations: Okabe–Ito blue (−1) through white (0) to Okabe–Ito vermillion (+1),
 * a blue–orange/red pair that stays distinguishable for deuteranopes and protanopes.
 */

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/**
 * Series order: the Okabe–Ito hues that keep a contrast of at least 3:1 against the white background (WCAG 2.1
 * SC 1.4.11, non-text contrast): blue 5.2, vermillion 3.9, bluish green 3.4, reddish purple 3.1; orange and sky
 * blue darkened to 80% of each channel to reach it (3.5 each; as published they have 2.3); dark grey (5.7) as the
 * seventh. Yellow (1.3 on white) is left out.
 */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  '#B87F00', // Okabe–Ito orange × 0.8
  '#4590BA', // Okabe–Ito sky blue × 0.8
  '#666666',
];

/** Number of distinct series colours; the series after it repeat the colours with a dashed line. */
export const DISTINCT_SERIES = SERIES_COLOURS.length;

/** Colour of the i-th series (cycles after seven). */
export function seriesColour(index: number): string {
  return SERIES_COLOURS[((index % SERIES_COLOURS.length) + SERIES_COLOURS.length) % SERIES_COLOURS.length];
}

/** Line pattern of the i-th series: solid for the first seven, then dashed patterns as the colours repeat. */
const REPEAT_DASHES = ['6 4', '2 3', '10 3 2 3'];
export function seriesDash(index: number): string | undefined {
  const round = Math.floor(Math.max(0, index) / SERIES_COLOURS.length);
  return round === 0 ? undefined : REPEAT_DASHES[(round - 1) % REPEAT_DASHES.length];
}

/** The note a chart shows when it has more series than distinct colours, or null. */
export function repeatedColoursNote(count: number): string | null {
  return count > DISTINCT_SERIES
    ? `${count} curves, ${DISTINCT_SERIES} colours: from curve ${DISTINCT_SERIES + 1} on, colours repeat with dashed lines.`
    : null;
}

export const TEXT_COLOUR = '#1a1a1a';
export const MUTED_TEXT_COLOUR = '#4d4d4d';
export const AXIS_COLOUR = '#4d4d4d';
export const GRID_COLOUR = '#e0e0e0';
export const REFERENCE_LINE_COLOUR = '#7f7f7f';
export const MISSING_CELL_COLOUR = '#f0f0f0';

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
/** Smallest type used anywhere in a chart (ticks, at-risk numbers, cell text). */
export const FONT_SIZE = 12;
export const TITLE_FONT_SIZE = 15;
export const SUBTITLE_FONT_SIZE = 13;

const DIVERGING_NEGATIVE: [number, number, number] = [0x00, 0x72, 0xb2];
const DIVERGING_MIDDLE: [number, number, number] = [0xff, 0xff, 0xff];
const DIVERGING_POSITIVE: [number, number, number] = [0xd5, 0x5e, 0x00];

function hex(channel: number): string {
  return Math.round(channel).toString(16).padStart(2, '0');
}

/**
 * Colour for a correlation r in [−1, 1]: linear interpolation in RGB between white and the end colour.
 * Values outside the range are clamped; null or NaN gives the missing-cell grey.
 */
export function divergingColour(value: number | null): string {
  if (value === null || Number.isNaN(value)) return MISSING_CELL_COLOUR;
  const r = Math.max(-1, Math.min(1, value));
  const end = r < 0 ? DIVERGING_NEGATIVE : DIVERGING_POSITIVE;
  const t = Math.abs(r);
  const mixed = DIVERGING_MIDDLE.map((m, i) => m + (end[i] - m) * t);
  return `#${mixed.map(hex).join('')}`;
}

/** Text colour readable on a diverging cell: white on the strong ends, near-black elsewhere. */
export function textOnDiverging(value: number | null): string {
  return value !== null && Math.abs(value) > 0.6 ? '#ffffff' : TEXT_COLOUR;
}
