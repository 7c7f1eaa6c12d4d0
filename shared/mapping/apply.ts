/**
 * Applies a confirmed mapping to a dataset: the derived analysis variables are appended to the frame
 * as new columns, so that every analysis (KM, log-rank, Cox, cumulative incidence, correlation) can
 * use them by name exactly like imported columns.
 *
 *   outcome.time_days   follow-up in days (duration column, or end/last-contact date − start date)
 *   outcome.relapse     1 relapse, 0 censored (a competing end counts as censored here, as in a
 *                       cause-specific analysis), missing when the event cell is missing
 *   outcome.status      0 censored, 1 relapse, 2 competing end (for cumulative incidence)
 *   score.<factor id>   the standardised factor score (mean 0, SD 1)
 */
import type { DataFrame, NumericColumn } from '../data/frame';
import type { FactorId } from '../factors/ids';
import type { Mapping } from './format';
import { deriveOutcome } from './outcome';
import { factorScores, type FactorScore } from './scores';

export const DERIVED_TIME = 'outcome.time_days';
export const DERIVED_RELAPSE = 'outcome.relapse';
export const DERIVED_STATUS = 'outcome.status';
export const scoreColumnName = (factor: FactorId): string => `score.${factor}`;

export interface AppliedMapping {
  frame: DataFrame;
  scores: FactorScore[];
}

export function applyMapping(frame: DataFrame, mapping: Mapping): AppliedMapping {
  const outcome = deriveOutcome(frame, mapping.outcome);
  const n = frame.nRows;
  const relapse = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = outcome.status[i];
    status[i] = s < 0 ? NaN : s;
    relapse[i] = s < 0 ? NaN : s === 1 ? 1 : 0;
  }
  const scores = factorScores(frame, mapping);
  const derived: NumericColumn[] = [
    { name: DERIVED_TIME, type: 'number', values: outcome.time },
    { name: DERIVED_RELAPSE, type: 'integer', values: relapse },
    { name: DERIVED_STATUS, type: 'integer', values: status },
    ...scores.map((s): NumericColumn => ({ name: scoreColumnName(s.factor), type: 'number', values: s.scores })),
  ];
  const derivedNames = new Set(derived.map((c) => c.name));
  return { frame: { nRows: n, columns: [...frame.columns.filter((c) => !derivedNames.has(c.name)), ...derived] }, scores };
}
