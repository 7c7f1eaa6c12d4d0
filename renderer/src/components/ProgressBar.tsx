/** Progress of a long job (import, report) with a cancel button; an unknown fraction shows as indeterminate. */
export function ProgressBar(props: { label: string; fraction: number | null; message?: string; onCancel?: () => void }) {
  const percent = props.fraction === null ? undefined : Math.round(Math.max(0, Math.min(1, props.fraction)) * 100);
  return (
    <div className="progress" role="group" aria-label={props.label}>
      <div className="progress-row">
        <progress max={100} value={percent} aria-label={props.label} />
        <span className="progress-text">{percent === undefined ? props.message ?? 'Working…' : `${percent}%${props.message ? ` · ${props.message}` : ''}`}</span>
        {props.onCancel ? (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </div>
  );
}
