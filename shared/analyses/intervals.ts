/**
 * The interval start of `analyze cox|km|logrank --start COL`: each row is then an interval (start, stop]
 * at risk after its start (delayed entry, time-dependent covariates, several intervals per participant),
 * as R's Surv(start, stop, event). The option specs the three declarations share (`--start`, and the `--id`
 * whose rows may repeat when there is a start); their runs check the intervals with intervals.run.ts.
 */
import type { OptionSpec } from './declaration';

export const intervalStartSpec = {
  kind: 'column',
  name: 'start',
  flag: 'start',
  label: 'Interval start',
  help: 'Optional column: the time (days) at which each row starts to be at risk, for late entry or several intervals per participant; without it every row is followed from time 0.',
  accepts: 'numeric',
} as const satisfies OptionSpec;

/** --id for analyses that take a start: without one, each participant has one row; with one, its intervals must not overlap. */
export const intervalIdSpec = {
  kind: 'column',
  name: 'id',
  flag: 'id',
  label: 'Participant id',
  help: 'Optional column identifying the participant: without an interval start each participant must have one row; with one, a participant may have several intervals, which must not overlap.',
  accepts: 'any',
} as const satisfies OptionSpec;
