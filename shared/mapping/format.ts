/**
 * The public mapping template format ("relapse-workbench-mapping", version 1), documented in
 * docs/mapping-format.md: which column is the participant id, the outcome (a duration column, or start
 * and end dates), the event coding, the group columns, and the columns that measure each factor.
 *
 * `parseMapping` checks a template against the schema and throws a MappingFormatError whose message
 * names every offending field by its path (e.g. `factors.coping_skills[0].direction`).
 * `serialiseMapping` writes the canonical JSON.
 */
import { z } from 'zod';
import { FACTOR_IDS, type FactorId, isFactorId } from '../factors/ids';
import { UserFacingError } from '../errors';
import { FOLLOW_UP_UNITS } from './units';

export const MAPPING_FORMAT = 'relapse-workbench-mapping';
export const MAPPING_VERSION = 1;

const columnName = z.string().trim().min(1, 'must be a column name (a non-empty string)');
/** A value of the event or an item column, as written in the file: "yes", 1, true. */
const codedValue = z.union([z.string(), z.number(), z.boolean()]);

export const mappingItemSchema = z
  .object({
    column: columnName,
    direction: z.enum(['risk', 'protective'], { message: 'must be "risk" or "protective"' }),
    riskValues: z.array(codedValue).min(1, 'must list at least one value when given').optional(),
  })
  .strict();

export const mappingOutcomeSchema = z
  .object({
    time: columnName.optional(),
    /**
     * Several rows per participant: the column holding the start (days) of each row's (start, stop]
     * interval; `time` is then the interval's stop. Not the start DATE (`start`, dates mode).
     */
    intervalStart: columnName.optional(),
    start: columnName.optional(),
    end: columnName.optional(),
    censorEnd: columnName.optional(),
    /** The unit of the `time` column: days (default), weeks, months or years; converted to days exactly (units.ts). */
    unit: z.enum(FOLLOW_UP_UNITS, { message: `must be one of ${FOLLOW_UP_UNITS.map((u) => `"${u}"`).join(', ')}` }).optional(),
    event: columnName,
    eventValues: z.array(codedValue).min(1, 'must list at least one value that means relapse'),
    competingValues: z.array(codedValue).optional(),
  })
  .strict()
  .superRefine((outcome, ctx) => {
    const hasDates = outcome.start !== undefined || outcome.end !== undefined || outcome.censorEnd !== undefined;
    if (outcome.time !== undefined && hasDates) {
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'give either "time" (a duration column) or "start" with "end"/"censorEnd" (date columns), not both' });
    } else if (outcome.time === undefined && !hasDates) {
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'is required unless "start" and "end" (or "censorEnd") date columns are given' });
    } else if (hasDates && outcome.start === undefined) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'is required with "end"/"censorEnd": the date follow-up starts' });
    } else if (hasDates && outcome.end === undefined && outcome.censorEnd === undefined) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'is required with "start": the relapse date column (and/or "censorEnd", the last-contact date)' });
    }
    if (outcome.unit !== undefined && outcome.unit !== 'days' && outcome.time === undefined) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'is the unit of the "time" column; dates are counted in days' });
    } else if (outcome.unit !== undefined && outcome.unit !== 'days' && outcome.intervalStart !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'is for one row per participant; interval starts and stops are in days' });
    }
    if (outcome.intervalStart !== undefined && outcome.time === undefined) {
      ctx.addIssue({ code: 'custom', path: ['intervalStart'], message: 'needs "time", the column holding the stop (days) of each interval; intervals cannot be given as dates' });
    }
    const events = new Set(outcome.eventValues.map(String));
    (outcome.competingValues ?? []).forEach((v, k) => {
      if (events.has(String(v))) ctx.addIssue({ code: 'custom', path: ['competingValues', k], message: `value ${JSON.stringify(v)} is also listed in eventValues` });
    });
  });

/**
 * Why the user left rows out in the Mapping step: the end date before the start date (validation's
 * end-before-start) or no follow-up time (missing-time). Only rows validation finds for that reason can be
 * left out for it (validate.ts checks), so an exclusion made on other data is refused, not misapplied.
 */
export const EXCLUSION_REASONS = ['end-before-start', 'missing-time'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];
/** The most rows one mapping can leave out by hand. */
export const MAX_EXCLUDED_ROWS = 10_000;

export const rowExclusionSchema = z
  .object({
    reason: z.enum(EXCLUSION_REASONS, { message: `must be one of ${EXCLUSION_REASONS.map((r) => `"${r}"`).join(', ')}` }),
    /** 1-based data rows (the header is not a data row), as validation lists them. */
    rows: z.array(z.number().int('must be whole row numbers').min(1, 'must be data row numbers from 1')).min(1, 'must list at least one row').max(MAX_EXCLUDED_ROWS, `may list at most ${MAX_EXCLUDED_ROWS} rows`),
  })
  .strict();

