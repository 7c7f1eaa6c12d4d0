/**
 * Data step: import a cohort CSV (file dialog or drag and drop) with a preview of what the import will
 * do — detected types, missing-value codes, possible direct identifiers to drop or keep, ambiguous
 * dates — and a progress bar with cancel; then the column check of the dataset in use.
 */
import { useEffect, useRef, useState } from 'react';
import { call, onProgress } from '../api';
import { formatNumber } from '../../../presentation/format';
import { DataTable } from '../components/DataTable';
import { Busy, ErrorNote, Warnings } from '../components/Notices';
import { ProgressBar } from '../components/ProgressBar';
import { TimelineBuilder } from './TimelineBuilder';
import { useWorkspace } from './workspace';
import type { ColumnInfo, ImportPreviewInfo, ImportReportInfo, ProjectInfo } from './types';

const DEFAULT_NA = 'NA, N/A, ., -99, -999';

/** The types the importer knows, as the preview's type menu names them (node/import, shared/data/frame.ts). */
export const COLUMN_TYPE_LABELS: Record<string, string> = {
  integer: 'whole number',
  number: 'number',
  date: 'date',
  boolean: 'yes/no',
  categorical: 'categories',
  text: 'text',
};

/** Values of a column that did not fit its type, with their file lines: 'line 4 "unknown", line 6 "15/13/2020"'. */
export function misfitText(count: number, examples: readonly { line: number; value: string }[]): string {
  if (count === 0) return '';
  const shown = examples.map((e) => `line ${e.line} ${JSON.stringify(e.value)}`).join(', ');
  return `${formatNumber(count)} ${count === 1 ? 'value does' : 'values do'} not fit and will be missing: ${shown}${count > examples.length ? ', …' : ''}`;
}

