/**
 * The reference level of each categorical covariate, picked from the column's levels (issue 15 item 5),
 * as the `reference` option's text "column=level,…" (shared/analyses/model-matrix.ts parseReferenceLevels).
 * The levels are sorted as R orders factor levels (numbers numerically, text by code point), the default
 * being the first. A text column's levels come from the dataset summary; a numeric column's distinct
 * values are read once (dataset:values, after the mapping, so derived columns have theirs too).
 */
import { useEffect, useId, useState } from 'react';
import { call } from '../api';
import type { ColumnInfo, MappingTemplate } from './types';

/** Above this many distinct values a numeric column's levels are not listed (it is hardly a category). */
export const MAX_LISTED_LEVELS = 200;

export function parseReference(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function formatReference(chosen: Record<string, string>, columns: readonly string[]): string {
  return columns.filter((c) => chosen[c] !== undefined && chosen[c] !== '').map((c) => `${c}=${chosen[c]}`).join(',');
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Levels {
  levels: string[];
  /** Only the most frequent levels are known (the summary lists a few of a text column's many). */
  partial: boolean;
}

/** The levels of each named column: from the summary for text, from the values for numbers. */
export function useColumnLevels(dataset: string, mapping: MappingTemplate | null, names: readonly string[], summary: readonly ColumnInfo[]): Record<string, Levels | { error: string }> {
  const [read, setRead] = useState<Record<string, Levels | { error: string }>>({});
  const key = JSON.stringify([dataset, mapping]);
  const [readFor, setReadFor] = useState(key);
  if (readFor !== key) {
    setReadFor(key);
    setRead({});
  }
  const out: Record<string, Levels | { error: string }> = {};
  const toRead: string[] = [];
  for (const name of names) {
    const info = summary.find((c) => c.name === name);
    if (info?.levels && info.type !== 'integer' && info.type !== 'number') {
      out[name] = { levels: info.levels.map((l) => l.value).sort(byCodePoint), partial: (info.distinct ?? info.levels.length) > info.levels.length };
    } else if (read[name]) out[name] = read[name];
    else toRead.push(name);
  }
  const missing = toRead.join('\u0000');
  useEffect(() => {
    if (missing === '') return;
    let live = true;
    const columns = missing.split('\u0000');
    call('dataset:values', { dataset, ...(mapping ? { mapping: mapping as unknown as Record<string, unknown> } : {}), columns, maxRows: 2_000_000 }).then(
      (reply) => {
        if (!live) return;
        const next: Record<string, Levels | { error: string }> = {};
        for (const column of reply.columns) {
          const distinct = Array.from(new Set(column.values.filter((v): v is number => v !== null))).sort((a, b) => a - b);
          next[column.name] = distinct.length > MAX_LISTED_LEVELS ? { error: `${distinct.length} distinct values: too many to list as levels` } : { levels: distinct.map(String), partial: false };
        }
        setRead((r) => ({ ...r, ...next }));
      },
      (error: unknown) => {
        if (live) setRead((r) => ({ ...r, ...Object.fromEntries(columns.map((c) => [c, { error: error instanceof Error ? error.message : String(error) }])) }));
      },
    );
    return () => {
      live = false;
    };
  }, [dataset, mapping, missing]);
  return out;
}

/** One select per categorical covariate, listing its levels; the first (R's default) when none is chosen. */
export function ReferenceLevels(props: { label: string; help: string; columns: readonly string[]; value: string | undefined; onChange: (text: string) => void; levels: Record<string, Levels | { error: string }> }) {
  const baseId = useId();
  const chosen = parseReference(props.value);
  const helpId = `${baseId}-help`;
  return (
    <fieldset className="field columns-field" data-option="reference" aria-describedby={helpId}>
      <legend>{props.label}</legend>
      {props.columns.length === 0 ? <p className="help">Tick a covariate under "Treat as categorical" to choose its reference level.</p> : null}
      {props.columns.map((column) => {
        const id = `${baseId}-${column}`;
        const known = props.levels[column];
        return (
          <div className="field" key={column}>
            <label htmlFor={id}>{column}</label>
            {known === undefined ? (
              <select id={id} disabled value="">
                <option value="">Reading the levels…</option>
              </select>
            ) : 'error' in known ? (
              <p className="help error-text">{known.error}</p>
            ) : (
              <select
                id={id}
                value={chosen[column] === known.levels[0] ? '' : (chosen[column] ?? '')}
                onChange={(e) => props.onChange(formatReference({ ...chosen, [column]: e.target.value }, props.columns))}
              >
                <option value="">{known.levels.length > 0 ? `${known.levels[0]} (first level)` : '(no levels)'}</option>
                {known.levels.slice(1).concat(chosen[column] && !known.levels.includes(chosen[column]) ? [chosen[column]] : []).map((level) => (
                  <option key={level} value={level}>
                    {level}
                  </option>
                ))}
              </select>
            )}
            {known !== undefined && !('error' in known) && known.partial ? <span className="help">The {known.levels.length} most frequent levels are listed.</span> : null}
          </div>
        );
      })}
      <span id={helpId} className="help">
        {props.help}
      </span>
    </fieldset>
  );
}
