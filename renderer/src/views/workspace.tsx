/**
 * The workspace state every step shares: the open project, the dataset in use with its column
 * summary, and the confirmed mapping (public template format). Views read it through useWorkspace().
 */
import { createContext, useContext } from 'react';
import { FACTOR_CATALOGUE } from '../../../shared/factors/catalogue';
import { FACTOR_IDS } from '../../../shared/factors/ids';
import type { FormColumn } from '../components/AnalysisForm';
import type { DatasetSummaryInfo, MappingTemplate, ProjectInfo } from './types';

export type StepId = 'project' | 'data' | 'mapping' | 'overview' | 'survival' | 'cox' | 'sites' | 'recurrent' | 'correlation' | 'more' | 'report';

export interface Workspace {
  project: ProjectInfo | null;
  dataset: string | null;
  summary: DatasetSummaryInfo | null;
  mapping: MappingTemplate | null;
  setProject(project: ProjectInfo | null): void;
  selectDataset(name: string | null): Promise<void>;
  setMapping(mapping: MappingTemplate | null): void;
  goTo(step: StepId): void;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside the workspace');
  return workspace;
}

export const DERIVED_TIME = 'outcome.time_days';
export const DERIVED_RELAPSE = 'outcome.relapse';
export const DERIVED_STATUS = 'outcome.status';

/** Factors the mapping gives at least one column, in catalogue order. */
export function mappedFactors(mapping: MappingTemplate | null): (typeof FACTOR_IDS)[number][] {
  if (!mapping) return [];
  return FACTOR_IDS.filter((id) => (mapping.factors[id]?.length ?? 0) > 0);
}

export function scoreColumn(factor: string): string {
  return `score.${factor}`;
}

/** The factor score split at its median (shared/mapping/apply.ts): "below median" / "median or above". */
export function medianSplitColumn(factor: string): string {
  return `median.${factor}`;
}

/** The factor score split at its tertiles (shared/mapping/apply.ts): "lower third" / "middle third" / "upper third". */
export function tertileSplitColumn(factor: string): string {
  return `tertile.${factor}`;
}

function factorLabel(id: string): string | null {
  return FACTOR_CATALOGUE[id as keyof typeof FACTOR_CATALOGUE]?.label ?? null;
}

/** A readable name for an analysis column: factor scores and derived outcomes by their meaning. */
export function columnLabel(name: string): string {
  if (name === DERIVED_TIME) return 'Follow-up (days)';
  if (name === DERIVED_RELAPSE) return 'Relapse (1 = relapse, 0 = censored)';
  if (name === DERIVED_STATUS) return 'End of follow-up (0 censored, 1 relapse, 2 competing)';
  if (name.startsWith('score.')) {
    const id = name.slice('score.'.length) as keyof typeof FACTOR_CATALOGUE;
    return FACTOR_CATALOGUE[id] ? `${FACTOR_CATALOGUE[id].label} (score)` : name;
  }
  if (name.startsWith('median.')) {
    const label = factorLabel(name.slice('median.'.length));
    return label ? `${label}: split at the median` : name;
  }
  if (name.startsWith('tertile.')) {
    const label = factorLabel(name.slice('tertile.'.length));
    return label ? `${label}: split into thirds` : name;
  }
  return name;
}

const SPLIT_PHRASES: Record<string, string> = {
  'below median': 'below the median',
  'median or above': 'at or above the median',
  'lower third': 'in the lower third',
  'middle third': 'in the middle third',
  'upper third': 'in the upper third',
};

function isSplitColumn(column: string): boolean {
  return column.startsWith('median.') || column.startsWith('tertile.');
}

/**
 * A group level as legends and tables show it: "clinic 2"; for a factor split only the level
 * ("below median", "upper third"), since the title already names the split.
 */
export function groupLevelLabel(column: string, level: string): string {
  if (isSplitColumn(column) && factorLabel(column.slice(column.indexOf('.') + 1))) return level;
  return `${columnLabel(column)} ${level}`;
}

/** A group level as a sentence names it: "clinic 2", or "the group with Psychological dependence scores below the median". */
export function groupLevelDescription(column: string, level: string): string {
  const label = isSplitColumn(column) ? factorLabel(column.slice(column.indexOf('.') + 1)) : null;
  if (label) return `the group with ${label} scores ${SPLIT_PHRASES[level] ?? level}`;
  return `${columnLabel(column)} ${level}`;
}

/** The median and tertile splits of each mapped factor's score, as categorical grouping columns. */
export function splitColumns(mapping: MappingTemplate | null): FormColumn[] {
  return mappedFactors(mapping).flatMap((f) => [
    { name: medianSplitColumn(f), type: 'string', label: columnLabel(medianSplitColumn(f)) },
    { name: tertileSplitColumn(f), type: 'string', label: columnLabel(tertileSplitColumn(f)) },
  ]);
}

/** Columns the analyses can use once the mapping is applied: the data's own plus the derived ones. */
export function analysisColumns(summary: DatasetSummaryInfo | null, mapping: MappingTemplate | null): FormColumn[] {
  const own = (summary?.columns ?? []).map((c) => ({ name: c.name, type: c.type }));
  if (!mapping) return own;
  const derived: FormColumn[] = [
    { name: DERIVED_TIME, type: 'number', label: columnLabel(DERIVED_TIME) },
    { name: DERIVED_RELAPSE, type: 'integer', label: columnLabel(DERIVED_RELAPSE) },
    { name: DERIVED_STATUS, type: 'integer', label: columnLabel(DERIVED_STATUS) },
    ...mappedFactors(mapping).map((f) => ({ name: scoreColumn(f), type: 'number', label: columnLabel(scoreColumn(f)) })),
  ];
  return [...own, ...derived];
}

/** Whether the mapping names a competing end of follow-up (then cumulative incidence is offered). */
export function hasCompetingEvent(mapping: MappingTemplate | null): boolean {
  return (mapping?.outcome.competingValues?.length ?? 0) > 0;
}
