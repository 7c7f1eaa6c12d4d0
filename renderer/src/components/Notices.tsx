/** Errors and warnings shown next to the result they concern, in calm wording. */
export function ErrorNote(props: { error: string | null | undefined; title?: string }) {
  if (!props.error) return null;
  return (
    <div className="note note-error" role="alert">
      <strong>{props.title ?? 'This could not be completed'}:</strong> {props.error}
    </div>
  );
}

export function Warnings(props: { warnings: readonly { code: string; message: string }[] | undefined; title?: string }) {
  if (!props.warnings || props.warnings.length === 0) return null;
  return (
    <div className="note note-warning" role="status">
      <strong>{props.title ?? 'Please note'}</strong>
      <ul>
        {props.warnings.map((w, i) => (
          <li key={`${w.code}-${i}`} data-warning={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Busy(props: { busy: boolean; label?: string }) {
  if (!props.busy) return null;
  return (
    <p className="busy" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {props.label ?? 'Calculating…'}
    </p>
  );
}
