/**
 * Pure helpers for the mapping screen: turning stored or suggested mappings into the public template
 * (shared/mapping/format.ts), editing lists of coded values as text, and matching validation issues
 * to the field they concern.
 */
import { FACTOR_IDS, type FactorId } from '../../../shared/factors/ids';
import type { MappingItemDraft, MappingTemplate, ValidationIssueInfo } from './types';

export const MAPPING_FORMAT = 'relapse-workbench-mapping';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A mapping in any of the app's forms (template, Mapping without format/version, a stored record) as a template. */
export function asTemplate(value: unknown): MappingTemplate {
  const source = isRecord(value) && isRecord(value.mapping) ? value.mapping : value;
  if (!isRecord(source) || !isRecord(source.outcome)) return emptyTemplate();
  const outcome = source.outcome as MappingTemplate['outcome'];
  const factors: MappingTemplate['factors'] = {};
  const rawFactors = isRecord(source.factors) ? source.factors : {};
  for (const id of FACTOR_IDS) {
    const items = rawFactors[id];
    if (Array.isArray(items) && items.length > 0) factors[id] = items.map((item) => ({ ...(item as MappingItemDraft) }));
  }
  return {
    format: MAPPING_FORMAT,
    version: 1,
    ...(typeof source.id === 'string' ? { id: source.id } : {}),
    outcome: { ...outcome, eventValues: Array.isArray(outcome.eventValues) ? [...outcome.eventValues] : ['1'] },
    groups: Array.isArray(source.groups) ? (source.groups as string[]).slice() : [],
    factors,
    ...(Array.isArray(source.excludeRows) && source.excludeRows.length > 0 ? { excludeRows: (source.excludeRows as NonNullable<MappingTemplate['excludeRows']>).map((e) => ({ reason: e.reason, rows: [...e.rows] })) } : {}),
  };
}

/**
 * Names of saved templates from `mapping:list` / `mapping:save` / `project.mappings`: the contract
 * types them as names, the store returns records with a name; both are accepted.
 */
export function mappingNames(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => (typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.name === 'string' ? entry.name : '')).filter((name) => name !== '');
}

export function emptyTemplate(): MappingTemplate {
  return { format: MAPPING_FORMAT, version: 1, outcome: { time: '', event: '', eventValues: ['1'] }, groups: [], factors: {} };
}

/** "1, yes" → ['1', 'yes']; values are kept as text (the format matches them against the cells' text). */
export function parseValueList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function valueListText(values: readonly (string | number | boolean)[] | undefined): string {
  return (values ?? []).map(String).join(', ');
}

/** The template as it is sent: empty optional fields left out, so the format's schema sees only real choices. */
export function cleanTemplate(template: MappingTemplate): MappingTemplate {
  const o = template.outcome;
  const outcome: MappingTemplate['outcome'] = { event: o.event, eventValues: o.eventValues };
  if (o.time) outcome.time = o.time;
  if (o.intervalStart !== undefined && o.time !== undefined) outcome.intervalStart = o.intervalStart;
  if (o.start) outcome.start = o.start;
  if (o.end) outcome.end = o.end;
  if (o.censorEnd) outcome.censorEnd = o.censorEnd;
  if (o.time && o.intervalStart === undefined && o.unit && o.unit !== 'days') outcome.unit = o.unit;
  if (o.competingValues && o.competingValues.length > 0) outcome.competingValues = o.competingValues;
  const factors: MappingTemplate['factors'] = {};
  for (const id of FACTOR_IDS) {
    const items = (template.factors[id] ?? []).filter((item) => item.column !== '');
    if (items.length > 0) {
      factors[id] = items.map((item) => ({
        column: item.column,
        direction: item.direction,
        ...(item.riskValues && item.riskValues.length > 0 ? { riskValues: item.riskValues } : {}),
      }));
    }
  }
  return {
    format: MAPPING_FORMAT,
    version: 1,
    ...(template.id ? { id: template.id } : {}),
    outcome,
    groups: template.groups.filter((g) => g !== ''),
    factors,
    ...(template.excludeRows && template.excludeRows.length > 0 && o.intervalStart === undefined ? { excludeRows: template.excludeRows } : {}),
  };
}

type Exclusion = NonNullable<MappingTemplate['excludeRows']>[number];

/** The template with `rows` left out for `reason`, merged with the rows already left out (each row once, in order). */
export function withExcludedRows(template: MappingTemplate, reason: Exclusion['reason'], rows: readonly number[]): MappingTemplate {
  const current = template.excludeRows ?? [];
  const taken = new Set(current.flatMap((e) => e.rows));
  const added = rows.filter((r) => !taken.has(r));
  if (added.length === 0) return template;
  const existing = current.find((e) => e.reason === reason);
  const excludeRows = existing
    ? current.map((e) => (e === existing ? { reason, rows: [...e.rows, ...added].sort((a, b) => a - b) } : e))
    : [...current, { reason, rows: [...added].sort((a, b) => a - b) }];
  return { ...template, excludeRows };
}

/** The template with no rows left out. */
export function withoutExclusions(template: MappingTemplate): MappingTemplate {
  const { excludeRows: _dropped, ...rest } = template;
  return rest;
}

/** The reason in words, for the list of rows left out. */
export const EXCLUSION_REASON_TEXT: Record<Exclusion['reason'], string> = {
  'end-before-start': 'end date before the start date',
  'missing-time': 'follow-up missing',
};

/** A mapping of several rows per participant (episodes or intervals): only the Recurrent relapses step analyses it. */
export function isSeveralRows(template: MappingTemplate | null | undefined): boolean {
  return template?.outcome.intervalStart !== undefined;
}

/** Issues about one column (for showing them inline next to its picker). */
export function issuesForColumn(issues: readonly ValidationIssueInfo[], column: string | undefined): ValidationIssueInfo[] {
  if (!column) return [];
  return issues.filter((i) => i.column === column);
}

export function hasErrors(issues: readonly ValidationIssueInfo[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

export function setFactorItems(template: MappingTemplate, factor: FactorId, items: MappingItemDraft[]): MappingTemplate {
  return { ...template, factors: { ...template.factors, [factor]: items } };
}
