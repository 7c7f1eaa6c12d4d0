/**
 * A result kept on screen while a new one computes (useAnalysis's `outOfDate`): marked with a badge and
 * dimmed (class "out-of-date", aria-busy), its tables keeping the labels of the options that produced it.
 */
import type { ReactNode } from 'react';

export function OutOfDate(props: { outOfDate: boolean; testId?: string; children: ReactNode }) {
  return (
    <div className={props.outOfDate ? 'result-body out-of-date' : 'result-body'} aria-busy={props.outOfDate || undefined} data-testid={props.testId} data-out-of-date={props.outOfDate ? 'true' : 'false'}>
      {props.outOfDate ? (
        <p className="badge out-of-date-badge">
          Out of date: these results are for the previous options; the new ones are being computed.
        </p>
      ) : null}
      {props.children}
    </div>
  );
}
