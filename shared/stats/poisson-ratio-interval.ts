/**
 * Exact (Garwood 1936) confidence interval for a ratio of observed to expected events, O / E, with O
 * taken as Poisson with mean θE and E as known (the standardised ratio of indirect standardisation):
 *   lower = qchisq(α/2, 2O) / (2E)           (0 when O = 0)
 *   upper = qchisq(1 − α/2, 2(O + 1)) / (2E)
 * as R's poisson.test(O, E)$conf.int. With E = 0 there is no ratio and every value is null.
 */
import { chiSquareQuantile } from './distributions';

export interface PoissonRatioInterval {
  ratio: number | null;
  lower: number | null;
  upper: number | null;
}

export function poissonRatioInterval(observed: number, expected: number, confLevel = 0.95): PoissonRatioInterval {
  if (!(expected > 0) || !Number.isFinite(expected) || !(observed >= 0)) return { ratio: null, lower: null, upper: null };
  const alpha = 1 - confLevel;
  const lower = observed === 0 ? 0 : chiSquareQuantile(alpha / 2, 2 * observed) / 2 / expected;
  const upper = chiSquareQuantile(1 - alpha / 2, 2 * (observed + 1)) / 2 / expected;
  return { ratio: observed / expected, lower, upper };
}
