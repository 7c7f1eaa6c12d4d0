/**
 * The options form of an analysis, generated from its declaration's `options` (shared/analyses/*.ts),
 * as jamovi builds its forms from .a.yaml: a column picker per `column`, a checkbox list per `columns`,
 * a select per `enum`, number and list inputs for `number`/`numbers`, a text box for `text`.
 * Each control has its label and the declaration's one-line help (aria-describedby).
 *
 * The form holds text as typed (`FormValues`); `toAnalysisOptions` turns it into the options object
 * that `analysis:run` validates against the declaration's schema.
 *
 * A select stepped through with the arrow keys while closed changes its value at each key press; the
 * form passes the value on once the user settles (SettlingSelect: Enter, leaving the select, or a pause
 * of SETTLE_MS), so that one analysis runs, not one per option passed. A choice by mouse passes at once.
 */
import { useEffect, useId, useRef, useState, type ReactNode, type SelectHTMLAttributes } from 'react';
import type { ColumnKind, OptionSpec } from '../../../shared/analyses/declaration';

export type FormValue = string | string[] | undefined;
export type FormValues = Record<string, FormValue>;

export interface FormColumn {
  name: string;
  type: string;
  /** Shown instead of the name, e.g. "Craving score (derived)". */
  label?: string;
}

const NUMERIC_TYPES = new Set(['integer', 'number']);

/** Readable names for coded choices, where the code alone would puzzle a reader (the value sent stays the code). */
const CHOICE_LABELS: Record<string, Record<string, string>> = {
  pAdjust: { none: 'none', holm: 'Holm', hochberg: 'Hochberg', bonferroni: 'Bonferroni', BH: 'Benjamini–Hochberg (BH)', BY: 'Benjamini–Yekutieli (BY)' },
};

export function columnFits(kind: ColumnKind, type: string): boolean {
  switch (kind) {
    case 'numeric':
      return NUMERIC_TYPES.has(type);
    case 'date':
      return type === 'date';
    case 'categorical':
      return type !== 'number' && type !== 'date';
    default:
      return true;
  }
}

/** Form defaults from the declaration (enum and number defaults, numbers as comma-separated text). */
export function defaultFormValues(specs: readonly OptionSpec[]): FormValues {
  const values: FormValues = {};
  for (const spec of specs) {
    if (spec.kind === 'enum') values[spec.name] = spec.default;
    else if (spec.kind === 'number' && spec.default !== undefined) values[spec.name] = String(spec.default);
    else if (spec.kind === 'numbers' && spec.default !== undefined) values[spec.name] = spec.default.join(', ');
    else if (spec.kind === 'text' && spec.default !== undefined) values[spec.name] = spec.default;
    else if (spec.kind === 'columns') values[spec.name] = [];
  }
  return values;
}

/**
 * The options object for `analysis:run`: empty entries are left out (the schema's defaults apply),
 * numbers are parsed, lists of numbers are split at commas or spaces. Text that is not a number is
 * passed on as typed, so the declaration's schema reports it in its own words.
 */
export function toAnalysisOptions(specs: readonly OptionSpec[], values: FormValues): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = values[spec.name];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (spec.kind === 'columns' && (value.length > 0 || spec.required)) options[spec.name] = value;
      continue;
    }
    const text = value.trim();
    if (text === '') continue;
    if (spec.kind === 'number') {
      // A proportion typed as a percentage ("95" or "95%" in a confidence level, whose range is 0 to 1) is read as 0.95.
      const percent = /^\s*([0-9.]+)\s*%\s*$/.exec(text);
      const number = percent ? Number(percent[1]) / 100 : Number(text);
      const proportion = spec.min === 0 && spec.max === 1;
      options[spec.name] = !Number.isFinite(number) ? text : proportion && !percent && number > 1 && number < 100 ? number / 100 : number;
    }
    else if (spec.kind === 'numbers') {
      const parts = text.split(/[\s,;]+/).filter((s) => s !== '');
      options[spec.name] = parts.every((s) => Number.isFinite(Number(s))) ? parts.map(Number) : text;
    } else options[spec.name] = text;
  }
  return options;
}

