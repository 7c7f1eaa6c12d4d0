/**
 * Report step: builds the HTML report in main (`report:html`) from the dataset and the confirmed
 * mapping, with small counts suppressed below a chosen threshold (default 5), and shows it in a
 * sandboxed frame (sandbox="" with srcdoc: no scripts, no navigation, an opaque origin). The report
 * is saved as HTML through the save dialog, or as PDF through `report:pdf` (the desktop app prints it;
 * elsewhere main answers that PDF needs the desktop app, which is shown as a note, not an error).
 */
import { useEffect, useRef, useState } from 'react';
import { call } from '../api';
import { formatNumber } from '../../../presentation/format';
import { Busy, ErrorNote } from '../components/Notices';
import { saveText } from '../components/save';
import { DEFAULT_MIN_CELL } from '../../../shared/report/suppression';
import { DEFAULT_SECTION_ORDER, sectionFitsRows } from '../../../shared/report/model';
import { useWorkspace } from './workspace';
import { useOptionsMemory } from './remembered-options';
import { declaredSectionChoices, sectionsForGroups, userAnalysesFor } from './report-analyses';

/** Small-cell thresholds k: every count from 1 to k − 1 is printed as "<k", zero as 0 (shared/report/suppression.ts). */
const MIN_CELL_CHOICES: readonly { value: number; label: string }[] = [
  { value: 0, label: 'Show every count (no suppression)' },
  { value: 3, label: 'Hide counts below 3' },
  { value: 5, label: 'Hide counts below 5 (usual)' },
  { value: 10, label: 'Hide counts below 10' },
  { value: 11, label: 'Hide counts below 11' },
];

/**
 * The report's sections, in the default order (shared/report/model.ts), with a group section per mapped group column
 * and, before the methods, the sections of the declared analyses with a report part (report-analyses.ts, not ticked);
 * only those that fit the data: one row per participant, or several (episodes or intervals: the repeated relapses).
 */
export function defaultSectionChoices(groups: readonly string[], severalRows = false): { id: string; label: string; included: boolean }[] {
  const label: Record<string, string> = {
    notes: 'Your notes',
    overview: 'Cohort overview',
    factors: 'Relapse factors (Cox model)',
    recurrent: 'Repeated relapses',
    competing: 'Competing ends of follow-up',
    correlation: 'How the factors relate to each other',
    methods: 'Methods',
    provenance: 'Provenance',
    mapping: 'Appendix: column mapping',
  };
  // 'sites' is opt-in: it joins the report when a site column is chosen (sectionsWithSites).
  const declared = declaredSectionChoices().filter((choice) => sectionFitsRows(choice.id, severalRows));
  return DEFAULT_SECTION_ORDER.filter((id) => id !== 'sites' && sectionFitsRows(id, severalRows)).flatMap((id) =>
    id === 'groups' ? groups.map((g) => ({ id: `group:${g}`, label: `Relapse by ${g}`, included: true })) : id === 'methods' ? [...declared, { id, label: label[id], included: true }] : [{ id, label: label[id], included: true }],
  );
}

/** The sections asked for, with the sites section after the factors (or before the methods) when a site column is chosen. */
export function sectionsWithSites(included: readonly string[], sitesBy: string): string[] {
  if (sitesBy === '') return [...included];
  const after = included.indexOf('factors');
  const at = after >= 0 ? after + 1 : included.includes('methods') ? included.indexOf('methods') : included.length;
  return [...included.slice(0, at), 'sites', ...included.slice(at)];
}

interface ReportReply {
  html: string;
  sections: string[];
}

