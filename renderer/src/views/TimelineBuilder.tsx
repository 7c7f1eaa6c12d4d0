/**
 * Data step, "Build intervals from visits" (issue 13 item 3): from a participants dataset (one row each:
 * id, end of follow-up, event at the end) and a dataset of visits or measurements (one row per visit: id,
 * day, values) already in the project, main builds the (start, stop] intervals with time-dependent
 * covariates as R survival's tmerge (channel dataset:timeline) and stores them as a new dataset. Each
 * measure is used as a value carried forward (tdc), a running total (cumtdc) or an event on that day
 * (event); the words shown are the plain ones. What was built and every row left out are shown, and the
 * new dataset becomes the one in use.
 */
import { useEffect, useRef, useState } from 'react';
import { call, onProgress } from '../api';
import { formatNumber } from '../../../presentation/format';
import { ErrorNote } from '../components/Notices';
import { ProgressBar } from '../components/ProgressBar';
import { useWorkspace } from './workspace';
import type { ProjectInfo } from './types';

export type MeasureKind = 'tdc' | 'cumulative' | 'event';

/** The kinds in the user's words. */
export const MEASURE_KIND_WORDS: Record<MeasureKind, string> = {
  tdc: 'value carried forward',
  cumulative: 'running total',
  event: 'event on that day',
};

const KIND_HELP: Record<MeasureKind, string> = {
  tdc: 'the value holds from its visit until the next one',
  cumulative: 'the values add up from visit to visit (e.g. aftercare sessions attended)',
  event: 'marks the interval that ends on that day (e.g. a relapse found at the visit)',
};

interface Problem {
  file: 'participants' | 'measures';
  code: string;
  measure?: string;
  count: number;
  firstRow?: number;
  message: string;
}

/** What main answers (shared/ipc/results.ts TimelineBuildResult, the fields shown). */
interface BuildResult {
  dataset: string;
  rows: number;
  participants: number;
  columns: string[];
  problems: { dropped: Problem[]; ignored: Problem[]; notes: Problem[] };
  project: ProjectInfo;
}

interface MeasureChoice {
  column: string;
  kind: MeasureKind;
}

/** The first column whose name matches, else the fallback. */
function guess(columns: readonly string[], pattern: RegExp, fallback = ''): string {
  return columns.find((c) => pattern.test(c)) ?? fallback;
}

function useColumns(dataset: string): string[] {
  const [columns, setColumns] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    setColumns([]);
    if (dataset === '') return;
    call('dataset:summary', { dataset })
      .then((summary) => live && setColumns(summary.columns.map((c) => c.name)))
      .catch(() => live && setColumns([]));
    return () => {
      live = false;
    };
  }, [dataset]);
  return columns;
}

