/**
 * A chart in a focusable figure with its accessible description, and "Save as SVG" / "Save as PNG"
 * buttons. The chart itself (from charts/) draws its title, axes and legend inside its own <svg>.
 */
import { useRef, useState, type ReactNode } from 'react';
import { fileNameFor } from './csv';
import { savePng, saveSvg } from './save';

export function ChartPanel(props: { title: string; description: string; children: ReactNode; testId?: string; caption?: ReactNode; interactive?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (kind: 'svg' | 'png') => {
    setError(null);
    setStatus(null);
    try {
      if (!ref.current) return;
      const name = fileNameFor(props.title, kind);
      const path = kind === 'svg' ? await saveSvg(ref.current, name) : await savePng(ref.current, name);
      if (path) setStatus(`Saved to ${path}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <figure className="chart-panel" data-testid={props.testId}>
      {/* A chart with controls of its own (heatmap cells to choose) is a group, since an image's content is not operable (axe nested-interactive). */}
      <div ref={ref} className="chart-surface" tabIndex={props.interactive ? undefined : 0} role={props.interactive ? 'group' : 'img'} aria-label={`${props.title}. ${props.description}`}>
        {props.children}
      </div>
      {props.caption ? <figcaption>{props.caption}</figcaption> : null}
      <div className="export-row">
        {/* The accessible name begins with the visible text (WCAG 2.5.3, label in name) and names the chart. */}
        <button type="button" onClick={() => run('svg')} aria-label={`Save as SVG, chart "${props.title}"`}>
          Save as SVG
        </button>
        <button type="button" onClick={() => run('png')} aria-label={`Save as PNG, chart "${props.title}"`}>
          Save as PNG
        </button>
        {status ? <span className="saved" role="status">{status}</span> : null}
        {error ? <span className="error-text" role="alert">{error}</span> : null}
      </div>
    </figure>
  );
}
