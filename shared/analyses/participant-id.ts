/**
 * The participant id of a single-event analysis (`--id COL` on km, logrank, cox and cuminc): these
 * analyses take one row per participant, followed from time 0 to one event or censoring. Several rows
 * of the same participant (relapse episodes, visits or (start, stop] intervals) analysed as if they
 * were different participants give wrong curves, tests and hazard ratios without any sign of it (issue
 * 13: R's heart data gives a transplant coefficient of -0.611 that way, 0.016 done right), so the
 * analysis refuses them in one line that says where and what to do instead.
 */
import type { DataFrame } from '../data/frame';
import { describeRepeatedIds, findRepeatedValues, SEVERAL_ROWS_ADVICE } from '../data/repeated-values';
import { AnalysisError, type OptionSpec } from './declaration';
import { requireColumn } from './outcome';

export const participantIdSpec = {
  kind: 'column',
  name: 'id',
  flag: 'id',
  label: 'Participant id',
  help: 'Optional column identifying the participant; the analysis then checks that each participant has one row.',
  accepts: 'any',
} as const satisfies OptionSpec;


/** Throws when the id column repeats a participant. `analysis` names the analysis in the message. */
export function refuseRepeatedIds(frame: DataFrame, idName: string | undefined, analysis: string): void {
  if (idName === undefined) return;
  const column = requireColumn(frame, idName, 'id');
  const repeated = findRepeatedValues(column);
  if (repeated === null) return;
  throw new AnalysisError(`id column "${column.name}": ${describeRepeatedIds(repeated)}, but ${analysis} takes one row per participant; ${SEVERAL_ROWS_ADVICE}`);
}