export const mappingTemplateSchema = z
  .object({
    format: z.literal(MAPPING_FORMAT, { message: `must be "${MAPPING_FORMAT}"` }),
    version: z.literal(MAPPING_VERSION, { message: `must be ${MAPPING_VERSION} (this app reads version ${MAPPING_VERSION})` }),
    id: columnName.optional(),
    outcome: mappingOutcomeSchema,
    groups: z.array(columnName).optional(),
    factors: z.record(z.string(), z.array(mappingItemSchema)).optional(),
    /** Rows the user left out in the Mapping step, with the reason (see EXCLUSION_REASONS). */
    excludeRows: z.array(rowExclusionSchema).optional(),
  })
  .strict()
  .superRefine((template, ctx) => {
    for (const key of Object.keys(template.factors ?? {})) {
      if (!isFactorId(key)) ctx.addIssue({ code: 'custom', path: ['factors', key], message: `is not a factor id (known: ${FACTOR_IDS.join(', ')})` });
    }
    const seen = new Set<number>();
    let total = 0;
    (template.excludeRows ?? []).forEach((exclusion, k) => {
      total += exclusion.rows.length;
      exclusion.rows.forEach((row, j) => {
        if (seen.has(row)) ctx.addIssue({ code: 'custom', path: ['excludeRows', k, 'rows', j], message: `row ${row} is listed twice` });
        seen.add(row);
      });
    });
    if (total > MAX_EXCLUDED_ROWS) ctx.addIssue({ code: 'custom', path: ['excludeRows'], message: `may list at most ${MAX_EXCLUDED_ROWS} rows in all` });
    if (template.excludeRows !== undefined && template.outcome.intervalStart !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['excludeRows'], message: 'is for one row per participant; intervals are checked by the Recurrent relapses step' });
    }
  });

export type CodedValue = z.infer<typeof codedValue>;
export type MappingItem = z.infer<typeof mappingItemSchema>;
export type MappingOutcome = z.infer<typeof mappingOutcomeSchema>;
export type RowExclusion = z.infer<typeof rowExclusionSchema>;
/** A mapping in the public template file format (with format and version). */
export type MappingTemplate = z.infer<typeof mappingTemplateSchema>;

/** A mapping as the app holds it (the template without format/version). */
export interface Mapping {
  id?: string;
  outcome: MappingOutcome;
  groups: string[];
  factors: Partial<Record<FactorId, MappingItem[]>>;
  /** Rows the user left out in the Mapping step (1-based data rows, with the reason); absent when none. */
  excludeRows?: RowExclusion[];
}

/** A template that does not follow the format; the message names each offending field. */
export class MappingFormatError extends UserFacingError {
  override name = 'MappingFormatError';
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`mapping template: ${problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message)).join('; ')}`);
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Parses a template from JSON text or an already-parsed object. Throws MappingFormatError. */
export function parseMapping(input: string | unknown): Mapping {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new MappingFormatError([{ path: '', message: `is not valid JSON (${(error as Error).message})` }]);
    }
  }
  const parsed = mappingTemplateSchema.safeParse(value);
  if (!parsed.success) {
    throw new MappingFormatError(parsed.error.issues.map((issue) => ({ path: pathText(issue.path), message: issue.message })));
  }
  const template = parsed.data;
  const factors: Partial<Record<FactorId, MappingItem[]>> = {};
  for (const id of FACTOR_IDS) {
    const items = template.factors?.[id];
    if (items && items.length > 0) factors[id] = items;
  }
  const excludeRows = (template.excludeRows ?? []).filter((e) => e.rows.length > 0);
  return {
    ...(template.id !== undefined ? { id: template.id } : {}),
    outcome: template.outcome,
    groups: template.groups ?? [],
    factors,
    ...(excludeRows.length > 0 ? { excludeRows: excludeRows.map((e) => ({ reason: e.reason, rows: [...e.rows].sort((a, b) => a - b) })) } : {}),
  };
}

/** The template object of a mapping, keys in the documented order. */
export function mappingToTemplate(mapping: Mapping): z.infer<typeof mappingTemplateSchema> {
  const o = mapping.outcome;
  const outcome: MappingOutcome = {
    ...(o.time !== undefined ? { time: o.time } : {}),
    ...(o.intervalStart !== undefined ? { intervalStart: o.intervalStart } : {}),
    ...(o.start !== undefined ? { start: o.start } : {}),
    ...(o.end !== undefined ? { end: o.end } : {}),
    ...(o.censorEnd !== undefined ? { censorEnd: o.censorEnd } : {}),
    ...(o.unit !== undefined ? { unit: o.unit } : {}),
    event: o.event,
    eventValues: o.eventValues,
    ...(o.competingValues && o.competingValues.length > 0 ? { competingValues: o.competingValues } : {}),
  };
  const factors: Record<string, MappingItem[]> = {};
  for (const id of FACTOR_IDS) {
    const items = mapping.factors[id];
    if (items && items.length > 0) {
      factors[id] = items.map((item) => ({ column: item.column, direction: item.direction, ...(item.riskValues ? { riskValues: item.riskValues } : {}) }));
    }
  }
  return {
    format: MAPPING_FORMAT,
    version: MAPPING_VERSION,
    ...(mapping.id !== undefined ? { id: mapping.id } : {}),
    outcome,
    groups: mapping.groups,
    factors,
    ...(mapping.excludeRows && mapping.excludeRows.length > 0 ? { excludeRows: mapping.excludeRows.map((e) => ({ reason: e.reason, rows: e.rows })) } : {}),
  };
}

/** The rows a mapping leaves out, 0-based, in ascending order. */
export function excludedRowIndices(mapping: Mapping): number[] {
  return (mapping.excludeRows ?? []).flatMap((e) => e.rows.map((r) => r - 1)).sort((a, b) => a - b);
}

/** Canonical JSON text of a mapping (pretty-printed, two spaces). */
export function serialiseMapping(mapping: Mapping): string {
  return JSON.stringify(mappingToTemplate(mapping), null, 2) + '\n';
}
