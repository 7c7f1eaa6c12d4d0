/**
 * The Cancel button of an analysis taking longer than a moment (useAnalysis's `slow`), and, once
 * cancelled, the plain "Cancelled" note with a way to run it again. The last result stays on screen,
 * marked out of date (components/OutOfDate.tsx).
 */
export interface CancellableRun {
  slow: boolean;
  cancelled: boolean;
  cancel: () => void;
  retry: () => void;
}

export function CancelRun(props: { run: CancellableRun; what?: string }) {
  const what = props.what ?? 'the calculation';
  if (props.run.cancelled) {
    return (
      <p className="note note-warning cancelled" role="status" data-testid="analysis-cancelled">
        Cancelled. Results shown, if any, are for the previous options.{' '}
        <button type="button" className="small" onClick={props.run.retry}>
          Run again
        </button>
      </p>
    );
  }
  if (!props.run.slow) return null;
  return (
    <p className="cancel-row">
      <button type="button" className="small" onClick={props.run.cancel} aria-label={`Cancel ${what}`}>
        Cancel
      </button>
    </p>
  );
}
