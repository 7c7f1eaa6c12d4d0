/**
 * The analysis-only export ("relapse-workbench-analysis", version 1): everything needed to rerun a
 * report's analyses on another copy of the data, and nothing of the data itself. It holds the mapping
 * template, the report settings, the planned analyses with their exact options, the exclusion rule,
 * the small-cell threshold and the software version. No data rows, no file names or hashes (the
 * colleague's copy has its own), no results.
 *
 *   {
 *     "format": "relapse-workbench-analysis", "version": 1,
 *     "software": { "name": "relapse-workbench", "version": "0.1.0" },
 *     "createdAt": "2026-01-31T12:00:00.000Z",
 *     "mapping": { …mapping template… },
 *     "settings": { "times": [30, 90, 180, 365], "confType": "log", … },
 *     "minCell": 5,
 *     "exclusions": "…",
 *     "analyses": [ { "key": "km:all", "role": "overall-km", "analysis": "km", "options": { … } }, … ]
 *   }
 */
import { z } from 'zod';
import { type Mapping, mappingToTemplate, parseMapping } from '../mapping/format';
import { UserFacingError } from '../errors';
import { planAnalyses, plannedAnalysisSchema, reportSettingsSchema, type PlannedAnalysis, type ReportSettings } from './plan';
import { SOFTWARE_ID, SOFTWARE_VERSION } from './version';

export const ANALYSIS_EXPORT_FORMAT = 'relapse-workbench-analysis';
export const ANALYSIS_EXPORT_VERSION = 1;

export const EXCLUSION_RULE =
  'Rows with a missing or negative follow-up time or a missing event are left out before every analysis; each analysis then leaves out the rows missing a value it needs (group, factor score) and reports how many.';

export const analysisExportSchema = z
  .object({
    format: z.literal(ANALYSIS_EXPORT_FORMAT, { message: `must be "${ANALYSIS_EXPORT_FORMAT}"` }),
    version: z.literal(ANALYSIS_EXPORT_VERSION, { message: `must be ${ANALYSIS_EXPORT_VERSION}` }),
    software: z.object({ name: z.string(), version: z.string() }),
    createdAt: z.string(),
    mapping: z.unknown(),
    settings: reportSettingsSchema,
    minCell: z.number().int().min(0),
    exclusions: z.string(),
    analyses: z.array(plannedAnalysisSchema).min(1, 'must list at least one analysis'),
  })
  .strict();

export interface AnalysisExport {
  format: typeof ANALYSIS_EXPORT_FORMAT;
  version: typeof ANALYSIS_EXPORT_VERSION;
  software: { name: string; version: string };
  createdAt: string;
  mapping: ReturnType<typeof mappingToTemplate>;
  settings: ReportSettings;
  minCell: number;
  exclusions: string;
  analyses: PlannedAnalysis[];
}

/** An export as read back: the mapping parsed, ready to apply. */
export interface ParsedAnalysisExport extends Omit<AnalysisExport, 'mapping'> {
  mapping: Mapping;
}

export function createAnalysisExport(mapping: Mapping, settings: ReportSettings, minCell: number, createdAt = new Date()): AnalysisExport {
  return {
    format: ANALYSIS_EXPORT_FORMAT,
    version: ANALYSIS_EXPORT_VERSION,
    software: { name: SOFTWARE_ID, version: SOFTWARE_VERSION },
    createdAt: createdAt.toISOString(),
    mapping: mappingToTemplate(mapping),
    settings,
    minCell,
    exclusions: EXCLUSION_RULE,
    analyses: planAnalyses(mapping, settings),
  };
}

export class AnalysisExportError extends UserFacingError {
  override name = 'AnalysisExportError';
}

/** Reads an export (JSON text or object); every problem is named by its field path. */
export function parseAnalysisExport(input: unknown): ParsedAnalysisExport {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new AnalysisExportError(`analysis export: not valid JSON (${(error as Error).message})`);
    }
  }
  const parsed = analysisExportSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(top level)'} ${i.message}`);
    throw new AnalysisExportError(`analysis export: ${problems.join('; ')}`);
  }
  const { mapping, ...rest } = parsed.data;
  let parsedMapping: Mapping;
  try {
    parsedMapping = parseMapping(mapping);
  } catch (error) {
    throw new AnalysisExportError(`analysis export: mapping: ${(error as Error).message}`);
  }
  return { ...rest, mapping: parsedMapping, analyses: rest.analyses as PlannedAnalysis[] };
}

export function serialiseAnalysisExport(document: AnalysisExport): string {
  return JSON.stringify(document, null, 2) + '\n';
}
