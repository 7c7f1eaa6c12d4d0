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

/** Series order: strong, well separated hues first; yellow last (weak on white). */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
];

/** Colour of the i-th series (cycles after seven). */
export function seriesColour(index: number): string {
  return SERIES_COLOURS[((index % SERIES_COLOURS.length) + SERIES_COLOURS.length) % SERIES_COLOURS.length];
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
