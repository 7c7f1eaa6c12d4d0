/**
 * The slices of the result models (see the CLI contract: `analyze km`, `cuminc`, `cox`, `correlation`) that the
 * charts draw. Structural types, so a full result document can be passed as it is.
 */

/** One row of a Kaplan–Meier table, one per distinct observed time (as R survfit). */
export interface KmTableRow {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

export interface KmGroup {
  group: string;
  n?: number;
  events?: number;
  table: KmTableRow[];
}

export interface CumulativeIncidenceCurve {
  group: string;
  cause: string;
  points: { time: number; estimate: number }[];
}

export interface HazardRatioRow {
  term: string;
  hr: number | null;
  hrLower: number | null;
  hrUpper: number | null;
  p: number | null;
  /** The reference level of a categorical covariate: drawn as an open square at 1, labelled "1 (reference)". */
  reference?: boolean;
}

export interface CorrelationPair {
  x: string;
  y: string;
  n: number;
  estimate: number | null;
  pAdjusted: number | null;
}

/** Props every chart shares: a fixed size (no ResizeObserver needed) and its title. */
export interface ChartFrameProps {
  width: number;
  height: number;
  title: string;
  subtitle?: string;
}