export function ReportView() {
  const workspace = useWorkspace();
  const [notes, setNotes] = useState('');
  const severalRows = workspace.mapping?.outcome.intervalStart !== undefined;
  const [sections, setSections] = useState(() => defaultSectionChoices(workspace.mapping?.groups ?? [], severalRows));
  const [minCell, setMinCell] = useState(DEFAULT_MIN_CELL);
  const [sitesBy, setSitesBy] = useState('');
  const [report, setReport] = useState<(ReportReply & { minCell: number }) | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pdfNote, setPdfNote] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const ticket = useRef(0);
  // The analyses as the user set them up in the Cox, Correlation and Survival steps (remembered while the app runs).
  const memory = useOptionsMemory();
  const userBuilt = userAnalysesFor(memory, workspace);
  const builtNames = [userBuilt.survival ? 'survival curves' : null, userBuilt.cox ? 'Cox model' : null, userBuilt.correlation ? 'correlations' : null].filter((x): x is string => x !== null);
  const [useUserBuilt, setUseUserBuilt] = useState(builtNames.length > 0);
  const chosen = useUserBuilt ? { ...(userBuilt.cox ? { cox: userBuilt.cox } : {}), ...(userBuilt.correlation ? { correlation: userBuilt.correlation } : {}), ...(userBuilt.survival ? { survival: userBuilt.survival } : {}) } : {};

  const request = (threshold: number) => {
    const included = sections.filter((x) => x.included).map((x) => x.id);
    return {
      dataset: workspace.dataset!,
      mapping: workspace.mapping as unknown as Record<string, unknown>,
      minCell: threshold,
      ...(notes.trim() ? { notes } : {}),
      sections: sectionsWithSites(chosen.survival ? sectionsForGroups(included, chosen.survival.groups) : included, sitesBy),
      ...(sitesBy ? { sitesBy } : {}),
      ...chosen,
    };
  };

  const toggleSection = (id: string) => setSections((list) => list.map((x) => (x.id === id ? { ...x, included: !x.included } : x)));
  const moveSection = (index: number, by: -1 | 1) =>
    setSections((list) => {
      const target = index + by;
      if (target < 0 || target >= list.length) return list;
      const next = list.slice();
      [next[index], next[target]] = [next[target], next[index]];
      return next;
    });

  const build = async (threshold = minCell) => {
    const mine = ++ticket.current;
    setBusy('Building the report');
    setError(null);
    setSaved(null);
    try {
      const reply = (await call('report:html', request(threshold))) as ReportReply;
      if (mine === ticket.current) setReport({ ...reply, minCell: threshold });
    } catch (e) {
      if (mine === ticket.current) setError((e as Error).message);
    } finally {
      if (mine === ticket.current) setBusy(null);
    }
  };

  // A first preview as soon as the step opens.
  useEffect(() => {
    void build(DEFAULT_MIN_CELL);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- build is a new function each render; the preview follows the dataset and mapping only
  }, [workspace.dataset, workspace.mapping]);

  const chooseMinCell = (value: number) => {
    setMinCell(value);
    void build(value);
  };

  const saveHtml = async () => {
    if (!report) return;
    setError(null);
    setPdfNote(null);
    try {
      const path = await saveText(`${workspace.dataset ?? 'cohort'}-report.html`, report.html);
      if (path) setSaved(path);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const savePdf = async () => {
    setError(null);
    setPdfNote(null);
    setSaved(null);
    setBusy('Preparing the PDF');
    try {
      const path = (await call('report:pdf', request(minCell))) as string | null;
      if (path) setSaved(path);
    } catch (e) {
      setPdfNote((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const stale = report !== null && report.minCell !== minCell;
  // The mapping's group columns first, then the dataset's other text and whole-number columns.
  const groupColumns = workspace.mapping?.groups ?? [];
  const siteColumns = [...groupColumns, ...(workspace.summary?.columns ?? []).filter((c) => (c.type === 'string' || c.type === 'integer') && !groupColumns.includes(c.name)).map((c) => c.name)];

  return (
    <section aria-labelledby="report-title">
      <h1 id="report-title" tabIndex={-1}>
        Report
      </h1>
      <p className="lead">A self-contained report of this dataset and mapping: methods, results, charts and plain-language summaries, ready to share.</p>
      <div className="card report-controls">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="report-min-cell">Small counts</label>
            <select id="report-min-cell" value={minCell} onChange={(e) => chooseMinCell(Number(e.target.value))} aria-describedby="report-min-cell-help">
              {MIN_CELL_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
            <span className="help" id="report-min-cell-help">
              So that no participant can be recognised, counts from 1 to the threshold − 1 are shown as "&lt;k" (zero stays 0), counts that would give them away are hidden too, and survival curves step only when at least k people leave follow-up.
            </span>
          </div>
          {severalRows ? null : (
          <div className="field">
            <label htmlFor="report-sites-by">Compare sites</label>
            <select id="report-sites-by" value={sitesBy} onChange={(e) => setSitesBy(e.target.value)} aria-describedby="report-sites-by-help">
              <option value="">No comparison of sites</option>
              {siteColumns.map((c) => (
                <option key={c} value={c}>
                  By {c}
                </option>
              ))}
            </select>
            <span className="help" id="report-sites-by-help">
              Adds a section comparing sites: relapses against those expected from the participants&apos; measured factors (funnel plot), curves adjusted for those factors, and restricted mean times. Takes longer on a large cohort.
            </span>
          </div>
          )}
          {builtNames.length > 0 || userBuilt.left.length > 0 ? (
            <div className="field" data-testid="report-user-built">
              <label>
                <input type="checkbox" checked={useUserBuilt} onChange={(e) => setUseUserBuilt(e.target.checked)} disabled={builtNames.length === 0} aria-describedby="report-user-built-help" /> Use the analyses as I set them up
              </label>
              <span className="help" id="report-user-built-help">
                {builtNames.length > 0 ? `The ${builtNames.join(', ')} as set up in their steps, instead of the report's defaults; the methods say which are yours.` : ''}
                {userBuilt.left.length > 0 ? ` The report keeps its default for ${userBuilt.left.join('; ')}.` : ''}
              </span>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="report-notes">Notes for the reader (optional)</label>
            <textarea id="report-notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
          </div>
        </div>
        <fieldset className="report-sections">
          <legend>Sections, in order</legend>
          <ol data-testid="report-sections">
            {sections.map((section, index) => (
              <li key={section.id}>
                <label>
                  <input type="checkbox" checked={section.included} onChange={() => toggleSection(section.id)} /> {section.label}
                </label>
                <button type="button" className="small" onClick={() => moveSection(index, -1)} disabled={index === 0} aria-label={`Move ${section.label} up`}>
                  ↑
                </button>
                <button type="button" className="small" onClick={() => moveSection(index, 1)} disabled={index === sections.length - 1} aria-label={`Move ${section.label} down`}>
                  ↓
                </button>
              </li>
            ))}
          </ol>
        </fieldset>
        <div className="button-row">
          <button type="button" onClick={() => void build()}>
            Update the preview
          </button>
          <button type="button" className="primary" onClick={saveHtml} disabled={!report || stale || busy !== null}>
            Save HTML…
          </button>
          <button type="button" onClick={savePdf} disabled={!report || busy !== null}>
            Save PDF…
          </button>
        </div>
      </div>
      <Busy busy={busy !== null} label={busy ?? undefined} />
      <ErrorNote error={error} />
      {pdfNote ? (
        <div className="note note-warning" role="status" data-testid="pdf-note">
          <strong>The PDF could not be made here.</strong> {pdfNote.charAt(0).toUpperCase() + pdfNote.slice(1)}.
        </div>
      ) : null}
      {saved ? (
        <p className="note note-ok" role="status">
          Saved to {saved}
        </p>
      ) : null}
      {report ? (
        <div className="card" data-testid="report-ready">
          <h2>Preview</h2>
          <p className="muted">
            {formatNumber(report.sections.length)} sections ({report.sections.join(', ')}), {formatNumber(Math.max(1, Math.round(report.html.length / 1024)))} KB;{' '}
            {report.minCell > 1 ? `counts below ${report.minCell} hidden.` : 'every count shown.'}
          </p>
          <iframe className="report-preview" title="Report preview" sandbox="" srcDoc={report.html} data-testid="report-preview" />
        </div>
      ) : null}
    </section>
  );
}
