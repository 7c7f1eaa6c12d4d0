/** The mapping of the demo cohort's columns, as a user would confirm it (public template format). */
import { DEMO_FACTOR_COLUMNS } from './demo-cohort';

export const DEMO_MAPPING = {
  format: 'relapse-workbench-mapping',
  version: 1,
  id: 'participant_id',
  outcome: { time: 'days_followed', event: 'exit_status', eventValues: ['1'], competingValues: ['2'] },
  groups: ['site', 'intake_cohort', 'arm'],
  factors: DEMO_FACTOR_COLUMNS,
} as const;

export const DEMO_DATASET_NAME = 'demo-cohort';
export const DEMO_PARTICIPANTS = 5000;
