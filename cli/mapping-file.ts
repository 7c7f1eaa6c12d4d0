/**
 * Reading a mapping template file given with `--mapping`. Besides the checks of any input (a regular
 * file, valid JSON), it recognises the most common mistake, a saved `mapping suggest --json` document
 * (confidences, reasons and roles, no "format"), and says in one line how to get a template instead of
 * listing every "Unrecognized key".
 */
import { type Mapping, MAPPING_FORMAT, MappingFormatError, parseMapping } from '../shared/mapping/format';
import { UserFacingError } from '../shared/errors';
import { readJsonFile } from './paths';

function isSuggestionDocument(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return record.format === undefined && Array.isArray(record.roles) && typeof record.outcome === 'object';
}

/** The template file's JSON, refused in one line when it is a `mapping suggest --json` document. */
export function readMappingJson(path: string): unknown {
  const value = readJsonFile(path, 'mapping');
  if (isSuggestionDocument(value)) {
    throw new UserFacingError(
      `${path}: this is the output of \`mapping suggest --json\`, not a mapping template ("format": "${MAPPING_FORMAT}"); write a template with \`mapping suggest --csv FILE --out ${path}\` (docs/mapping-format.md)`,
      { file: path },
    );
  }
  return value;
}

/** The mapping in a template file; a template that does not follow the format is one line naming the file. */
export function readMappingFile(path: string): Mapping {
  try {
    return parseMapping(readMappingJson(path));
  } catch (error) {
    if (error instanceof MappingFormatError) throw new UserFacingError(`${path}: ${error.message}`, { file: path });
    throw error;
  }
}
