/**
 * Mapping step: which column is the participant id, the follow-up time and the event (with the values
 * that mean relapse and a competing end), the group columns, and the columns that measure each of the
 * nine relapse factors (with direction and risk values). The data hold one row per participant, or several
 * rows per participant (episodes or intervals: the (start, stop] rows of the Data step's 'Build intervals
 * from visits', or a file of episodes), mapped as the id, the interval start and stop in days and the event
 * (`outcome.intervalStart`); only the Recurrent relapses step analyses the latter. Starts from the app's suggestions, each with
 * its reason; validation errors appear next to the field with the offending rows. Templates can be
 * saved in the project, loaded, and exchanged as files.
 */
import { useEffect, useMemo, useState } from 'react';
import { call } from '../api';
import { FACTOR_CATALOGUE } from '../../../shared/factors/catalogue';
import { FACTOR_IDS, type FactorId } from '../../../shared/factors/ids';
import { parseMapping, serialiseMapping } from '../../../shared/mapping/format';
import { formatNumber } from '../../../presentation/format';
import { Busy, ErrorNote } from '../components/Notices';
import { saveText } from '../components/save';
import { useWorkspace } from './workspace';
import { asTemplate, EXCLUSION_REASON_TEXT, mappingNames, cleanTemplate, emptyTemplate, hasErrors, issuesForColumn, parseValueList, setFactorItems, valueListText, withExcludedRows, withoutExclusions } from './mapping-model';
import type { MappingItemDraft, MappingTemplate, ValidationIssueInfo } from './types';

/** The follow-up units (shared/mapping/units.ts), as the time field's label starts. */
const UNIT_LABEL: Record<NonNullable<MappingTemplate['outcome']['unit']>, string> = { days: 'Days', weeks: 'Weeks', months: 'Months', years: 'Years' };

interface Reason {
  role: string;
  column: string;
  confidence: number;
  reason: string;
}

interface SuggestionReply {
  outcome: Partial<MappingTemplate['outcome']> & { id?: string };
  groups: string[];
  factors: Partial<Record<FactorId, (MappingItemDraft & { confidence: number; reason: string })[]>>;
  roles: Reason[];
}

function suggestionToDraft(s: SuggestionReply): MappingTemplate {
  const { id, ...outcome } = s.outcome;
  const factors: MappingTemplate['factors'] = {};
  for (const f of FACTOR_IDS) {
    const items = s.factors[f];
    if (items && items.length > 0) factors[f] = items.map((i) => ({ column: i.column, direction: i.direction, ...(i.riskValues ? { riskValues: i.riskValues } : {}) }));
  }
  const merged: MappingTemplate['outcome'] = { ...emptyTemplate().outcome, ...outcome, event: outcome.event ?? '', eventValues: outcome.eventValues && outcome.eventValues.length > 0 ? outcome.eventValues : ['1'] };
  // a suggestion of start and end dates opens the dates mode (issue 15 item 2): no empty duration field beside it
  if (outcome.time === undefined && outcome.start !== undefined) delete merged.time;
  return {
    ...emptyTemplate(),
    ...(id ? { id } : {}),
    outcome: merged,
    groups: s.groups,
    factors,
  };
}

/**
 * Validation issues, next to the field they concern (the field's aria-describedby names the list) or in the
 * Check card. With `onExclude`, an issue whose rows can be left out (end before start, follow-up missing)
 * lists them with their values and offers to leave them out.
 */
