/**
 * Report step: builds the HTML report in main (`report:html`) from the dataset and the confirmed
 * mapping, shows which sections it holds, and saves it through the save dialog.
 */
import { useState } from 'react';
import { call } from '../api';
import { formatNumber } from '../format';
import { Busy, ErrorNote } from '../components/Notices';
import { saveText } from '../components/save';
import { useWorkspace } from './workspace';

export function ReportView() {
  const workspace = useWorkspace();
  const [notes, setNotes] = useState('');
  const [minCell, setMinCell] = useState('0');
  const [report, setReport] = useState<{ html: string; sections: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const build = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const reply = (await call('report:html', {
        dataset: workspace.dataset!,
        mapping: workspace.mapping as unknown as Record<string, unknown>,
        minCell: Math.max(0, Math.min(100, Math.round(Number(minCell) || 0))),
        ...(notes.trim() ? { notes } : {}),
      })) as { html: string; sections: string[] };
      setReport(reply);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!report) return;
    try {
      setSaved(await saveText(`${workspace.dataset ?? 'cohort'}-report.html`, report.html));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section aria-labelledby="report-title">
      <h1 id="report-title" tabIndex={-1}>
        Report
      </h1>
      <p className="lead">A self-contained HTML report of this dataset and mapping: methods, results, charts and plain-language summaries.</p>
      <div className="card form-grid">
        <div className="field">
          <label htmlFor="report-notes">Notes for the reader (optional)</label>
          <textarea id="report-notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="report-min-cell">Hide counts below</label>
          <input id="report-min-cell" type="number" min={0} max={100} value={minCell} onChange={(e) => setMinCell(e.target.value)} aria-describedby="report-min-cell-help" />
          <span className="help" id="report-min-cell-help">
            Small-cell suppression for sharing: counts from 1 up to this number are shown as "&lt;n". 0 shows every count.
          </span>
        </div>
        <div className="button-row">
          <button type="button" className="primary" onClick={build}>
            Build the report
          </button>
          <button type="button" onClick={save} disabled={!report}>
            Save as HTML…
          </button>
        </div>
      </div>
      <Busy busy={busy} label="Building the report" />
      <ErrorNote error={error} />
      {report ? (
        <div className="card" data-testid="report-ready">
          <p>
            The report is ready ({formatNumber(Math.round(report.html.length / 1024))} KB) with {report.sections.length} sections: {report.sections.join(', ')}.
          </p>
        </div>
      ) : null}
      {saved ? <p role="status">Saved to {saved}</p> : null}
    </section>
  );
}
