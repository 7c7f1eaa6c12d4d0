/**
 * NaN and infinities to null, for result documents: R's NA (and a non-finite value R would print as
 * NA, NaN or Inf) is null in every result the engine returns, so one rule serves every analysis.
 */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