function ColumnSelect(props: { id: string; label: string; value: string; columns: readonly string[]; onChange(value: string): void; help?: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-describedby={props.help ? `${props.id}-help` : undefined}>
        <option value="">— choose —</option>
        {props.columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      {props.help ? (
        <span id={`${props.id}-help`} className="help">
          {props.help}
        </span>
      ) : null}
    </div>
  );
}

export function TimelineBuilder() {
  const workspace = useWorkspace();
  const datasets = workspace.project?.datasets.map((d) => d.name) ?? [];
  const readOnly = workspace.project?.readOnly === true;
  const [participants, setParticipants] = useState(datasets[0] ?? '');
  const [visits, setVisits] = useState(datasets[1] ?? '');
  const participantColumns = useColumns(participants);
  const visitColumns = useColumns(visits);
  const [id, setId] = useState('');
  const [end, setEnd] = useState('');
  const [event, setEvent] = useState('');
  const [visitId, setVisitId] = useState('');
  const [day, setDay] = useState('');
  const [measures, setMeasures] = useState<MeasureChoice[]>([]);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ jobId: string; message: string } | null>(null);
  const [cancelled, setCancelled] = useState(false);
  // Cancel asked for before the first progress event named the job: sent as soon as the job id is known.
  const cancelRequested = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<(BuildResult & { from: { participants: string; measures: string } }) | null>(null);

  // Guesses from the column names when a dataset is chosen; the user can change each.
  useEffect(() => {
    if (participantColumns.length === 0) return;
    setId(guess(participantColumns, /^(id|participant|person|subject|client)/i, participantColumns[0]));
    setEnd(guess(participantColumns, /futime|follow|end|^time$|days/i));
    setEvent(guess(participantColumns, /status|event|relapse|death/i));
  }, [participantColumns]);
  useEffect(() => {
    if (visitColumns.length === 0) return;
    const vid = visitColumns.includes(id) ? id : guess(visitColumns, /^(id|participant|person|subject|client)/i, visitColumns[0]);
    const vday = guess(visitColumns, /day|time|week|visit/i);
    setVisitId(vid);
    setDay(vday);
    const first = visitColumns.find((c) => c !== vid && c !== vday);
    setMeasures(first ? [{ column: first, kind: 'tdc' }] : []);
    setName(`${visits} intervals`);
    // only when the visits' columns arrive (a new visits dataset), not when the participant id changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visitColumns]);

  useEffect(
    () =>
      onProgress((e) => {
        if (e.kind !== 'timeline') return;
        setProgress({ jobId: e.jobId, message: e.message });
        if (cancelRequested.current) void call('job:cancel', { jobId: e.jobId }).catch(() => undefined);
      }),
    [],
  );

  const ready = participants !== '' && visits !== '' && id !== '' && end !== '' && event !== '' && visitId !== '' && day !== '' && measures.length > 0 && measures.every((m) => m.column !== '') && name.trim() !== '';

  const build = async () => {
    setError(null);
    setResult(null);
    setBusy(true);
    setProgress(null);
    setCancelled(false);
    cancelRequested.current = false;
    try {
      const built = (await call('dataset:timeline', {
        participants,
        measures: visits,
        id,
        end,
        event,
        measureId: visitId,
        measureTime: day,
        measureColumns: measures,
        name: name.trim(),
      })) as BuildResult;
      setResult({ ...built, from: { participants, measures: visits } });
      workspace.setProject(built.project);
      await workspace.selectDataset(built.dataset);
    } catch (e) {
      if (cancelRequested.current) setCancelled(true);
      else setError((e as Error).message);
    } finally {
      cancelRequested.current = false;
      setBusy(false);
      setProgress(null);
    }
  };

  const cancel = async () => {
    cancelRequested.current = true;
    if (progress?.jobId) await call('job:cancel', { jobId: progress.jobId }).catch(() => undefined);
  };

  const setMeasure = (k: number, change: Partial<MeasureChoice>) => setMeasures(measures.map((m, j) => (j === k ? { ...m, ...change } : m)));
  const fileName = (file: Problem['file']) => (result ? result.from[file] : '');
  const problems = result ? [...result.problems.dropped.map((p) => ({ p, what: p.code === 'event-missing' ? 'Note' : 'Left out' })), ...result.problems.ignored.map((p) => ({ p, what: 'Changed nothing' })), ...result.problems.notes.map((p) => ({ p, what: 'Note' }))] : [];

  return (
    <div className="card" data-testid="timeline-builder">
      <h2>Build intervals from visits</h2>
      <p className="help">
        From a participants dataset (one row each: id, end of follow-up, relapse or not) and a dataset of visits or measurements (one row per visit: id, day, values), build a new dataset of
        intervals (start, stop] per participant, split at each visit, with each measure as it stood in that interval — as R survival&apos;s tmerge does. Days are counted from the start of
        follow-up (day 0), in the same unit as the end of follow-up.
      </p>
      {readOnly ? (
        <p className="muted" data-testid="timeline-read-only">
          This project is open read-only, so no dataset can be added to it.
        </p>
      ) : null}
      <div className="form-grid">
        <fieldset>
          <legend>Participants</legend>
          <div className="field">
            <label htmlFor="timeline-participants">Participants dataset</label>
            <select id="timeline-participants" value={participants} onChange={(e) => setParticipants(e.target.value)}>
              {datasets.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          <ColumnSelect id="timeline-id" label="Participant id" value={id} columns={participantColumns} onChange={setId} help="one row per participant" />
          <ColumnSelect id="timeline-end" label="End of follow-up (day)" value={end} columns={participantColumns} onChange={setEnd} />
          <ColumnSelect id="timeline-event" label="Event at the end of follow-up" value={event} columns={participantColumns} onChange={setEvent} help="a number: 1 relapse, 0 none (censored)" />
        </fieldset>
        <fieldset>
          <legend>Visits</legend>
          <div className="field">
            <label htmlFor="timeline-visits">Visits dataset</label>
            <select id="timeline-visits" value={visits} onChange={(e) => setVisits(e.target.value)}>
              {datasets.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          <ColumnSelect id="timeline-visit-id" label="Participant id in the visits" value={visitId} columns={visitColumns} onChange={setVisitId} />
          <ColumnSelect id="timeline-day" label="Day of the visit" value={day} columns={visitColumns} onChange={setDay} />
        </fieldset>
      </div>
      <fieldset>
        <legend>Measures taken at the visits</legend>
        {measures.map((m, k) => (
          <div className="form-grid" key={k} data-testid="timeline-measure">
            <ColumnSelect id={`timeline-measure-${k}`} label={`Measure ${k + 1}`} value={m.column} columns={visitColumns.filter((c) => c !== visitId && c !== day)} onChange={(column) => setMeasure(k, { column })} />
            <div className="field">
              <label htmlFor={`timeline-kind-${k}`}>{`How measure ${k + 1} is used`}</label>
              <select id={`timeline-kind-${k}`} value={m.kind} onChange={(e) => setMeasure(k, { kind: e.target.value as MeasureKind })} aria-describedby={`timeline-kind-${k}-help`}>
                {(Object.keys(MEASURE_KIND_WORDS) as MeasureKind[]).map((kind) => (
                  <option key={kind} value={kind}>
                    {MEASURE_KIND_WORDS[kind]}
                  </option>
                ))}
              </select>
              <span id={`timeline-kind-${k}-help`} className="help">
                {KIND_HELP[m.kind]}
              </span>
            </div>
            <div className="field">
              <button type="button" className="small" aria-label={`Remove measure ${k + 1}`} onClick={() => setMeasures(measures.filter((_, j) => j !== k))}>
                Remove
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="small" onClick={() => setMeasures([...measures, { column: '', kind: 'tdc' }])}>
          Add a measure
        </button>
      </fieldset>
      <div className="field">
        <label htmlFor="timeline-name">Name of the new dataset</label>
        <input id="timeline-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </div>
      {busy ? (
        <ProgressBar label="Building the intervals" fraction={null} message={progress?.message ?? 'starting'} onCancel={() => void cancel()} />
      ) : (
        <button type="button" className="primary" onClick={() => void build()} disabled={readOnly || !ready} data-testid="timeline-build">
          Build the intervals
        </button>
      )}
      <ErrorNote error={error} />
      {cancelled ? (
        <div className="note note-warning" role="status" data-testid="timeline-cancelled">
          Building the intervals was cancelled. Nothing was changed: no dataset was added.
        </div>
      ) : null}
      {result ? (
        <div className="note note-ok" role="status" data-testid="timeline-result">
          <p>
            Built {formatNumber(result.rows)} intervals of {formatNumber(result.participants)} participants into &quot;{result.dataset}&quot; (columns {result.columns.join(', ')}); it is now the
            dataset in use.
          </p>
          {problems.length === 0 ? (
            <p>Every row of both datasets was used.</p>
          ) : (
            <>
              <p>Rows not used as they are, with the first data row concerned:</p>
              <ul data-testid="timeline-problems">
                {problems.map(({ p, what }, i) => (
                  <li key={`${p.code}-${p.measure ?? ''}-${i}`} data-problem={p.code}>
                    {what} ({fileName(p.file)}): {p.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

