/**
 * The question a step asks before it runs curves and tests by a grouping of many groups (issue 15 item 6:
 * more than views/group-count.ts's MANY_GROUPS): how many groups, what running would show, and a
 * "Run anyway" button. Used by the Survival and Compare sites steps.
 */
import type { ReactNode } from 'react';
import { formatNumber } from '../../../presentation/format';

export function ManyGroupsAsk(props: { groupCount: number; consequence: ReactNode; onRunAnyway: () => void }) {
  return (
    <div className="note note-warning" role="status" data-testid="many-groups">
      This grouping has {formatNumber(props.groupCount)} groups: {props.consequence}, most with few participants.{' '}
      Run anyway?{' '}
      <button type="button" className="small" onClick={props.onRunAnyway}>
        Run anyway
      </button>
    </div>
  );
}