function IssueList(props: { issues: readonly ValidationIssueInfo[]; id?: string; onExclude?: (issue: ValidationIssueInfo) => void }) {
  if (props.issues.length === 0) return null;
  return (
    <ul className="inline-issues" id={props.id}>
      {props.issues.map((i, k) => (
        <li key={k} className={i.severity === 'error' ? 'issue-error' : 'issue-warning'} data-issue={i.code}>
          <span className="visually-hidden">{i.severity}: </span>
          {i.message}
          {i.rows.length > 0 ? (
            <span className="issue-rows">
              {' '}
              Rows: {i.rows.join(', ')}
              {i.count > i.rows.length ? ` and ${formatNumber(i.count - i.rows.length)} more` : ''}
            </span>
          ) : null}
          {props.onExclude && i.exclusion ? <ExclusionOffer issue={i} onExclude={props.onExclude} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** The rows of an issue with their values, and 'Leave these rows out'. */
function ExclusionOffer({ issue, onExclude }: { issue: ValidationIssueInfo; onExclude: (issue: ValidationIssueInfo) => void }) {
  const exclusion = issue.exclusion!;
  const columns = exclusion.values[0]?.cells.map((c) => c.column) ?? [];
  const n = exclusion.rows.length;
  return (
    <div className="exclusion-offer" data-testid={`exclusion-offer-${issue.code}-${issue.column ?? ''}`}>
      <table className="data-table compact">
        <caption>{n === 1 ? 'The row concerned' : `The ${formatNumber(n)} rows concerned${n > exclusion.values.length ? ` (first ${exclusion.values.length} shown)` : ''}`}</caption>
        <thead>
          <tr>
            <th scope="col">Data row</th>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {exclusion.values.map((v) => (
            <tr key={v.row}>
              <td className="num">{v.row}</td>
              {v.cells.map((c) => (
                <td key={c.column}>{c.value}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="small" onClick={() => onExclude(issue)}>
        {n === 1 ? 'Leave this row out' : `Leave these ${formatNumber(n)} rows out`}
      </button>{' '}
      <span className="help">They are left out of every analysis; the mapping, the project&apos;s audit log and the report record it.</span>
    </div>
  );
}

export function MappingView() {
  const workspace = useWorkspace();
  const readOnly = workspace.project?.readOnly === true;
  const columns = workspace.summary?.columns ?? [];
  const [draft, setDraft] = useState<MappingTemplate>(() => workspace.mapping ?? emptyTemplate());
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [itemReasons, setItemReasons] = useState<Record<string, string>>({});
  const [issues, setIssues] = useState<ValidationIssueInfo[] | null>(null);
  const [formatError, setFormatError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [saved, setSaved] = useState<string[]>(mappingNames(workspace.project?.mappings));
  const [templateName, setTemplateName] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const useDates = draft.outcome.time === undefined && (draft.outcome.start !== undefined || draft.outcome.end !== undefined);
  const severalRows = draft.outcome.intervalStart !== undefined;

  // Suggestions when nothing is mapped yet.
  useEffect(() => {
    if (workspace.mapping || !workspace.dataset) return;
    setBusy('Looking for likely columns');
    call('mapping:suggest', { dataset: workspace.dataset })
      .then((reply) => {
        const s = reply as unknown as SuggestionReply;
        setDraft(suggestionToDraft(s));
        setReasons(s.roles ?? []);
        const byColumn: Record<string, string> = {};
        for (const f of FACTOR_IDS) for (const i of s.factors[f] ?? []) byColumn[`${f}:${i.column}`] = `${i.reason} (confidence ${formatNumber(i.confidence, 2)})`;
        setItemReasons(byColumn);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(null));
    call('mapping:list', {}).then((list) => setSaved(mappingNames(list)), () => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- suggestions once per dataset: the mapping it checks is the one the suggestions become, so it must not rerun on each edit
  }, [workspace.dataset]);

  const clean = useMemo(() => cleanTemplate(draft), [draft]);
  const ready = Boolean(draft.outcome.event) && Boolean(draft.outcome.time || draft.outcome.start) && (!severalRows || Boolean(draft.outcome.intervalStart));

  // Validate against the data whenever the draft changes (debounced).
  useEffect(() => {
    if (!ready || !workspace.dataset) {
      setIssues(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      call('mapping:validate', { dataset: workspace.dataset!, mapping: clean as unknown as Record<string, unknown> }).then(
        (reply) => {
          if (!current) return;
          setIssues(reply as ValidationIssueInfo[]);
          setFormatError(null);
        },
        (e: Error) => {
          if (!current) return;
          setIssues(null);
          setFormatError(e.message);
        },
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [clean, ready, workspace.dataset]);

  const setOutcome = (patch: Partial<MappingTemplate['outcome']>) => setDraft({ ...draft, outcome: { ...draft.outcome, ...patch } });
  const allIssues = issues ?? [];
  const canConfirm = ready && issues !== null && !hasErrors(allIssues) && formatError === null;
  const excludeIssueRows = (issue: ValidationIssueInfo) => {
    if (!issue.exclusion) return;
    setDraft(withExcludedRows(draft, issue.exclusion.reason, issue.exclusion.rows));
  };
  const excluded = draft.excludeRows ?? [];

  const columnSelect = (id: string, label: string, value: string | undefined, onChange: (v: string | undefined) => void, help?: string, filter?: (type: string) => boolean) => {
    const fieldIssues = issuesForColumn(allIssues, value);
    const describedBy = [help ? `${id}-help` : null, fieldIssues.length > 0 ? `${id}-issues` : null].filter(Boolean).join(' ') || undefined;
    return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} aria-describedby={describedBy} aria-invalid={fieldIssues.some((i) => i.severity === 'error') || undefined}>
        <option value="">(none)</option>
        {columns
          .filter((c) => !filter || filter(c.type) || c.name === value)
          .map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.type})
            </option>
          ))}
      </select>
      {help ? (
        <span className="help" id={`${id}-help`}>
          {help}
        </span>
      ) : null}
      <IssueList issues={fieldIssues} id={`${id}-issues`} onExclude={excludeIssueRows} />
    </div>
    );
  };

  const loadSaved = async (name: string) => {
    try {
      const mapping = await call('mapping:get', { name });
      if (mapping) {
        setDraft(asTemplate(mapping));
        setStatus(`Loaded the template "${name}".`);
      }
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const loadFile = async () => {
    setError(null);
    try {
      const file = (await call('dialog:openMapping', {})) as { path: string; text: string } | null;
      if (!file) return;
      setDraft(asTemplate(await call('mapping:parse', { text: file.text })));
      setStatus(`Loaded the template from ${file.path}.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const saveTemplate = async () => {
    const name = templateName.trim();
    if (!name) return;
    try {
      setSaved(mappingNames(await call('mapping:save', { name, mapping: clean as unknown as Record<string, unknown> })));
      setStatus(`Saved the template "${name}" in the project.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  // The file holds the public template format (shared/mapping/format.ts), keys in the documented order.
  const saveFile = async () => {
    setError(null);
    let text: string;
    try {
      text = serialiseMapping(parseMapping(clean));
    } catch (e) {
      setError(`The template cannot be saved yet: ${(e as Error).message}`);
      return;
    }
    try {
      const path = await saveText(`${templateName.trim() || 'mapping'}.json`, text);
      if (path) setStatus(`Saved the template to ${path}.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section aria-labelledby="mapping-title">
      <h1 id="mapping-title" tabIndex={-1}>
        Mapping
      </h1>
      <p className="lead">Tell the workbench which columns hold the follow-up and which measure each relapse factor. Suggestions are only proposals: check each one.</p>
      <Busy busy={busy !== null} label={busy ?? undefined} />
      <ErrorNote error={error} />

      {reasons.length > 0 ? (
        <details className="card" open>
          <summary>Why these suggestions</summary>
          <ul className="reasons" data-testid="suggestion-reasons">
            {reasons.map((r, k) => (
              <li key={k}>
                <strong>{r.role}</strong>: {r.column} — {r.reason} <span className="muted">(confidence {formatNumber(r.confidence, 2)})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <div className="card">
        <h2>Participants and follow-up</h2>
        <div className="form-grid">
          <fieldset className="field" data-testid="rows-mode">
            <legend>The data have</legend>
            <label className="radio">
              <input type="radio" name="rows-mode" value="one" checked={!severalRows} onChange={() => setOutcome({ intervalStart: undefined })} /> One row per participant
            </label>
            <label className="radio">
              <input
                type="radio"
                name="rows-mode"
                value="several"
                checked={severalRows}
                onChange={() => setOutcome({ intervalStart: draft.outcome.intervalStart ?? '', time: draft.outcome.time ?? '', start: undefined, end: undefined, censorEnd: undefined })}
              />{' '}
              Several rows per participant (episodes or intervals)
            </label>
            {severalRows ? (
              <span className="help" data-testid="several-rows-help">
                Each row is one interval of a participant&apos;s follow-up, from its start to its stop in days, ending in a relapse or not; one participant&apos;s intervals must not overlap. Build them from a visits file with &lsquo;Build intervals from visits&rsquo; in the Data step. Only the Recurrent relapses step analyses such data.{' '}
                <button type="button" className="small" onClick={() => workspace.goTo('data')}>
                  Link a visits file
                </button>
              </span>
            ) : null}
          </fieldset>
          {columnSelect('map-id', 'Participant id', draft.id, (v) => setDraft({ ...draft, id: v }), 'A code per participant; never a name.')}
          {severalRows ? (
            <>
              {columnSelect('map-interval-start', 'Interval start (days)', draft.outcome.intervalStart || undefined, (v) => setOutcome({ intervalStart: v ?? '' }), 'Day each interval begins.', (t) => t === 'integer' || t === 'number')}
              {columnSelect('map-time', 'Interval stop (days)', draft.outcome.time, (v) => setOutcome({ time: v ?? '' }), 'Day each interval ends, with a relapse or without one.', (t) => t === 'integer' || t === 'number')}
            </>
          ) : null}
          {severalRows ? null : (
            <fieldset className="field">
              <legend>Follow-up is recorded as</legend>
              <label className="radio">
                <input type="radio" name="time-mode" checked={!useDates} onChange={() => setOutcome({ time: draft.outcome.time ?? '', start: undefined, end: undefined, censorEnd: undefined })} /> a number of days
              </label>
              <label className="radio">
                <input type="radio" name="time-mode" checked={useDates} onChange={() => setOutcome({ time: undefined, unit: undefined, start: draft.outcome.start ?? '', end: draft.outcome.end ?? '' })} /> start and end dates
              </label>
            </fieldset>
          )}
          {severalRows ? null : useDates ? (
            <>
              {columnSelect('map-start', 'Start date', draft.outcome.start, (v) => setOutcome({ start: v ?? '' }), undefined, (t) => t === 'date')}
              {columnSelect('map-end', 'Relapse date', draft.outcome.end, (v) => setOutcome({ end: v }), undefined, (t) => t === 'date')}
              {columnSelect('map-censor', 'Last contact date', draft.outcome.censorEnd, (v) => setOutcome({ censorEnd: v }), undefined, (t) => t === 'date')}
            </>
          ) : (
            <>
              {columnSelect(
                'map-time',
                `${UNIT_LABEL[draft.outcome.unit ?? 'days']} followed`,
                draft.outcome.time,
                (v) => setOutcome({ time: v ?? '' }),
                `${UNIT_LABEL[draft.outcome.unit ?? 'days']} from the start of treatment to relapse or last contact.`,
                (t) => t === 'integer' || t === 'number',
              )}
              <div className="field">
                <label htmlFor="map-unit">Follow-up is counted in</label>
                <select id="map-unit" value={draft.outcome.unit ?? 'days'} onChange={(e) => setOutcome({ unit: e.target.value === 'days' ? undefined : (e.target.value as MappingTemplate['outcome']['unit']) })} aria-describedby="map-unit-help">
                  {Object.keys(UNIT_LABEL).map((unit) => (
                    <option key={unit} value={unit}>
                      {unit}
                    </option>
                  ))}
                </select>
                <span className="help" id="map-unit-help">
                  The unit of the follow-up column; the analyses convert it to days (a month is 365.25/12 = 30.4375 days, a year 365.25 days).
                </span>
              </div>
            </>
          )}
          {columnSelect('map-event', 'How follow-up ended', draft.outcome.event || undefined, (v) => setOutcome({ event: v ?? '' }), 'The column recording relapse or censoring.')}
          <div className="field">
            <label htmlFor="map-event-values">Values meaning relapse</label>
            <input id="map-event-values" value={valueListText(draft.outcome.eventValues)} onChange={(e) => setOutcome({ eventValues: parseValueList(e.target.value) })} aria-describedby="map-event-values-help" />
            <span className="help" id="map-event-values-help">
              Comma-separated, e.g. 1 or yes. Other values (0, no) mean the follow-up ended without a relapse (censored).
            </span>
          </div>
          <div className="field">
            <label htmlFor="map-competing">Values meaning a competing end (optional)</label>
            <input id="map-competing" value={valueListText(draft.outcome.competingValues)} onChange={(e) => setOutcome({ competingValues: parseValueList(e.target.value) })} aria-describedby="map-competing-help" />
            <span className="help" id="map-competing-help">
              E.g. 2 for death; then a cumulative-incidence view is offered.
            </span>
          </div>
        </div>
        <fieldset className="field columns-field">
          <legend>Group columns (site, cohort, programme arm)</legend>
          <div className="checkbox-list">
            {columns.map((c) => (
              <label key={c.name} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.groups.includes(c.name)}
                  onChange={(e) => setDraft({ ...draft, groups: e.target.checked ? [...draft.groups, c.name] : draft.groups.filter((g) => g !== c.name) })}
                />
                {c.name}
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      <div className="card">
        <h2>Relapse factors</h2>
        <p className="help">Map one or more columns to each factor that your data measure. Scores are standardised (mean 0, SD 1); protective columns are reversed.</p>
        {FACTOR_IDS.map((factor) => {
          const items = draft.factors[factor] ?? [];
          const info = FACTOR_CATALOGUE[factor];
          return (
            <fieldset key={factor} className="factor" data-factor={factor}>
              <legend>{info.label}</legend>
              <p className="help">{info.description}</p>
              {items.map((item, k) => {
                const base = `f-${factor}-${k}`;
                const update = (patch: Partial<MappingItemDraft>) => setDraft(setFactorItems(draft, factor, items.map((it, j) => (j === k ? { ...it, ...patch } : it))));
                return (
                  <div className="factor-item" key={k}>
                    <div className="field">
                      <label htmlFor={`${base}-col`}>Column</label>
                      <select
                        id={`${base}-col`}
                        value={item.column}
                        onChange={(e) => update({ column: e.target.value })}
                        aria-describedby={issuesForColumn(allIssues, item.column).length > 0 ? `${base}-issues` : undefined}
                        aria-invalid={issuesForColumn(allIssues, item.column).some((i) => i.severity === 'error') || undefined}
                      >
                        <option value="">(choose)</option>
                        {columns.map((c) => (
                          <option key={c.name} value={c.name}>
                            {c.name} ({c.type})
                          </option>
                        ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`${base}-dir`}>A higher value means</label>
                      <select id={`${base}-dir`} value={item.direction} onChange={(e) => update({ direction: e.target.value as 'risk' | 'protective' })}>
                        <option value="risk">more risk</option>
                        <option value="protective">less risk (protective)</option>
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`${base}-risk`}>Risk values (categories)</label>
                      <input id={`${base}-risk`} value={valueListText(item.riskValues)} onChange={(e) => update({ riskValues: parseValueList(e.target.value) })} placeholder="e.g. yes" />
                    </div>
                    <button type="button" className="small" onClick={() => setDraft(setFactorItems(draft, factor, items.filter((_, j) => j !== k)))} aria-label={`Remove ${item.column || 'column'} from ${info.label}`}>
                      Remove
                    </button>
                    {itemReasons[`${factor}:${item.column}`] ? <p className="reason muted">Suggested: {itemReasons[`${factor}:${item.column}`]}</p> : null}
                    <IssueList issues={issuesForColumn(allIssues, item.column)} id={`${base}-issues`} />
                  </div>
                );
              })}
              <button type="button" className="small" onClick={() => setDraft(setFactorItems(draft, factor, [...items, { column: '', direction: info.usualDirection }]))}>
                Add a column to {info.label}
              </button>
            </fieldset>
          );
        })}
      </div>

      <div className="card" aria-live="polite">
        <h2>Check</h2>
        {!ready ? <p>Choose the follow-up and the event columns to check the mapping.</p> : null}
        <ErrorNote error={formatError} title="The mapping is not complete" />
        {issues !== null && issues.length === 0 ? <p className="note note-ok">No problems found.</p> : null}
        <IssueList issues={allIssues} />
        {excluded.length > 0 ? (
          <div className="note" data-testid="excluded-rows">
            Left out of every analysis:{' '}
            {excluded.map((e, k) => (
              <span key={e.reason}>
                {k > 0 ? '; ' : ''}data row{e.rows.length === 1 ? '' : 's'} {e.rows.slice(0, 20).join(', ')}
                {e.rows.length > 20 ? ` and ${formatNumber(e.rows.length - 20)} more` : ''} ({EXCLUSION_REASON_TEXT[e.reason]})
              </span>
            ))}
            .{' '}
            <button type="button" className="small" onClick={() => setDraft(withoutExclusions(draft))}>
              Put the rows back
            </button>
          </div>
        ) : null}
        <button
          type="button"
          className="primary"
          disabled={!canConfirm}
          data-testid="confirm-mapping"
          onClick={async () => {
            setError(null);
            try {
              // rows left out: main checks the mapping once more and records them in the project's audit log
              if (clean.excludeRows && workspace.dataset) await call('mapping:use', { dataset: workspace.dataset, mapping: clean as unknown as Record<string, unknown> });
              workspace.setMapping(clean);
              workspace.goTo(severalRows ? 'recurrent' : 'overview');
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          Use this mapping
        </button>
      </div>

      <div className="card">
        <h2>Templates</h2>
        {readOnly ? (
          <p className="muted" data-testid="templates-read-only">
            This project is open read-only: templates cannot be saved in it. Save to file instead.
          </p>
        ) : null}
        <div className="form-grid">
          <div className="field">
            <label htmlFor="template-name">Template name</label>
            <input id="template-name" value={templateName} onChange={(e) => setTemplateName(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="button" onClick={saveTemplate} disabled={readOnly || !templateName.trim()}>
              Save in project
            </button>
            <button type="button" onClick={saveFile}>
              Save to file…
            </button>
            <button type="button" onClick={loadFile}>
              Load from file…
            </button>
          </div>
          {saved.length > 0 ? (
            <div className="field">
              <label htmlFor="template-load">Saved templates</label>
              <select id="template-load" value="" onChange={(e) => e.target.value && loadSaved(e.target.value)}>
                <option value="">Load a saved template…</option>
                {saved.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        {status ? (
          <p role="status" className="muted">
            {status}
          </p>
        ) : null}
      </div>
    </section>
  );
}
