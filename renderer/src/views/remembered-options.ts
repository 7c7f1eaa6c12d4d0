/**
 * What the analysis steps remember while the app runs (issue 15 item 4): each step's form values, kept
 * per project, dataset and mapping, so that leaving a step and coming back restores the form (and, with
 * useAnalysis's `remember`, the result on screen). The Report step reads the Cox, Correlation and Survival
 * steps' remembered forms to build the report from the analyses as the user set them up. Nothing is
 * written to disk: closing the app forgets them. The memory belongs to one running app (App provides
 * it, RememberedOptions); a view rendered without it remembers nothing.
 */
import { createContext, createElement, useContext, useEffect, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import type { FormValues } from '../components/AnalysisForm';
import type { MappingTemplate, ProjectInfo } from './types';

export type RememberedStep = 'cox' | 'survival' | 'survival-test' | 'correlation' | 'sites' | 'sites-rmst' | 'recurrent' | `declared:${string}`;

/** The part of the workspace the remembered values belong to. */
export interface RememberScope {
  project: ProjectInfo | null;
  dataset: string | null;
  mapping: MappingTemplate | null;
}

/** The remembered forms and results of one running app. */
export interface OptionsMemory {
  forms: Map<string, unknown>;
  results: Map<string, unknown>;
}

export function createOptionsMemory(): OptionsMemory {
  return { forms: new Map(), results: new Map() };
}

export const OptionsMemoryContext = createContext<OptionsMemory | null>(null);

/** Gives the views below one memory of their options and results (the app wraps its steps in it). */
export function RememberedOptions(props: { memory?: OptionsMemory; children: ReactNode }) {
  const [memory] = useState(() => props.memory ?? createOptionsMemory());
  return createElement(OptionsMemoryContext.Provider, { value: memory }, props.children);
}

export function useOptionsMemory(): OptionsMemory | null {
  return useContext(OptionsMemoryContext);
}

/** At most this many remembered entries of each kind (the oldest is forgotten first): a long session stays small. */
const MAX_ENTRIES = 60;

/** Puts an entry last (the most recent) and forgets the oldest beyond MAX_ENTRIES. */
export function rememberEntry(map: Map<string, unknown>, key: string, value: unknown, max = MAX_ENTRIES): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as string);
}

/** The project and dataset a remembered value belongs to (the mapping is added for forms). */
export function scopeKey(scope: Pick<RememberScope, 'project' | 'dataset'>): string {
  return JSON.stringify([scope.project?.path ?? null, scope.dataset]);
}

function formKey(step: RememberedStep, scope: RememberScope): string {
  return JSON.stringify([step, scopeKey(scope), scope.mapping]);
}

/** The form values a step last had for this project, dataset and mapping, if it was opened. */
export function recallForm<T = FormValues>(memory: OptionsMemory | null, step: RememberedStep, scope: RememberScope): T | undefined {
  return memory?.forms.get(formKey(step, scope)) as T | undefined;
}

export function rememberForm(memory: OptionsMemory, step: RememberedStep, scope: RememberScope, values: unknown): void {
  rememberEntry(memory.forms, formKey(step, scope), values);
}

/**
 * useState whose value is remembered for the step, project, dataset and mapping, and restored when the
 * step opens again (within the app's RememberedOptions; plain useState without it).
 */
export function useRememberedState<T>(step: RememberedStep, scope: RememberScope, initial: () => T): [T, Dispatch<SetStateAction<T>>] {
  const memory = useOptionsMemory();
  // The step's own defaults, while the user has not changed them, are not remembered: a step only
  // opened does not count as set up (the report keeps its defaults for it).
  const [start] = useState(() => {
    const recalled = recallForm<T>(memory, step, scope);
    return recalled !== undefined ? { value: recalled, defaults: false } : { value: initial(), defaults: true };
  });
  const [value, setValue] = useState<T>(start.value);
  const key = formKey(step, scope);
  useEffect(() => {
    if (memory && !(start.defaults && value === start.value)) rememberForm(memory, step, scope, value);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the scope is compared by its key
  }, [memory, key, value]);
  return [value, setValue];
}