/** A pause after an arrow key this long counts as settled. */
export const SETTLE_MS = 600;
const STEP_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * A select whose changes by the arrow keys (a closed select stepping through its options) are passed on
 * when the user settles: Enter, blur, or SETTLE_MS without another key. Other changes pass at once.
 */
export function SettlingSelect(props: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & { value: string; onSettle: (value: string) => void; children: ReactNode }) {
  const { value, onSettle, children, ...rest } = props;
  const [pending, setPending] = useState<string | null>(null);
  const stepping = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ pending, value, onSettle });
  latest.current = { pending, value, onSettle };
  const settle = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const { pending: chosen, value: current, onSettle: pass } = latest.current;
    if (chosen === null) return;
    setPending(null);
    if (chosen !== current) pass(chosen);
  };
  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);
  return (
    <select
      {...rest}
      value={pending ?? value}
      onKeyDown={(e) => {
        if (STEP_KEYS.has(e.key)) stepping.current = true;
        else if (e.key === 'Enter') settle();
      }}
      onChange={(e) => {
        const next = e.target.value;
        if (stepping.current) {
          stepping.current = false;
          setPending(next);
          latest.current.pending = next;
          if (timer.current !== null) clearTimeout(timer.current);
          timer.current = setTimeout(settle, SETTLE_MS);
          return;
        }
        if (timer.current !== null) clearTimeout(timer.current);
        timer.current = null;
        setPending(null);
        if (next !== value) onSettle(next);
      }}
      onBlur={settle}
    >
      {children}
    </select>
  );
}

export interface AnalysisFormProps {
  specs: readonly OptionSpec[];
  values: FormValues;
  onChange: (values: FormValues) => void;
  columns: readonly FormColumn[];
  /** Options set elsewhere (by the mapping): shown read-only with their value. */
  fixed?: Record<string, string>;
  /** Options not shown at all (the view sets them). */
  hidden?: readonly string[];
  /** The columns a `columns` option lists, where the view narrows them (Cox: categorical among the chosen covariates), and what it says when there are none. */
  columnsFor?: Partial<Record<string, { columns: readonly FormColumn[]; empty: string }>>;
  /** A control the view draws in an option's place (Cox: a select of levels per categorical covariate for `reference`). */
  custom?: Partial<Record<string, ReactNode>>;
  /**
   * Options seldom changed, listed under "More options" (a closed disclosure, open when one of them
   * has a value), so that the main ones fit on a small screen without a scroll box of their own.
   */
  advanced?: readonly string[];
  legend?: string;
}