function parseCodes(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A stored date (days since 1970-01-01) as YYYY-MM-DD. */
const isoDate = (days: number | null | undefined): string => (typeof days === 'number' && Number.isFinite(days) ? new Date(days * 864e5).toISOString().slice(0, 10) : 'NA');

/**
 * What a column holds, in its own terms (issue 15 item 1): dates as their earliest and latest day,
 * yes/no columns as shares, whole numbers without decimals in their range, the commonest levels of a
 * categorical column.
 */
export function columnDescription(c: ColumnInfo): string {
  if (c.levels) return c.levels.slice(0, 4).map((l) => `${l.value} (${formatNumber(l.count)})`).join(', ') + ((c.distinct ?? 0) > 4 ? ', …' : '');
  if (c.mean === undefined) return '';
  const n = c.n ?? 0;
  if (c.type === 'date') return n > 0 ? `earliest ${isoDate(c.min)}, latest ${isoDate(c.max)}` : '';
  if (c.type === 'boolean') {
    if (n === 0 || c.mean === null) return '';
    const yes = Math.round(c.mean * n);
    return `yes ${formatNumber((100 * yes) / n, 0)}% (${formatNumber(yes)}), no ${formatNumber((100 * (n - yes)) / n, 0)}% (${formatNumber(n - yes)})`;
  }
  const rangeDigits = c.type === 'integer' ? 0 : 2;
  return `mean ${formatNumber(c.mean, 2)}, SD ${formatNumber(c.sd, 2)}, range ${formatNumber(c.min, rangeDigits)} to ${formatNumber(c.max, rangeDigits)}`;
}

export function DataView() {
  const workspace = useWorkspace();
  // A project opened read-only (App says so once): importing into it is refused by main, so not offered.
  const readOnly = workspace.project?.readOnly === true;
  const [path, setPath] = useState<string | null>(null);
  const [naText, setNaText] = useState(DEFAULT_NA);
  const [preview, setPreview] = useState<ImportPreviewInfo | null>(null);
  const [name, setName] = useState('');
  const [drop, setDrop] = useState<Set<string>>(new Set());
  const [identifierDecision, setIdentifierDecision] = useState<Record<string, 'drop' | 'keep'>>({});
  const [dateOrder, setDateOrder] = useState<Record<string, 'DMY' | 'MDY'>>({});
  // The user's type for some columns, in place of the inferred one (issue 15 item 1).
  const [columnTypes, setColumnTypes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ jobId: string; fraction: number | null; message: string } | null>(null);
  const [report, setReport] = useState<ImportReportInfo | null>(null);
  // After an import the preview (with the Import button that had focus) goes away: focus moves to the
  // report of what was imported, so it is not lost to the page and a screen reader reads the outcome.
  const reportRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (report) reportRef.current?.focus();
  }, [report]);
  const [dragging, setDragging] = useState(false);
  const [cancelled, setCancelled] = useState<string | null>(null);
  // Cancel asked for before the first progress event named the job: sent as soon as the job id is known.
  const cancelRequested = useRef(false);
  const cancelSent = useRef<string | null>(null);

  useEffect(
    () =>
      onProgress((event) => {
        if (event.kind !== 'import') return;
        setProgress(event);
        if (cancelRequested.current && cancelSent.current !== event.jobId) {
          cancelSent.current = event.jobId;
          void call('job:cancel', { jobId: event.jobId }).catch(() => undefined);
        }
      }),
    [],
  );

  const loadPreview = async (file: string, codes: string, types: Record<string, string> = columnTypes): Promise<boolean> => {
    setError(null);
    setBusy('Reading the start of the file');
    try {
      const next = (await call('dataset:preview', { path: file, naCodes: parseCodes(codes), columnTypes: types as Record<string, 'text'> })) as ImportPreviewInfo;
      setPreview(next);
      setName((current) => current || next.fileName.replace(/\.[^.]+$/, ''));
      setIdentifierDecision((current) => Object.fromEntries(next.flaggedIdentifiers.map((f) => [f.column, current[f.column] ?? ('drop' as const)])));
      setDateOrder((current) => Object.fromEntries(next.ambiguousDateColumns.map((c) => [c, current[c] ?? ('DMY' as const)])));
      return true;
    } catch (e) {
      // a type the column cannot take: the preview stays as it was, with the one-line reason
      if (Object.keys(types).length === 0) setPreview(null);
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const changeType = async (column: string, inferred: string, type: string) => {
    if (!path) return;
    const next = { ...columnTypes };
    if (type === inferred) delete next[column];
    else next[column] = type;
    if (await loadPreview(path, naText, next)) setColumnTypes(next);
  };

  const choose = async (file: string) => {
    setPath(file);
    setReport(null);
    setName('');
    setDrop(new Set());
    setColumnTypes({});
    setIdentifierDecision({});
    setDateOrder({});
    await loadPreview(file, naText, {});
  };

  const chooseWithDialog = async () => {
    try {
      const file = (await call('dialog:openCsv', {})) as string | null;
      if (file) await choose(file);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onDrop = async (event: React.DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file || readOnly) return;
    const dropped = window.relapse?.pathForFile(file) ?? null;
    if (dropped) await choose(dropped);
    else setError('this file could not be read from here; please use "Choose a CSV file…" instead');
  };

  const runImport = async () => {
    if (!path || !preview) return;
    setError(null);
    setCancelled(null);
    cancelRequested.current = false;
    cancelSent.current = null;
    setBusy('Importing');
    setProgress({ jobId: '', fraction: 0, message: 'starting' });
    const dropped = [...drop, ...Object.entries(identifierDecision).filter(([, d]) => d === 'drop').map(([c]) => c)];
    try {
      const result = (await call('dataset:import', {
        path,
        name: name.trim() || undefined,
        naCodes: parseCodes(naText),
        dropColumns: [...new Set(dropped)],
        confirmIdentifiers: Object.entries(identifierDecision).filter(([, d]) => d === 'keep').map(([c]) => c),
        dateOrder,
        ...(Object.keys(columnTypes).length > 0 ? { columnTypes: columnTypes as Record<string, 'text'> } : {}),
      })) as ImportReportInfo;
      setReport(result);
      setPreview(null);
      const project = (await call('project:current', {})) as ProjectInfo;
      workspace.setProject(project);
      await workspace.selectDataset(result.name);
    } catch (e) {
      if (cancelRequested.current) setCancelled('The import was cancelled. Nothing was changed: no dataset was added and the project is as it was.');
      else setError((e as Error).message);
    } finally {
      cancelRequested.current = false;
      setBusy(null);
      setProgress(null);
    }
  };

  const cancel = async () => {
    cancelRequested.current = true;
    setProgress((current) => (current ? { ...current, message: 'cancelling…' } : current));
    if (progress?.jobId) {
      cancelSent.current = progress.jobId;
      await call('job:cancel', { jobId: progress.jobId }).catch(() => undefined);
    }
  };

  const datasets = workspace.project?.datasets ?? [];

  return (
    <section aria-labelledby="data-title">
      <h1 id="data-title" tabIndex={-1}>
        Data
      </h1>
      <p className="lead">Import a cohort file, check how each column was read, then choose the dataset to analyse.</p>

      {datasets.length > 0 ? <DatasetList datasets={datasets} readOnly={readOnly} /> : null}

      <div
        className={dragging ? 'card drop-zone dragging' : 'card drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <h2>Import a CSV file</h2>
        {readOnly ? (
          <p className="muted" data-testid="import-read-only">
            This project is open read-only, so nothing can be imported into it. To import, open or create a project in a folder you can write to.
          </p>
        ) : (
          <p>Drop a file here, or</p>
        )}
        <button type="button" className="primary" onClick={chooseWithDialog} disabled={readOnly}>
          Choose a CSV file…
        </button>
      </div>
      <Busy busy={busy !== null && progress === null} label={busy ?? undefined} />
      <ErrorNote error={error} />

      {preview ? (
        <div className="card" data-testid="import-preview">
          <h2>Preview of {preview.fileName}</h2>
          <p className="muted">
            {preview.encoding}, separated by {JSON.stringify(preview.delimiter)}
            {preview.decimalComma ? ', decimal comma' : ''}, {preview.hasHeader ? 'with a header row' : 'no header row'}; types are guessed from the first{' '}
            {formatNumber(preview.sampleRecords)} records.
          </p>
          <Warnings warnings={preview.warnings.map((message, i) => ({ code: `header-${i}`, message }))} />
          <div className="form-grid">
            <div className="field">
              <label htmlFor="import-name">Dataset name</label>
              <input id="import-name" value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="import-na">Values that mean "missing"</label>
              <input id="import-na" value={naText} onChange={(e) => setNaText(e.target.value)} onBlur={() => path && loadPreview(path, naText)} aria-describedby="import-na-help" />
              <span id="import-na-help" className="help">
                Comma-separated; empty cells are always missing.
              </span>
            </div>
          </div>
          {preview.flaggedIdentifiers.length > 0 ? (
            <fieldset className="identifiers">
              <legend>Columns that may identify a person</legend>
              <p className="help">Analyses never need names or contact details. Dropped columns are not stored in the project.</p>
              {preview.flaggedIdentifiers.map((f) => (
                <div key={f.column} className="identifier" data-identifier={f.column}>
                  <strong>{f.column}</strong> — {f.reason}
                  <label className="radio">
                    <input type="radio" name={`id-${f.column}`} checked={identifierDecision[f.column] !== 'keep'} onChange={() => setIdentifierDecision({ ...identifierDecision, [f.column]: 'drop' })} /> Drop
                  </label>
                  <label className="radio">
                    <input type="radio" name={`id-${f.column}`} checked={identifierDecision[f.column] === 'keep'} onChange={() => setIdentifierDecision({ ...identifierDecision, [f.column]: 'keep' })} /> Keep (not an identifier)
                  </label>
                </div>
              ))}
            </fieldset>
          ) : null}
          {preview.ambiguousDateColumns.length > 0 ? (
            <fieldset>
              <legend>Dates that could be read two ways</legend>
              {preview.ambiguousDateColumns.map((c) => (
                <div className="field" key={c}>
                  <label htmlFor={`date-${c}`}>{c}</label>
                  <select id={`date-${c}`} value={dateOrder[c] ?? 'DMY'} onChange={(e) => setDateOrder({ ...dateOrder, [c]: e.target.value as 'DMY' | 'MDY' })}>
                    <option value="DMY">day/month/year</option>
                    <option value="MDY">month/day/year</option>
                  </select>
                </div>
              ))}
            </fieldset>
          ) : null}
          <DataTable
            title="Columns as they will be read"
            testId="preview-columns"
            exportable={false}
            rows={preview.columns}
            columns={[
              { header: 'Column', cell: (c) => c.name },
              { header: 'Type', cell: (c) => c.type + (c.dateFormat ? ` (${c.dateFormat})` : '') + (c.inferredType && c.inferredType !== c.type ? `, chosen (guessed ${c.inferredType})` : '') },
              {
                header: 'Read as',
                cell: (c) => COLUMN_TYPE_LABELS[c.type] ?? c.type,
                render: (c) => (
                  <select
                    value={columnTypes[c.name] ?? c.type}
                    aria-label={`Type of column ${c.name}`}
                    disabled={busy !== null || drop.has(c.name)}
                    onChange={(e) => void changeType(c.name, c.inferredType ?? c.type, e.target.value)}
                  >
                    {Object.entries(COLUMN_TYPE_LABELS).map(([type, label]) => (
                      <option key={type} value={type}>
                        {label}
                      </option>
                    ))}
                  </select>
                ),
              },
              { header: 'Missing in sample', cell: (c) => formatNumber(c.missing), numeric: true },
              { header: 'Not fitting the type', cell: (c) => misfitText(c.invalid ?? 0, c.invalidExamples ?? []) },
              {
                header: 'Import',
                cell: (c) => (drop.has(c.name) ? 'no' : 'yes'),
                render: (c) => (
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={!drop.has(c.name) && identifierDecision[c.name] !== 'drop'}
                      disabled={identifierDecision[c.name] !== undefined}
                      onChange={(e) => {
                        const next = new Set(drop);
                        if (e.target.checked) next.delete(c.name);
                        else next.add(c.name);
                        setDrop(next);
                      }}
                      aria-label={`Import column ${c.name}`}
                    />
                  </label>
                ),
              },
            ]}
          />
          <DataTable
            title={`First ${preview.rows.length} records`}
            exportable={false}
            rows={preview.rows}
            columns={[
              { header: 'Line', cell: (_r, i) => String(preview.lines[i]), numeric: true },
              ...preview.columns.map((c, k) => ({ header: c.name, cell: (r: (typeof preview.rows)[number]) => (r[k] === null ? '—' : String(r[k])) })),
            ]}
          />
          {progress ? (
            <ProgressBar label="Import progress" fraction={progress.fraction} message={progress.message} onCancel={cancel} />
          ) : (
            <button type="button" className="primary" onClick={runImport} data-testid="import-button" disabled={readOnly}>
              Import {name.trim() ? `as "${name.trim()}"` : ''}
            </button>
          )}
        </div>
      ) : null}

      {cancelled ? (
        <div className="note note-warning" role="status" data-testid="import-cancelled">
          {cancelled}
        </div>
      ) : null}

      {report ? (
        <div className="note note-ok" role="status" data-testid="import-report" tabIndex={-1} ref={reportRef}>
          Imported {formatNumber(report.rows)} rows into "{report.name}"
          {report.rejectedRows > 0 ? `; ${formatNumber(report.rejectedRows)} rows could not be read and were set aside` : ''}.
          {(report.columns ?? [])
            .filter((c) => c.invalid > 0)
            .map((c) => (
              <p key={c.name} data-invalid-column={c.name}>
                Column {c.name} ({COLUMN_TYPE_LABELS[c.type] ?? c.type}): {formatNumber(c.invalid)} {c.invalid === 1 ? 'value did' : 'values did'} not fit and {c.invalid === 1 ? 'is' : 'are'} missing:{' '}
                {(c.invalidExamples ?? []).map((e) => `line ${e.line} ${JSON.stringify(e.value)}`).join(', ')}
                {c.invalid > (c.invalidExamples ?? []).length ? ', …' : ''}. Fix {c.invalid === 1 ? 'it' : 'them'} in the file and import again, or leave {c.invalid === 1 ? 'it' : 'them'} missing.
              </p>
            ))}
        </div>
      ) : null}

      {datasets.length >= 2 ? <TimelineBuilder /> : null}

      {workspace.summary && workspace.dataset ? (
        <div className="card">
          <h2>Check: {workspace.dataset}</h2>
          <DataTable
            title={`Columns of ${workspace.dataset} (${formatNumber(workspace.summary.rows)} rows)`}
            testId="column-summary"
            rows={workspace.summary.columns}
            columns={[
              { header: 'Column', cell: (c) => c.name },
              { header: 'Type', cell: (c) => c.type },
              { header: 'Present', cell: (c) => formatNumber(c.n), numeric: true },
              { header: 'Missing', cell: (c) => formatNumber(c.missing), numeric: true },
              { header: 'Values', cell: columnDescription },
            ]}
          />
          <button type="button" className="primary" onClick={() => workspace.goTo('mapping')}>
            Continue to mapping
          </button>
        </div>
      ) : null}
    </section>
  );
}

/**
 * The project's datasets: choose the one to analyse, rename one or delete one (after a confirmation).
 * Renaming keeps the analyses run on it under its new name; both are recorded in the project's audit log.
 */
function DatasetList({ datasets, readOnly }: { datasets: { name: string; rows: number }[]; readOnly: boolean }) {
  const workspace = useWorkspace();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const rename = async (from: string) => {
    setError(null);
    try {
      const project = (await call('dataset:rename', { dataset: from, to: newName })) as ProjectInfo;
      const current = workspace.dataset;
      workspace.setProject(project);
      if (current !== null) await workspace.selectDataset(current === from ? newName.trim() : current);
      setRenaming(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const remove = async (name: string) => {
    setError(null);
    try {
      const project = (await call('dataset:delete', { dataset: name })) as ProjectInfo;
      const current = workspace.dataset;
      workspace.setProject(project);
      if (current !== null && current !== name) await workspace.selectDataset(current);
      setDeleting(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="card">
      <h2>Datasets in this project</h2>
      <ul className="plain-list" data-testid="dataset-list">
        {datasets.map((d) => (
          <li key={d.name}>
            {renaming === d.name ? (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void rename(d.name);
                }}
              >
                <label>
                  New name for {d.name}{' '}
                  <input type="text" value={newName} maxLength={200} autoFocus onChange={(e) => setNewName(e.target.value)} />
                </label>{' '}
                <button type="submit" className="small" disabled={newName.trim() === ''}>
                  Save name
                </button>{' '}
                <button type="button" className="small" onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            ) : deleting === d.name ? (
              <span role="group" aria-label={`Delete ${d.name}`}>
                Delete the dataset {d.name} ({formatNumber(d.rows)} rows) from this project? The CSV file itself is not touched.{' '}
                <button type="button" className="small danger" onClick={() => void remove(d.name)}>
                  Delete {d.name}
                </button>{' '}
                <button type="button" className="small" onClick={() => setDeleting(null)}>
                  Keep it
                </button>
              </span>
            ) : (
              <>
                <button type="button" className={d.name === workspace.dataset ? 'link current' : 'link'} aria-pressed={d.name === workspace.dataset} onClick={() => workspace.selectDataset(d.name)}>
                  {d.name}
                </button>{' '}
                <span className="muted">{formatNumber(d.rows)} rows</span>
                {readOnly ? null : (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="small"
                      aria-label={`Rename ${d.name}`}
                      onClick={() => {
                        setRenaming(d.name);
                        setNewName(d.name);
                        setDeleting(null);
                      }}
                    >
                      Rename
                    </button>{' '}
                    <button
                      type="button"
                      className="small"
                      aria-label={`Delete ${d.name}`}
                      onClick={() => {
                        setDeleting(d.name);
                        setRenaming(null);
                      }}
                    >
                      Delete
                    </button>
                  </>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={error} />
    </div>
  );
}