export function AnalysisForm(props: AnalysisFormProps) {
  const baseId = useId();
  const set = (name: string, value: FormValue) => props.onChange({ ...props.values, [name]: value });
  const shown = props.specs.filter((s) => !props.hidden?.includes(s.name));
  const main = shown.filter((s) => !props.advanced?.includes(s.name));
  const more = shown.filter((s) => props.advanced?.includes(s.name));
  const hasValue = (name: string) => {
    const value = props.values[name];
    const spec = props.specs.find((s) => s.name === name);
    return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== '' && !(spec?.kind === 'enum' && value === spec.default);
  };
  const renderSpec = (spec: OptionSpec) => {
        const id = `${baseId}-${spec.name}`;
        const helpId = `${id}-help`;
        const fixed = props.fixed?.[spec.name];
        const label = (
          <label htmlFor={id}>
            {spec.label}
            {spec.required ? <span aria-hidden="true"> *</span> : null}
          </label>
        );
        const help = (
          <span id={helpId} className="help">
            {spec.help}
          </span>
        );
        const custom = props.custom?.[spec.name];
        if (custom !== undefined) return <div key={spec.name}>{custom}</div>;
        if (fixed !== undefined) {
          return (
            <div className="field" key={spec.name} data-option={spec.name}>
              {label}
              <input id={id} readOnly value={fixed} aria-describedby={helpId} className="fixed" />
              {help}
            </div>
          );
        }
        const value = props.values[spec.name];
        switch (spec.kind) {
          case 'column': {
            const fitting = props.columns.filter((c) => columnFits(spec.accepts, c.type));
            return (
              <div className="field" key={spec.name} data-option={spec.name}>
                {label}
                <SettlingSelect id={id} value={typeof value === 'string' ? value : ''} onSettle={(chosen) => set(spec.name, chosen || undefined)} aria-describedby={helpId}>
                  <option value="">{spec.required ? 'Choose a column…' : '(none)'}</option>
                  {fitting.map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.label ?? c.name}
                    </option>
                  ))}
                </SettlingSelect>
                {help}
              </div>
            );
          }
          case 'columns': {
            const selected = Array.isArray(value) ? value : [];
            const narrowed = props.columnsFor?.[spec.name];
            const fitting = (narrowed?.columns ?? props.columns).filter((c) => columnFits(spec.accepts, c.type));
            return (
              <fieldset className="field columns-field" key={spec.name} data-option={spec.name} aria-describedby={helpId}>
                <legend>
                  {spec.label}
                  {spec.required ? <span aria-hidden="true"> *</span> : null}
                </legend>
                {narrowed && fitting.length === 0 ? <p className="help">{narrowed.empty}</p> : null}
                <div className="checkbox-list">
                  {fitting.map((c) => (
                    <label key={c.name} className="checkbox">
                      <input
                        type="checkbox"
                        name={`${id}-col`}
                        value={c.name}
                        checked={selected.includes(c.name)}
                        onChange={(e) => set(spec.name, e.target.checked ? [...selected, c.name] : selected.filter((s) => s !== c.name))}
                      />
                      {c.label ?? c.name}
                    </label>
                  ))}
                </div>
                {help}
              </fieldset>
            );
          }
          case 'enum':
            return (
              <div className="field" key={spec.name} data-option={spec.name}>
                {label}
                <SettlingSelect id={id} value={typeof value === 'string' ? value : spec.default} onSettle={(chosen) => set(spec.name, chosen)} aria-describedby={helpId}>
                  {spec.choices.map((choice) => (
                    <option key={choice} value={choice}>
                      {CHOICE_LABELS[spec.name]?.[choice] ?? choice}
                    </option>
                  ))}
                </SettlingSelect>
                {help}
              </div>
            );
          case 'number':
            return (
              <div className="field" key={spec.name} data-option={spec.name}>
                {label}
                <input
                  id={id}
                  type="number"
                  inputMode="decimal"
                  step="any"
                  min={spec.min}
                  max={spec.max}
                  value={typeof value === 'string' ? value : ''}
                  onChange={(e) => set(spec.name, e.target.value)}
                  aria-describedby={helpId}
                />
                {help}
              </div>
            );
          case 'numbers':
          case 'text':
            return (
              <div className="field" key={spec.name} data-option={spec.name}>
                {label}
                <input id={id} type="text" value={typeof value === 'string' ? value : ''} onChange={(e) => set(spec.name, e.target.value)} aria-describedby={helpId} />
                {help}
              </div>
            );
        }
  };
  return (
    <fieldset className="analysis-form">
      {props.legend ? <legend>{props.legend}</legend> : null}
      {main.map(renderSpec)}
      {more.length > 0 ? (
        <details className="more-options" open={more.some((s) => hasValue(s.name)) || undefined}>
          <summary>More options ({more.map((s) => s.label.toLowerCase()).join(', ')})</summary>
          <div className="more-options-fields">{more.map(renderSpec)}</div>
        </details>
      ) : null}
    </fieldset>
  );
}
